#include "engine/validators.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

namespace dialgraph::engine {
namespace {

constexpr std::array<std::string_view, 8> builtin_names = {"digits", "amount", "phone", "regex",
                                                           "one_of", "pin",    "otp",   "same_as"};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Checked length_in_range(std::string_view input, int min_length, int max_length) {
  const auto size = static_cast<int>(input.size());
  if (!all_digits(input) || size < min_length || size > max_length) return {"invalid", ""};
  return {"ok", std::string(input)};
}

Checked check_amount(const Validation& rule, std::string_view input) {
  const auto minor = parse_amount(input, rule.decimals);
  if (!minor) return {"invalid", ""};
  if (*minor < rule.min_minor) return {"too_small", ""};
  if (rule.max_minor > 0 && *minor > rule.max_minor) return {"too_large", ""};
  return {"ok", std::to_string(*minor)};
}

}  // namespace

bool is_builtin_validator(std::string_view name) {
  return std::find(builtin_names.begin(), builtin_names.end(), name) != builtin_names.end();
}

std::vector<std::string> builtin_validator_names() { return {builtin_names.begin(), builtin_names.end()}; }

std::vector<std::string> builtin_outcomes(std::string_view name) {
  if (name == "amount") return {"invalid", "too_small", "too_large"};
  if (name == "same_as") return {"mismatch"};
  return {"invalid"};
}

namespace {

// Commas only as thousands separators: 1,500 and 1,000,000 but not 1,5 (a
// decimal comma, read as 15 it would pay ten times what was meant) or ,100.
bool commas_group_thousands(std::string_view whole) {
  const std::size_t first = whole.find(',');
  if (first == std::string_view::npos) return true;
  // "0,500" is no way to write 500.
  if (first == 0 || first > 3 || whole.front() == '0') return false;
  for (std::size_t at = first; at < whole.size(); at += 4) {
    if (whole[at] != ',' || at + 4 > whole.size()) return false;
    if (whole.substr(at + 1, 3).find(',') != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_amount(std::string_view text, int decimals) {
  // Spaces around it are slips of the keypad, as a recipient's are.
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!commas_group_thousands(text.substr(0, text.find('.')))) return std::nullopt;
  std::string digits;
  int decimals_seen = -1;  // -1: no point yet
  for (char c : text) {
    if (c == ',' && decimals_seen < 0) continue;  // grouping, checked above
    if (c == '.' && decimals_seen < 0) {
      decimals_seen = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (decimals_seen >= 0 && ++decimals_seen > decimals) return std::nullopt;
    digits += c;
  }
  if (digits.empty() || decimals_seen == 0 || digits.size() > 15) return std::nullopt;
  std::int64_t value = std::stoll(digits);
  for (int i = std::max(decimals_seen, 0); i < 2; ++i) value *= 10;
  return value;
}

// Compiling a std::regex costs about 0.1 ms and a menus file repeats a few patterns
// on many screens, so each distinct pattern is compiled once per process (a bad
// one is not kept). Loads may run on several threads, hence the lock.
std::shared_ptr<const std::regex> compile_regex(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const std::regex>, std::less<>> compiled;
  const std::lock_guard lock(mutex);
  auto& slot = compiled[pattern];
  if (!slot) {
    try {
      slot = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
    } catch (...) {
      compiled.erase(pattern);
      throw;
    }
  }
  return slot;
}

std::optional<std::string> normalise_phone(std::string_view text, std::string_view country_code,
                                           int national_digits) {
  std::string digits;
  for (char c : text)
    if (c != ' ' && c != '-') digits += c;
  if (digits.starts_with('+')) digits.erase(0, 1);
  else if (digits.starts_with("00")) digits.erase(0, 2);
  else if (digits.size() == static_cast<std::size_t>(national_digits) + 1 && digits.starts_with('0'))
    digits = std::string(country_code) + digits.substr(1);
  else if (digits.size() == static_cast<std::size_t>(national_digits))
    digits = std::string(country_code) + digits;
  if (!all_digits(digits) || !digits.starts_with(country_code) ||
      digits.size() != country_code.size() + static_cast<std::size_t>(national_digits))
    return std::nullopt;
  return "+" + digits;
}

Checked check_builtin(const Validation& rule, std::string_view input, const Vars& vars,
                      const Graph& graph) {
  const std::string_view name = rule.name;
  if (name == "digits" || name == "pin" || name == "otp")
    return length_in_range(input, rule.min_length, rule.max_length);
  if (name == "amount") return check_amount(rule, input);
  if (name == "phone") {
    const auto phone = normalise_phone(input, graph.country_code, graph.national_digits);
    return phone ? Checked{"ok", *phone} : Checked{"invalid", ""};
  }
  if (name == "regex") {
    if (input.size() > 182) return {"invalid", ""};  // bounds std::regex's recursion
    const bool ok = std::regex_match(input.begin(), input.end(), *rule.compiled);
    return ok ? Checked{"ok", std::string(input)} : Checked{"invalid", ""};
  }
  if (name == "one_of") {
    const bool ok = std::find(rule.choices.begin(), rule.choices.end(), input) != rule.choices.end();
    return ok ? Checked{"ok", std::string(input)} : Checked{"invalid", ""};
  }
  // same_as: the input must repeat an earlier one, e.g. a new PIN typed twice.
  const std::string* other = vars.find(rule.other);
  const bool same = other != nullptr && *other == input;
  return same ? Checked{"ok", std::string(input)} : Checked{"mismatch", ""};
}

}  // namespace dialgraph::engine
