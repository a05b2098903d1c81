#include "engine/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "engine/gsm.hpp"

namespace dialgraph::engine {
namespace {

constexpr std::array<std::string_view, 7> known_filters = {"money", "date",  "datetime", "time",
                                                           "upper", "lower", "mask"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

std::optional<std::int64_t> to_integer(std::string_view s) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// Minor units to "1,234,567.89".
std::string money(std::string_view minor_text) {
  const auto minor = to_integer(minor_text);
  if (!minor) return std::string(minor_text);
  const bool negative = *minor < 0;
  const std::uint64_t magnitude =
      negative ? std::uint64_t(0) - static_cast<std::uint64_t>(*minor) : static_cast<std::uint64_t>(*minor);
  std::string whole = std::to_string(magnitude / 100);
  for (int at = static_cast<int>(whole.size()) - 3; at > 0; at -= 3) whole.insert(at, ",");
  char cents[4];
  std::snprintf(cents, sizeof cents, "%02u", static_cast<unsigned>(magnitude % 100));
  return (negative ? "-" : "") + whole + "." + cents;
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
struct Civil {
  int year;
  unsigned month, day;
};
Civil civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

std::string format_time(std::string_view epoch_text, std::string_view filter,
                        const RenderSettings& settings) {
  const auto epoch = to_integer(epoch_text);
  // Years 0001-9999 only: beyond, adding the offset could overflow (found by
  // tests/fuzz, render target), and no date there is worth showing.
  constexpr std::int64_t first = -62'135'596'800, last = 253'402'300'799;
  if (!epoch || *epoch < first || *epoch > last) return std::string(epoch_text);
  const std::int64_t local = *epoch + std::int64_t{settings.utc_offset_minutes} * 60;
  std::int64_t days = local / 86400;
  std::int64_t seconds = local % 86400;
  if (seconds < 0) {
    seconds += 86400;
    days -= 1;
  }
  const Civil date = civil_from_days(days);
  char buffer[32];
  if (filter == "date") {
    std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", date.day, date.month, date.year);
  } else if (filter == "time") {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", int(seconds / 3600), int(seconds / 60 % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d %02d:%02d", date.day, date.month, date.year,
                  int(seconds / 3600), int(seconds / 60 % 60));
  }
  return buffer;
}

std::string mask(std::string_view value, std::string_view argument) {
  const std::size_t visible = to_integer(argument).value_or(4);
  if (value.size() <= visible) return std::string(value);
  return std::string(value.size() - visible, '*') + std::string(value.substr(value.size() - visible));
}

std::string apply_filter(const std::string& value, const Placeholder& p, const RenderSettings& settings) {
  if (p.filter.empty()) return value;
  if (p.filter == "money") return money(value);
  if (p.filter == "date" || p.filter == "datetime" || p.filter == "time")
    return format_time(value, p.filter, settings);
  if (p.filter == "mask") return mask(value, p.argument);
  std::string out = value;
  for (char& c : out) {
    if (p.filter == "upper" && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (p.filter == "lower" && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses the inside of "{{ ... }}"; returns an error message or "".
std::string parse_inside(std::string_view inside, Placeholder& p) {
  const std::size_t bar = inside.find('|');
  const std::string_view name = trim(inside.substr(0, bar));
  if (name.empty()) return "empty placeholder {{}}; write a variable name such as {{balance}}";
  for (char c : name)
    if (!is_name_char(c)) return "bad variable name '" + std::string(name) + "' in placeholder";
  p.variable = std::string(name);
  if (bar == std::string_view::npos) return "";
  std::string_view filter = trim(inside.substr(bar + 1));
  const std::size_t colon = filter.find(':');
  if (colon != std::string_view::npos) {
    p.argument = std::string(trim(filter.substr(colon + 1)));
    filter = trim(filter.substr(0, colon));
  }
  p.filter = std::string(filter);
  if (!is_known_filter(p.filter))
    return "unknown filter '" + p.filter +
           "'; use one of money, date, datetime, time, upper, lower, mask";
  if (colon == std::string_view::npos) return "";
  // Only mask takes an argument, and a wrong one must not show the whole
  // phone number (mask:-3 did).
  if (p.filter != "mask") return "filter '" + p.filter + "' takes no argument (':" + p.argument + "')";
  if (p.argument.empty() || p.argument.size() > 2 ||
      !std::all_of(p.argument.begin(), p.argument.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "mask takes the number of last characters to show, 0 to 99 (mask:4), not '" + p.argument + "'";
  return "";
}

}  // namespace

const std::string& Text::in(std::string_view language, std::string_view fallback) const {
  static const std::string none;
  if (auto it = by_language.find(language); it != by_language.end()) return it->second;
  if (auto it = by_language.find(fallback); it != by_language.end()) return it->second;
  if (auto it = by_language.find("*"); it != by_language.end()) return it->second;
  return none;
}

bool is_known_filter(std::string_view name) {
  for (std::string_view known : known_filters)
    if (known == name) return true;
  return false;
}

std::vector<Placeholder> placeholders(std::string_view text, std::vector<TemplateError>& errors) {
  std::vector<Placeholder> found;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at)) {
    const std::size_t close = text.find("}}", at + 2);
    if (close == std::string_view::npos) {
      errors.push_back({at, "'{{' is never closed with '}}'"});
      break;
    }
    Placeholder p;
    p.offset = at;
    if (std::string message = parse_inside(text.substr(at + 2, close - at - 2), p); !message.empty())
      errors.push_back({at, std::move(message)});
    else
      found.push_back(std::move(p));
    at = close + 2;
  }
  return found;
}

std::string render_template(std::string_view text, const Vars& vars, const RenderSettings& settings) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", from)) {
    const std::size_t close = text.find("}}", at + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(from, at - from));
    Placeholder p;
    if (parse_inside(text.substr(at + 2, close - at - 2), p).empty()) {
      // Values come from customers' records and callers' inputs, not from the
      // author, whose wording the loader measured: fold them into GSM letters.
      if (const std::string* value = vars.find(p.variable)) out += fold_to_gsm(apply_filter(*value, p, settings));
    }
    from = close + 2;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace dialgraph::engine
