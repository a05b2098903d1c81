#include "engine/engine.hpp"

#include <doctest/doctest.h>

#include "fake_actions.hpp"

namespace dialgraph::engine {
namespace {

const std::string bank_file = DIALGRAPH_ENGINE_FIXTURES "/fixtures/bank.yaml";

// The smallest file that loads; tests append screens or edit a line of it.
const std::string minimal = R"(service: Mini
start: home
languages: [en]
labels: {back: Back, home: Home, exit: Exit, more: More}
messages: {goodbye: Bye., error: Oops., timeout: Busy., invalid_input: Invalid.}
screens:
  home:
    type: menu
    text: Hi
    options:
      - label: Balance
        next: done
  done:
    type: end
    text: Done.
)";

// `minimal` with its end screen's text line replaced by `line`.
std::string with_end_text(const std::string& line) {
  std::string text = minimal;
  text.replace(text.find("text: Done."), 11, line);
  return text;
}

struct Loader {
  testing::FakeBank bank;
  Registry registry = testing::fake_registry(bank);

  LoadResult text(const std::string& yaml) { return load_menus_text(yaml, "m.yaml", registry); }
};

// One diagnostic a line, so that a failed check shows the whole list.
std::string lines_of(const Diagnostics& all) {
  std::string out;
  for (const Diagnostic& d : all) out += d.str() + "\n";
  return out;
}

}  // namespace

TEST_CASE("a diagnostic reads file:line:column: severity: message") {
  CHECK(Diagnostic{Diagnostic::Severity::error, "m.yaml", 3, 5, "bad"}.str() == "m.yaml:3:5: error: bad");
  CHECK(Diagnostic{Diagnostic::Severity::warning, "m.yaml", 1, 1, "hm"}.str() == "m.yaml:1:1: warning: hm");
  CHECK(Diagnostic{Diagnostic::Severity::error, "m.yaml", 0, 0, "whole file"}.str() == "m.yaml: error: whole file");
}

TEST_CASE("the fixture bank loads without errors or warnings") {
  Loader loader;
  const LoadResult result = load_menus(bank_file, loader.registry);
  CHECK(lines_of(result.diagnostics) == "");
  CHECK(result.ok());
}

TEST_CASE("a list may name the row chosen in an earlier list, in its title, rows and after") {
  Loader loader;
  const LoadResult result = load_menus(DIALGRAPH_ENGINE_FIXTURES "/fixtures/two_lists.yaml", loader.registry);
  CHECK(lines_of(result.diagnostics) == "");
  CHECK(result.ok());
}

TEST_CASE("the loaded graph carries the file's settings") {
  Loader loader;
  const auto graph = load_menus(bank_file, loader.registry).graph;
  const Graph& g = *graph;
  CHECK(g.file == bank_file);
  CHECK(g.service == "Test Bank");
  CHECK(g.start == "home");
  CHECK(g.languages == std::vector<std::string>{"en", "ny"});
  CHECK(g.default_language == "en");
  CHECK(g.render.utc_offset_minutes == 120);
  CHECK(g.caller_action == "caller.find");
  CHECK(g.budget.gsm7 == 182);
  CHECK(g.budget.ucs2 == 80);
  CHECK(g.max_inputs == 40);
  CHECK(g.labels.at("more").in("ny", "en") == "Zina");
  CHECK(g.message("goodbye", "ny") == "Tsalani bwino.");
  CHECK(g.guards.at("known").action == "caller.known");
  CHECK(g.guards.at("known").deny.at("unregistered").in("en", "en") == "Not registered.");
  CHECK(g.screens.size() == 11);
}

TEST_CASE("a country code may be written with its plus; a | block's last line break is not shown") {
  Loader loader;
  std::string yaml = minimal;
  yaml.replace(yaml.find("screens:"), 8, "phone: {country_code: \"+265\", national_digits: 9}\nscreens:");
  yaml.replace(yaml.find("    text: Hi\n"), 13, "    text: |\n      Hi\n      there\n");
  const LoadResult loaded = loader.text(yaml);
  REQUIRE_MESSAGE(loaded.ok(), lines_of(loaded.diagnostics));
  CHECK(loaded.graph->country_code == "265");
  CHECK(loaded.graph->screens.at("home").text.in("en", "en") == "Hi\nthere");
}

