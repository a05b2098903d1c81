#include "engine/text.hpp"

#include <doctest/doctest.h>

namespace dialgraph::engine {
namespace {

const RenderSettings malawi{120, "MWK"};  // +02:00

std::string render(std::string_view text, std::map<std::string, std::string, std::less<>> scalars,
                   const RenderSettings& settings = malawi) {
  Vars vars;
  vars.scalars = std::move(scalars);
  return render_template(text, vars, settings);
}

std::vector<TemplateError> errors_of(std::string_view text) {
  std::vector<TemplateError> errors;
  placeholders(text, errors);
  return errors;
}

}  // namespace

TEST_CASE("placeholders are found with their variable, filter, argument and offset") {
  std::vector<TemplateError> errors;
  const auto found = placeholders("Hi {{caller.name}}, {{ balance | money }} {{phone|mask:3}}", errors);
  CHECK(errors.empty());
  REQUIRE(found.size() == 3);
  CHECK(found[0].variable == "caller.name");
  CHECK(found[0].filter.empty());
  CHECK(found[0].offset == 3);
  CHECK(found[1].variable == "balance");
  CHECK(found[1].filter == "money");
  CHECK(found[2].filter == "mask");
  CHECK(found[2].argument == "3");
}

TEST_CASE("a text without braces has no placeholders and no errors") {
  std::vector<TemplateError> errors;
  CHECK(placeholders("Welcome to Paymaart {not one}", errors).empty());
  CHECK(errors.empty());
}

TEST_CASE("an unclosed placeholder is reported at its opening braces") {
  const auto errors = errors_of("Balance {{balance");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].offset == 8);
  CHECK(errors[0].message == "'{{' is never closed with '}}'");
}

TEST_CASE("an empty placeholder and a bad variable name are reported") {
  CHECK(errors_of("a {{ }}").at(0).message == "empty placeholder {{}}; write a variable name such as {{balance}}");
  CHECK(errors_of("{{first name}}").at(0).message == "bad variable name 'first name' in placeholder");
}

TEST_CASE("an unknown filter is an error that lists the known ones") {
  const auto errors = errors_of("{{balance|bold}}");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "unknown filter 'bold'; use one of money, date, datetime, time, upper, lower, mask");
  CHECK(is_known_filter("money"));
  CHECK_FALSE(is_known_filter("bold"));
}

TEST_CASE("render replaces variables and renders unknown ones as nothing") {
  CHECK(render("Hello {{name}}!", {{"name", "Chisomo"}}) == "Hello Chisomo!");
  CHECK(render("Hello {{name}}!", {}) == "Hello !");
  CHECK(render("{{a}}{{b}}", {{"a", "1"}, {"b", "2"}}) == "12");
}

TEST_CASE("render leaves an unclosed placeholder as written") {
  CHECK(render("Pay {{amount", {{"amount", "5"}}) == "Pay {{amount");
}

TEST_CASE("an unknown filter renders nothing rather than the raw value") {
  CHECK(render("[{{pin|bold}}]", {{"pin", "1234"}}) == "[]");
}

TEST_CASE("money formats integer tambala as kwacha with thousands separators") {
  CHECK(render("{{m|money}}", {{"m", "0"}}) == "0.00");
  CHECK(render("{{m|money}}", {{"m", "5"}}) == "0.05");
  CHECK(render("{{m|money}}", {{"m", "150000"}}) == "1,500.00");
  CHECK(render("{{m|money}}", {{"m", "100000000"}}) == "1,000,000.00");
  CHECK(render("{{m|money}}", {{"m", "-150"}}) == "-1.50");
  CHECK(render("{{m|money}}", {{"m", "-123456789"}}) == "-1,234,567.89");
}

TEST_CASE("money passes a value that is not a whole number through unchanged") {
  CHECK(render("{{m|money}}", {{"m", "12.5"}}) == "12.5");
  CHECK(render("{{m|money}}", {{"m", ""}}) == "");
}

