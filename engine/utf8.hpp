// One UTF-8 decoder for the whole code base: the engine measures and folds
// text with it, the import refuses malformed names with it.
#pragma once

#include <cstddef>
#include <string_view>

namespace dialgraph::engine {

struct Utf8Char {
  char32_t code = 0;
  std::size_t length = 0;  // bytes; 0 when not well-formed
};

// The UTF-8 sequence at `at` (< s.size()): its code point and length, or length
// 0 when it is not well-formed (RFC 3629: stray bytes, overlong forms,
// surrogates and code points above U+10FFFF are refused, as JSON parsers do).
inline Utf8Char next_utf8(std::string_view s, std::size_t at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
  if (length == 0 || s.size() - at < length) return {};
  char32_t code = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(s[at + i]);
    if ((next & 0xC0) != 0x80) return {};
    code = (code << 6) | (next & 0x3F);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return {};
  return {code, length};
}

}  // namespace dialgraph::engine