TEST_CASE("same_as after an answer phone normalised is warned about unless phone comes first") {
  Loader loader;
  const auto with = [&](const std::string& confirm_rules) {
    std::string yaml = minimal;
    yaml.replace(yaml.find("        next: done\n"), 19, "        next: number\n");
    yaml += "  number:\n    type: input\n    text: Number?\n    save: number\n    validate: [phone]\n    next: again\n"
            "  again:\n    type: input\n    text: Again?\n    save: again\n    validate: " + confirm_rules +
            "\n    next: done\n";
    return lines_of(loader.text(yaml).diagnostics);
  };
  CHECK(with("[{same_as: number}]").find("warning: same_as 'number' compares the typed text with an answer that "
                                         "phone stored in its own form") != std::string::npos);
  CHECK(with("[phone, {same_as: number}]") == "");
}

TEST_CASE("menu options are numbered from 1 unless they name their own key") {
  Loader loader;
  const auto graph = load_menus(bank_file, loader.registry).graph;
  const Screen& home = *graph->screen("home");
  CHECK(home.type == ScreenType::menu);
  CHECK(home.guard == "known");
  REQUIRE(home.options.size() == 5);
  CHECK(home.options[0].key == "1");
  CHECK(home.options[0].target.screen == "pin");
  CHECK(home.options[4].key == "5");
  CHECK(home.options[4].target.ends());
  CHECK(home.options[4].target.end_text.in("en", "en") == "Bye from the menu.");
  CHECK(home.nav.exit == "9");
}

TEST_CASE("an input screen keeps its validations, errors and target; 9 is not exit there") {
  Loader loader;
  const auto graph = load_menus(bank_file, loader.registry).graph;
  const Screen& pin = *graph->screen("pin");
  CHECK(pin.type == ScreenType::input);
  CHECK(pin.save == "pin");
  CHECK(pin.secret);
  REQUIRE(pin.validations.size() == 2);
  CHECK(pin.validations[0].name == "pin");
  CHECK(pin.validations[0].builtin);
  CHECK(pin.validations[0].min_length == 4);
  CHECK(pin.validations[1].name == "pin.check");
  CHECK_FALSE(pin.validations[1].builtin);
  CHECK(pin.failures.contains("wrong_pin"));
  CHECK(pin.next.screen == "after_pin");
  CHECK(pin.nav.exit.empty());
  const Screen& amount = *graph->screen("amount");
  CHECK(amount.validations.at(0).min_minor == 100);
  CHECK(amount.validations.at(0).max_minor == 500000);
  CHECK(amount.failures.at("too_large").ends);
}

TEST_CASE("actions, routers and lists keep what they need to run") {
  Loader loader;
  const auto graph = load_menus(bank_file, loader.registry).graph;
  const Screen& send = *graph->screen("send");
  CHECK(send.action == "money.send");
  CHECK(send.outcomes.size() == 2);
  const Screen& router = *graph->screen("after_pin");
  REQUIRE(router.routes.size() == 2);
  CHECK(router.routes[0].variable == "amount");
  CHECK(router.routes[0].op == ">");
  CHECK(router.routes[0].values == std::vector<std::string>{"0"});
  CHECK(router.routes[1].variable.empty());
  const Screen& list = *graph->screen("history_list");
  CHECK(list.items == "items");
  CHECK(list.save == "row");
  CHECK(list.empty.ends());
}

TEST_CASE("marks are 1-based lines and columns of the file") {
  Loader loader;
  const auto graph = loader.text(minimal).graph;
  REQUIRE(graph);
  CHECK(graph->start_mark.line == 2);
  CHECK(graph->start_mark.column == 8);
  CHECK(graph->screen("home")->options[0].target.mark.line == 12);
  CHECK(graph->screen("home")->options[0].target.mark.column == 15);
}

