#include "server/form.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::server;

TEST_CASE("percent_decode decodes form encoding") {
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("%2B265991234567", true) == "+265991234567");
  CHECK(percent_decode("%2a3664%23", true) == "*3664#");
  CHECK(percent_decode("1%2A2", true) == "1*2");
  CHECK(percent_decode("%41%42c", true) == "ABc");
  CHECK(percent_decode("caf%C3%A9", true) == "caf\xC3\xA9");
  CHECK(percent_decode("", true) == "");
}

TEST_CASE("percent_decode refuses bad escapes") {
  CHECK_FALSE(percent_decode("%", true));
  CHECK_FALSE(percent_decode("%2", true));
  CHECK_FALSE(percent_decode("abc%", true));
  CHECK_FALSE(percent_decode("%G1", true));
  CHECK_FALSE(percent_decode("%1g", true));
  CHECK_FALSE(percent_decode("%%", true));
}

TEST_CASE("parse_form splits pairs and decodes names and values") {
  FormFields fields;
  std::string error;
  REQUIRE(parse_form("sessionId=ATUid_1&phoneNumber=%2B265991234567&text=1*2&serviceCode=%2A3664%23"
                     "&note=hello+world&empty=&bare&&x%20y=z",
                     fields, error));
  CHECK(fields.at("sessionId") == "ATUid_1");
  CHECK(fields.at("phoneNumber") == "+265991234567");
  CHECK(fields.at("text") == "1*2");
  CHECK(fields.at("serviceCode") == "*3664#");
  CHECK(fields.at("note") == "hello world");
  CHECK(fields.at("empty") == "");
  CHECK(fields.at("bare") == "");
  CHECK(fields.at("x y") == "z");
  CHECK(fields.size() == 8);
}

TEST_CASE("parse_form keeps the first of repeated names") {
  FormFields fields;
  std::string error;
  REQUIRE(parse_form("a=1&a=2", fields, error));
  CHECK(fields.at("a") == "1");
}

TEST_CASE("parse_form reports the field with bad encoding") {
  FormFields fields;
  std::string error;
  CHECK_FALSE(parse_form("sessionId=1&text=12%2", fields, error));
  CHECK(error == "bad percent-encoding in field 'text'");
  CHECK_FALSE(parse_form("te%zzxt=1", fields, error));
  CHECK(error == "bad percent-encoding in a field name");
}

TEST_CASE("form_encode round-trips through percent_decode") {
  const std::string text = "Your code: 1234 & more +265 *3664# caf\xC3\xA9";
  CHECK(form_encode("a b+c") == "a+b%2Bc");
  CHECK(percent_decode(form_encode(text), true) == text);
}
