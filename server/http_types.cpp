#include "server/http_types.hpp"

#include <algorithm>

namespace dialgraph::server {

namespace {

// ASCII only, as HTTP field names are; std::tolower is a call per character.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// What follows the scheme and authority of an absolute-form target (`POST
// http://host/callback HTTP/1.1`, which RFC 9112 3.2.2 says a server must
// accept): "/callback", maybe "" or "?key=..."; any other target as it is.
std::string_view after_authority(std::string_view target) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (target.size() < scheme.size() ||
        !std::equal(scheme.begin(), scheme.end(), target.begin(),
                    [](char wanted, char c) { return ascii_lower(c) == wanted; }))
      continue;
    const auto rest = target.find_first_of("/?", scheme.size());
    return rest == std::string_view::npos ? std::string_view{} : target.substr(rest);
  }
  return target;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

std::optional<std::string> HttpRequest::header_list(std::string_view name) const {
  std::optional<std::string> list;
  for (const auto& [key, value] : headers) {
    if (!iequals(key, name)) continue;
    if (list) list->append(", ").append(value);
    else list = value;
  }
  return list;
}

std::string_view HttpRequest::path() const {
  const std::string_view view = after_authority(target);
  const std::string_view path = view.substr(0, view.find('?'));
  // An absolute-form target without a path ("http://host?key=1") asks for "/".
  return path.empty() && view.size() != target.size() ? "/" : path;
}

std::string_view HttpRequest::query() const {
  const std::string_view view = after_authority(target);
  const auto mark = view.find('?');
  return mark == std::string_view::npos ? std::string_view{} : view.substr(mark + 1);
}

HttpResponse text_response(int status, std::string_view text) {
  HttpResponse response;
  response.status = status;
  response.body = std::string(text) + "\n";
  return response;
}

}  // namespace dialgraph::server
