// Listening, signals (reload, drain) and the I/O threads; each accepted socket
// is served by http_connection.cpp.
#include "server/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <optional>
#include <thread>

#include "server/http_connection.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace dialgraph::server {

namespace {

// Answers a connection over the limit with 503 and closes it.
void turn_away(tcp::socket&& socket) {
  static const std::string busy =
      "HTTP/1.1 503 Service Unavailable\r\nServer: dialgraph\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Connection: close\r\nContent-Length: 5\r\n\r\nbusy\n";
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  stream->expires_after(std::chrono::seconds(2));
  net::async_write(*stream, net::buffer(busy), [stream](beast::error_code, std::size_t) {
    beast::error_code ec;
    stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  });
}

// Accepts connections, each on its own strand.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Shared& shared) : ioc_(ioc), acceptor_(net::make_strand(ioc)), shared_(shared) {}

  unsigned short open(const tcp::endpoint& endpoint) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->retry_.cancel();
    });
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      log_io_error(shared_.logger, ec, "accept");
      // Out of file descriptors (EMFILE) or another resource: accepting again at
      // once fails again at once, a busy loop at 100% CPU that writes ~10^5 log
      // lines a second (tests/reliability/hostile_http_test.py). Pause instead.
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](beast::error_code error) {
        if (!error) self->accept();
      });
      return;
    } else if (shared_.metrics.connections() >= shared_.settings.max_connections) {
      shared_.metrics.connection_rejected();
      turn_away(std::move(socket));
    } else {
      serve_connection(std::move(socket), shared_);
    }
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_{acceptor_.get_executor()};  // after a failed accept
  Shared& shared_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(ServerSettings settings, Router& router, Metrics& metrics, Logger& logger)
      : shared(std::move(settings), router, metrics, logger),
        ioc(std::max(1, shared.settings.threads)) {
    if (shared.settings.handle_signals) signals.emplace(ioc, SIGINT, SIGTERM, SIGHUP);
  }

  void wait_for_signal();
  void begin_drain();
  void poll_drain();

  Shared shared;
  net::io_context ioc;
  std::optional<net::signal_set> signals;
  net::steady_timer drain_timer{ioc};
  std::chrono::steady_clock::time_point drain_deadline;
  std::shared_ptr<Listener> listener;
  std::function<void()> on_reload;
};

// SIGHUP reloads; the first SIGTERM/SIGINT drains, a second one stops at once.
void HttpServer::Impl::wait_for_signal() {
  if (!signals) return;
  signals->async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      shared.logger.write(LogLine("info", "SIGHUP: reloading menus"));
      if (on_reload) on_reload();
    } else if (shared.draining) {
      shared.logger.write(LogLine("warn", "second stop signal: stopping now"));
      return ioc.stop();
    } else {
      shared.logger.write(LogLine("info", "stop signal: draining").add("signal", signal));
      begin_drain();
    }
    wait_for_signal();
  });
}

void HttpServer::Impl::begin_drain() {
  if (shared.draining.exchange(true)) return;
  if (listener) listener->close();
  close_idle_connections(shared);
  drain_deadline = std::chrono::steady_clock::now() + shared.settings.shutdown_grace;
  poll_drain();
}

// Stops the loop once every connection is gone or the grace period is over.
void HttpServer::Impl::poll_drain() {
  const bool done = shared.metrics.connections() == 0;
  if (done || std::chrono::steady_clock::now() >= drain_deadline) {
    shared.logger.write(LogLine("info", done ? "drained" : "grace period over")
                            .add("open_connections", shared.metrics.connections()));
    return ioc.stop();
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code ec) {
    if (!ec) poll_drain();
  });
}

HttpServer::HttpServer(ServerSettings settings, Router& router, Metrics& metrics, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(settings), router, metrics, logger)) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::listen() {
  const auto& settings = impl_->shared.settings;
  const auto address = net::ip::make_address(settings.address);
  impl_->listener = std::make_shared<Listener>(impl_->ioc, impl_->shared);
  const auto port = impl_->listener->open(tcp::endpoint(address, settings.port));
  const auto shown = address.is_v6() ? "[" + settings.address + "]" : settings.address;
  impl_->shared.logger.write(
      LogLine("info", "listening on " + shown + ":" + std::to_string(port)).add("port", port));
  return port;
}

void HttpServer::run(std::function<void()> on_reload) {
  impl_->on_reload = std::move(on_reload);
  impl_->wait_for_signal();
  impl_->listener->accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->shared.settings.threads; ++i) {
    extra.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& thread : extra) thread.join();
  // No loop reads signals any more: a second SIGTERM during the teardown after
  // this (the last flush, the SMS sender's send in flight) must still stop the
  // process at once, as the default action does.
  impl_->signals.reset();
  std::signal(SIGHUP, SIG_IGN);  // a reload asked for now must not end the process before its last flush
}

void HttpServer::stop() {
  net::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

}  // namespace dialgraph::server
