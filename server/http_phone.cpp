#include "server/http_phone.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/form.hpp"

namespace dialgraph::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Url {
  std::string host, port = "80", target = "/callback";
};

Url parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (!url.starts_with(scheme)) throw std::invalid_argument("--url must start with http:// (got '" + url + "')");
  Url out;
  std::string rest = url.substr(scheme.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    out.target = rest.substr(slash);
    rest.resize(slash);
  }
  if (const auto colon = rest.find(':'); colon != std::string::npos) {
    out.port = rest.substr(colon + 1);
    rest.resize(colon);
  }
  if (rest.empty()) throw std::invalid_argument("--url has no host: '" + url + "'");
  out.host = rest;
  return out;
}

std::string form_of(const engine::Request& r) {
  std::string text;
  for (std::size_t i = 0; i < r.inputs.size(); ++i) text += (i ? "*" : "") + r.inputs[i];
  return "sessionId=" + form_encode(r.session_id) + "&serviceCode=" + form_encode(r.service_code) +
         "&phoneNumber=" + form_encode(r.phone) + "&networkCode=" + form_encode(r.network_code) +
         "&text=" + form_encode(text);
}

// Gives up after this long: AT waits about 10 s, and the server answers by its
// own deadline (8 s by default) before that.
constexpr std::chrono::seconds kTimeout{10};

// Runs one asynchronous operation to its end and returns its error. Blocking
// calls would be simpler, but Beast applies the stream's deadline to
// asynchronous operations only: a server that never answers would hang sim.
template <class Start>
beast::error_code await(boost::asio::io_context& io, Start start) {
  beast::error_code ec;
  start([&ec](beast::error_code e, auto&&...) { ec = e; });
  io.restart();
  io.run();
  return ec;
}

// One line for a person: where, which step, and the system's reason (not the
// source location that boost::system::system_error::what() appends).
[[noreturn]] void fail(const Url& url, const char* problem, const char* step, const beast::error_code& ec) {
  throw std::runtime_error(std::string(problem) + " " + url.host + ":" + url.port + ": " + step + ": " + ec.message());
}

engine::Reply post(const Url& url, const engine::Request& request) {
  boost::asio::io_context io;
  beast::error_code ec;
  const auto endpoints = tcp::resolver(io).resolve(url.host, url.port, ec);
  if (ec) fail(url, "cannot reach", "resolve", ec);
  beast::tcp_stream stream(io);
  stream.expires_after(kTimeout);
  ec = await(io, [&](auto handler) { stream.async_connect(endpoints, std::move(handler)); });
  if (ec) fail(url, "cannot reach", "connect", ec);
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = form_of(request);
  req.prepare_payload();
  ec = await(io, [&](auto handler) { http::async_write(stream, req, std::move(handler)); });
  if (ec) fail(url, "no answer from", "write", ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  ec = await(io, [&](auto handler) { http::async_read(stream, buffer, res, std::move(handler)); });
  if (ec) fail(url, "no answer from", "read", ec);
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);  // the answer is in; a failed shutdown changes nothing
  const std::string& body = res.body();
  if (res.result() != http::status::ok || !(body.starts_with("CON ") || body.starts_with("END ")))
    throw std::runtime_error("the server answered " + std::to_string(res.result_int()) + ": " + body);
  engine::Reply reply;
  reply.end = body.starts_with("END ");
  reply.text = body.substr(4);
  return reply;
}

}  // namespace

toolkit::Phone http_phone(const std::string& url) {
  const Url parsed = parse_url(url);
  return [parsed](const engine::Request& request) { return post(parsed, request); };
}

}  // namespace dialgraph::server
