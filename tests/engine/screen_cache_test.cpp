#include "engine/screen_cache.hpp"

#include <doctest/doctest.h>

#include "engine/engine.hpp"
#include "fake_actions.hpp"

namespace dialgraph::engine {
namespace {

// Static menus long enough to take several pages, an input screen, a screen
// with a variable, two languages (Chichewa with a non-GSM letter, so UCS-2)
// and a network with a small budget.
constexpr const char* menus = R"(
service: Cache Test
start: home
languages: [en, ny]
screen_limits: {gsm7: 182, ucs2: 80, networks: {"02": {gsm7: 90, ucs2: 78}}}
navigation: {back: "0", home: "00", exit: "9", more: "98", show: [back, home, exit]}
labels:
  back: {en: Back, ny: Bwererani}
  home: {en: Home, ny: Poyambira}
  exit: {en: Exit, ny: Tulukani}
  more: {en: More, ny: Zina}
messages:
  goodbye: {en: Goodbye., ny: Tsalani bwino.}
  invalid_input: {en: Invalid choice., ny: Mwasankha molakwika.}
  error: {en: Sorry., ny: Pepani.}
  timeout: {en: Busy., ny: Tatanganidwa.}
screens:
  home:
    type: menu
    text: {en: Welcome, ny: Takulandirani}
    options:
      - label: {en: English services, ny: Ntchito mu Chingerezi}
        next: services
        set: {language: en}
      - label: {en: Chichewa services, ny: Ntchito mu Chichewa}
        next: services
        set: {language: ny}
      - label: {en: Your name, ny: Dzina lanu}
        next: name
  services:
    type: menu
    text: {en: Services, ny: Ntchito}
    options:
      - label: {en: Pay a bill to a company, ny: Bilu ŵa kampani}
        next: name
      - label: {en: Buy airtime for a phone, ny: Foni ŵina}
        next: name
      - label: {en: Send money to a friend, ny: Tumizani ndalama}
        next: name
      - label: {en: Check the exchange rates, ny: Mitengo ya ndalama}
        next: name
      - label: {en: Find the nearest agent, ny: Wothandizira}
        next: name
      - label: {en: Talk to customer care, ny: Lankhulani nafe}
        next: name
      - label: {en: Read the terms of use, ny: Werengani malamulo}
        next: name
      - label: {en: Leave this menu now, ny: Chokani pano}
        end: {en: Bye., ny: Tsalani.}
  name:
    type: input
    text: {en: "Your name?", ny: "Dzina lanu?"}
    save: name
    next: hello
  hello:
    type: menu
    text: {en: "Hello {{name}}", ny: "Moni {{name}}"}
    options:
      - label: {en: Again, ny: Kachiwiri}
        next: name
)";

std::shared_ptr<const Graph> load(const std::string& text, const Registry& registry) {
  LoadResult loaded = load_menus_text(text, "cache.yaml", registry);
  for (const Diagnostic& d : loaded.diagnostics) MESSAGE(d.str());
  REQUIRE(loaded.ok());
  return loaded.graph;
}

// The same graph with nothing laid out ahead: every screen renders per request.
Graph without_ready_pages(const Graph& graph) {
  Graph copy = graph;
  for (auto& [id, screen] : copy.screens) screen.ready.clear();
  return copy;
}

// Every sequence of up to `depth` inputs drawn from `keys`.
void each_path(const std::vector<std::string>& keys, std::size_t depth, std::vector<std::string>& path,
               const std::function<void(const std::vector<std::string>&)>& visit) {
  visit(path);
  if (path.size() == depth) return;
  for (const std::string& key : keys) {
    path.push_back(key);
    each_path(keys, depth, path, visit);
    path.pop_back();
  }
}

}  // namespace

TEST_CASE("static menu and input screens are laid out ahead; a screen with variables is not") {
  const Registry registry;
  const auto graph = load(menus, registry);
  for (const char* id : {"home", "services", "name"}) {
    CAPTURE(id);
    CHECK(is_static(*graph->screen(id)));
    // 2 languages x 2 budgets x with and without a back line.
    CHECK(graph->screen(id)->ready.size() == 8);
  }
  CHECK_FALSE(is_static(*graph->screen("hello")));
  CHECK(graph->screen("hello")->ready.empty());
  // The long menu takes more than one page on the small budget.
  const ReadyPage first = ready_page(*graph->screen("services"), "ny", Budget{90, 78}, true, 0);
  REQUIRE(first.text != nullptr);
  CHECK(first.more);
  CHECK(ready_page(*graph->screen("services"), "fr", Budget{}, true, 0).text == nullptr);
}

TEST_CASE("a ready page equals the page rendered afresh, in every language, budget and page") {
  const Registry registry;
  testing::MemoryCommandLog commands;
  const auto graph = load(menus, registry);
  const Graph fresh = without_ready_pages(*graph);
  std::vector<std::string> path;
  int compared = 0;
  for (const std::string network : {"", "01", "02"}) {
    each_path({"1", "2", "3", "98", "0", "00", "x"}, 4, path, [&](const std::vector<std::string>& inputs) {
      const Request request{"s1", "+265991000001", "*1#", network, inputs};
      const Reply ready = respond(*graph, registry, commands, request);
      const Reply rendered = respond(fresh, registry, commands, request);
      CAPTURE(network);
      CAPTURE(inputs);
      CHECK(ready.text == rendered.text);
      CHECK(ready.end == rendered.end);
      CHECK(ready.screen == rendered.screen);
      ++compared;
    });
  }
  CHECK(compared > 3 * 2000);
}

TEST_CASE("each graph keeps its own ready pages: a reloaded file shows its new wording") {
  const Registry registry;
  const auto before = load(menus, registry);
  std::string edited = menus;
  edited.replace(edited.find("Welcome"), 7, "Moni and welcome");
  const auto after = load(edited, registry);
  const ReadyPage old_page = ready_page(*before->screen("home"), "en", Budget{}, false, 0);
  const ReadyPage new_page = ready_page(*after->screen("home"), "en", Budget{}, false, 0);
  REQUIRE(old_page.text != nullptr);
  REQUIRE(new_page.text != nullptr);
  CHECK(old_page.text->starts_with("Welcome\n1. English services"));
  CHECK(new_page.text->starts_with("Moni and welcome\n1. English services"));
}

}  // namespace dialgraph::engine
