#include "engine/screen_parser.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "engine/validation_parser.hpp"
#include "engine/variables.hpp"
#include "engine/validators.hpp"

namespace dialgraph::engine {
namespace {

using Reader = YamlReader;

// "input screen 'pin'": names the screen in messages about a missing field, whose
// only place is the start of the screen's map (yaml-cpp has no mark for absent keys).
std::string named(const Screen& screen) {
  const std::string type(to_string(screen.type));
  const bool noun = screen.type == ScreenType::menu || screen.type == ScreenType::router;  // "menu 'home'"
  return (noun ? type : type + " screen") + " '" + screen.id + "'";
}

// A name `save:` or `set:` gives a value to must not replace one every session
// has (the caller's phone in {{phone}}) or the caller's own; `language` may be
// set on an option, which is how a language menu works.
void check_own_name(Reader& r, const YAML::Node& at, const std::string& name, bool setting) {
  const bool builtin = std::find(std::begin(builtin_variables), std::end(builtin_variables), name) !=
                       std::end(builtin_variables);
  if (setting && name == "language") return;
  if (builtin || name == "caller" || name.starts_with("caller."))
    r.error(at, "'" + name + "' is the session's own value; " +
                    (name == "language" ? "to switch language use set: {language: ny} on an option"
                                        : "save the answer under another name"));
}

// `next: screen` or `end: text` inside `map`, with optional `set:` values.
Target parse_target(Reader& r, const YAML::Node& map, std::string_view what) {
  Target target;
  target.mark = Reader::mark(map);
  const YAML::Node next = map["next"], end = map["end"], set = map["set"];
  if (next.IsDefined() == end.IsDefined()) {
    r.error(map, std::string(what) + " needs exactly one of 'next: <screen>' or 'end: <text>'");
    // With both, still follow `next`: dropping it would report its screen as
    // unreachable too, a second error the author did not make.
    if (!next.IsDefined()) return target;
  }
  if (next.IsDefined()) {
    target.screen = next.IsScalar() ? next.Scalar() : "";
    target.mark = Reader::mark(next);
    if (target.screen.empty()) r.error(next, "'next' must name a screen");
  } else {
    target.end_text = r.text(end, "end text");
  }
  if (set.IsDefined() && r.check_map(set, "set")) {
    for (const auto& pair : set) {
      check_own_name(r, pair.first, pair.first.Scalar(), true);
      target.set[pair.first.Scalar()] = pair.second.Scalar();
    }
  }
  return target;
}

// A target written as a bare screen name, or as a map with next/end/set.
Target parse_target_value(Reader& r, const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return Target{node.Scalar(), {}, {}, Reader::mark(node)};
  if (r.check_map(node, what, {"next", "end", "set"})) return parse_target(r, node, what);
  return {};
}

void parse_options(Reader& r, const YAML::Node& menu, Screen& screen) {
  // A missing key is a zombie node in yaml-cpp 0.7: asking its type throws.
  const YAML::Node node = menu["options"];
  if (!node.IsDefined() || !node.IsSequence()) {
    r.error(node.IsDefined() ? node : menu, named(screen) + " needs 'options', a list of '- label: ...' items");
    return;
  }
  if (node.size() == 0) r.error(node, named(screen) + " needs at least one option");
  int number = 0;
  for (const YAML::Node& item : node) {
    ++number;
    if (!r.check_map(item, "an option", {"key", "label", "next", "end", "set"})) continue;
    Option option;
    option.mark = Reader::mark(item);
    option.key = r.scalar(item, "key", "an option");
    if (option.key.empty()) option.key = std::to_string(number);
    if (option.key.find('*') != std::string::npos)
      r.error(item["key"], "key '" + option.key + "' holds '*', which separates the inputs: no caller can type it");
    else if (option.key.find_first_of(" \t#") != std::string::npos)
      r.error(item["key"], "key '" + option.key + "' holds a space or '#', which no caller can send as an answer");
    if (item["label"].IsDefined()) {
      option.label = r.text(item["label"], "an option label");
      for (const auto& [language, label] : option.label.by_language)
        if (label.empty()) r.error(item["label"], "an option label is empty: the menu would show '" + option.key + ". '");
    } else {
      r.error(item, "an option needs 'label'");
    }
    option.target = parse_target(r, item, "an option");
    screen.options.push_back(std::move(option));
  }
}

void parse_input(Reader& r, const YAML::Node& node, Screen& screen) {
  screen.save = r.scalar(node, "save", named(screen), true);
  if (!screen.save.empty()) check_own_name(r, node["save"], screen.save, false);
  if (node["secret"].IsDefined()) screen.secret = r.boolean(node["secret"], "'secret'").value_or(false);
  if (const YAML::Node validate = node["validate"]; validate.IsDefined()) {
    if (validate.IsSequence())
      for (const YAML::Node& item : validate) screen.validations.push_back(parse_validation(r, item));
    else
      screen.validations.push_back(parse_validation(r, validate));
  }
  if (const YAML::Node errors = node["errors"]; errors.IsDefined() && r.check_map(errors, "errors")) {
    for (const auto& pair : errors) {
      Failure failure;
      if (pair.second.IsMap() && pair.second["end"].IsDefined()) {
        r.check_map(pair.second, "an error", {"end"});
        failure = {r.text(pair.second["end"], "error text"), true};
      } else {
        failure = {r.text(pair.second, "error text"), false};
      }
      screen.failures[pair.first.Scalar()] = std::move(failure);
    }
  }
  if (node["next"].IsDefined())
    screen.next = parse_target_value(r, node["next"], "'next'");
  else
    r.error(node, named(screen) + " needs 'next'");
}

void parse_action(Reader& r, const YAML::Node& node, Screen& screen) {
  screen.action = r.scalar(node, "action", named(screen), true);
  screen.action_mark = Reader::mark(node["action"]);
  const YAML::Node outcomes = node["outcomes"];
  if (!outcomes.IsDefined()) {
    r.error(node, named(screen) + " needs 'outcomes', e.g. 'outcomes: {ok: next_screen}'");
    return;
  }
  if (!r.check_map(outcomes, "outcomes")) return;
  for (const auto& pair : outcomes)
    screen.outcomes[pair.first.Scalar()] = parse_target_value(r, pair.second, "an outcome");
}

// "caller.language == ny" -> variable, op, values.
void parse_condition(Reader& r, const YAML::Node& node, Route& route) {
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  static const std::regex shape(R"(^\s*([A-Za-z0-9_.]+)\s*(==|!=|<=|>=|<|>|in)\s*(.*?)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, shape)) {
    r.error(node, "cannot read condition '" + text + "'; write e.g. 'when: kyc_status == verified'");
    return;
  }
  route.variable = m[1];
  route.op = m[2];
  std::string rest = m[3];
  if (route.op != "in") {
    route.values.push_back(rest);
  } else {
    // in: a comma separated list, optionally in brackets.
    if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') rest = rest.substr(1, rest.size() - 2);
    for (std::size_t from = 0; from <= rest.size();) {
      std::size_t comma = rest.find(',', from);
      if (comma == std::string::npos) comma = rest.size();
      std::string value = rest.substr(from, comma - from);
      value.erase(0, value.find_first_not_of(' '));
      value.erase(value.find_last_not_of(' ') + 1);
      route.values.push_back(value);
      from = comma + 1;
    }
  }
  // A space inside a value is another word: 'flow == balance and amount > 5'
  // would compare flow with the whole of "balance and amount > 5". A value
  // that holds one is quoted: when: city == "Blantyre City".
  bool unquoted_space = false;
  for (std::string& value : route.values) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
      continue;
    }
    unquoted_space = unquoted_space || value.find_first_of(" \t") != std::string::npos;
  }
  if (unquoted_space) {
    r.error(node, "cannot read condition '" + text + "': a route compares one variable with one value "
                  "(no 'and' or 'or': test the next thing in a router after this one; quote a value with spaces)");
    route.op.clear();  // compares nothing, so no check reports the same mistake again
    route.values.clear();
  }
}

