#include "actions/parse.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::actions;

TEST_CASE("Malawi phone numbers in every local form") {
  for (const char* form : {"0991234567", "991234567", "265991234567", "+265991234567",
                           "+265 99 123 4567", "00265991234567", "0991-234-567", " 0991234567 ",
                           "+2650991234567", "2650991234567", "002650991234567"})
    CHECK(normalize_phone(form) == "+265991234567");
  for (const char* bad : {"", "12345", "0091234567", "+254991234567", "2659912345678", "09912a4567",
                          "00254991234567", "0026599123456", "+26500991234567"})
    CHECK_FALSE(normalize_phone(bad).has_value());
}

TEST_CASE("Paymaart IDs are case-insensitive") {
  CHECK(normalize_paymaart_id("pm100001") == "PM100001");
  CHECK(normalize_paymaart_id("PMA1234") == "PMA1234");
  CHECK(normalize_paymaart_id(" PM 100-001 ") == "PM100001");  // as grouped on a card
  for (const char* bad : {"", "P1234", "PM12", "PM12a4", "100001", "PMABC12345"})
    CHECK_FALSE(normalize_paymaart_id(bad).has_value());
}

TEST_CASE("MWK amounts become tambala without floating point") {
  CHECK(parse_mwk("0") == 0);
  CHECK(parse_mwk("250000") == 25'000'000);
  CHECK(parse_mwk("1500.5") == 150'050);
  CHECK(parse_mwk("1500.05") == 150'005);
  CHECK(parse_mwk("0.29") == 29);  // 0.29 is not exact in binary floating point
  for (const char* bad : {"", "-5", "1,500", "1.234", "1.", ".5", "abc", "1e3"})
    CHECK_FALSE(parse_mwk(bad).has_value());
}

TEST_CASE("the local day starts at midnight in Blantyre (UTC+2)") {
  // 2023-11-14 22:13:20 UTC is 00:13:20 on the 15th in Blantyre.
  CHECK(local_day_start(1'700'000'000, 0) == 1'699'920'000);
  CHECK(local_day_start(1'700'000'000, 120) == 1'699'999'200);
}

TEST_CASE("text is inspected for well-formed UTF-8, controls and its length in characters") {
  CHECK(inspect_text("").characters == 0);
  CHECK(inspect_text("Banda").characters == 5);
  CHECK(inspect_text("Zo\xc3\xab").characters == 3);              // Zoë: 4 bytes
  CHECK(inspect_text("\xc5\xb4" "emba").characters == 5);         // Ŵemba
  CHECK(inspect_text("\xf0\x9f\x98\x80").characters == 1);        // U+1F600, four bytes
  CHECK(inspect_text("\xf4\x8f\xbf\xbf").utf8);                   // U+10FFFF, the last one
  for (const char* clean : {"Banda", "Zo\xc3\xab", "\xc2\xa0", "\xef\xbf\xbd"})
    CHECK_FALSE(inspect_text(clean).control);
  for (const char* bad : {"Zo\xeb",               // Windows-1252 ë
                          "\x80",                 // a continuation byte alone
                          "\xc3",                 // cut short
                          "\xc3(",                // lead byte, then no continuation
                          "\xc0\xaf",             // overlong '/'
                          "\xe0\x80\xaf",         // overlong '/', three bytes
                          "\xed\xa0\x80",         // a UTF-16 surrogate (U+D800)
                          "\xf4\x90\x80\x80",     // above U+10FFFF
                          "\xf8\x88\x80\x80\x80"})  // five-byte form
    CHECK_FALSE(inspect_text(bad).utf8);
  for (const std::string& control : {std::string(1, '\0'), std::string("a\tb"), std::string("a\nb"),
                                    std::string("a\rb"), std::string("\x1b[31m"),
                                    std::string("\x7f"), std::string("\xc2\x85"),  // NEL, a C1
                                    std::string("\xc2\x9f")}) {
    CHECK(inspect_text(control).utf8);
    CHECK(inspect_text(control).control);
  }
}
