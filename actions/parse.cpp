#include "actions/parse.hpp"

#include <algorithm>

#include "engine/utf8.hpp"

namespace dialgraph::actions {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// `text` without the spaces and dashes people group numbers and IDs with.
std::string without_separators(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '-' && c != '\t') out += c;
  return out;
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view text) {
  std::string digits = without_separators(text);
  if (digits.starts_with('+')) {
    if (!digits.starts_with("+265")) return std::nullopt;
    digits.erase(0, 4);
  } else if (digits.starts_with("00265") && digits.size() >= 14) {  // the international prefix
    digits.erase(0, 5);
  } else if (digits.starts_with("265") && digits.size() >= 12) {
    digits.erase(0, 3);
  }
  // The trunk 0, typed alone (0991...) or after the country code (+2650991...).
  if (digits.size() == 10 && digits.starts_with('0')) digits.erase(0, 1);
  // Nine national digits; a national number never starts with 0.
  if (digits.size() != 9 || !all_digits(digits) || digits[0] == '0') return std::nullopt;
  return "+265" + digits;
}

std::optional<std::string> normalize_paymaart_id(std::string_view typed) {
  const std::string text = without_separators(typed);
  std::size_t letters = 0;
  while (letters < text.size() && is_letter(text[letters])) ++letters;
  const std::string_view digits = std::string_view(text).substr(letters);
  if (letters < 2 || letters > 4 || digits.size() < 4 || digits.size() > 10 ||
      !all_digits(digits))
    return std::nullopt;
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
  return out;
}

std::optional<std::int64_t> parse_minor(std::string_view digits) {
  if (!all_digits(digits) || digits.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::optional<std::int64_t> parse_mwk(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view cents = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.size() > 12 || (dot != std::string_view::npos && cents.empty()) || cents.size() > 2)
    return std::nullopt;
  const auto units = parse_minor(whole);
  const auto fraction = cents.empty() ? std::optional<std::int64_t>(0) : parse_minor(cents);
  if (!units || !fraction) return std::nullopt;
  return *units * 100 + *fraction * (cents.size() == 1 ? 10 : 1);
}

TextFacts inspect_text(std::string_view text) {
  TextFacts facts;
  for (std::size_t at = 0; at < text.size();) {
    const engine::Utf8Char c = engine::next_utf8(text, at);
    if (c.length == 0) {
      facts.utf8 = false;
      return facts;
    }
    facts.control = facts.control || is_control(c.code);
    ++facts.characters;
    at += c.length;
  }
  return facts;
}

std::int64_t local_day_start(std::int64_t now, int utc_offset_minutes) {
  const std::int64_t offset = std::int64_t{utc_offset_minutes} * 60;
  const std::int64_t local = now + offset;
  // Floor division, so times before 1970 would still land on the right day.
  const std::int64_t day = local / 86'400 - (local % 86'400 < 0 ? 1 : 0);
  return day * 86'400 - offset;
}

}  // namespace dialgraph::actions
