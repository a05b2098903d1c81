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
  std::string error;
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
  std::string error;
  const auto request = request_from_form(form, error);
  REQUIRE(request);
  CHECK(request->inputs.empty());
  CHECK(request->network_code.empty());
}

TEST_CASE("request_from_form names the missing field") {
  for (const char* name : {"sessionId", "serviceCode", "phoneNumber", "text"}) {
    auto form = callback_form();
    form.erase(name);
    std::string error;
    CHECK_FALSE(request_from_form(form, error));
    CHECK(error == std::string("missing field '") + name + "'");
  }
  auto form = callback_form();
  form["sessionId"] = "";
  std::string error;
  CHECK_FALSE(request_from_form(form, error));
  CHECK(error == "empty field 'sessionId'");
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
  std::string error;
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
  CHECK(error == "missing field 'sessionId'");
}
