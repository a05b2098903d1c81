// The built-in input validators: digits, amount, phone, regex, one_of, pin, otp, same_as.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/graph.hpp"
#include "engine/value.hpp"

namespace dialgraph::engine {

// "ok" with the value to store (amounts in minor units, phones in E.164), or the
// reason the input is refused.
struct Checked {
  std::string outcome;
  std::string value;
};

bool is_builtin_validator(std::string_view name);
// digits, amount, phone, ...: the validators a menus file may give settings.
std::vector<std::string> builtin_validator_names();

// Every outcome a built-in validator can refuse with, for `errors:` checks.
std::vector<std::string> builtin_outcomes(std::string_view name);

Checked check_builtin(const Validation& rule, std::string_view input, const Vars& vars,
                      const Graph& graph);

// "1,500.5" style decimal text to minor units (x100); nullopt when it is not
// such a number or has more than `decimals` decimals.
std::optional<std::int64_t> parse_amount(std::string_view text, int decimals);

// The compiled form of a `regex:` pattern, shared by every screen that uses the
// same pattern. Throws std::regex_error for a bad pattern.
std::shared_ptr<const std::regex> compile_regex(const std::string& pattern);

// A phone number in any local form to E.164, or nullopt.
std::optional<std::string> normalise_phone(std::string_view text, std::string_view country_code,
                                           int national_digits);

}  // namespace dialgraph::engine
