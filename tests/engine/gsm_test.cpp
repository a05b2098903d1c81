#include "engine/gsm.hpp"

#include <doctest/doctest.h>

#include <string>

namespace dialgraph::engine {
namespace {

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// True when `s` is well-formed UTF-8: a cut never splits a character.
bool valid_utf8(std::string_view s) {
  for (std::size_t at = 0; at < s.size();) {
    const auto lead = static_cast<unsigned char>(s[at]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
    if (length == 0 || at + length > s.size()) return false;
    for (std::size_t i = 1; i < length; ++i)
      if ((static_cast<unsigned char>(s[at + i]) & 0xC0) != 0x80) return false;
    at += length;
  }
  return true;
}

const Budget standard{182, 80};

}  // namespace

TEST_CASE("plain ASCII counts one septet per character") {
  const ScreenSize size = measure("Welcome to Paymaart\n1. Balance");
  CHECK(size.gsm7);
  CHECK(size.units == 30);
}

TEST_CASE("the empty text takes no room") {
  CHECK(measure("").units == 0);
  CHECK(measure("").gsm7);
}

TEST_CASE("GSM characters outside ASCII, such as £ and é, count one septet") {
  const ScreenSize size = measure("£5 café");
  CHECK(size.gsm7);
  CHECK(size.units == 7);
}

TEST_CASE("each extension character ({ } [ ] ~ ^ | \\ €) counts two septets") {
  CHECK(measure("{").units == 2);
  CHECK(measure("€10").units == 4);
  CHECK(measure("^{}\\[~]|").units == 16);
  CHECK(measure("^{}\\[~]|").gsm7);
}

TEST_CASE("a Chichewa ŵ is not GSM 7-bit and turns the whole text into UCS-2") {
  const ScreenSize size = measure("Moni ŵ {");
  CHECK_FALSE(size.gsm7);
  CHECK(size.units == 8);  // UCS-2 counts characters; '{' is one unit there
}

TEST_CASE("a backtick is missing from the GSM alphabet and forces UCS-2") {
  CHECK_FALSE(measure("a`b").gsm7);
  CHECK(measure("a`b").units == 3);
}

TEST_CASE("a character beyond the Basic Multilingual Plane takes two UCS-2 units") {
  const ScreenSize size = measure("ok \xF0\x9F\x98\x80");  // U+1F600
  CHECK_FALSE(size.gsm7);
  CHECK(size.units == 5);
}

TEST_CASE("a malformed UTF-8 byte counts as one non-GSM character") {
  const ScreenSize size = measure("a\xFF");
  CHECK_FALSE(size.gsm7);
  CHECK(size.units == 2);
  // An overlong "/" is malformed too, byte by byte, not a GSM slash.
  const ScreenSize overlong = measure("a\xC0\xAF");
  CHECK_FALSE(overlong.gsm7);
  CHECK(overlong.units == 3);
}

TEST_CASE("the limit is 182 for GSM text and 80 for UCS-2 text") {
  CHECK(limit_for("hello", standard) == 182);
  CHECK(limit_for("ŵ", standard) == 80);
}

TEST_CASE("a text fits up to the limit and not one unit past it") {
  CHECK(fits(repeat("a", 182), standard));
  CHECK_FALSE(fits(repeat("a", 183), standard));
  CHECK(fits(repeat("{", 91), standard));
  CHECK_FALSE(fits(repeat("{", 91) + "a", standard));
  CHECK(fits(repeat("ŵ", 80), standard));
  CHECK_FALSE(fits(repeat("ŵ", 81), standard));
  CHECK_FALSE(fits(repeat("a", 80) + "ŵ", standard));  // 81 UCS-2 units
}

TEST_CASE("cut_to_fit leaves a text that fits untouched") {
  CHECK(cut_to_fit("Balance: 1,500.00 MWK", standard) == "Balance: 1,500.00 MWK");
  CHECK(cut_to_fit(repeat("a", 182), standard) == repeat("a", 182));
}

TEST_CASE("cut_to_fit keeps the longest prefix that fits with the ... marker") {
  CHECK(cut_to_fit(repeat("a", 200), standard) == repeat("a", 179) + "...");
  CHECK(cut_to_fit(repeat("{", 100), standard) == repeat("{", 89) + "...");  // 178 + 3 septets
  CHECK(cut_to_fit(repeat("ŵ", 100), standard) == repeat("ŵ", 77) + "...");
}

TEST_CASE("cut_to_fit cuts on a character boundary, never inside a UTF-8 sequence") {
  for (const std::string piece : {"ŵ", "€", "a{", "\xF0\x9F\x98\x80", "abŵ"}) {
    CAPTURE(piece);
    for (int times = 1; times < 250; times += 7) {
      const std::string cut = cut_to_fit(repeat(piece, times), standard);
      CHECK(valid_utf8(cut));
      CHECK(fits(cut, standard));
    }
  }
}

TEST_CASE("cut_to_fit never exceeds a small budget") {
  for (const Budget budget : {Budget{20, 10}, Budget{4, 4}, Budget{60, 30}}) {
    for (const std::string& text : {repeat("x", 300), repeat("ŵ", 300), repeat("€", 300), repeat("aŵ{", 50)}) {
      const std::string cut = cut_to_fit(text, budget);
      CAPTURE(cut);
      CHECK(fits(cut, budget));
      CHECK(cut.ends_with("..."));
    }
  }
}

TEST_CASE("fold_to_gsm gives letters GSM lacks their plain form, and '?' to what has none") {
  CHECK(fold_to_gsm("Ŵamaka Ŵemba") == "Wamaka Wemba");
  CHECK(fold_to_gsm("Chiŵalo Mkandaŵire") == "Chiwalo Mkandawire");
  CHECK(fold_to_gsm("W\u0302amaka") == "Wamaka");  // decomposed: W and a combining circumflex
  CHECK(fold_to_gsm("Ngôzi Ekpê Łucja") == "Ngozi Ekpe Lucja");
  CHECK(fold_to_gsm("O’Brien – “Jo”…") == "O'Brien - \"Jo\"...");
  // GSM has é, ñ, ü and Ø itself: they stay, as does plain text.
  CHECK(fold_to_gsm("José Muñoz Müller Ø") == "José Muñoz Müller Ø");
  CHECK(fold_to_gsm("Banda 1,000.00") == "Banda 1,000.00");
  CHECK(fold_to_gsm("Ŋoma Baŋda") == "Ng'oma Bang'da");
  // No plain form: a stand-in, so that the screen keeps its 182 characters.
  CHECK(fold_to_gsm("王 🙂 Жанна") == "? ? ?????");
  for (const char* name : {"Ŵamaka Ŵemba", "Ŋoma", "王 🙂", "Жанна"}) CHECK(measure(fold_to_gsm(name)).gsm7);
}

}  // namespace dialgraph::engine
