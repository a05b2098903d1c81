// Which variables have a value on every way to a screen: a `{{attempts_left}}`
// in a prompt shown before the check that gives it passes check_variables
// (something in the file provides it) and shows the customer a blank.
//
// A must-analysis over the forward edges (options, outcomes, routes, next,
// empty): a screen has what every screen leading to it had, plus what that
// edge adds. Back and home only return to a screen already passed on the same
// path, with at least what it had then, so they can be left out.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "engine/renderer.hpp"
#include "engine/variables.hpp"

namespace dialgraph::engine {
namespace {

using Names = std::set<std::string, std::less<>>;

void add_values(const Registry& registry, const std::string& action, Names& into) {
  if (const ActionSpec* spec = registry.find(action))
    for (const std::string& value : spec->values) into.insert(value);
}

// What an input's answer, and the registered validators that checked it, add.
Names answered(const Screen& s, const Registry& registry) {
  Names names;
  if (!s.save.empty()) names.insert(s.type == ScreenType::list ? s.save + "." : s.save);
  for (const Validation& v : s.validations)
    if (!v.builtin) add_values(registry, v.name, names);
  return names;
}

Names with(Names names, const Names& more) {
  names.insert(more.begin(), more.end());
  return names;
}

Names with(Names names, const Target& t) {
  for (const auto& [key, value] : t.set) names.insert(key);
  return names;
}

// Calls `visit(target, added)` for every way out of `s` and what taking it adds.
template <typename Visit>
void for_each_way_out(const Screen& s, const Registry& registry, Visit visit) {
  for (const Option& o : s.options) visit(o.target, with({}, o.target));
  if (s.type == ScreenType::input || s.type == ScreenType::list) visit(s.next, with(answered(s, registry), s.next));
  if (s.type == ScreenType::list) visit(s.empty, with({}, s.empty));
  Names action_values;
  add_values(registry, s.action, action_values);
  for (const auto& [outcome, t] : s.outcomes) visit(t, with(action_values, t));
  // A route taken only when its variable has a value gives it that value's
  // certainty; so do the routes after one taken when it has none
  // (`when: balance ==` to fetch it first, then the rest show it).
  Names known;
  for (const Route& route : s.routes) {
    const bool any_empty = std::find(route.values.begin(), route.values.end(), "") != route.values.end();
    const bool only_when_set = !route.variable.empty() && (route.op == "!=" ? any_empty : !any_empty);
    Names added = with(known, route.target);
    if (only_when_set) added.insert(route.variable);
    visit(route.target, added);
    if (!route.variable.empty() && (route.op == "==" || route.op == "in") && route.values == std::vector<std::string>{""})
      known.insert(route.variable);
  }
}

// Each reachable screen's variables with a value on every way there.
std::map<std::string, Names, std::less<>> available(const Graph& graph, const Registry& registry) {
  std::map<std::string, Names, std::less<>> at;
  Names start(std::begin(builtin_variables), std::end(builtin_variables));
  if (const ActionSpec* caller = registry.find(graph.caller_action))
    for (const std::string& value : caller->values) start.insert("caller." + value);
  at[graph.start] = start;
  std::deque<std::string> queue{graph.start};
  while (!queue.empty()) {
    const Screen* s = graph.screen(queue.front());
    const Names here = at[queue.front()];
    queue.pop_front();
    if (s == nullptr) continue;
    for_each_way_out(*s, registry, [&](const Target& t, const Names& added) {
      if (t.ends()) return;
      const Names arriving = with(here, added);
      auto [slot, first] = at.try_emplace(t.screen, arriving);
      if (!first) {
        Names both;
        for (const std::string& name : slot->second)
          if (arriving.contains(name)) both.insert(name);
        if (both.size() == slot->second.size()) return;
        slot->second = std::move(both);
      }
      queue.push_back(t.screen);
    });
  }
  return at;
}

bool has(const Names& names, const std::string& variable) {
  if (names.contains(variable)) return true;
  const auto dot = variable.find('.');
  return dot != std::string::npos && names.contains(variable.substr(0, dot + 1));  // a chosen list row
}

void check_text(YamlReader& r, const Text& text, const Names& names, const std::string& where,
                const std::function<bool(const std::string&)>& provided) {
  std::set<std::string> reported;
  for (const auto& [language, wording] : text.by_language) {
    std::vector<TemplateError> errors;
    for (const Placeholder& p : placeholders(wording, errors))
      if (provided(p.variable) && !has(names, p.variable) && reported.insert(p.variable).second)
        r.error(text.mark, "{{" + p.variable + "}} in " + where +
                               " has no value yet on some way there (it is given only after this point, or "
                               "on other paths): the customer would see a blank");
  }
}

}  // namespace

void check_variables_on_paths(YamlReader& r, const Graph& graph, const Registry& registry,
                              const std::function<bool(const std::string&)>& provided) {
  for (const auto& reached : available(graph, registry)) {
    const std::string& id = reached.first;
    const Names& here = reached.second;  // a name, not a binding: clang 14 cannot capture those
    const Screen* s = graph.screen(id);
    if (s == nullptr) continue;
    const std::string where = "screen '" + id + "'";
    check_text(r, s->text, here, where, provided);
    for (const Option& o : s->options) check_text(r, o.label, here, where, provided);
    for (const auto& [outcome, failure] : s->failures)
      check_text(r, failure.message, with(here, answered(*s, registry)), where, provided);
    for_each_way_out(*s, registry, [&](const Target& t, const Names& added) {
      check_text(r, t.end_text, with(here, added), where, provided);
    });
  }
}

}  // namespace dialgraph::engine
