#include "server/gateway.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::server;
using Inputs = std::vector<std::string>;

namespace {

FormFields callback_form() {
  return {{"sessionId", "ATUid_1"},
          {"serviceCode", "*3664#"},
          {"phoneNumber", "+265991234567"},
          {"networkCode", "65001"},
          {"text", ""}};
}

}  // namespace

TEST_CASE("request_from_form maps every field") {
  auto form = callback_form();
  form["text"] = "2*0991234567*5000";
  FormError error;
  const auto request = request_from_form(form, error);
  REQUIRE(request);
  CHECK(request->session_id == "ATUid_1");
  CHECK(request->service_code == "*3664#");
  CHECK(request->phone == "+265991234567");
  CHECK(request->network_code == "65001");
  CHECK(request->inputs == Inputs{"2", "0991234567", "5000"});
}

TEST_CASE("request_from_form: start of session and optional networkCode") {
  auto form = callback_form();
  form.erase("networkCode");
  FormError error;
  const auto request = request_from_form(form, error);
  REQUIRE(request);
  CHECK(request->inputs.empty());
  CHECK(request->network_code.empty());
}

TEST_CASE("request_from_form names the missing field") {
  for (const char* name : {"sessionId", "serviceCode", "phoneNumber", "text"}) {
    auto form = callback_form();
    form.erase(name);
    FormError error;
    CHECK_FALSE(request_from_form(form, error));
    CHECK(error.reason == "missing_field");
    CHECK(error.message == std::string("missing field '") + name + "'");
  }
}

TEST_CASE("request_from_form refuses a blank session id and any field but text over 256 bytes") {
  for (const char* blank : {"", " ", " \t "}) {
    auto form = callback_form();
    form["sessionId"] = blank;
    FormError error;
    CHECK_FALSE(request_from_form(form, error));
    CHECK(error.reason == "empty_field");
    CHECK(error.message == "empty field 'sessionId'");
  }
  for (const char* name : {"sessionId", "serviceCode", "phoneNumber", "networkCode"}) {
    auto form = callback_form();
    form[name] = std::string(256, '1');
    FormError error;
    CHECK(request_from_form(form, error));
    form[name] = std::string(257, '1');
    CHECK_FALSE(request_from_form(form, error));
    CHECK(error.reason == "field_too_long");
    CHECK(error.message == std::string("field '") + name + "' is too long");
  }
  auto form = callback_form();
  form["text"] = std::string(2000, '1');
  FormError error;
  CHECK(request_from_form(form, error));
}

TEST_CASE("a session id that is not UTF-8 names the same session in a callback and in its event") {
  auto form = callback_form();
  form["sessionId"] = "A\xff";
  FormError error;
  const auto request = request_from_form(form, error);
  REQUIRE(request);
  const auto event = event_from_form({{"sessionId", "A\xff"}}, error);
  REQUIRE(event);
  CHECK(request->session_id == event->session_id);
  CHECK(event->session_id == "A\xEF\xBF\xBD");
}

TEST_CASE("reply_body prefixes CON or END") {
  dialgraph::engine::Reply reply;
  reply.text = "Welcome\n1. Balance";
  CHECK(reply_body(reply) == "CON Welcome\n1. Balance");
  reply.end = true;
  CHECK(reply_body(reply) == "END Welcome\n1. Balance");
}

TEST_CASE("event_from_form reads the notification") {
  const FormFields form{{"sessionId", "ATUid_1"},     {"phoneNumber", "+265991234567"},
                        {"serviceCode", "*3664#"},    {"networkCode", "65001"},
                        {"status", "Success"},        {"cost", "MWK 0.0000"},
                        {"durationInMillis", "2300"}, {"hopsCount", "3"},
                        {"input", "1*1234"},          {"lastAppResponse", "END Bye"},
                        {"errorMessage", ""},         {"date", "2024-05-01 10:00:00"}};
  FormError error;
  const auto event = event_from_form(form, error);
  REQUIRE(event);
  CHECK(event->session_id == "ATUid_1");
  CHECK(event->status == "Success");
  CHECK(event->duration_ms == 2300);
  CHECK(event->hops == 3);
  CHECK(event->input == "1*1234");
  CHECK(event->last_app_response == "END Bye");
  CHECK(event->date == "2024-05-01 10:00:00");
  CHECK_FALSE(event_from_form({{"status", "Success"}}, error));
  CHECK(error.reason == "missing_field");
  CHECK(error.message == "missing field 'sessionId'");
  CHECK_FALSE(event_from_form({{"sessionId", " "}}, error));
  CHECK(error.reason == "empty_field");
}

TEST_CASE("event_from_form keeps malformed text readable and odd counts at 0") {
  const FormFields form{{"sessionId", "ATUid_1"},          {"errorMessage", "bad\xff\xfe end"},
                        {"lastAppResponse", "END Zikomo"},  {"input", "1*\xc3"},
                        {"durationInMillis", "-5"},          {"hopsCount", "99999999999999999999999"}};
  FormError error;
  const auto event = event_from_form(form, error);
  REQUIRE(event);
  CHECK(event->error_message == "bad\xEF\xBF\xBD\xEF\xBF\xBD end");
  CHECK(event->input == "1*\xEF\xBF\xBD");
  CHECK(event->last_app_response == "END Zikomo");
  CHECK(event->duration_ms == 0);
  CHECK(event->hops == 0);
  const auto counted = event_from_form({{"sessionId", "A"}, {"durationInMillis", "1.5"}, {"hopsCount", "3x"}}, error);
  REQUIRE(counted);
  CHECK(counted->duration_ms == 1);
  CHECK(counted->hops == 3);
}
