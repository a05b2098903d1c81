#include "engine/coverage.hpp"

#include <algorithm>

namespace dialgraph::engine {
namespace {

void add(std::vector<Part>& out, std::string id, std::string what, Mark mark) {
  out.push_back({std::move(id), std::move(what), mark});
}

void screen_parts(const Graph& graph, const Screen& s, std::vector<Part>& out) {
  const std::string of = " of screen " + s.id;
  add(out, part_id("screen", s.id), "screen " + s.id, s.mark);
  for (const Option& o : s.options)
    add(out, part_id("option", s.id, o.key),
        "option " + o.key + " '" + o.label.in(graph.default_language, graph.default_language) + "'" + of, o.mark);
  for (const auto& [outcome, target] : s.outcomes)
    add(out, part_id("outcome", s.id, outcome), "outcome '" + outcome + "'" + of, target.mark);
  for (const auto& [reason, failure] : s.failures)
    add(out, part_id("error", s.id, reason), "refusal '" + reason + "' under errors:" + of, failure.message.mark);
  for (std::size_t i = 0; i < s.routes.size(); ++i) {
    const Route& r = s.routes[i];
    const std::string when = r.variable.empty() ? "the last route" : "route 'when: " + r.variable + " " + r.op + " ...'";
    add(out, part_id("route", s.id, std::to_string(i + 1)), when + of, r.mark);
  }
  if (s.type == ScreenType::list) add(out, part_id("empty", s.id), "the empty list" + of, s.empty.mark);
}

}  // namespace

std::string part_id(std::string_view kind, std::string_view owner, std::string_view key) {
  std::string id{kind};
  id += ' ';
  id += owner;
  if (!key.empty()) (id += ' ') += key;
  return id;
}

std::vector<Part> parts(const Graph& graph) {
  std::vector<Part> out;
  for (const auto& [name, guard] : graph.guards)
    for (const auto& [outcome, text] : guard.deny)
      add(out, part_id("deny", name, outcome), "denial '" + outcome + "' of guard " + name, text.mark);
  for (const auto& [id, screen] : graph.screens) screen_parts(graph, screen, out);
  std::stable_sort(out.begin(), out.end(), [](const Part& a, const Part& b) {
    return a.mark.line != b.mark.line ? a.mark.line < b.mark.line : a.mark.column < b.mark.column;
  });
  return out;
}

}  // namespace dialgraph::engine
