// Plain HTTP request and response values: what the routing code sees of HTTP.
// Deliberately free of Beast so that headers stay light (STYLE.md, point 1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dialgraph::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/callback?key=abc"
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  std::string peer_address;  // the TCP peer, e.g. "127.0.0.1" or "::1"

  // The first header called `name` (case-insensitive), or null.
  const std::string* header(std::string_view name) const;
  // Every header called `name`, in order, as one comma-separated list (how
  // HTTP combines repeated list headers such as X-Forwarded-For), or nullopt.
  std::optional<std::string> header_list(std::string_view name) const;
  // The target up to '?'.
  std::string_view path() const;
  // The target after '?', or "".
  std::string_view query() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Allow
  bool close = false;  // ask the connection to close after this response
};

// A one-line plain-text response, the reason followed by a newline.
HttpResponse text_response(int status, std::string_view text);

// True when `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

}  // namespace dialgraph::server
