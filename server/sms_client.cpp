// The Africa's Talking SMS API client (Beast, plain HTTP or HTTPS).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "server/form.hpp"
#include "server/sms.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace dialgraph::server {

namespace {

struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string prefix;  // path before /version1/..., without a trailing '/'
};

Url parse_url(std::string_view text) {
  Url url;
  if (text.starts_with("https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    throw std::invalid_argument("sms.base_url must start with http:// or https://");
  }
  const auto slash = text.find('/');
  auto authority = text.substr(0, slash);
  url.prefix = slash == std::string_view::npos ? "" : std::string(text.substr(slash));
  while (!url.prefix.empty() && url.prefix.back() == '/') url.prefix.pop_back();
  const auto colon = authority.rfind(':');
  const bool has_port = colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos;
  url.host = std::string(has_port ? authority.substr(0, colon) : authority);
  url.port = has_port ? std::string(authority.substr(colon + 1)) : (url.tls ? "443" : "80");
  return url;
}

enum class Stage { connecting, writing, reading, done };

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

template <typename Stream>
net::awaitable<void> exchange(Stream& stream, Request& request, Response& response, Stage& stage,
                              std::chrono::milliseconds timeout) {
  beast::get_lowest_layer(stream).expires_after(timeout);
  stage = Stage::writing;
  co_await http::async_write(stream, request, net::use_awaitable);
  stage = Stage::reading;
  beast::flat_buffer buffer;
  co_await http::async_read(stream, buffer, response, net::use_awaitable);
  stage = Stage::done;
}

net::awaitable<void> call(const Url& url, Request& request, Response& response, Stage& stage,
                          std::chrono::milliseconds timeout) {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(url.host, url.port, net::use_awaitable);
  if (!url.tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, net::use_awaitable);
    co_await exchange(stream, request, response, stage, timeout);
    co_return;
  }
  ssl::context context(ssl::context::tls_client);
  context.set_default_verify_paths();
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(executor, context);
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    throw std::runtime_error("cannot set TLS server name");
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, net::use_awaitable);
  co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
  co_await exchange(stream, request, response, stage, timeout);
}

// The recipient status codes AT documents as final refusals: invalid sender
// ID, invalid or unsupported number, blacklisted, cannot route.
bool permanent_refusal(int code) {
  return code == 402 || code == 403 || code == 404 || code == 406 || code == 407;
}

// What AT's answer means for the message.
SendResult interpret(const Response& response) {
  const auto status = response.result_int();
  const std::string where = "HTTP " + std::to_string(status);
  if (status >= 500 || status == 429 || status == 401) return {SendResult::Kind::retry, "", where};
  if (status >= 300) return {SendResult::Kind::give_up, "", where + ": " + response.body().substr(0, 200)};
  try {
    const auto body = nlohmann::json::parse(response.body());
    const auto& data = body.at("SMSMessageData");
    // No recipient at all: AT refused the whole request and says why in
    // Message ("InvalidSenderId" for a sender id the account may not use).
    if (const auto& recipients = data.at("Recipients"); recipients.is_array() && recipients.empty())
      return {SendResult::Kind::give_up, "", where + ", sent to no one: " + data.value("Message", std::string{})};
    const auto& recipient = data.at("Recipients").at(0);
    const int code = recipient.at("statusCode").get<int>();
    const auto detail = recipient.value("status", std::string{});
    if (code >= 100 && code <= 102) {
      return {SendResult::Kind::sent, recipient.value("messageId", std::string{}), detail};
    }
    const auto kind = permanent_refusal(code) ? SendResult::Kind::give_up : SendResult::Kind::retry;
    return {kind, "", "recipient status " + std::to_string(code) + " " + detail};
  } catch (const std::exception&) {
    return {SendResult::Kind::ambiguous, "", where + " with an unreadable body"};
  }
}

}  // namespace

AtSmsClient::AtSmsClient(SmsConfig config) : config_(std::move(config)) {
  parse_url(config_.base_url);  // fail at start-up, not at the first SMS
}

SendResult AtSmsClient::send(const OutboundSms& sms) {
  const Url url = parse_url(config_.base_url);
  Request request{http::verb::post, url.prefix + "/version1/messaging", 11};
  // RFC 9110 7.2: the port goes in Host unless it is the scheme's default.
  const bool default_port = url.port == (url.tls ? "443" : "80");
  request.set(http::field::host, default_port ? url.host : url.host + ":" + url.port);
  request.set(http::field::user_agent, "dialgraph");
  request.set(http::field::accept, "application/json");
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.set("apiKey", config_.api_key);
  request.body() = "username=" + form_encode(config_.username) + "&to=" + form_encode(sms.to) +
                   "&message=" + form_encode(sms.message);
  if (!config_.sender_id.empty()) request.body() += "&from=" + form_encode(config_.sender_id);
  request.prepare_payload();

  Response response;
  Stage stage = Stage::connecting;
  std::string error;
  const std::chrono::milliseconds timeout(config_.timeout_ms);
  net::io_context ioc;
  net::co_spawn(ioc, call(url, request, response, stage, timeout), [&](std::exception_ptr failure) {
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  ioc.run_for(timeout * 3);  // DNS has no timeout of its own
  if (stage == Stage::done) return interpret(response);
  if (error.empty()) error = "timed out";
  // Once the whole request may have reached AT, a retry could send it twice.
  if (stage == Stage::reading) return {SendResult::Kind::ambiguous, "", "no answer: " + error};
  return {SendResult::Kind::retry, "", error};
}

}  // namespace dialgraph::server
