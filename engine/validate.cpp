#include "engine/validate.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "engine/fit_check.hpp"
#include "engine/validators.hpp"
#include "engine/variables.hpp"

namespace dialgraph::engine {
namespace {

const std::vector<std::string> required_messages = {"goodbye", "error", "timeout", "invalid_input"};
const std::vector<std::string> required_labels = {"back", "home", "exit", "more"};

// Calls `visit` for every target in the graph with the screen it belongs to.
template <typename Visit>
void for_each_target(const Graph& graph, Visit visit) {
  for (const auto& [id, s] : graph.screens) {
    for (const Option& o : s.options) visit(s, o.target);
    for (const auto& [outcome, t] : s.outcomes) visit(s, t);
    for (const Route& r : s.routes) visit(s, r.target);
    if (s.type == ScreenType::input || s.type == ScreenType::list) visit(s, s.next);
    if (s.type == ScreenType::list) visit(s, s.empty);
  }
}

std::string closest_screen(const Graph& graph, const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& [name, s] : graph.screens)
    if (!name.empty()) ids.push_back(name);
  const std::string hint = closest_name(id, ids);
  return hint.empty() ? "" : "; did you mean '" + hint + "'?";
}

void check_targets(YamlReader& r, const Graph& graph) {
  if (!graph.start.empty() && !graph.screen(graph.start))
    r.error(graph.start_mark, "start screen '" + graph.start + "' does not exist" + closest_screen(graph, graph.start));
  for_each_target(graph, [&](const Screen& s, const Target& t) {
    if (t.ends() && t.end_text.empty() && t.mark.line > 0) return;  // reported by the parser
    if (!t.ends() && !graph.screen(t.screen))
      r.error(t.mark, "screen '" + s.id + "' leads to '" + t.screen + "', which does not exist" +
                          closest_screen(graph, t.screen));
  });
}

void check_reachable(YamlReader& r, const Graph& graph) {
  std::set<std::string, std::less<>> seen{graph.start};
  std::deque<std::string> queue{graph.start};
  std::map<std::string, std::vector<std::string>, std::less<>> edges;
  for_each_target(graph, [&](const Screen& s, const Target& t) {
    if (!t.ends()) edges[s.id].push_back(t.screen);
  });
  while (!queue.empty()) {
    const std::string id = queue.front();
    queue.pop_front();
    for (const std::string& next : edges[id])
      if (seen.insert(next).second) queue.push_back(next);
  }
  for (const auto& [id, s] : graph.screens)
    if (!seen.contains(id))
      r.error(s.mark, "screen '" + id + "' can never be reached from the start screen '" + graph.start +
                          "'; link to it from another screen or delete it");
}

// The screens a screen passes on to without waiting for the caller: an
// action's outcomes, a router's routes, an empty list's `empty`.
std::vector<const Target*> automatic_targets(const Screen& s) {
  std::vector<const Target*> out;
  if (s.type == ScreenType::action)
    for (const auto& [outcome, t] : s.outcomes) out.push_back(&t);
  if (s.type == ScreenType::router)
    for (const Route& route : s.routes) out.push_back(&route.target);
  if (s.type == ScreenType::list) out.push_back(&s.empty);
  return out;
}

// One input enters at most max_steps screens, which stops a loop at run time;
// `check` finds the loop itself (routers that hand the caller to each other
// with nothing asked between) and a limit below the longest honest chain.
void check_automatic_chains(YamlReader& r, const Graph& graph) {
  enum class State { unseen, visiting, done };
  std::map<std::string, State, std::less<>> state;
  std::map<std::string, int, std::less<>> longest;  // screens entered from here for one input
  std::set<std::string, std::less<>> reported;
  std::vector<std::string> path;
  const std::function<int(const Screen&)> chain = [&](const Screen& s) -> int {
    State& st = state[s.id];
    if (st == State::done) return longest[s.id];
    if (st == State::visiting) {
      const auto from = std::find(path.begin(), path.end(), s.id);
      std::string loop;
      for (auto it = from; it != path.end(); ++it) loop += "'" + *it + "' -> ";
      if (reported.insert(s.id).second)
        r.error(s.mark, "screens " + loop + "'" + s.id + "' pass the caller on to each other without asking "
                        "anything: a loop that ends every session that enters it");
      return 0;
    }
    st = State::visiting;
    path.push_back(s.id);
    int most = 0;
    for (const Target* t : automatic_targets(s))
      if (const Screen* next = t->ends() ? nullptr : graph.screen(t->screen)) most = std::max(most, chain(*next));
    path.pop_back();
    st = State::done;
    return longest[s.id] = 1 + most;
  };
  for (const auto& [id, s] : graph.screens) {
    if (!id.empty()) chain(s);
  }
  if (!reported.empty()) return;
  for (const auto& [id, steps] : longest)
    if (steps > graph.max_steps) {
      r.error(graph.max_steps_mark, "max_steps " + std::to_string(graph.max_steps) + " is below the " +
                                        std::to_string(steps) + " screens one input passes through from '" + id +
                                        "'; raise it");
      return;
    }
}

// An empty or missing `options` is reported by the parser, where the list is.
void check_menu(YamlReader& r, const Screen& s) {
  std::set<std::string> keys;
  for (const Option& o : s.options) {
    if (!keys.insert(o.key).second)
      r.error(o.mark, "menu '" + s.id + "' has two options with key '" + o.key + "'; give each its own key");
    for (const auto& [name, key] : {std::pair{"back", s.nav.back}, {"home", s.nav.home}, {"exit", s.nav.exit},
                                    {"more", s.nav.more}})
      if (o.key == key)
        r.error(o.mark, "option key '" + o.key + "' in menu '" + s.id + "' clashes with the " + name +
                            " key; pick another key or switch " + name + " off with 'nav: {" + name + ": false}'");
  }
}

const ActionSpec* registered(YamlReader& r, const Registry& registry, const std::string& name, Mark at,
                             std::string_view role) {
  if (name.empty()) return nullptr;
  const ActionSpec* spec = registry.find(name);
  if (!spec) {
    const std::string hint = registry.closest(name);
    r.error(at, std::string(role) + " '" + name + "' is not registered" +
                    (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                    " (dialgraph check lists the registered names with --list)");
  }
  return spec;
}

bool declares(const ActionSpec& spec, std::string_view outcome) {
  return std::find(spec.outcomes.begin(), spec.outcomes.end(), outcome) != spec.outcomes.end();
}

void check_action_screen(YamlReader& r, const Registry& registry, const Screen& s) {
  const ActionSpec* spec = registered(r, registry, s.action, s.action_mark, "action");
  if (!spec) return;
  for (const auto& [outcome, target] : s.outcomes)
    if (outcome != "otherwise" && !declares(*spec, outcome))
      r.error(target.mark, "action '" + s.action + "' never ends in outcome '" + outcome + "'");
  if (s.outcomes.contains("otherwise")) return;
  for (const std::string& outcome : spec->outcomes)
    if (!s.outcomes.contains(outcome))
      r.warning(s.mark, "screen '" + s.id + "' does not handle outcome '" + outcome + "' of action '" +
                            s.action + "'; add it or an 'otherwise' branch (it would end with the error message)");
}

void check_input_screen(YamlReader& r, const Registry& registry, const Screen& s) {
  std::set<std::string, std::less<>> refusals{"invalid"};
  for (const Validation& v : s.validations) {
    if (v.builtin) {
      for (const std::string& outcome : builtin_outcomes(v.name)) refusals.insert(outcome);
    } else if (const ActionSpec* spec = registered(r, registry, v.name, v.mark, "validator")) {
      refusals.insert(spec->outcomes.begin(), spec->outcomes.end());
    }
  }
  for (const auto& [outcome, failure] : s.failures)
    if (!refusals.contains(outcome))
      r.error(failure.message.mark, "no validator of screen '" + s.id + "' refuses with '" + outcome + "'");
}

void check_guards(YamlReader& r, const Registry& registry, const Graph& graph) {
  for (const auto& [name, guard] : graph.guards) {
    const ActionSpec* spec = registered(r, registry, guard.action, guard.mark, "guard action");
    if (!spec) continue;
    for (const auto& [outcome, text] : guard.deny)
      if (outcome != "otherwise" && !declares(*spec, outcome))
        r.error(text.mark, "guard action '" + guard.action + "' never ends in outcome '" + outcome + "'");
    // As for an action screen: an outcome with no words ends on the error text,
    // which is what an outcome added to the action later would silently do.
    if (guard.deny.contains("otherwise")) continue;
    for (const std::string& outcome : spec->outcomes)
      if (outcome != "ok" && !guard.deny.contains(outcome))
        r.warning(guard.mark, "guard '" + name + "' does not say why it refuses with outcome '" + outcome +
                                  "' of action '" + guard.action +
                                  "'; add it under 'deny' or an 'otherwise' (it would end with the error message)");
  }
  for (const auto& [id, s] : graph.screens)
    if (!s.guard.empty() && !graph.guards.contains(s.guard))
      r.error(s.guard_mark, "screen '" + id + "' uses guard '" + s.guard + "', which is not defined under 'guards'");
}

void check_required_texts(YamlReader& r, const Graph& graph) {
  for (const std::string& key : required_messages)
    if (!graph.messages.contains(key))
      r.error(graph.messages_mark, "'messages' needs '" + key + "' (the engine shows it when needed)");
  for (const std::string& key : required_labels)
    if (!graph.labels.contains(key)) r.error(graph.labels_mark, "'labels' needs '" + key + "' (used for navigation lines)");
}

}  // namespace

void validate_graph(YamlReader& r, const Graph& graph, const Registry& registry) {
  check_required_texts(r, graph);
  check_targets(r, graph);
  if (graph.screen(graph.start)) check_reachable(r, graph);
  registered(r, registry, graph.caller_action, graph.caller_mark, "caller action");
  check_guards(r, registry, graph);
  for (const auto& [id, s] : graph.screens) {
    if (s.type == ScreenType::menu) check_menu(r, s);
    if (s.type == ScreenType::action) check_action_screen(r, registry, s);
    if (s.type == ScreenType::input) check_input_screen(r, registry, s);
  }
  check_automatic_chains(r, graph);
  check_variables(r, graph, registry);
  check_languages(r, graph);
  check_fit(r, graph);
}

}  // namespace dialgraph::engine