void parse_router(Reader& r, const YAML::Node& node, Screen& screen) {
  const YAML::Node routes = node["routes"];
  if (!routes.IsDefined() || !routes.IsSequence()) {  // a zombie node throws on IsSequence()
    r.error(routes.IsDefined() ? routes : node, named(screen) + " needs 'routes', a list of '- when: ...' items");
    return;
  }
  for (const YAML::Node& item : routes) {
    if (!r.check_map(item, "a route", {"when", "next", "end", "set"})) continue;
    Route route;
    route.mark = Reader::mark(item);
    if (item["when"].IsDefined()) parse_condition(r, item["when"], route);
    route.target = parse_target(r, item, "a route");
    screen.routes.push_back(std::move(route));
  }
  if (screen.routes.empty() || !screen.routes.back().variable.empty())
    r.error(node, "the last route of " + named(screen) + " must have no 'when', so that every case leads somewhere");
}

void parse_list(Reader& r, const YAML::Node& node, Screen& screen) {
  screen.items = r.scalar(node, "items", named(screen), true);
  screen.save = r.scalar(node, "save", named(screen));
  if (!screen.save.empty()) check_own_name(r, node["save"], screen.save, false);
  if (node["item"].IsDefined())
    screen.item = r.text(node["item"], "'item'");
  else
    r.error(node, named(screen) + " needs 'item', the text of one row");
  if (node["next"].IsDefined())
    screen.next = parse_target_value(r, node["next"], "'next'");
  else
    r.error(node, named(screen) + " needs 'next', where a chosen row leads (its rows are chosen by number)");
  if (node["empty"].IsDefined())
    screen.empty = parse_target_value(r, node["empty"], "'empty'");
  else
    r.error(node, named(screen) + " needs 'empty', where an empty list leads");
}

