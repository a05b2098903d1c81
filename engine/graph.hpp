// The menu graph: an immutable, validated model of one menus file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/text.hpp"

namespace dialgraph::engine {

enum class ScreenType { menu, input, action, router, list, end };

std::string_view to_string(ScreenType type);

// Where a choice leads: a screen, or the end of the session with a text.
struct Target {
  std::string screen;  // empty when the target ends the session
  Text end_text;
  // Values set when the target is taken, e.g. {language: ny} on a language menu.
  std::map<std::string, std::string, std::less<>> set;
  Mark mark;
  bool ends() const { return screen.empty(); }
};

struct Option {
  std::string key;  // what the user types
  Text label;
  Target target;
  Mark mark;
};

// A check on an input: one of the built-in validators or a registered one.
struct Validation {
  std::string name;  // digits, amount, phone, regex, one_of, pin, otp, or a registered action
  bool builtin = true;
  int min_length = 0;  // digits, pin, otp
  int max_length = 0;
  std::int64_t min_minor = 0;  // amount, in minor units (tambala)
  std::int64_t max_minor = 0;
  int decimals = 0;  // amount: decimals the user may type
  std::vector<std::string> choices;  // one_of
  std::string pattern;               // regex source
  std::string other;                 // same_as: the variable the input must repeat
  std::shared_ptr<const std::regex> compiled;
  Mark mark;
};

// What happens when an input is refused for one reason: show `message` and ask
// again, or end the session with it.
struct Failure {
  Text message;
  bool ends = false;
};

// Navigation keys of one screen; an empty key means the feature is off there.
struct Nav {
  std::string back = "0";
  std::string home = "00";
  std::string exit;  // on menus only, by default
  std::string more = "98";
  // Which of back, home and exit get a line on screen; the keys work either way.
  std::vector<std::string> show = {"back", "exit"};
  bool shows(std::string_view name) const;
};

// A router branch: `variable op value`, or the else branch when `variable` is empty.
struct Route {
  std::string variable;
  std::string op;  // ==, !=, <, <=, >, >=, in
  std::vector<std::string> values;
  Target target;
  Mark mark;
};

// How many characters a screen may hold, as the network counts them.
struct Budget {
  int gsm7 = 182;  // text entirely in the GSM 7-bit alphabet
  int ucs2 = 80;   // text with any other character travels as UCS-2
};

// The pages of a screen whose wording has no {{variables}}, laid out once when
// the graph is loaded (screen_cache.hpp) for one language, budget and state of
// the back line, so that a request does not lay out the same text again.
struct ReadyPages {
  std::string language;
  Budget budget;
  bool can_go_back = false;
  std::vector<std::string> texts;  // page by page; an input screen has one
};

struct Screen {
  std::string id;
  ScreenType type = ScreenType::end;
  Mark mark;  // of the screen's name under `screens:`, for problems of the whole screen
  Text text;          // title (menu, list), prompt (input), message (end)
  std::string guard;  // name of a guard that must pass to enter, or ""
  Mark guard_mark;
  Nav nav;
  bool show_nav = true;  // add the "0. Back"-style lines

  std::vector<Option> options;  // menu

  std::string save;  // input: variable name; list: prefix for the chosen row
  bool secret = false;
  // An input whose answer a command checked (a PIN, a one-time code): the check
  // counted a try or used the code up, so back goes to the screen before it
  // instead of asking again. Set by the loader from the registry.
  bool passed_over = false;
  std::vector<Validation> validations;
  std::map<std::string, Failure, std::less<>> failures;  // by outcome; "invalid" is the fallback
  Target next;                                           // input, list

  std::string action;                                    // action
  Mark action_mark;
  std::map<std::string, Target, std::less<>> outcomes;   // action; "otherwise" catches the rest

  std::vector<Route> routes;  // router

  std::string items;  // list: name of a list value
  Text item;          // list: how one row reads
  Target empty;       // list: where an empty list leads

  // Filled by the loader for static menu and input screens only; empty for any
  // other screen, and in a graph built by hand, which then renders as usual.
  std::vector<ReadyPages> ready;

  bool interactive() const {
    return type == ScreenType::menu || type == ScreenType::input || type == ScreenType::list;
  }
};

// A named precondition: a registered query whose outcome must be "ok".
struct Guard {
  std::string name;
  std::string action;
  std::map<std::string, Text, std::less<>> deny;  // outcome -> END text; "otherwise" for the rest
  Mark mark;
};

// The sentences the engine itself shows, and the words of its navigation
// lines: the only keys that `messages` and `labels` may have.
inline constexpr std::string_view kMessageKeys[] = {"goodbye", "invalid_input", "error", "timeout",
                                                    "too_many_inputs", "one_step_at_a_time"};
inline constexpr std::string_view kLabelKeys[] = {"back", "home", "exit", "more"};

struct Graph {
  std::string file;
  std::string version;  // short content hash, changes with every edit
  std::string service;
  std::string start;
  Mark start_mark;
  std::string default_language = "en";
  std::vector<std::string> languages;
  std::string country_code = "265";  // phone validator: calling code
  int national_digits = 9;           // phone validator: digits after it
  Budget budget;
  std::map<std::string, Budget, std::less<>> network_budgets;  // by networkCode
  int max_inputs = 40;
  int max_steps = 64;  // screens entered for one input, to stop router loops
  Mark max_steps_mark;
  RenderSettings render;
  Nav nav;  // defaults for every screen
  std::map<std::string, Text, std::less<>> labels;    // kLabelKeys
  std::map<std::string, Text, std::less<>> messages;  // kMessageKeys
  std::string caller_action;  // query run first; its values are caller.*
  Mark caller_mark, messages_mark, labels_mark;
  std::map<std::string, Guard, std::less<>> guards;
  std::map<std::string, Screen, std::less<>> screens;

  const Screen* screen(std::string_view id) const;
  const Budget& budget_for(std::string_view network_code) const;
  // A system message (goodbye, error, timeout...) in `language`.
  const std::string& message(std::string_view key, std::string_view language) const;
};

// Calls `visit(screen, target)` for every target in the graph: options,
// outcomes, routes, an input's or list's `next` and a list's `empty`. The one
// list of where a screen can lead, for every check that follows the graph.
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

}  // namespace dialgraph::engine
