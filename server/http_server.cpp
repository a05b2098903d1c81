#include "server/http_server.hpp"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace dialgraph::server {

namespace {

class Session;

// What every connection shares: settings, the router, and who is connected.
struct Shared {
  Shared(ServerSettings settings_, Router& router_, Metrics& metrics_, Logger& logger_)
      : settings(std::move(settings_)), router(router_), metrics(metrics_), logger(logger_) {}

  ServerSettings settings;
  Router& router;
  Metrics& metrics;
  Logger& logger;
  std::atomic<bool> draining{false};
  std::mutex mutex;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;
};

// The one logger of Beast/Asio errors; routine disconnects are not news.
void fail(Logger& logger, beast::error_code ec, const char* what) {
  if (ec == net::error::operation_aborted || ec == http::error::end_of_stream ||
      ec == net::error::eof || ec == net::error::connection_reset ||
      ec == beast::error::timeout || ec == net::error::not_connected) {
    return;
  }
  logger.write(LogLine("warn", "io error").add("what", what).add("error", ec.message()));
}

bool is_http_parse_error(beast::error_code ec) {
  return &ec.category() == &http::make_error_code(http::error::bad_method).category();
}

// The plain request a parsed Beast message describes.
HttpRequest to_plain(http::request<http::string_body>&& message, const std::string& peer) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.peer_address = peer;
  return request;
}

// One connection: reads requests, hands them to the router, writes responses.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = endpoint.address().to_string();
    shared_.metrics.connection_opened();
  }

  ~Session() {
    shared_.metrics.connection_closed();
    const std::lock_guard lock(shared_.mutex);
    shared_.sessions.erase(this);
  }

  void start() {
    {
      const std::lock_guard lock(shared_.mutex);
      shared_.sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
  }

  // During shutdown: a connection between requests closes now.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

 private:
  // Waits, up to the idle timeout, for the first bytes of the next request.
  void wait_for_request() {
    if (buffer_.size() > 0) return read_request();
    if (shared_.draining) return close();
    stream_.expires_after(shared_.settings.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec) {
      fail(shared_.logger, ec, "read");
      return close();
    }
    buffer_.commit(bytes);
    read_request();
  }

  // Reads one whole request, within the read timeout and the size limits.
  void read_request() {
    busy_ = true;
    parser_.emplace();
    parser_->body_limit(shared_.settings.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.settings.header_limit));
    if (parse_buffered()) return;
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // A request that came whole with its first bytes (the usual case) is parsed
  // and handled here: async_read would find it complete too, but answer
  // through one more queued handler. False when more bytes are needed; the
  // parser keeps what it has read, for async_read to go on from.
  bool parse_buffered() {
    beast::error_code ec;
    while (!parser_->is_done() && buffer_.size() > 0) {
      const std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) return false;
      if (ec) break;
      if (used == 0) return false;
    }
    if (!ec && !parser_->is_done()) return false;
    on_read(ec, 0);
    return true;
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close();
    if (ec) return refuse(ec);
    keep_alive_ = parser_->get().keep_alive() && !shared_.draining;
    // dispatch, not post: a reply made inline on this strand (the usual case)
    // is written at once instead of queued as one more handler, which could
    // also wake the other I/O thread; a reply from elsewhere (a worker, the
    // deadline timer) is still queued onto the strand.
    shared_.router.handle(to_plain(parser_->release(), peer_),
                          [self = shared_from_this()](HttpResponse response) {
                            net::dispatch(self->stream_.get_executor(),
                                          [self, response = std::move(response)]() mutable {
                                            self->write(std::move(response));
                                          });
                          });
  }

  // Answers a request that could not be read whole, then closes.
  void refuse(beast::error_code ec) {
    int status = 400;
    const char* reason = "malformed";
    const char* message = "malformed request";
    if (ec == http::error::body_limit) {
      status = 413, reason = "body_too_large", message = "body too large";
    } else if (ec == http::error::header_limit) {
      status = 431, reason = "header_too_large", message = "headers too large";
    } else if (!is_http_parse_error(ec)) {
      fail(shared_.logger, ec, "read");  // timeout, reset: nobody to answer
      return close();
    }
    HttpRequest partial;
    partial.peer_address = peer_;
    if (parser_->is_header_done()) {
      partial.method = std::string(parser_->get().method_string());
      partial.target = std::string(parser_->get().target());
    }
    lingering_ = true;
    write(shared_.router.refuse(partial, status, reason, message));
  }

  void write(HttpResponse plain) {
    if (plain.close || shared_.draining) keep_alive_ = false;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(plain.status));
    response_.set(http::field::server, "dialgraph");
    response_.set(http::field::content_type, plain.content_type);
    for (const auto& [name, value] : plain.headers) response_.set(name, value);
    response_.body() = std::move(plain.body);
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    stream_.expires_after(shared_.settings.write_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    busy_ = false;
    if (ec) {
      fail(shared_.logger, ec, "write");
      return close();
    }
    if (!keep_alive_) return close();
    wait_for_request();
  }

  // Sends FIN. After a refused request the unread rest is drained briefly, so
  // that the client reads our answer instead of a reset.
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!lingering_ || ec) return;
    if (!drain_started_) stream_.expires_after(std::chrono::milliseconds(500));  // in all
    drain_started_ = true;
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](
                                                       beast::error_code error, std::size_t) {
      if (!error) self->close();
    });
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = false;
  bool busy_ = false;       // between the first byte of a request and its response
  bool lingering_ = false;  // closing after a refused request
  bool drain_started_ = false;
  std::array<char, 4096> scratch_{};
};

// Answers a connection over the limit with 503 and closes it.
void turn_away(tcp::socket&& socket) {
  static const std::string busy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
      "Content-Length: 5\r\nConnection: close\r\n\r\nbusy\n";
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
      fail(shared_.logger, ec, "accept");
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
      std::make_shared<Session>(std::move(socket), shared_)->start();
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
  std::vector<std::shared_ptr<Session>> open;
  {
    const std::lock_guard lock(shared.mutex);
    for (const auto& [key, weak] : shared.sessions) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  for (const auto& session : open) session->close_if_idle();
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
}

void HttpServer::stop() {
  net::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

}  // namespace dialgraph::server