std::optional<ScreenType> screen_type(std::string_view name) {
  for (ScreenType t : {ScreenType::menu, ScreenType::input, ScreenType::action, ScreenType::router,
                       ScreenType::list, ScreenType::end})
    if (to_string(t) == name) return t;
  return std::nullopt;
}

constexpr ScreenType kAnyType[] = {ScreenType::menu,   ScreenType::input, ScreenType::action,
                                   ScreenType::router, ScreenType::list,  ScreenType::end};

// A screen's fields, after `type`, and the types of screen that read each. On
// another type a field does nothing (options left on a menu turned into an end
// screen), so it is refused.
const std::vector<std::pair<std::string_view, std::vector<ScreenType>>> kScreenFields = {
    {"text", {ScreenType::menu, ScreenType::input, ScreenType::list, ScreenType::end}},
    {"guard", {std::begin(kAnyType), std::end(kAnyType)}},
    {"nav", {ScreenType::menu, ScreenType::input, ScreenType::list}},
    {"show_nav", {ScreenType::menu, ScreenType::input, ScreenType::list}},
    {"options", {ScreenType::menu}},
    {"save", {ScreenType::input, ScreenType::list}},
    {"secret", {ScreenType::input}},
    {"validate", {ScreenType::input}},
    {"errors", {ScreenType::input}},
    {"next", {ScreenType::input, ScreenType::list}},
    {"action", {ScreenType::action}},
    {"outcomes", {ScreenType::action}},
    {"routes", {ScreenType::router}},
    {"items", {ScreenType::list}},
    {"item", {ScreenType::list}},
    {"empty", {ScreenType::list}},
};

// "type" and then every field of kScreenFields, in order: what check_map allows.
std::vector<std::string_view> screen_field_names() {
  std::vector<std::string_view> names{"type"};
  for (const auto& [name, types] : kScreenFields) names.push_back(name);
  return names;
}

void refuse_foreign_fields(Reader& r, const YAML::Node& node, const Screen& screen) {
  for (const auto& pair : node) {
    const auto it = std::find_if(kScreenFields.begin(), kScreenFields.end(),
                                 [&](const auto& field) { return field.first == pair.first.Scalar(); });
    if (it == kScreenFields.end()) continue;
    if (std::find(it->second.begin(), it->second.end(), screen.type) != it->second.end()) continue;
    r.error(pair.first, "'" + pair.first.Scalar() + "' does nothing on a screen of type '" +
                            std::string(to_string(screen.type)) + "'; remove it, or change the type");
  }
}

