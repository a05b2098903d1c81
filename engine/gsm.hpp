// Counting a screen the way the mobile network does.
#pragma once

#include <string>
#include <string_view>

#include "engine/graph.hpp"

namespace dialgraph::engine {

struct ScreenSize {
  int units = 0;      // GSM septets (an extension character counts 2) or UCS-2 code units
  bool gsm7 = true;   // false when some character forces UCS-2
};

// How many units `utf8` takes on the air, and in which alphabet.
ScreenSize measure(std::string_view utf8);

// Both counts of `utf8`, for adding texts up without measuring them joined
// (renderer.cpp): `septets` counts only when `gsm7`; `ucs2` is 0 only for "".
struct Units {
  int septets = 0;
  int ucs2 = 0;
  bool gsm7 = true;
};
Units count_units(std::string_view utf8);

// The limit that applies to `utf8` under `budget`.
int limit_for(std::string_view utf8, const Budget& budget);

bool fits(std::string_view utf8, const Budget& budget);

// The first character that forces UCS-2, as UTF-8, or "" for GSM 7-bit text:
// what an author must replace to win back the larger budget.
std::string first_non_gsm(std::string_view utf8);

// `utf8` in the GSM alphabet: each character GSM lacks becomes its plain form
// (w for the Chichewa ŵ, e for ê, ' for ’, Ng' for Ŋ), or '?' when it has none
// (王, an emoji). For values put into a screen or an SMS: one such character in
// a name would otherwise send the whole screen as UCS-2, with room for 80
// characters instead of 182, and cut off the amount, fee and total beside it.
std::string fold_to_gsm(std::string_view utf8);

// The longest prefix of `utf8`, cut at a character boundary, that fits, with
// "..." marking the cut. Used only when dynamic text overflows at run time.
std::string cut_to_fit(std::string_view utf8, const Budget& budget);

}  // namespace dialgraph::engine
