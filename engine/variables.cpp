#include "engine/variables.hpp"

#include <map>
#include <optional>
#include <regex>
#include <set>

namespace dialgraph::engine {
namespace {

using Names = std::set<std::string, std::less<>>;

void add_spec_values(const Registry& registry, const std::string& action, const std::string& prefix,
                     Names& into) {
  if (const ActionSpec* spec = registry.find(action))
    for (const std::string& value : spec->values) into.insert(prefix + value);
}

bool is_provided(const std::string& name, const Names& names, const Names& row_prefixes) {
  if (names.contains(name)) return true;
  for (const std::string& prefix : row_prefixes)
    if (name.starts_with(prefix)) return true;
  return false;
}

// Every variable some step of the graph can provide, and the list-row prefixes;
// with `with_set` false, those only `set:` provides are left out, with
// `with_inputs` false those only an input's answer provides.
Names provided_variables(const Graph& graph, const Registry& registry, Names& row_prefixes, bool with_set = true,
                         bool with_inputs = true) {
  Names names(std::begin(builtin_variables), std::end(builtin_variables));
  add_spec_values(registry, graph.caller_action, "caller.", names);
  for (const auto& [id, s] : graph.screens) {
    if (s.type == ScreenType::input && with_inputs) names.insert(s.save);
    if (s.type == ScreenType::list && !s.save.empty()) row_prefixes.insert(s.save + ".");
    for (const Validation& v : s.validations)
      if (!v.builtin) add_spec_values(registry, v.name, "", names);
    if (s.type == ScreenType::action) add_spec_values(registry, s.action, "", names);
  }
  if (with_set)
    for_each_target(graph, [&](const Screen&, const Target& t) {
      for (const auto& [key, value] : t.set) names.insert(key);
    });
  return names;
}

// The values `set:` gives each variable that nothing else provides: a router
// comparing one with any other value compares with a typo.
std::map<std::string, Names, std::less<>> set_only_values(const Graph& graph, const Registry& registry) {
  Names row_prefixes;
  const Names elsewhere = provided_variables(graph, registry, row_prefixes, false);
  std::map<std::string, Names, std::less<>> values;
  for_each_target(graph, [&](const Screen&, const Target& t) {
    for (const auto& [key, value] : t.set)
      if (!is_provided(key, elsewhere, row_prefixes)) values[key].insert(value);
  });
  return values;
}

// A router's ==, != or in comparing a variable only `set:` gives with a value
// it never gets: `when: flow == balanse` would never be true.
void check_set_values(YamlReader& r, const Graph& graph, const Registry& registry) {
  const auto values = set_only_values(graph, registry);
  for (const auto& [id, s] : graph.screens)
    for (const Route& route : s.routes) {
      const auto given = values.find(route.variable);
      if (given == values.end() || (route.op != "==" && route.op != "!=" && route.op != "in")) continue;
      const std::vector<std::string> options(given->second.begin(), given->second.end());
      for (const std::string& value : route.values) {
        // "" is what a variable no step has set yet compares as.
        if (value.empty() || given->second.contains(value)) continue;
        std::string list;
        for (const std::string& v : options) list += (list.empty() ? "" : ", ") + v;
        const std::string close = closest_name(value, options);
        r.error(route.mark, "router '" + id + "' compares '" + route.variable + "' with '" + value +
                                "', which no 'set:' gives it (it gets: " + list + ")" +
                                (close.empty() ? "" : "; did you mean '" + close + "'?"));
      }
    }
}


// The lists the graph's actions return, each with its rows' fields (empty when
// an action that returns it does not declare them: then they are not checked).
std::map<std::string, std::optional<Names>, std::less<>> provided_lists(const Graph& graph, const Registry& registry) {
  std::map<std::string, std::optional<Names>, std::less<>> lists;
  const auto add = [&](const std::string& action) {
    const ActionSpec* spec = registry.find(action);
    if (!spec) return;
    for (const std::string& list : spec->lists) {
      auto [it, first] = lists.try_emplace(list, Names{});
      if (spec->row_fields.empty()) it->second.reset();
      else if (it->second) it->second->insert(spec->row_fields.begin(), spec->row_fields.end());
    }
  };
  for (const auto& [id, s] : graph.screens) {
    if (s.type == ScreenType::action) add(s.action);
    for (const Validation& v : s.validations)
      if (!v.builtin) add(v.name);
  }
  return lists;
}

std::string joined(const std::map<std::string, std::optional<Names>, std::less<>>& lists) {
  std::string out;
  for (const auto& [name, fields] : lists) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

// A list screen's `items` names a list an action of the graph returns, and its
// item template and the chosen row's fields (save.field) name fields its rows
// have. A typo there passes every other check and shows an empty list or a
// blank where the amount was.
void check_lists(YamlReader& r, const Graph& graph, const Registry& registry, const Names& names,
                 const Names& row_prefixes) {
  const auto lists = provided_lists(graph, registry);
  // "txn." -> the fields of the rows saved under it (lists sharing a save name
  // pool theirs); a prefix any of whose lists has undeclared fields is left out.
  std::map<std::string, std::optional<Names>, std::less<>> fields_by_prefix;
  for (const auto& [id, s] : graph.screens) {
    if (s.type != ScreenType::list) continue;
    const auto list = lists.find(s.items);
    if (list == lists.end()) {
      r.error(s.mark, "list '" + s.items + "' of screen '" + id + "' is returned by no action of this file (they return: " +
                          joined(lists) + ")");
      continue;
    }
    if (!s.save.empty()) {
      auto [pooled, first] = fields_by_prefix.try_emplace(s.save + ".", Names{});
      if (!list->second) pooled->second.reset();
      else if (pooled->second) pooled->second->insert(list->second->begin(), list->second->end());
    }
    if (!list->second) continue;
    const Names& fields = *list->second;
    for (const auto& [language, wording] : s.item.by_language) {
      std::vector<TemplateError> errors;
      for (const Placeholder& p : placeholders(wording, errors))
        if (!fields.contains(p.variable) && !is_provided(p.variable, names, row_prefixes))
          r.error(s.item.mark, "{{" + p.variable + "}} in the item of screen '" + id + "' is no field of a '" +
                                   s.items + "' row nor any other variable");
    }
  }
  for_each_text(graph, [&](const Text& text, const std::string& where) {
    for (const auto& [language, wording] : text.by_language) {
      std::vector<TemplateError> errors;
      for (const Placeholder& p : placeholders(wording, errors))
        for (const auto& [prefix, fields] : fields_by_prefix)
          if (fields && p.variable.starts_with(prefix) && !fields->contains(p.variable.substr(prefix.size())))
            r.error(text.mark, "{{" + p.variable + "}} in " + where + ": a chosen row has no field '" +
                                   p.variable.substr(prefix.size()) + "'");
    }
  });
  for (const auto& [id, s] : graph.screens)
    for (const Route& route : s.routes)
      for (const auto& [prefix, fields] : fields_by_prefix)
        if (fields && route.variable.starts_with(prefix) && !fields->contains(route.variable.substr(prefix.size())))
          r.error(route.mark, "router '" + id + "' tests '" + route.variable + "': a chosen row has no field '" +
                                  route.variable.substr(prefix.size()) + "'");
}


}  // namespace

AnswerOnly::AnswerOnly(const Graph& graph, const Registry& registry)
    : elsewhere_(provided_variables(graph, registry, row_prefixes_, true, false)) {}

bool AnswerOnly::operator()(const std::string& name) const { return !is_provided(name, elsewhere_, row_prefixes_); }

void for_each_text(const Graph& graph, const std::function<void(const Text&, const std::string&)>& visit) {
  for (const auto& [key, text] : graph.messages) visit(text, "message '" + key + "'");
  for (const auto& [key, text] : graph.labels) visit(text, "label '" + key + "'");
  for (const auto& [name, guard] : graph.guards)
    for (const auto& [outcome, text] : guard.deny) visit(text, "guard '" + name + "'");
  for (const auto& [id, s] : graph.screens) {
    const std::string where = "screen '" + id + "'";
    visit(s.text, where);
    for (const Option& o : s.options) {
      visit(o.label, where);
      visit(o.target.end_text, where);
    }
    for (const auto& [outcome, failure] : s.failures) visit(failure.message, where);
    for (const auto& [outcome, t] : s.outcomes) visit(t.end_text, where);
    for (const Route& route : s.routes) visit(route.target.end_text, where);
    visit(s.next.end_text, where);
    visit(s.empty.end_text, where);
  }
}

// `{balance|money}`: a variable written with single braces shows as it is.
std::optional<std::string> single_braced(const std::string& wording, const Names& names, const Names& row_prefixes) {
  static const std::regex braced(R"((^|[^{])\{([A-Za-z_][A-Za-z0-9_.]*)(\|[a-z_]+)?\}($|[^}]))");
  for (auto it = std::sregex_iterator(wording.begin(), wording.end(), braced); it != std::sregex_iterator(); ++it)
    if (is_provided((*it)[2].str(), names, row_prefixes)) return (*it)[2].str() + (*it)[3].str();
  return std::nullopt;
}

void check_variables(YamlReader& r, const Graph& graph, const Registry& registry) {
  Names row_prefixes;
  const Names names = provided_variables(graph, registry, row_prefixes);
  for_each_text(graph, [&](const Text& text, const std::string& where) {
    for (const auto& [language, wording] : text.by_language) {
      if (const auto braced = single_braced(wording, names, row_prefixes))
        r.warning(text.mark, "{" + *braced + "} in " + where + " has single braces and shows as it is; a variable is "
                                 "written {{" + *braced + "}}");
      std::vector<TemplateError> errors;
      for (const Placeholder& p : placeholders(wording, errors))
        if (!is_provided(p.variable, names, row_prefixes))
          r.error(text.mark, "{{" + p.variable + "}} in " + where +
                                 " is not provided by any input, action, caller value or 'set'");
      for (const TemplateError& e : errors) r.error(text.mark, e.message + " in " + where);
    }
  });
  for (const auto& [id, s] : graph.screens) {
    for (const auto& [language, wording] : s.item.by_language) {
      std::vector<TemplateError> errors;
      placeholders(wording, errors);
      for (const TemplateError& e : errors) r.error(s.item.mark, e.message + " in screen '" + id + "'");
    }
    for (const Route& route : s.routes)
      if (!route.variable.empty() && !is_provided(route.variable, names, row_prefixes))
        r.error(route.mark, "router '" + id + "' tests '" + route.variable + "', which nothing provides");
    for (const Validation& v : s.validations)
      if (v.name == "same_as" && !v.other.empty() && (v.other == s.save || !is_provided(v.other, names, row_prefixes)))
        r.error(v.mark, "same_as '" + v.other + "' in screen '" + id + "' names " +
                            (v.other == s.save ? "the screen's own answer, not an earlier one" : "no input or value of this file") +
                            ": every answer would be refused");
  }
  check_lists(r, graph, registry, names, row_prefixes);
  check_set_values(r, graph, registry);
  if (graph.screen(graph.start))
    check_variables_on_paths(r, graph, registry,
                             [&](const std::string& name) { return is_provided(name, names, row_prefixes); });
}

void check_languages(YamlReader& r, const Graph& graph) {
  const Names declared(graph.languages.begin(), graph.languages.end());
  for_each_text(graph, [&](const Text& text, const std::string& where) {
    if (text.empty() || text.by_language.contains("*")) return;
    for (const auto& [language, wording] : text.by_language)
      if (!declared.contains(language))
        r.error(text.mark, "language '" + language + "' in " + where + " is not listed under 'languages'");
    for (const std::string& language : graph.languages)
      if (!text.by_language.contains(language))
        r.warning(text.mark, where + " has no '" + language + "' text; '" + graph.default_language +
                                 "' is shown instead");
  });
  // set: {language: fr} would silently show the default language from there on.
  for_each_target(graph, [&](const Screen& screen, const Target& t) {
    const auto language = t.set.find("language");
    if (language == t.set.end() || declared.contains(language->second)) return;
    std::string list;
    for (const std::string& l : graph.languages) list += (list.empty() ? "" : ", ") + l;
    r.error(t.mark, "'set: {language: " + language->second + "}' in screen '" + screen.id +
                        "' names a language not listed under 'languages' (" + list + ")");
  });
}

}  // namespace dialgraph::engine
