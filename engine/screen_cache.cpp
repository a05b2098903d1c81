#include "engine/screen_cache.hpp"

#include <algorithm>

#include "engine/renderer.hpp"

namespace dialgraph::engine {
namespace {

bool has_variables(const Text& text) {
  return std::any_of(text.by_language.begin(), text.by_language.end(),
                     [](const auto& entry) { return entry.second.find("{{") != std::string::npos; });
}

// Every language Walk::language() can return.
std::vector<std::string> walk_languages(const Graph& graph) {
  std::vector<std::string> languages = graph.languages;
  if (std::find(languages.begin(), languages.end(), graph.default_language) == languages.end())
    languages.push_back(graph.default_language);
  return languages;
}

std::vector<Budget> all_budgets(const Graph& graph) {
  std::vector<Budget> budgets{graph.budget};
  for (const auto& [network, budget] : graph.network_budgets) budgets.push_back(budget);
  return budgets;
}

// The walk's own steps (walk_render.cpp) on text that needs no rendering: a
// template without "{{" renders as itself.
ReadyPages lay_out(const Screen& screen, const Graph& graph, const std::string& language,
                   const Budget& budget, bool can_go_back) {
  ReadyPages ready{language, budget, can_go_back, {}};
  // As in the walk: away from home unless on the start screen with no history,
  // and history is what makes a back line possible.
  const bool away = can_go_back || screen.id != graph.start;
  const std::string& title = screen.text.in(language, graph.default_language);
  if (screen.type == ScreenType::input) {
    ready.texts.push_back(prompt_text(screen, graph, language, "", title, can_go_back, away, budget));
    return ready;
  }
  std::vector<Row> rows;
  for (const Option& option : screen.options)
    rows.push_back({option.key, option.label.in(language, graph.default_language)});
  for (std::size_t page = 0; page <= rows.size(); ++page) {
    Layout layout = screen_page(screen, graph, language, title, rows, can_go_back, away, page, budget);
    ready.texts.push_back(std::move(layout.text));
    if (!layout.more) break;
  }
  return ready;
}

}  // namespace

bool is_static(const Screen& screen) {
  if (screen.type != ScreenType::menu && screen.type != ScreenType::input) return false;
  if (has_variables(screen.text)) return false;
  return std::none_of(screen.options.begin(), screen.options.end(),
                      [](const Option& option) { return has_variables(option.label); });
}

void lay_out_static_screens(Graph& graph) {
  const auto languages = walk_languages(graph);
  const auto budgets = all_budgets(graph);
  for (auto& [id, screen] : graph.screens) {
    screen.ready.clear();
    if (!is_static(screen)) continue;
    for (const std::string& language : languages)
      for (const Budget& budget : budgets)
        for (const bool can_go_back : {false, true})
          screen.ready.push_back(lay_out(screen, graph, language, budget, can_go_back));
  }
}

ReadyPage ready_page(const Screen& screen, std::string_view language, const Budget& budget,
                     bool can_go_back, std::size_t page) {
  for (const ReadyPages& ready : screen.ready) {
    if (ready.can_go_back != can_go_back || ready.language != language ||
        ready.budget.gsm7 != budget.gsm7 || ready.budget.ucs2 != budget.ucs2)
      continue;
    const std::size_t last = ready.texts.size() - 1;
    return {&ready.texts[std::min(page, last)], page < last};
  }
  return {};
}

}  // namespace dialgraph::engine
