// Parsing of what people type or files hold: phones, amounts, Paymaart IDs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialgraph::actions {

// A Malawi number in any local form (0991234567, 991234567, 265991234567,
// +265991234567, spaces allowed) as E.164 (+265991234567); nullopt otherwise.
std::optional<std::string> normalize_phone(std::string_view text);

// Paymaart IDs are 2-4 letters then 4-10 digits (PM100001), case-insensitive;
// the canonical form is upper case. nullopt when `text` is not one.
std::optional<std::string> normalize_paymaart_id(std::string_view text);

// Non-negative integer tambala written as plain digits (at most 15); else nullopt.
std::optional<std::int64_t> parse_minor(std::string_view digits);

// Non-negative MWK with up to two decimals ("1500", "1500.5", "1500.50"; no
// thousands separators) as tambala, parsed as integer text, never through a double.
std::optional<std::int64_t> parse_mwk(std::string_view text);

// What a free-text field (a name, an e-mail address) holds, for deciding whether
// it can be stored: JSON, screens and SMS all need well-formed UTF-8 without
// controls.
struct TextFacts {
  bool utf8 = true;        // well-formed: no stray bytes, overlong forms, surrogates or > U+10FFFF
  bool control = false;    // a C0 control (NUL, tab, CR, LF...), DEL or a C1 control
  std::size_t characters = 0;  // code points; counts only while `utf8`
};
TextFacts inspect_text(std::string_view text);

// Epoch second at which the local day containing `now` began.
std::int64_t local_day_start(std::int64_t now, int utc_offset_minutes);

}  // namespace dialgraph::actions