TEST_CASE("the version is a short hash that changes with the content only") {
  Loader loader;
  const std::string version = loader.text(minimal).graph->version;
  CHECK(version.size() == 12);
  CHECK(version.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(loader.text(minimal).graph->version == version);
  CHECK(loader.text(minimal + "# a comment\n").graph->version != version);
  CHECK(load_menus_text(minimal, "other.yaml", loader.registry).graph->version == version);
}

TEST_CASE("a missing translation is a warning that does not stop the file loading") {
  Loader loader;
  std::string two_languages = minimal;
  two_languages.replace(two_languages.find("[en]"), 4, "[en, ny]");
  two_languages.replace(two_languages.find("text: Hi"), 8, "text: {en: Hi}");
  const LoadResult result = loader.text(two_languages);
  CHECK(result.ok());
  CHECK(lines_of(result.diagnostics) ==
        "m.yaml:9:11: warning: screen 'home' has no 'ny' text; 'en' is shown instead\n");
}

TEST_CASE("a guard that does not say why it refuses with one of its action's outcomes is a warning") {
  Loader loader;
  std::string guarded = minimal;
  guarded.replace(guarded.find("screens:"), 8,
                  "guards:\n  known:\n    action: caller.known\n    deny: {}\nscreens:");
  guarded.replace(guarded.find("    type: menu"), 14, "    type: menu\n    guard: known");
  const LoadResult result = loader.text(guarded);
  CHECK(result.ok());
  CHECK(lines_of(result.diagnostics) ==
        "m.yaml:7:3: warning: guard 'known' does not say why it refuses with outcome 'unregistered' of "
        "action 'caller.known'; add it under 'deny' or an 'otherwise' (it would end with the error message)\n");
  guarded.replace(guarded.find("deny: {}"), 8, "deny: {otherwise: Not you.}");
  CHECK(loader.text(guarded).diagnostics.empty());
}

TEST_CASE("every error is reported at once, sorted by line") {
  Loader loader;
  std::string broken = minimal;
  broken.replace(broken.find("next: done"), 10, "next: don");
  broken += "  lost:\n    type: end\n    text: Nobody comes here.\n    colour: red\n";
  const LoadResult result = loader.text(broken);
  CHECK_FALSE(result.ok());
  CHECK(lines_of(result.diagnostics) ==
        "m.yaml:12:15: error: screen 'home' leads to 'don', which does not exist; did you mean 'done'?\n"
        "m.yaml:13:3: error: screen 'done' can never be reached from the start screen 'home'; link to it from "
        "another screen or delete it\n"
        "m.yaml:16:3: error: screen 'lost' can never be reached from the start screen 'home'; link to it from "
        "another screen or delete it\n"
        "m.yaml:19:5: error: unknown field 'colour' in screen 'lost'; expected one of: type, text, guard, nav, "
        "show_nav, options, save, secret, validate, errors, next, action, outcomes, routes, items, item, empty\n");
}

// Regression: the fit check charged every menu for a "98. More" line, so a menu of
// one option with a long title was refused although it can never page.
TEST_CASE("a menu of one option is not charged for a more line it never shows") {
  Loader loader;
  std::string long_title = minimal;
  long_title.replace(long_title.find("text: Hi"), 8, "text: " + std::string(160, 'H'));
  CHECK(lines_of(loader.text(long_title).diagnostics) == "");  // 160 + "\n1. Balance" + "\n9. Exit" = 179
  std::string two_options = long_title;
  two_options.replace(two_options.find("        next: done\n"), 19, "        next: done\n      - label: Send\n        next: done\n");
  CHECK(lines_of(loader.text(two_options).diagnostics) ==
        "m.yaml:7:3: error: screen 'home' with its navigation lines takes 188 of 182 characters in 'en'; shorten it\n");
}

TEST_CASE("a menu that pages only because of one non-GSM character is a warning naming it") {
  Loader loader;
  std::string curly = minimal;
  curly.replace(curly.find("text: Hi"), 8, "text: \"Welcome to Paymaart\u2019s wallet\"");
  std::string options;
  for (const char* label : {"Send money", "Transactions", "Profile", "Update PIN", "Forgot PIN"})
    options += std::string("      - label: ") + label + "\n        next: done\n";
  curly.replace(curly.find("        next: done\n"), 19, "        next: done\n" + options);
  CHECK(lines_of(loader.text(curly).diagnostics) ==
        "m.yaml:7:3: warning: screen 'home' is split into pages in 'en' only because '\u2019' is not in the GSM "
        "7-bit alphabet (a page with any holds 80 characters, not 182); in plain letters, all its options fit on "
        "one page\n");
  std::string straight = curly;
  straight.replace(straight.find("\u2019"), 3, "'");
  CHECK(lines_of(loader.text(straight).diagnostics) == "");
}

TEST_CASE("a ' #' that cuts an unquoted text short is a warning; a comment is not") {
  Loader loader;
  CHECK(lines_of(loader.text(with_end_text("text: Changed. Call #100 anytime")).diagnostics) ==
        "m.yaml:15:25: warning: the text stops before ' #': YAML reads the rest of the line as a comment, so the "
        "customer sees only 'Changed. Call'; put the whole text in quotes\n");
  CHECK(lines_of(loader.text(with_end_text("text: \"Changed. Call #100 anytime\"")).diagnostics) == "");
  CHECK(lines_of(loader.text(with_end_text("text: Done.   # the last screen")).diagnostics) == "");
}

TEST_CASE("a variable written with single braces is a warning") {
  Loader loader;
  CHECK(lines_of(loader.text(with_end_text("text: \"Bye {phone}, {outcome|money} {not_a_variable}\"")).diagnostics) ==
        "m.yaml:15:11: warning: {phone} in screen 'done' has single braces and shows as it is; a variable is "
        "written {{phone}}\n");
}

TEST_CASE("a line indented unlike its block gets a hint about indentation") {
  Loader loader;
  std::string indented = minimal;
  indented.replace(indented.find("        next: done"), 18, "          next: done");
  const std::string reported = lines_of(loader.text(indented).diagnostics);
  CHECK(reported.starts_with("m.yaml:12:15: error: YAML syntax: "));
  CHECK(reported.find("(probably indentation: the keys of one block start in the same column, with spaces; look at "
                      "this line and the lines just above it)") != std::string::npos);
}

TEST_CASE("a file that cannot be opened is one error naming the path") {
  Loader loader;
  const LoadResult result = load_menus("/nonexistent/menus.yaml", loader.registry);
  CHECK_FALSE(result.ok());
  CHECK(lines_of(result.diagnostics) ==
        "/nonexistent/menus.yaml: error: cannot open the menus file; check the path (see --menus)\n");
}

TEST_CASE("an empty file says what a menus file must be") {
  Loader loader;
  const LoadResult result = loader.text("");
  CHECK_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].message == "the menus file must be a map of 'key: value' lines");
}

// Regression (tests/fuzz, menus target: corpus/menus/crash-empty-screen-id*):
// a screen keyed `null:` has an empty id, and the "did you mean" hint for a
// dangling `next` threw from Registry::add instead of giving diagnostics.
TEST_CASE("a screen with an empty id and a dangling next give diagnostics, not an exception") {
  Loader loader;
  LoadResult result;
  CHECK_NOTHROW(result = loader.text("service: S\nstart: nowhere\nlanguages: [en]\nscreens:\n  null:\n"
                                     "    type: menu\n    text: Hi\n    options:\n      - {label: A, next: nowhere}\n"));
  CHECK_FALSE(result.ok());
  CHECK(lines_of(result.diagnostics).find("'nowhere' does not exist") != std::string::npos);
}

}  // namespace dialgraph::engine
