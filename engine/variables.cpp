#include "engine/variables.hpp"

#include <set>

namespace dialgraph::engine {
namespace {

using Names = std::set<std::string, std::less<>>;

void add_spec_values(const Registry& registry, const std::string& action, const std::string& prefix,
                     Names& into) {
  if (const ActionSpec* spec = registry.find(action))
    for (const std::string& value : spec->values) into.insert(prefix + value);
}

// Every variable some step of the graph can provide, and the list-row prefixes.
Names provided_variables(const Graph& graph, const Registry& registry, Names& row_prefixes) {
  Names names(std::begin(builtin_variables), std::end(builtin_variables));
  add_spec_values(registry, graph.caller_action, "caller.", names);
  const auto add_set = [&](const Target& t) {
    for (const auto& [key, value] : t.set) names.insert(key);
  };
  for (const auto& [id, s] : graph.screens) {
    if (s.type == ScreenType::input) names.insert(s.save);
    if (s.type == ScreenType::list && !s.save.empty()) row_prefixes.insert(s.save + ".");
    for (const Validation& v : s.validations)
      if (!v.builtin) add_spec_values(registry, v.name, "", names);
    if (s.type == ScreenType::action) add_spec_values(registry, s.action, "", names);
    for (const Option& o : s.options) add_set(o.target);
    for (const auto& [outcome, t] : s.outcomes) add_set(t);
    for (const Route& route : s.routes) add_set(route.target);
    add_set(s.next);
  }
  return names;
}

bool is_provided(const std::string& name, const Names& names, const Names& row_prefixes) {
  if (names.contains(name)) return true;
  for (const std::string& prefix : row_prefixes)
    if (name.starts_with(prefix)) return true;
  return false;
}

}  // namespace

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

void check_variables(YamlReader& r, const Graph& graph, const Registry& registry) {
  Names row_prefixes;
  const Names names = provided_variables(graph, registry, row_prefixes);
  for_each_text(graph, [&](const Text& text, const std::string& where) {
    for (const auto& [language, wording] : text.by_language) {
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
  }
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
}

}  // namespace dialgraph::engine
