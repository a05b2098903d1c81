// One client connection: reads requests within the limits and timeouts, hands
// them to the router, writes the responses, and closes politely.
#include "server/http_connection.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace dialgraph::server {

void log_io_error(Logger& logger, beast::error_code ec, const char* what) {
  if (ec == net::error::operation_aborted || ec == http::error::end_of_stream ||
      ec == net::error::eof || ec == net::error::connection_reset ||
      ec == beast::error::timeout || ec == net::error::not_connected) {
    return;
  }
  logger.write(LogLine("warn", "io error").add("what", what).add("error", ec.message()));
}

namespace {

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

// How a response is framed for the request it answers.
struct Framing {
  bool keep_alive = false;
  bool http10 = false;  // an HTTP/1.0 client keeps the connection only when told
  bool head = false;    // headers only: the body's length, none of its bytes
};

// The bytes of `response` as HTTP/1.1, into `out` (its capacity is kept from
// one response to the next). Written by hand: Beast's generic serializer
// allocates a node per header field and walks a buffer-sequence view of them,
// which cost 18% of a navigation request's CPU (bench/README.md, 2026-12-05).
// Header names and values come from the router, never from a client.
void serialize(const HttpResponse& response, Framing framing, std::string& out) {
  const auto reason = http::obsolete_reason(static_cast<http::status>(response.status));
  out.clear();
  out.append("HTTP/1.1 ").append(std::to_string(response.status)).append(" ");
  out.append(reason.data(), reason.size()).append("\r\nServer: dialgraph\r\nContent-Type: ");
  out.append(response.content_type).append("\r\n");
  for (const auto& [name, value] : response.headers) out.append(name).append(": ").append(value).append("\r\n");
  if (!framing.keep_alive) out.append("Connection: close\r\n");
  else if (framing.http10) out.append("Connection: keep-alive\r\n");
  out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n\r\n");
  if (!framing.head) out.append(response.body);
}

// Why a parsed request's framing cannot be trusted (RFC 9112), or null. Beast
// reads these leniently, and a server that acts on what it guessed may read
// the bytes after the request differently from a proxy in front of it
// (request smuggling), so such a request is refused and the connection closed.
// `read_chunked` is how the parser read the body: it takes chunked only when
// it is the last coding and named once, stricter than message.chunked(), and
// that is the reading that counts ("chunked, chunked").
const char* framing_fault(const http::request<http::string_body>& message, bool read_chunked) {
  if (message.count(http::field::transfer_encoding) > 0) {
    if (message.version() < 11) return "Transfer-Encoding in an HTTP/1.0 request";  // 6.1
    if (!read_chunked) return "Transfer-Encoding without chunked last";              // 6.3
  }
  const auto hosts = message.count(http::field::host);
  if (hosts > 1 || (hosts == 0 && message.version() >= 11)) return "missing or repeated Host header";  // 3.2
  return nullptr;
}

}  // namespace

