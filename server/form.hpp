// application/x-www-form-urlencoded decoding, as browsers and gateways encode it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dialgraph::server {

using FormFields = std::map<std::string, std::string, std::less<>>;

// `text` with %XX sequences decoded and, when `plus_is_space`, '+' read as a
// space. Null when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits `body` on '&' and each pair on the first '='. A name without '=' has an
// empty value; empty pairs ("a=1&&b=2") are skipped; when a name repeats, the
// first value wins. Returns false, with the offending name in `error`, on bad
// percent-encoding.
bool parse_form(std::string_view body, FormFields& fields, std::string& error);

// The value of `name`, or null.
const std::string* find_field(const FormFields& fields, std::string_view name);

}  // namespace dialgraph::server

namespace dialgraph::server {

// `text` percent-encoded for a form value: unreserved characters as is, space
// as '+', everything else %XX.
std::string form_encode(std::string_view text);

}  // namespace dialgraph::server
