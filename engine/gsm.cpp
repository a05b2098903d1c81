#include "engine/gsm.hpp"

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/utf8.hpp"

namespace dialgraph::engine {
namespace {

// GSM 03.38 basic alphabet beyond printable ASCII, and the characters ASCII has
// but GSM lacks ('`' is absent; the extension table is listed apart).
constexpr char32_t basic_extra[] = {0xA3, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0xD8, 0xF8,
                                    0xC5, 0xE5, 0x394, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8,
                                    0x3A3, 0x398, 0x39E, 0xC6, 0xE6, 0xDF, 0xC9, 0xA4, 0xA1, 0xC4,
                                    0xD6, 0xD1, 0xDC, 0xA7, 0xBF, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0};
constexpr char32_t extension[] = {'^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC, '\f'};

template <std::size_t N>
bool contains(const char32_t (&table)[N], char32_t c) {
  for (char32_t t : table)
    if (t == c) return true;
  return false;
}

// Septets for one code point, or 0 when it is not in the GSM alphabet.
int septets(char32_t c) {
  if (contains(extension, c)) return 2;
  if (c == '\n' || c == '\r') return 1;
  if (c >= 0x20 && c < 0x7F) return c == '`' ? 0 : 1;
  return contains(basic_extra, c) ? 1 : 0;
}

// The sequence at `at`; a malformed byte counts as U+FFFD, one byte long.
Utf8Char decode(std::string_view s, std::size_t at) {
  const Utf8Char c = next_utf8(s, at);
  return c.length == 0 ? Utf8Char{0xFFFD, 1} : c;
}

// The plain letter of each Latin letter with a mark, U+00C0 to U+017F ('?'
// where there is none). Only letters GSM lacks are looked up: é or ñ stay.
constexpr std::string_view plain_latin =
    "AAAAAA?CEEEEIIII?NOOOOO??UUUUY??aaaaaa?ceeeeiiii?nooooo??uuuuy?y"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKk?LlLlLl?"
    "?LlNnNnNn???OoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz?";

// What to show for a character outside the GSM alphabet ("" to drop it), or
// nullopt when it has no plain form (fold_to_gsm shows '?').
std::optional<std::string_view> gsm_stand_in(char32_t c) {
  if (c >= 0xC0 && c < 0xC0 + plain_latin.size() && plain_latin[c - 0xC0] != '?')
    return plain_latin.substr(c - 0xC0, 1);
  // A combining accent (W followed by U+0302 for a decomposed Ŵ): its letter
  // stays, plain.
  if (c >= 0x300 && c <= 0x36F) return "";
  switch (c) {
    case 0x2018: case 0x2019: case 0x02BC: return "'";  // curly apostrophes, the modifier letter
    case 0x201C: case 0x201D: return "\"";
    case 0x2013: case 0x2014: return "-";
    case 0x2026: return "...";
    case 0xA0: return " ";
    case 0x14A: return "Ng'";  // Ŋ, written Ng' in today's Chichewa
    case 0x14B: return "ng'";
    default: return std::nullopt;
  }
}

}  // namespace

std::string fold_to_gsm(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t at = 0; at < utf8.size();) {
    const Utf8Char d = decode(utf8, at);
    if (d.code < 0x80 || septets(d.code) != 0) out.append(utf8.substr(at, d.length));
    else out.append(gsm_stand_in(d.code).value_or("?"));
    at += d.length;
  }
  return out;
}

Units count_units(std::string_view utf8) {
  Units units;
  for (std::size_t at = 0; at < utf8.size();) {
    const Utf8Char d = decode(utf8, at);
    at += d.length;
    const int s = septets(d.code);
    if (s == 0) units.gsm7 = false;
    units.septets += s;
    units.ucs2 += d.code > 0xFFFF ? 2 : 1;
  }
  return units;
}

ScreenSize measure(std::string_view utf8) {
  const Units units = count_units(utf8);
  return units.gsm7 ? ScreenSize{units.septets, true} : ScreenSize{units.ucs2, false};
}

int limit_for(std::string_view utf8, const Budget& budget) {
  return measure(utf8).gsm7 ? budget.gsm7 : budget.ucs2;
}

bool fits(std::string_view utf8, const Budget& budget) {
  const ScreenSize size = measure(utf8);
  return size.units <= (size.gsm7 ? budget.gsm7 : budget.ucs2);
}

std::string first_non_gsm(std::string_view utf8) {
  for (std::size_t at = 0; at < utf8.size();) {
    const Utf8Char d = decode(utf8, at);
    if (septets(d.code) == 0) return std::string(utf8.substr(at, d.length));
    at += d.length;
  }
  return "";
}

std::string cut_to_fit(std::string_view utf8, const Budget& budget) {
  if (fits(utf8, budget)) return std::string(utf8);
  std::vector<std::size_t> ends;  // ends[k]: byte length of the first k characters
  ends.push_back(0);
  for (std::size_t at = 0; at < utf8.size();) {
    at += decode(utf8, at).length;
    ends.push_back(at);
  }
  const auto prefix = [&](std::size_t k) { return std::string(utf8.substr(0, ends[k])) + "..."; };
  // Binary search for the most characters that still fit with the marker.
  std::size_t low = 0, high = ends.size() - 1;
  while (low < high) {
    const std::size_t mid = (low + high + 1) / 2;
    if (fits(prefix(mid), budget))
      low = mid;
    else
      high = mid - 1;
  }
  return prefix(low);
}

}  // namespace dialgraph::engine