TEST_CASE("date, datetime and time show epoch seconds in the service's +02:00 offset") {
  const std::map<std::string, std::string, std::less<>> at{{"t", "1700000000"}};  // 2023-11-14 22:13:20 UTC
  CHECK(render("{{t|date}}", at) == "15/11/2023");
  CHECK(render("{{t|time}}", at) == "00:13");
  CHECK(render("{{t|datetime}}", at) == "15/11/2023 00:13");
}

TEST_CASE("the epoch itself is 02:00 on 1 January 1970 in Malawi") {
  CHECK(render("{{t|datetime}}", {{"t", "0"}}) == "01/01/1970 02:00");
}

TEST_CASE("a negative offset can move the date back a day") {
  CHECK(render("{{t|datetime}}", {{"t", "0"}}, RenderSettings{-60, ""}) == "31/12/1969 23:00");
}

TEST_CASE("date filters pass a value that is not a number through unchanged") {
  CHECK(render("{{t|date}}", {{"t", "yesterday"}}) == "yesterday");
}

TEST_CASE("a filter argument is refused unless mask gets a number of characters to show") {
  for (const char* bad : {"{{phone|mask:-3}}", "{{phone|mask:}}", "{{phone|mask:abc}}", "{{phone|mask:100}}"})
    CHECK(errors_of(bad).at(0).message.starts_with("mask takes the number of last characters to show"));
  CHECK(errors_of("{{name|upper:3}}").at(0).message == "filter 'upper' takes no argument (':3')");
  CHECK(errors_of("{{phone|mask:0}}").empty());
  CHECK(errors_of("{{phone|mask}}").empty());
}

TEST_CASE("mask hides all but the last characters, four by default") {
  CHECK(render("{{p|mask}}", {{"p", "+265991234567"}}) == "*********4567");
  CHECK(render("{{p|mask:2}}", {{"p", "123456"}}) == "****56");
  CHECK(render("{{p|mask:4}}", {{"p", "123"}}) == "123");
}

TEST_CASE("upper and lower change the case of ASCII letters only") {
  CHECK(render("{{n|upper}}", {{"n", "Chisomo 1"}}) == "CHISOMO 1");
  CHECK(render("{{n|lower}}", {{"n", "ChISOMO"}}) == "chisomo");
}

TEST_CASE("a value with a letter GSM lacks is shown with its plain form, the author's words as written") {
  CHECK(render("Lipirani {{name}}: ŵ", {{"name", "Ŵamaka Ŵemba"}}) == "Lipirani Wamaka Wemba: ŵ");
}

TEST_CASE("a text falls back to the default language, then to the every-language wording") {
  Text text;
  text.by_language = {{"en", "Hello"}, {"ny", "Moni"}};
  CHECK(text.in("ny", "en") == "Moni");
  CHECK(text.in("fr", "en") == "Hello");
  Text plain;
  plain.by_language = {{"*", "Paymaart"}};
  CHECK(plain.in("ny", "en") == "Paymaart");
  CHECK(Text{}.in("en", "en").empty());
}

// Regression (tests/fuzz, render target: corpus/render/crash-time-offset-overflow):
// an epoch near the int64 limits overflowed when the UTC offset was added (UB).
TEST_CASE("date filters show epochs outside years 1-9999 as they are") {
  const RenderSettings west{-720, ""};
  CHECK(render("{{t|date}}", {{"t", "-9223372036854775807"}}, west) == "-9223372036854775807");
  CHECK(render("{{t|time}}", {{"t", "9223372036854775807"}}) == "9223372036854775807");
  CHECK(render("{{t|datetime}}", {{"t", "253402300800"}}) == "253402300800");
  CHECK(render("{{t|date}}", {{"t", "253402300799"}}, RenderSettings{0, ""}) == "31/12/9999");
  CHECK(render("{{t|date}}", {{"t", "-62135596800"}}, RenderSettings{0, ""}) == "01/01/0001");
}

}  // namespace dialgraph::engine
