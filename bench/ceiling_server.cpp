// The ceiling of the HTTP stack for bench/http_bench.sh: a bare Boost.Beast
// HTTP/1.1 keep-alive server that answers every request with one fixed USSD
// screen. It has the shape of `dialgraph serve` (one io_context run by N
// threads, a strand per connection, flat_buffer + string_body request,
// async_read/async_write) and nothing else: no routing, no form parsing, no
// engine, no worker pool, no logging per request. Whatever dialgraph costs
// beyond this is the cost of Dialgraph, not of Beast, Asio or the kernel.
//
//   bench_ceiling [--listen ADDR:PORT] [--threads N] [--work-us N] [--raw]
//
// --raw writes the response as one buffer of bytes made once (status line,
// headers and body), as `dialgraph serve` writes its own since 2026-12-05,
// instead of through Beast's message serializer: the ceiling of the stack
// dialgraph now uses, to tell what the serializer costs apart from Dialgraph's
// own work (bench/README.md).
// --work-us N spins N microseconds per request before answering: a stand-in for
// N µs of application work, to measure what that much work per request costs
// in server CPU in this harness (bench/README.md, "what a microsecond costs").
// Port 0 picks a free port; "listening on ADDR:PORT" goes to stderr.
// SIGINT/SIGTERM stop it.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// About the size of dialgraph's home screen, so both send as many bytes.
const std::string kBody =
    "CON Welcome to Paymaart\n1. View Balance\n2. Make Payment\n3. View Transactions\n"
    "4. View Profile\n5. Update PIN\n6. Forgot PIN";

// Busy for `work` of wall time: CPU work without touching memory.
void spin(std::chrono::microseconds work) {
  if (work.count() == 0) return;
  const auto until = std::chrono::steady_clock::now() + work;
  while (std::chrono::steady_clock::now() < until) {
  }
}

// The whole response of --raw, for a keep-alive and a closing answer.
std::string raw_response(bool keep_alive) {
  return "HTTP/1.1 200 OK\r\nServer: bench_ceiling\r\nContent-Type: text/plain; charset=utf-8\r\n" +
         std::string(keep_alive ? "" : "Connection: close\r\n") +
         "Content-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, std::chrono::microseconds work, bool raw)
      : stream_(std::move(socket)), work_(work), raw_(raw) {}

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::read, shared_from_this()));
  }

 private:
  void read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, request_,
                     beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return close();
    spin(work_);
    if (raw_) return write_raw(request_.keep_alive());
    response_ = {};
    response_.version(request_.version());
    response_.result(http::status::ok);
    response_.set(http::field::server, "bench_ceiling");
    response_.set(http::field::content_type, "text/plain; charset=utf-8");
    response_.body() = kBody;
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Connection::on_write, shared_from_this()));
  }

  void write_raw(bool keep_alive) {
    static const std::string keep = raw_response(true), last = raw_response(false);
    keep_alive_ = keep_alive;
    stream_.expires_after(std::chrono::seconds(30));
    net::async_write(stream_, net::buffer(keep_alive ? keep : last),
                     beast::bind_front_handler(&Connection::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !(raw_ ? keep_alive_ : response_.keep_alive())) return close();
    read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  std::chrono::microseconds work_;
  bool raw_;
  bool keep_alive_ = false;  // of the last --raw answer
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const tcp::endpoint& endpoint, std::chrono::microseconds work, bool raw)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), work_(work), raw_(raw) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    // No TCP_NODELAY: dialgraph does not set it either (Beast writes a response
    // with one writev, so Nagle does not delay it).
    if (!ec) std::make_shared<Connection>(std::move(socket), work_, raw_)->start();
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::chrono::microseconds work_;
  bool raw_;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "bench_ceiling: %s\nusage: bench_ceiling [--listen ADDR:PORT] [--threads N] [--work-us N] [--raw]\n",
               why);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  int threads = 1;
  std::chrono::microseconds work{0};
  bool raw = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") usage("a fixed-answer Beast server (the HTTP ceiling)");
    if (arg == "--raw") {
      raw = true;
      continue;
    }
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    if (arg == "--listen") {
      listen = argv[++i];
    } else if (arg == "--threads") {
      threads = std::atoi(argv[++i]);
      if (threads < 1) usage("--threads must be at least 1");
    } else if (arg == "--work-us") {
      const int us = std::atoi(argv[++i]);
      if (us < 0 || us > 1000000) usage("--work-us must be 0 to 1000000");
      work = std::chrono::microseconds(us);
    } else {
      usage(("unknown option " + arg).c_str());
    }
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) usage("--listen wants ADDR:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = static_cast<unsigned short>(std::atoi(listen.c_str() + colon + 1));

  try {
    net::io_context ioc(threads);
    auto listener = std::make_shared<Listener>(ioc, tcp::endpoint(net::ip::make_address(host), port), work, raw);
    std::fprintf(stderr, "listening on %s:%u\n", listen.substr(0, colon).c_str(), listener->port());
    std::fflush(stderr);
    listener->accept();

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });

    std::vector<std::thread> extra;
    for (int i = 1; i < threads; ++i) extra.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& thread : extra) thread.join();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_ceiling: %s\n", error.what());
    return 1;
  }
  return 0;
}
