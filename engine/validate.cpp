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

using Edges = std::map<std::string, std::vector<std::string>, std::less<>>;

// Screen -> the screens its options, outcomes, routes and next lead to.
Edges edges_of(const Graph& graph) {
  Edges edges;
  for_each_target(graph, [&](const Screen& s, const Target& t) {
    if (!t.ends()) edges[s.id].push_back(t.screen);
  });
  return edges;
}

// The screens reachable from `from`, itself included.
std::set<std::string, std::less<>> reachable_from(const Edges& edges, const std::string& from) {
  std::set<std::string, std::less<>> seen{from};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    const std::string id = queue.front();
    queue.pop_front();
    if (const auto out = edges.find(id); out != edges.end())
      for (const std::string& next : out->second)
        if (seen.insert(next).second) queue.push_back(next);
  }
  return seen;
}

void check_reachable(YamlReader& r, const Graph& graph) {
  const auto seen = reachable_from(edges_of(graph), graph.start);
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
      std::vector<std::string> cycle(from, path.end());
      cycle.push_back(s.id);
      // A `set:` on the way round, or an action whose values the routers may
      // test ("fetch the balance if it is not loaded yet"), can change what
      // the next pass decides: max_steps guards those at run time.
      bool sets = false;
      for (std::size_t i = 0; i + 1 < cycle.size(); ++i) {
        sets = sets || graph.screen(cycle[i])->type == ScreenType::action;
        for (const Target* t : automatic_targets(*graph.screen(cycle[i])))
          sets = sets || (t->screen == cycle[i + 1] && !t->set.empty());
      }
      std::string loop;
      for (std::size_t i = 0; i + 1 < cycle.size(); ++i) loop += "'" + cycle[i] + "' -> ";
      if (!sets && reported.insert(s.id).second)
        r.error(s.mark, "routers " + loop + "'" + s.id + "' pass the caller on to each other without asking "
                        "anything, running an action or setting a value: a loop that ends every session that enters it");
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

// Every screen a caller can reach must leave them a way to end the session:
// an option or outcome that ends, the exit key, or home or back to a screen
// that has one. A menu with them all switched off and options leading only to
// itself holds the caller until the input limit.
void check_ways_out(YamlReader& r, const Graph& graph, const Edges& edges) {
  const auto waits = [](const Screen& s) {
    return s.type == ScreenType::menu || s.type == ScreenType::input || s.type == ScreenType::list;
  };
  Edges predecessors;
  for (const auto& [from, targets] : edges)
    for (const std::string& to : targets) predecessors[to].push_back(from);
  // Back goes to the last screen that waited for the caller: a predecessor,
  // or one before the routers and actions that led here.
  const auto waiting_before = [&](const std::string& id) {
    std::set<std::string, std::less<>> found, seen{id};
    std::deque<std::string> queue{id};
    while (!queue.empty()) {
      const auto before = predecessors.find(queue.front());
      queue.pop_front();
      if (before == predecessors.end()) continue;
      for (const std::string& p : before->second) {
        const Screen* screen = graph.screen(p);
        if (!screen || !seen.insert(p).second) continue;
        if (waits(*screen)) found.insert(p);
        else queue.push_back(p);
      }
    }
    return found;
  };
  // Computed once: the fixpoint below asks for them on every pass.
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> back_to;
  for (const auto& [id, s] : graph.screens)
    if (waits(s) && !s.nav.back.empty()) back_to[id] = waiting_before(id);
  std::set<std::string, std::less<>> can_end, with_ending_target;
  for_each_target(graph, [&](const Screen& s, const Target& t) {
    if (t.ends()) with_ending_target.insert(s.id);
  });
  const auto ends_here = [&](const Screen& s) {
    if (s.type == ScreenType::end || (waits(s) && !s.nav.exit.empty()) || with_ending_target.contains(s.id)) return true;
    return std::any_of(s.failures.begin(), s.failures.end(), [](const auto& f) { return f.second.ends; });
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [id, s] : graph.screens) {
      if (id.empty() || can_end.contains(id)) continue;
      bool out = ends_here(s);
      if (const auto next = edges.find(id); !out && next != edges.end())
        out = std::any_of(next->second.begin(), next->second.end(), [&](const std::string& t) { return can_end.contains(t); });
      if (!out && waits(s)) {
        out = !s.nav.home.empty() && id != graph.start && can_end.contains(graph.start);
        if (const auto back = back_to.find(id); !out && back != back_to.end())
          out = std::any_of(back->second.begin(), back->second.end(), [&](const std::string& p) { return can_end.contains(p); });
      }
      if (out) grew = can_end.insert(id).second || grew;
    }
  }
  // Only screens that wait: a router or an action without a way out is a loop,
  // or lacks its outcomes, or leads to such a screen, each reported on its own.
  for (const std::string& id : reachable_from(edges, graph.start))
    if (const Screen* s = graph.screen(id); s && waits(*s) && !can_end.contains(id))
      r.error(s->mark, "screen '" + id + "' leaves the caller no way to end the session: nothing it leads to "
                       "ends, and exit, home and back are off or lead only to screens like it");
}

// same_as names an answer the caller gave before this screen: one saved only
// on screens after it would refuse every input.
void check_same_as_order(YamlReader& r, const Graph& graph, const Registry& registry, const Edges& edges) {
  const AnswerOnly answer_only(graph, registry);
  for (const auto& [id, s] : graph.screens)
    for (const Validation& v : s.validations) {
      if (v.name != "same_as" || v.other.empty() || v.other == s.save) continue;
      if (!answer_only(v.other)) continue;  // an action may give it before
      std::vector<std::string> savers;
      for (const auto& [other_id, other] : graph.screens)
        if (other.type == ScreenType::input && other.save == v.other) savers.push_back(other_id);
      if (savers.empty()) continue;  // provided otherwise, or by nothing (check_variables)
      const std::string& screen_id = id;  // clang 14 cannot capture a structured binding
      const bool asked_before = std::any_of(savers.begin(), savers.end(), [&](const std::string& saver) {
        return reachable_from(edges, saver).contains(screen_id);
      });
      if (!asked_before)
        r.error(v.mark, "same_as '" + v.other + "' in screen '" + id + "' names an answer asked only after this "
                        "screen: every input would be refused");
      // phone and amount keep an answer in another form (+265..., tambala):
      // the repeat must pass the same one first to compare like with like.
      for (const std::string& saver : savers)
        for (const Validation& normalising : graph.screen(saver)->validations) {
          if (normalising.name != "phone" && normalising.name != "amount") continue;
          const auto before = std::find_if(s.validations.begin(), s.validations.end(),
                                           [&](const Validation& mine) { return &mine == &v || mine.name == normalising.name; });
          if (before == s.validations.end() || &*before == &v)
            r.warning(v.mark, "same_as '" + v.other + "' compares the typed text with an answer that " +
                                  normalising.name + " stored in its own form, so they never match; list " +
                                  normalising.name + " before same_as");
        }
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
    std::vector<std::string> candidates = registry.names();
    if (role == "validator")  // `pn` for the built-in `pin`
      for (const std::string& builtin : builtin_validator_names()) candidates.push_back(builtin);
    const std::string hint = closest_name(name, candidates);
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
  if (graph.screen(graph.start)) {
    check_reachable(r, graph);
    const Edges edges = edges_of(graph);
    check_ways_out(r, graph, edges);
    check_same_as_order(r, graph, registry, edges);
  }
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
