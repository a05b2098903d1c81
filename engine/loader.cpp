#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <tuple>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/screen_parser.hpp"
#include "engine/screen_cache.hpp"
#include "engine/utf8.hpp"
#include "engine/validate.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {
namespace {

// A short FNV-1a hash of the file: the graph's version, shown by /healthz.
std::string content_version(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(buffer, 12);
}

Budget parse_budget(YamlReader& r, const YAML::Node& node, Budget base) {
  const auto number = [&](const char* key, int& field) {
    if (node[key].IsDefined()) field = static_cast<int>(r.integer(node[key], key).value_or(field));
  };
  number("gsm7", base.gsm7);
  number("ucs2", base.ucs2);
  return base;
}

void parse_screen_limits(YamlReader& r, const YAML::Node& node, Graph& graph) {
  if (!r.check_map(node, "screen_limits", {"gsm7", "ucs2", "networks"})) return;
  graph.budget = parse_budget(r, node, graph.budget);
  const YAML::Node networks = node["networks"];
  if (!networks.IsDefined() || !r.check_map(networks, "networks")) return;
  for (const auto& pair : networks)
    if (r.check_map(pair.second, "a network's limits", {"gsm7", "ucs2"}))
      graph.network_budgets[pair.first.Scalar()] = parse_budget(r, pair.second, graph.budget);
}

// "+02:00" -> 120.
void parse_timezone(YamlReader& r, const YAML::Node& node, Graph& graph) {
  const std::string s = node.IsScalar() ? node.Scalar() : "";
  int hours = 0, minutes = 0;
  char sign = 0;
  if (s.size() != 6 || std::sscanf(s.c_str(), "%c%2d:%2d", &sign, &hours, &minutes) != 3 ||
      (sign != '+' && sign != '-') || hours > 14 || minutes > 59) {
    r.error(node, "timezone must be an offset from UTC such as \"+02:00\"");
    return;
  }
  graph.render.utc_offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
}

// A map of texts; with `keys`, only those keys (a misspelt one would never be shown).
void parse_texts(YamlReader& r, const YAML::Node& node, std::string_view what,
                 std::map<std::string, Text, std::less<>>& into, std::span<const std::string_view> keys = {}) {
  if (!(keys.empty() ? r.check_map(node, what) : r.check_map(node, what, keys))) return;
  for (const auto& pair : node) into[pair.first.Scalar()] = r.text(pair.second, what);
}

void parse_guards(YamlReader& r, const YAML::Node& node, Graph& graph) {
  if (!r.check_map(node, "guards")) return;
  for (const auto& pair : node) {
    if (!r.check_map(pair.second, "guard '" + pair.first.Scalar() + "'", {"action", "deny"})) continue;
    Guard guard;
    guard.name = pair.first.Scalar();
    guard.mark = YamlReader::mark(pair.first);
    guard.action = r.scalar(pair.second, "action", "guard '" + guard.name + "'", true);
    if (pair.second["deny"].IsDefined()) parse_texts(r, pair.second["deny"], "deny", guard.deny);
    else r.error(pair.second, "guard '" + guard.name + "' needs 'deny', the END text for each refusal");
    graph.guards[guard.name] = std::move(guard);
  }
}

void parse_settings(YamlReader& r, const YAML::Node& root, Graph& graph) {
  graph.service = r.scalar(root, "service", "the menus file", true);
  graph.start = r.scalar(root, "start", "the menus file", true);
  graph.start_mark = YamlReader::mark(root["start"].IsDefined() ? root["start"] : root);
  const YAML::Node languages = root["languages"];  // IsDefined() first: a zombie node throws on IsSequence()
  if (languages.IsDefined() && languages.IsSequence() && languages.size() > 0) {
    for (const YAML::Node& l : languages) {
      if (std::find(graph.languages.begin(), graph.languages.end(), l.Scalar()) != graph.languages.end())
        r.error(l, "language '" + l.Scalar() + "' is listed twice under 'languages'");
      else
        graph.languages.push_back(l.Scalar());
    }
    graph.default_language = graph.languages.front();
  } else {
    r.error(languages.IsDefined() ? languages : root,
            "'languages' must list the languages, default first, e.g. [en, ny]");
  }
  if (const YAML::Node phone = root["phone"]; phone.IsDefined() &&
                                              r.check_map(phone, "phone", {"country_code", "national_digits"})) {
    graph.country_code = r.scalar(phone, "country_code", "phone", true);
    if (graph.country_code.starts_with('+')) graph.country_code.erase(0, 1);  // "+265" as written on a card
    if (graph.country_code.empty() || graph.country_code.size() > 3 ||
        !std::all_of(graph.country_code.begin(), graph.country_code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      r.error(phone["country_code"].IsDefined() ? phone["country_code"] : phone,
              "country_code must be 1 to 3 digits, such as 265");
    if (phone["national_digits"].IsDefined())
      graph.national_digits =
          static_cast<int>(r.integer_in(phone["national_digits"], "national_digits", 4, 14).value_or(9));
  }
  if (root["screen_limits"].IsDefined()) parse_screen_limits(r, root["screen_limits"], graph);
  if (root["timezone"].IsDefined()) parse_timezone(r, root["timezone"], graph);
  if (const YAML::Node limits = root["limits"];
      limits.IsDefined() && r.check_map(limits, "limits", {"max_inputs", "max_steps"})) {
    if (limits["max_inputs"].IsDefined())
      graph.max_inputs = static_cast<int>(r.integer_in(limits["max_inputs"], "max_inputs", 1, 1000).value_or(40));
    if (limits["max_steps"].IsDefined()) {
      graph.max_steps = static_cast<int>(r.integer_in(limits["max_steps"], "max_steps", 1, 1000).value_or(64));
      graph.max_steps_mark = YamlReader::mark(limits["max_steps"]);
    }
  }
  graph.nav.exit = "9";  // on menus; screens of other types switch it off
  if (root["navigation"].IsDefined()) graph.nav = parse_nav(r, root["navigation"], graph.nav);
  if (root["labels"].IsDefined()) parse_texts(r, root["labels"], "labels", graph.labels, kLabelKeys);
  if (root["messages"].IsDefined()) parse_texts(r, root["messages"], "messages", graph.messages, kMessageKeys);
  graph.caller_action = r.scalar(root, "caller", "the menus file");
  graph.caller_mark = YamlReader::mark(root["caller"]);
  graph.messages_mark = YamlReader::mark(root["messages"].IsDefined() ? root["messages"] : root);
  graph.labels_mark = YamlReader::mark(root["labels"].IsDefined() ? root["labels"] : root);
  if (root["guards"].IsDefined()) parse_guards(r, root["guards"], graph);
}

void mark_command_checked_inputs(Graph& graph, const Registry& registry) {
  for (auto& [id, screen] : graph.screens)
    for (const Validation& v : screen.validations)
      if (!v.builtin && registry.get(v.name).kind == ActionKind::command) screen.passed_over = true;
}

// A line from `first` to `last` indented with a tab, which YAML forbids (and
// yaml-cpp reports as "illegal map value" a line or two further on). A tab
// elsewhere, inside a | block, is text.
std::optional<Mark> tab_indent_between(const std::string& text, int first, int last) {
  int line = 1;
  for (std::size_t start = 0; start < text.size() && line <= last; ++line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::size_t indent_end = text.find_first_not_of(" \t", start);
    if (indent_end != std::string::npos && indent_end < end) {
      const std::size_t tab = text.find('\t', start);
      if (line >= first && tab != std::string::npos && tab < indent_end)
        return Mark{line, static_cast<int>(tab - start) + 1};
    }
    start = end + 1;
  }
  return std::nullopt;
}

// A hint for the usual cause of "illegal map value": a text holding ": ", such
// as `en: Payment cancelled. Note: no money moved.`, which needs quotes.
std::string colon_hint(const std::string& text, int zero_based_line) {
  std::size_t start = 0;
  for (int line = 0; line < zero_based_line && start != std::string::npos; ++line) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return "";
  const std::string_view line =
      std::string_view(text).substr(start, text.find('\n', start) == std::string::npos ? std::string::npos
                                                                                       : text.find('\n', start) - start);
  const std::size_t first = line.find(": ");
  if (first == std::string_view::npos || line.find(": ", first + 2) == std::string_view::npos) return "";
  return " (a text with ': ' in it needs quotes: key: \"Note: ...\")";
}

// A plain (unquoted) text with " #" in it ends there: YAML reads the rest of
// the line as a comment, so `en: Call #100 anytime` shows "Call". A comment
// a person writes has a space after its '#'; a '#' followed by anything else
// is taken for text that lost its end. Lines under the keys that hold wording.
void warn_comment_cutting_text(YamlReader& r, const std::string& text, const Graph& graph) {
  std::set<std::string, std::less<>> keys{"text", "label", "end", "item"};
  keys.insert(graph.languages.begin(), graph.languages.end());
  int number = 0;
  for (std::size_t start = 0; start < text.size(); start = text.find('\n', start) + 1) {
    ++number;
    const std::size_t stop = std::min(text.find('\n', start), text.size());
    std::string_view line = std::string_view(text).substr(start, stop - start);
    std::size_t at = line.find_first_not_of(' ');
    if (at != std::string_view::npos && line.substr(at).starts_with("- ")) at = line.find_first_not_of(' ', at + 2);
    const std::size_t colon = at == std::string_view::npos ? std::string_view::npos : line.find(": ", at);
    if (colon != std::string_view::npos && keys.contains(line.substr(at, colon - at))) {
      const std::size_t value = line.find_first_not_of(' ', colon + 1);
      if (value != std::string_view::npos && std::string_view("\"'{[|>&*!").find(line[value]) == std::string_view::npos) {
        const std::size_t hash = line.find(" #", value);
        if (hash != std::string_view::npos && hash + 2 < line.size() && line[hash + 2] != ' ' && line[hash + 2] != '\r')
          r.warning(Mark{number, static_cast<int>(hash) + 2},
                    "the text stops before ' #': YAML reads the rest of the line as a comment, so the customer "
                    "sees only '" + std::string(line.substr(value, hash - value)) + "'; put the whole text in quotes");
      }
    }
    if (stop == text.size()) break;
  }
}

// Where `text` stops being UTF-8 (a file saved as "ANSI" by a Windows editor),
// whose bytes would otherwise go to phones as they are.
std::optional<Mark> first_non_utf8(const std::string& text) {
  Mark at{1, 1};
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = next_utf8(text, i);
    if (c.length == 0) return at;
    if (c.code == '\n') at = Mark{at.line + 1, 1};
    else ++at.column;
    i += c.length;
  }
  return std::nullopt;
}

LoadResult parse(const std::string& text, const std::string& file, const Registry& registry) {
  LoadResult result;
  YamlReader reader(file, result.diagnostics);
  // yaml-cpp reads UTF-16 and UTF-32 with their byte-order mark itself.
  const bool wide = text.starts_with("\xFE\xFF") || text.starts_with("\xFF\xFE") ||
                    text.starts_with(std::string_view("\x00\x00\xFE\xFF", 4));
  if (const auto bad = wide ? std::nullopt : first_non_utf8(text)) {
    reader.error(*bad, "the menus file is not UTF-8 here; save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)");
    return result;
  }
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    const Mark at{e.mark.line + 1, e.mark.column + 1};
    if (const auto tab = tab_indent_between(text, at.line - 2, at.line)) {
      reader.error(*tab, "YAML syntax: this line is indented with a tab; indent with spaces only");
    } else {
      std::string hint = e.msg == "illegal map value" ? colon_hint(text, e.mark.line) : "";
      // yaml-cpp's words for a line indented unlike its neighbours.
      if (hint.empty() && (e.msg == "illegal map value" || e.msg == "end of map not found" ||
                           e.msg == "end of sequence not found"))
        hint = " (probably indentation: the keys of one block start in the same column, with spaces; "
               "look at this line and the lines just above it)";
      reader.error(at, "YAML syntax: " + e.msg + hint);
    }
    return result;
  }
  const YAML::Node& root = loaded;  // const: operator[] must never insert
  if (!reader.check_map(root, "the menus file",
                        {"service", "start", "languages", "phone", "screen_limits", "timezone", "limits",
                         "navigation", "labels", "messages", "caller", "guards", "screens"}))
    return result;
  auto graph = std::make_shared<Graph>();
  graph->file = file;
  graph->version = content_version(text);
  try {
    parse_settings(reader, root, *graph);
    if (root["screens"].IsDefined()) parse_screens(reader, root["screens"], *graph);
    else reader.error(root, "the menus file needs 'screens'");
  } catch (const YAML::Exception& e) {  // a shape the parser did not foresee
    const Mark at = e.mark.line >= 0 ? Mark{e.mark.line + 1, e.mark.column + 1} : YamlReader::mark(root);
    reader.error(at, "cannot read this part of the file: " + e.msg);
  }
  validate_graph(reader, *graph, registry);
  warn_comment_cutting_text(reader, text, *graph);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  // One text checked in each language, or one name met by two checks, may
  // give the same message twice at one place: say it once.
  const auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column, a.severity, a.message) == std::tie(b.line, b.column, b.severity, b.message);
  };
  result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end(), same),
                           result.diagnostics.end());
  if (count(result.diagnostics, Diagnostic::Severity::error) == 0) {
    mark_command_checked_inputs(*graph, registry);
    lay_out_static_screens(*graph);
    result.graph = std::move(graph);
  }
  return result;
}

}  // namespace

LoadResult load_menus_text(const std::string& text, const std::string& file_name,
                           const Registry& registry) {
  return parse(text, file_name, registry);
}

LoadResult load_menus(const std::string& path, const Registry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.diagnostics.push_back({Diagnostic::Severity::error, path, 0, 0,
                                  "cannot open the menus file; check the path (see --menus)"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path, registry);
}

}  // namespace dialgraph::engine