void parse_screen(Reader& r, const YAML::Node& name, const YAML::Node& node, Graph& graph) {
  const std::string id = name.Scalar();
  Screen screen;
  screen.id = id;
  screen.mark = Reader::mark(name);
  static const std::vector<std::string_view> fields = screen_field_names();
  if (!r.check_map(node, "screen '" + id + "'", fields)) {
    graph.screens[id] = std::move(screen);  // a stub, so that screens leading here are not reported too
    return;
  }
  const std::string type = r.scalar(node, "type", "screen '" + id + "'", true);
  const auto parsed_type = screen_type(type);
  if (!parsed_type && !type.empty())
    r.error(node["type"], "unknown screen type '" + type + "'; use menu, input, action, router, list or end");
  screen.type = parsed_type.value_or(ScreenType::end);
  if (parsed_type) refuse_foreign_fields(r, node, screen);
  if (node["text"].IsDefined()) screen.text = r.text(node["text"], "'text'");
  else if (screen.type != ScreenType::action && screen.type != ScreenType::router)
    r.error(node, "screen '" + id + "' needs 'text'");
  screen.guard = r.scalar(node, "guard", "screen '" + id + "'");
  screen.guard_mark = Reader::mark(node["guard"]);
  screen.nav = graph.nav;
  if (screen.type != ScreenType::menu) screen.nav.exit.clear();  // 9 is data on inputs
  if (node["nav"].IsDefined()) screen.nav = parse_nav(r, node["nav"], screen.nav);
  if (node["show_nav"].IsDefined()) screen.show_nav = r.boolean(node["show_nav"], "'show_nav'").value_or(true);
  switch (screen.type) {
    case ScreenType::menu: parse_options(r, node, screen); break;
    case ScreenType::input: parse_input(r, node, screen); break;
    case ScreenType::action: parse_action(r, node, screen); break;
    case ScreenType::router: parse_router(r, node, screen); break;
    case ScreenType::list: parse_list(r, node, screen); break;
    case ScreenType::end: break;
  }
  graph.screens[id] = std::move(screen);
}

}  // namespace

Nav parse_nav(YamlReader& r, const YAML::Node& node, Nav base) {
  if (!r.check_map(node, "navigation", {"back", "home", "exit", "more", "show"})) return base;
  if (const YAML::Node show = node["show"]; show.IsDefined()) {
    base.show.clear();
    if (show.IsSequence())
      for (const YAML::Node& name : show) base.show.push_back(name.Scalar());
    else
      r.error(show, "show must list the lines to show, e.g. [back, exit]");
    for (const std::string& name : base.show)
      if (name != "back" && name != "home" && name != "exit")
        r.error(show, "show lists back, home or exit, not '" + name + "'");
  }
  std::set<std::string_view> set;  // the keys this node sets, not inherited
  const auto key = [&](const char* name, std::string& field) {
    const YAML::Node n = node[name];
    if (!n.IsDefined()) return;
    if (n.IsScalar() && n.Scalar() == "false") field.clear();
    else if (n.IsScalar() && !n.Scalar().empty() && n.Scalar().find_first_of("* \t#") == std::string::npos) field = n.Scalar();
    else r.error(n, std::string(name) + " must be a key such as \"0\" (no '*', which separates the inputs, no space or '#'), or false to switch it off");
    set.insert(name);
  };
  key("back", base.back);
  key("home", base.home);
  key("exit", base.exit);
  key("more", base.more);
  // One key, two meanings: the first in the walk's order would always win
  // (9 as back where the screen also shows "9. Exit").
  const std::pair<const char*, const std::string*> keys[] = {
      {"back", &base.back}, {"home", &base.home}, {"exit", &base.exit}, {"more", &base.more}};
  // Reported where one of the two is set, not again on every screen that
  // inherits a clash of the file's navigation.
  for (std::size_t i = 0; i < std::size(keys); ++i)
    for (std::size_t j = i + 1; j < std::size(keys); ++j)
      if (!keys[i].second->empty() && *keys[i].second == *keys[j].second &&
          (set.contains(keys[i].first) || set.contains(keys[j].first)))
        r.error(node, std::string(keys[i].first) + " and " + keys[j].first + " are both '" + *keys[i].second +
                          "'; give each navigation key its own");
  return base;
}

void parse_screens(YamlReader& r, const YAML::Node& screens, Graph& graph) {
  if (!r.check_map(screens, "screens")) return;
  for (const auto& pair : screens) {
    if (graph.screens.contains(pair.first.Scalar())) continue;  // reported by check_map as a duplicate
    // A shape the parser did not foresee costs this screen, not the rest of the
    // file, and is reported at the screen when yaml-cpp gives no place.
    try {
      parse_screen(r, pair.first, pair.second, graph);
    } catch (const YAML::Exception& e) {
      const Mark at = e.mark.line >= 0 ? Mark{e.mark.line + 1, e.mark.column + 1} : Reader::mark(pair.first);
      r.error(at, "cannot read screen '" + pair.first.Scalar() + "': " + e.msg);
    }
  }
}

}  // namespace dialgraph::engine
