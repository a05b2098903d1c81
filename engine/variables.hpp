// Checks on the wording: template variables that nothing provides, and languages.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "engine/graph.hpp"
#include "engine/registry.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {

// Variables every session has before any screen: the caller's phone and so on.
inline const char* const builtin_variables[] = {"phone", "session_id", "service_code", "network_code",
                                                "language", "outcome"};

// Calls `visit(text, where)` for every piece of wording in the graph except list rows.
void for_each_text(const Graph& graph, const std::function<void(const Text&, const std::string&)>& visit);

void check_variables(YamlReader& reader, const Graph& graph, const Registry& registry);

// Part of check_variables (variable_paths.cpp): each {{variable}} that
// `provided` (something in the file gives it) must have a value on every way
// to the text that shows it.
void check_variables_on_paths(YamlReader& reader, const Graph& graph, const Registry& registry,
                              const std::function<bool(const std::string&)>& provided);

// Whether only inputs' answers (save:) provide a name: no action, set:, list
// row, caller or session value does. Built once per graph.
class AnswerOnly {
 public:
  AnswerOnly(const Graph& graph, const Registry& registry);
  bool operator()(const std::string& name) const;

 private:
  std::set<std::string, std::less<>> row_prefixes_;  // before elsewhere_, whose initializer fills it
  std::set<std::string, std::less<>> elsewhere_;
};
void check_languages(YamlReader& reader, const Graph& graph);

}  // namespace dialgraph::engine
