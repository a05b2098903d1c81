#include "server/toolkit/graph_export.hpp"

#include <algorithm>
#include <vector>

namespace dialgraph::toolkit {
namespace {

using engine::Graph;
using engine::Screen;
using engine::ScreenType;
using engine::Target;

struct Node {
  std::string id;
  std::string label;
  std::string shape;  // menu, input, action, router, list, end
};

struct Edge {
  std::string from, to, label;
};

// Long first lines are cut: a picture is for finding one's way, not for proofreading.
std::string first_line(const engine::Text& text, const Graph& graph) {
  std::string line = text.in(graph.default_language, graph.default_language);
  line = line.substr(0, line.find('\n'));
  if (line.size() > 40) {
    std::size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    line = line.substr(0, cut) + "...";
  }
  return line;
}

class Picture {
 public:
  explicit Picture(const Graph& graph) : graph_(graph) {
    // In file order, so that the picture reads the way the file does.
    std::vector<const Screen*> screens;
    for (const auto& [id, screen] : graph.screens) screens.push_back(&screen);
    std::sort(screens.begin(), screens.end(), [](const Screen* a, const Screen* b) { return a->mark.line < b->mark.line; });
    for (const Screen* screen : screens) add_screen(*screen);
  }
  std::vector<Node> nodes;
  std::vector<Edge> edges;

 private:
  const Graph& graph_;
  int ends_ = 0;

  static std::string id_of(const std::string& screen) { return "s_" + screen; }

  void to(const std::string& from, const Target& target, const std::string& label) {
    if (!target.ends()) return edges.push_back({from, id_of(target.screen), label});
    const std::string end = "end" + std::to_string(++ends_);
    nodes.push_back({end, first_line(target.end_text, graph_), "end"});
    edges.push_back({from, end, label});
  }

  void end_node(const std::string& from, const engine::Text& text, const std::string& label) {
    Target target;
    target.end_text = text;
    to(from, target, label);
  }

  void add_screen(const Screen& s) {
    const std::string id = id_of(s.id);
    std::string label = first_line(s.text, graph_);
    if (s.type == ScreenType::action) label = s.action;
    if (s.type == ScreenType::router || label.empty()) label = s.id;
    nodes.push_back({id, label, std::string(engine::to_string(s.type))});
    if (!s.guard.empty())
      for (const auto& [outcome, text] : graph_.guards.at(s.guard).deny) end_node(id, text, "deny: " + outcome);
    for (const auto& o : s.options) to(id, o.target, o.key + ". " + first_line(o.label, graph_));
    if (s.type == ScreenType::input) to(id, s.next, "valid");
    for (const auto& [reason, failure] : s.failures)
      if (failure.ends) end_node(id, failure.message, reason);
    for (const auto& [outcome, target] : s.outcomes) to(id, target, outcome);
    for (const auto& r : s.routes) {
      std::string when = "else";
      if (!r.variable.empty()) when = r.variable + " " + r.op + " " + r.values.front();
      if (r.op == "in") when = r.variable + " in [...]";
      to(id, r.target, when);
    }
    if (s.type == ScreenType::list) {
      to(id, s.next, "row");
      to(id, s.empty, "empty");
    }
  }
};

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Mermaid reads some characters as syntax even inside quotes; its entity codes are safe.
std::string mermaid_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '{': out += "#123;"; break;
      case '}': out += "#125;"; break;
      case '|': out += "#124;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string mermaid_node(const Node& n) {
  const std::string q = mermaid_quoted(n.label);
  if (n.shape == "input") return n.id + "[/" + q + "/]";
  if (n.shape == "action") return n.id + "{{" + q + "}}";
  if (n.shape == "router") return n.id + "{" + q + "}";
  if (n.shape == "list") return n.id + "[[" + q + "]]";
  if (n.shape == "end") return n.id + "([" + q + "])";
  return n.id + "[" + q + "]";
}

std::string dot_shape(const std::string& shape) {
  if (shape == "input") return "parallelogram";
  if (shape == "action") return "hexagon";
  if (shape == "router") return "diamond";
  if (shape == "list") return "component";
  if (shape == "end") return "oval";
  return "box";
}

}  // namespace

std::string to_dot(const Graph& graph) {
  const Picture p(graph);
  std::string out = "digraph " + dot_quoted(graph.service) + " {\n  rankdir=TB;\n  node [fontname=\"sans-serif\"];\n";
  out += "  start [shape=point];\n  start -> s_" + graph.start + ";\n";
  for (const Node& n : p.nodes)
    out += "  " + n.id + " [label=" + dot_quoted(n.label) + ", shape=" + dot_shape(n.shape) + "];\n";
  for (const Edge& e : p.edges) out += "  " + e.from + " -> " + e.to + " [label=" + dot_quoted(e.label) + "];\n";
  return out + "}\n";
}

std::string to_mermaid(const Graph& graph) {
  const Picture p(graph);
  std::string out = "flowchart TD\n  start((dial)) --> s_" + graph.start + "\n";
  for (const Node& n : p.nodes) out += "  " + mermaid_node(n) + "\n";
  for (const Edge& e : p.edges) out += "  " + e.from + " -->|" + mermaid_quoted(e.label) + "| " + e.to + "\n";
  return out;
}

std::string to_markdown(const Graph& graph, const std::string& command) {
  return "# " + graph.service + ": the menu graph\n\n"
         "Generated from `" + graph.file + "` by `" + command + "`; do not edit by hand.\n"
         "Rectangles are menus, parallelograms inputs, hexagons actions, diamonds routers,\n"
         "double-edged boxes lists, and rounded boxes the ends of a session.\n\n"
         "```mermaid\n" + to_mermaid(graph) + "```\n";
}

}  // namespace dialgraph::toolkit