// One connection: reads requests, hands them to the router, writes responses.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = endpoint.address().to_string();
    shared_.metrics.connection_opened();
  }

  ~Connection() {
    shared_.metrics.connection_closed();
    const std::lock_guard lock(shared_.mutex);
    shared_.connections.erase(this);
  }

  void start() {
    {
      const std::lock_guard lock(shared_.mutex);
      shared_.connections.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::wait_for_request, shared_from_this()));
  }

  // During shutdown: a connection between requests stops waiting for the next
  // one. Its pending read is cancelled rather than the socket shut under it:
  // shut, the read would still deliver a request that arrives, the request
  // would be acted on (a payment made) and its reply could not be written.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.cancel();
    });
  }

 private:
  // Waits, up to the idle timeout, for the first bytes of the next request.
  void wait_for_request() {
    if (buffer_.size() > 0) return read_request();
    if (shared_.draining) return close();
    stream_.expires_after(shared_.settings.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Connection::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec == net::error::operation_aborted && shared_.draining) return serve_arrived_or_close();
    if (ec) {
      log_io_error(shared_.logger, ec, "read");
      return close();
    }
    buffer_.commit(bytes);
    read_request();
  }

  // Draining, the wait for a request was cancelled: a request the client sent
  // before that (its bytes are here) is served, and the connection then
  // closes; with none, it closes now, and nothing sent later is read or done.
  void serve_arrived_or_close() {
    beast::error_code ec;
    if (stream_.socket().available(ec) == 0 || ec) return close();
    stream_.expires_after(shared_.settings.read_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Connection::on_first_bytes, shared_from_this()));
  }

  // Reads one whole request, within the read timeout and the size limits.
  void read_request() {
    busy_ = true;
    parser_.emplace();
    parser_->body_limit(shared_.settings.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.settings.header_limit));
    if (parse_buffered()) return;
    stream_.expires_after(shared_.settings.read_timeout);
    if (parser_->is_header_done()) return after_header({});
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::after_header, shared_from_this()));
  }

  // The header is read, the body not yet: a client that sent `Expect:
  // 100-continue` waits for "100 Continue" before it sends the body (RFC 9110
  // 10.1.1), and a strict one waits until the read timeout cuts it off.
  void after_header(beast::error_code ec, std::size_t = 0) {
    if (ec) return on_read(ec, 0);
    if (parser_->is_done()) return on_read({}, 0);
    // HTTP/1.0 has no 100 (RFC 9110 10.1.1: the server ignores Expect there).
    if (parser_->get().version() < 11 || !beast::iequals(parser_->get()[http::field::expect], "100-continue"))
      return read_body();
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(kContinue),
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (error) {
                         log_io_error(self->shared_.logger, error, "write");
                         return self->close();
                       }
                       self->read_body();
                     });
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::on_read, shared_from_this()));
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
    const auto& message = parser_->get();
    if (const char* fault = framing_fault(message, parser_->chunked())) return answer_and_close(400, "malformed", fault);
    keep_alive_ = message.keep_alive() && !shared_.draining;
    http10_ = message.version() < 11;
    head_ = message.method() == http::verb::head;
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
    } else if (ec == beast::error::timeout) {
      // A request begun and not finished in time: a slow or hostile client,
      // or a broken proxy. The stream has closed the socket, so no 408 can go
      // out; the operator still sees it, like any other bad request.
      shared_.metrics.bad_request("read_timeout");
      shared_.logger.write(LogLine("warn", "request not read in time; connection closed")
                               .add("client", peer_)
                               .add("timeout_ms", static_cast<long long>(shared_.settings.read_timeout.count())));
      return close();
    } else if (!is_http_parse_error(ec)) {
      log_io_error(shared_.logger, ec, "read");  // reset: nobody to answer
      return close();
    }
    answer_and_close(status, reason, message);
  }

  // Refuses the request being read, then closes: what follows it on the
  // connection cannot be told apart from it.
  void answer_and_close(int status, const char* reason, std::string_view message) {
    HttpRequest partial;
    partial.peer_address = peer_;
    // Set once the request line is parsed, even when the headers then
    // overflowed (431): the log line names what was refused.
    partial.method = std::string(parser_->get().method_string());
    partial.target = std::string(parser_->get().target());
    head_ = parser_->get().method() == http::verb::head;
    lingering_ = true;
    write(shared_.router.refuse(partial, status, reason, message));
  }

  void write(HttpResponse plain) {
    if (plain.close || shared_.draining) keep_alive_ = false;
    serialize(plain, {keep_alive_, http10_, head_}, out_);
    stream_.expires_after(shared_.settings.write_timeout);
    net::async_write(stream_, net::buffer(out_),
                     beast::bind_front_handler(&Connection::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    busy_ = false;
    // A /metrics page is far larger than a USSD answer: an idle keep-alive
    // connection should not hold on to its buffer.
    if (out_.capacity() > 16 * 1024) std::string().swap(out_);
    if (ec) {
      log_io_error(shared_.logger, ec, "write");
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
  std::string out_;  // the response being written, reused
  bool keep_alive_ = false;
  bool http10_ = false;  // the request being answered is HTTP/1.0
  bool head_ = false;    // the request being answered is HEAD
  bool busy_ = false;       // between the first byte of a request and its response
  bool lingering_ = false;  // closing after a refused request
  bool drain_started_ = false;
  std::array<char, 4096> scratch_{};
};

void serve_connection(tcp::socket&& socket, Shared& shared) {
  std::make_shared<Connection>(std::move(socket), shared)->start();
}

void close_idle_connections(Shared& shared) {
  std::vector<std::shared_ptr<Connection>> open;
  {
    const std::lock_guard lock(shared.mutex);
    for (const auto& [key, weak] : shared.connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (const auto& connection : open) connection->close_if_idle();
}

}  // namespace dialgraph::server
