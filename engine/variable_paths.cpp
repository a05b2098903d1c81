// Which variables have a value on every way to a screen: a `{{attempts_left}}`
// in a prompt shown before the check that gives it passes check_variables
// (something in the file provides it) and shows the customer a blank.
//
// A must-analysis over the forward edges (options, outcomes, routes, next,
// empty): a screen has what every screen leading to it had, plus what that
// edge adds. Back and home only return to a screen already passed on the same
// path, with at least what it had then (values are never cleared), so they can
// be left out. Names are numbered and a screen's are a row of bits: a set of
// strings per screen grew with the square of a long chain of inputs.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "engine/renderer.hpp"
#include "engine/validators.hpp"
#include "engine/variables.hpp"

namespace dialgraph::engine {
namespace {

using Known = std::vector<bool>;  // by the number of a name

class Numbering {
 public:
  std::size_t operator()(const std::string& name) { return ids_.try_emplace(name, ids_.size()).first->second; }
  std::optional<std::size_t> find(std::string_view name) const {
    const auto it = ids_.find(name);
    return it == ids_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  std::size_t size() const { return ids_.size(); }

 private:
  std::map<std::string, std::size_t, std::less<>> ids_;
};

using Ids = std::vector<std::size_t>;

// A way out of a screen and the names taking it gives.
struct Way {
  const Target* target;
  Ids gives;
};

// What the screens of a graph give, numbered: the ways out of each, and what
// each refusal of an input gives its message.
struct Flow {
  Numbering names;
  Ids at_start;
  std::map<std::string, std::vector<Way>, std::less<>> ways;
  std::map<std::pair<std::string, std::string>, Ids> refusals;  // (screen, outcome)
};

void add_values(const Registry& registry, const std::string& action, Numbering& names, Ids& into) {
  if (const ActionSpec* spec = registry.find(action))
    for (const std::string& value : spec->values) into.push_back(names(value));
}

void add_set(const Target& t, Numbering& names, Ids& into) {
  for (const auto& [key, value] : t.set) into.push_back(names(key));
}

bool can_refuse_with(const Validation& v, const Registry& registry, const std::string& outcome) {
  if (v.builtin) {
    const auto outcomes = builtin_outcomes(v.name);
    return std::find(outcomes.begin(), outcomes.end(), outcome) != outcomes.end();
  }
  const ActionSpec* spec = registry.find(v.name);
  return spec && std::find(spec->outcomes.begin(), spec->outcomes.end(), outcome) != spec->outcomes.end();
}

// A refusal's message has what the validators up to the one that refused
// gave: with several that can refuse so, only what all of those ways give.
// The answer itself is saved only once every validator has passed.
Ids refusal_gives(const Screen& s, const Registry& registry, const std::string& outcome, Numbering& names) {
  std::optional<std::set<std::size_t>> common;
  std::set<std::size_t> so_far;
  for (const Validation& v : s.validations) {
    if (!v.builtin) {
      Ids values;
      add_values(registry, v.name, names, values);
      so_far.insert(values.begin(), values.end());
    }
    if (!can_refuse_with(v, registry, outcome)) continue;
    if (!common) {
      common = so_far;
    } else {
      std::set<std::size_t> both;
      for (const std::size_t id : *common)
        if (so_far.contains(id)) both.insert(id);
      common = std::move(both);
    }
  }
  return common ? Ids(common->begin(), common->end()) : Ids{};
}

// A route taken only when its variable has a value: == or in with no empty
// value, or != "". (An unset variable compares as "", and "" < "5" holds, so
// the order comparisons promise nothing.)
bool taken_only_when_set(const Route& route) {
  const bool any_empty = std::find(route.values.begin(), route.values.end(), "") != route.values.end();
  if (route.op == "==" || route.op == "in") return !any_empty;
  return route.op == "!=" && any_empty;
}

// A route passed by only when its variable has a value: == or in with an
// empty value among them ("when: balance ==" to fetch it first), or != with
// a value that is not empty (passed by, it equals that value).
bool passed_only_when_set(const Route& route) {
  const bool any_empty = std::find(route.values.begin(), route.values.end(), "") != route.values.end();
  if (route.op == "==" || route.op == "in") return any_empty;
  return route.op == "!=" && !any_empty;
}

std::vector<Way> ways_out(const Screen& s, const Registry& registry, Numbering& names) {
  std::vector<Way> ways;
  for (const Option& o : s.options) {
    ways.push_back({&o.target, {}});
    add_set(o.target, names, ways.back().gives);
  }
  if (s.type == ScreenType::input || s.type == ScreenType::list) {
    Way next{&s.next, {}};
    if (!s.save.empty()) next.gives.push_back(names(s.type == ScreenType::list ? s.save + "." : s.save));
    for (const Validation& v : s.validations)
      if (!v.builtin) add_values(registry, v.name, names, next.gives);
    add_set(s.next, names, next.gives);
    ways.push_back(std::move(next));
  }
  if (s.type == ScreenType::list) {
    ways.push_back({&s.empty, {}});
    add_set(s.empty, names, ways.back().gives);
  }
  for (const auto& [outcome, t] : s.outcomes) {
    ways.push_back({&t, {}});
    add_values(registry, s.action, names, ways.back().gives);
    add_set(t, names, ways.back().gives);
  }
  Ids passed;  // variables the routes passed by promise
  for (const Route& route : s.routes) {
    Way way{&route.target, passed};
    if (taken_only_when_set(route)) way.gives.push_back(names(route.variable));
    add_set(route.target, names, way.gives);
    ways.push_back(std::move(way));
    if (!route.variable.empty() && passed_only_when_set(route)) passed.push_back(names(route.variable));
  }
  return ways;
}

Flow flow_of(const Graph& graph, const Registry& registry) {
  Flow flow;
  for (const char* name : builtin_variables) flow.at_start.push_back(flow.names(name));
  if (const ActionSpec* caller = registry.find(graph.caller_action))
    for (const std::string& value : caller->values) flow.at_start.push_back(flow.names("caller." + value));
  for (const auto& [id, s] : graph.screens) {
    flow.ways[id] = ways_out(s, registry, flow.names);
    for (const auto& [outcome, failure] : s.failures)
      flow.refusals[{id, outcome}] = refusal_gives(s, registry, outcome, flow.names);
  }
  return flow;
}

Known with(Known known, const Ids& ids) {
  for (const std::size_t id : ids) known[id] = true;
  return known;
}

// Each reachable screen's names with a value on every way there.
std::map<std::string, Known, std::less<>> available(const Graph& graph, const Flow& flow) {
  std::map<std::string, Known, std::less<>> at;
  at[graph.start] = with(Known(flow.names.size()), flow.at_start);
  std::deque<std::string> queue{graph.start};
  while (!queue.empty()) {
    const std::string id = queue.front();
    queue.pop_front();
    const auto ways = flow.ways.find(id);
    if (ways == flow.ways.end()) continue;
    const Known here = at[id];
    for (const Way& way : ways->second) {
      if (way.target->ends()) continue;
      Known arriving = with(here, way.gives);
      auto [slot, first] = at.try_emplace(way.target->screen, arriving);
      if (!first) {
        bool narrowed = false;
        for (std::size_t i = 0; i < arriving.size(); ++i)
          if (slot->second[i] && !arriving[i]) slot->second[i] = false, narrowed = true;
        if (!narrowed) continue;
      }
      queue.push_back(way.target->screen);
    }
  }
  return at;
}

bool has(const Flow& flow, const Known& known, const std::string& variable) {
  if (const auto id = flow.names.find(variable); id && known[*id]) return true;
  const auto dot = variable.find('.');
  if (dot == std::string::npos) return false;
  const auto row = flow.names.find(variable.substr(0, dot + 1));  // a chosen list row
  return row && known[*row];
}

}  // namespace

void check_variables_on_paths(YamlReader& r, const Graph& graph, const Registry& registry,
                              const std::function<bool(const std::string&)>& provided) {
  const Flow flow = flow_of(graph, registry);
  const auto check = [&](const Text& text, const Known& known, const std::string& where) {
    std::set<std::string> reported;
    for (const auto& [language, wording] : text.by_language) {
      std::vector<TemplateError> errors;
      for (const Placeholder& p : placeholders(wording, errors))
        if (provided(p.variable) && !has(flow, known, p.variable) && reported.insert(p.variable).second)
          r.error(text.mark, "{{" + p.variable + "}} in " + where +
                                 " has no value yet on some way there (it is given only after this point, or "
                                 "on other paths): the customer would see a blank");
    }
  };
  for (const auto& reached : available(graph, flow)) {
    const std::string& id = reached.first;
    const Known& here = reached.second;  // a name, not a binding: clang 14 cannot capture those
    const Screen* s = graph.screen(id);
    if (s == nullptr) continue;
    const std::string where = "screen '" + id + "'";
    check(s->text, here, where);
    for (const Option& o : s->options) check(o.label, here, where);
    for (const auto& [outcome, failure] : s->failures)
      check(failure.message, with(here, flow.refusals.at({id, outcome})), where);
    for (const Way& way : flow.ways.at(id)) check(way.target->end_text, with(here, way.gives), where);
  }
}

}  // namespace dialgraph::engine
