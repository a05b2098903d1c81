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

engine::Reply post(const Url& url, const engine::Request& request) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::resolver(io).resolve(url.host, url.port));
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = form_of(request);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
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
  return [parsed](const engine::Request& request) {
    try {
      return post(parsed, request);
    } catch (const boost::system::system_error& e) {
      throw std::runtime_error("cannot reach " + parsed.host + ":" + parsed.port + ": " + e.what());
    }
  };
}

}  // namespace dialgraph::server
