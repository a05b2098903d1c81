#include "engine/fit_check.hpp"

#include <algorithm>

#include "engine/gsm.hpp"
#include "engine/renderer.hpp"
#include "engine/variables.hpp"

namespace dialgraph::engine {
namespace {

struct NamedBudget {
  std::string name;  // "" for the default, else "network 65010"
  Budget budget;
};

std::vector<NamedBudget> all_budgets(const Graph& graph) {
  std::vector<NamedBudget> out{{"", graph.budget}};
  for (const auto& [network, budget] : graph.network_budgets) out.push_back({"network " + network, budget});
  return out;
}

// The wording with its placeholders left out: what every rendering contains at least.
std::string static_part(const Text& text, const std::string& language, const Graph& graph) {
  return render_template(text.in(language, graph.default_language), Vars{}, graph.render);
}

std::string where(const std::string& language, const NamedBudget& b) {
  return " in '" + language + "'" + (b.name.empty() ? "" : " on " + b.name);
}

// Names the character behind a UCS-2 budget: it is often one accent the author
// can spell differently, rather than a text to shorten.
void report(YamlReader& r, Mark at, const std::string& what, const std::string& text,
            const std::string& language, const NamedBudget& b) {
  const ScreenSize size = measure(text);
  const int limit = size.gsm7 ? b.budget.gsm7 : b.budget.ucs2;
  const std::string ucs2 = size.gsm7 ? "" : " (UCS-2, because '" + first_non_gsm(text) + "' is not in the GSM 7-bit alphabet)";
  r.error(at, what + " takes " + std::to_string(size.units) + " of " + std::to_string(limit) + " characters" +
                  where(language, b) + ucs2 + "; shorten it");
}

// The smallest page a menu or list can show with its row `option` (the
// first row of a list, whose rows come at run time): title, that row, "more"
// and navigation; a later page also has the back line, which turns the page.
// A menu of one option never pages, so it has no "more" line to count.
std::string smallest_page(const Screen& s, const Graph& graph, const std::string& language, std::size_t option) {
  std::vector<std::string> lines{static_part(s.text, language, graph)};
  if (s.type == ScreenType::menu && option < s.options.size())
    lines.push_back(row_line({s.options[option].key, static_part(s.options[option].label, language, graph)}));
  const auto more = graph.labels.find("more");
  // The last option's page has nothing after it to page to.
  const bool may_page = s.type == ScreenType::list || (s.options.size() > 1 && option + 1 < s.options.size());
  if (more != graph.labels.end() && may_page)
    lines.push_back(row_line({s.nav.more, more->second.in(language, graph.default_language)}));
  const bool away = s.id != graph.start;
  for (const Row& row : nav_rows(s, graph, language, away || option > 0, away)) lines.push_back(row_line(row));
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// A menu with every option on its first page, which needs no "more" line.
std::string one_page(const Screen& s, const Graph& graph, const std::string& language) {
  std::string out = static_part(s.text, language, graph);
  for (const Option& o : s.options) out += "\n" + row_line({o.key, static_part(o.label, language, graph)});
  const bool away = s.id != graph.start;
  for (const Row& row : nav_rows(s, graph, language, away, away)) out += "\n" + row_line(row);
  return out;
}

// A menu's title is cut at run time to keep its options on one page: fine for
// a name in {{variables}}, but the author's own wording must fit whole. (Under
// the invalid-choice line it may give way, as a list's title does.) True when
// it reported.
bool check_menu_title(YamlReader& r, const Screen& s, const Graph& graph, const std::string& language,
                      const NamedBudget& b) {
  const std::string& wording = s.text.in(language, graph.default_language);
  if (wording.empty() || static_part(s.text, language, graph) != wording || !graph.labels.contains("more"))
    return false;
  std::vector<Row> rows;
  for (const Option& o : s.options) rows.push_back({o.key, static_part(o.label, language, graph)});
  // With and without a back line (a menu first reached through routers has
  // none; with one, the menu may page rather than cut): only a title cut
  // either way is certainly the author's to shorten.
  const bool away = s.id != graph.start;
  for (const bool back : {false, true})
    if (screen_page(s, graph, language, wording, rows, back, away, 0, b.budget).text.starts_with(wording))
      return false;
  report(r, s.text.mark, "screen '" + s.id + "' would be cut to keep its options on one page: it",
         one_page(s, graph, language), language, b);
  return true;
}

// A menu that pages only because one character needs UCS-2, where a page holds
// far fewer characters: often a curly apostrophe pasted from a word processor
// or an emoji, which the author would rather change than see the menu split.
void check_paged_by_ucs2(YamlReader& r, const Screen& s, const Graph& graph, const std::string& language,
                         const NamedBudget& b) {
  const std::string page = one_page(s, graph, language);
  if (measure(page).gsm7 || fits(page, b.budget) || !fits(fold_to_gsm(page), b.budget)) return;
  const std::string first = first_non_gsm(page);
  std::string others = page;  // the page without that character: any other?
  for (auto at = others.find(first); at != std::string::npos; at = others.find(first)) others.erase(at, first.size());
  const bool only = first_non_gsm(others).empty();
  r.warning(s.mark, "screen '" + s.id + "' is split into pages" + where(language, b) + " only because '" + first +
                        "'" + (only ? " is" : " and other characters are") +
                        " not in the GSM 7-bit alphabet (a page with any holds " + std::to_string(b.budget.ucs2) +
                        " characters, not " + std::to_string(b.budget.gsm7) +
                        "); in plain letters, all its options fit on one page");
}

// The start screen shows no back or home line.
std::string input_screen(const Screen& s, const Graph& graph, const std::string& language) {
  std::string out = static_part(s.text, language, graph);
  const bool away = s.id != graph.start;
  for (const Row& row : nav_rows(s, graph, language, away, away)) out += "\n" + row_line(row);
  return out;
}

// An input refused asks again with the error line above it, both fixed text:
// together they must fit too, or the phone shows the error cut short and no
// prompt. Text with {{variables}} is measured without them, as elsewhere.
void check_under_errors(YamlReader& r, const Screen& s, const Graph& graph, const std::string& language,
                        const NamedBudget& b) {
  const std::string screen = input_screen(s, graph, language);
  std::vector<std::pair<std::string, const Text*>> errors;
  for (const auto& [outcome, failure] : s.failures)
    if (!failure.ends) errors.emplace_back(outcome, &failure.message);
  const auto fallback = graph.messages.find("invalid_input");
  if (!s.failures.contains("invalid") && fallback != graph.messages.end())
    errors.emplace_back("invalid_input", &fallback->second);
  for (const auto& [outcome, text] : errors) {
    const std::string page = static_part(*text, language, graph) + "\n" + screen;
    if (!fits(page, b.budget)) {
      report(r, text->mark, "screen '" + s.id + "' under its error '" + outcome + "'", page, language, b);
      return;
    }
  }
}

}  // namespace

void check_fit(YamlReader& r, const Graph& graph) {
  const auto budgets = all_budgets(graph);
  for (const std::string& language : graph.languages) {
    for (const NamedBudget& b : budgets) {
      for_each_text(graph, [&](const Text& text, const std::string& what) {
        if (text.empty()) return;
        const std::string part = static_part(text, language, graph);
        if (!fits(part, b.budget)) report(r, text.mark, "the text of " + what, part, language, b);
      });
      for (const auto& [id, s] : graph.screens) {
        std::vector<std::string> pages;
        if (s.type == ScreenType::list) pages.push_back(smallest_page(s, graph, language, 0));
        if (s.type == ScreenType::menu && !fits(one_page(s, graph, language), b.budget))
          for (std::size_t i = 0; i < std::max<std::size_t>(1, s.options.size()); ++i)
            pages.push_back(smallest_page(s, graph, language, i));
        if (s.type == ScreenType::input) pages.push_back(input_screen(s, graph, language));
        // The first page that cannot fit, once per screen.
        const auto page = std::find_if(pages.begin(), pages.end(), [&](const std::string& p) { return !fits(p, b.budget); });
        if (page != pages.end()) report(r, s.mark, "screen '" + id + "' with its navigation lines", *page, language, b);
        if (s.type == ScreenType::input && page == pages.end()) check_under_errors(r, s, graph, language, b);
        if (s.type == ScreenType::menu && page == pages.end() && !check_menu_title(r, s, graph, language, b))
          check_paged_by_ucs2(r, s, graph, language, b);
      }
    }
  }
}

}  // namespace dialgraph::engine
