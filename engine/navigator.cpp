// Walks the graph from the start screen through every input of the request: the
// path is the state (docs/architecture.md, decision 1).
#include <algorithm>
#include <charconv>
#include <exception>
#include <optional>

#include "engine/validators.hpp"
#include "engine/walk.hpp"

namespace dialgraph::engine {
namespace detail {
namespace {


bool compare(const std::string& have, const std::string& op, const std::vector<std::string>& values) {
  if (op == "in") return std::find(values.begin(), values.end(), have) != values.end();
  const std::string& want = values.front();
  if (op == "==") return have == want;
  if (op == "!=") return have != want;
  // Ordering compares numbers when both sides are whole numbers, text otherwise.
  // from_chars, not stoll: a typed "-" must compare as text, never throw out of respond().
  const auto number = [](const std::string& s) -> std::optional<long long> {
    long long value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
  };
  const auto a = number(have), b = number(want);
  const int order = a && b ? (*a < *b ? -1 : *a > *b) : have.compare(want);
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;
}

}  // namespace

const Target* Walk::route(const Screen& screen) const {
  for (std::size_t i = 0; i < screen.routes.size(); ++i) {
    const Route& r = screen.routes[i];
    const std::string* value = vars_.find(r.variable);
    if (r.variable.empty() || compare(value ? *value : "", r.op, r.values))
      return reached("route", screen.id, std::to_string(i + 1)), &r.target;
  }
  return nullptr;  // unreachable: the loader requires a last route without 'when'
}

void Walk::step(const std::string& input) {
  error_line_.clear();
  if (current_->secret) reply_.secret_inputs[index_] = true;
  if (navigate(input)) return;
  switch (current_->type) {
    case ScreenType::menu: return choose_option(input);
    case ScreenType::list: return choose_row(input);
    default: return take_input(input);
  }
}

// Back, home, exit and more; false when the input is not one of them here.
bool Walk::navigate(const std::string& input) {
  const Nav& nav = current_->nav;
  if (!nav.home.empty() && input == nav.home && (!history_.empty() || current_->id != graph_.start)) {
    history_.clear();
    current_ = nullptr;
    enter(graph_.start);
    return true;
  }
  if (!nav.back.empty() && input == nav.back && (page_ > 0 || !history_.empty())) {
    if (page_ > 0) {
      --page_;
    } else {
      current_ = graph_.screen(history_.back());
      history_.pop_back();
    }
    return true;
  }
  if (!nav.exit.empty() && input == nav.exit) {
    end_with("goodbye");
    return true;
  }
  if (!nav.more.empty() && input == nav.more && current_->type != ScreenType::input && layout().more) {
    ++page_;
    return true;
  }
  return false;
}

void Walk::choose_option(const std::string& input) {
  for (const Option& option : current_->options)
    if (option.key == input) return reached("option", current_->id, option.key), follow(option.target);
  error_line_ = graph_.message("invalid_input", language());
}

void Walk::choose_row(const std::string& input) {
  const auto& rows = vars_.lists.at(current_->items);
  std::size_t number = 0;
  const bool digits = !input.empty() && input.size() < 6 && input.find_first_not_of("0123456789") == std::string::npos;
  if (digits) number = std::stoul(input);
  // Only a row of the page the caller is on: typing the number of one on
  // another page (9, meaning exit, on a page of rows 1-3) must not open it
  // unseen. Under an error line the page may show fewer of its rows; the
  // caller saw them all before the mistake, so they can still be chosen.
  const Layout shown = layout();
  if (number <= shown.first || number > shown.first + shown.count || current_->next.mark.line == 0) {
    error_line_ = graph_.message("invalid_input", language());
    return;
  }
  if (!current_->save.empty())
    for (const auto& [field, value] : rows[number - 1]) vars_.scalars[current_->save + "." + field] = value;
  follow(current_->next);
}

void Walk::take_input(const std::string& input) {
  std::string value = input;
  for (const Validation& v : current_->validations) {
    if (v.builtin) {
      const Checked checked = check_builtin(v, value, vars_, graph_);
      if (checked.outcome != "ok") return refuse(checked.outcome);
      value = checked.value;
      continue;
    }
    const ActionSpec& spec = registry_.get(v.name);
    const auto result = call(spec, value, current_->id);
    if (!result) return;
    merge(*result);
    if (result->outcome != "ok") return refuse(result->outcome, spec.records_refusals && fresh_ && !newest());
  }
  vars_.scalars[current_->save] = value;
  follow(current_->next);
}

// `unseen`: a refusal the caller never saw (ActionSpec::records_refusals)
// ends the session with its text, whatever the inputs after it.
void Walk::refuse(const std::string& outcome, bool unseen) {
  auto it = current_->failures.find(outcome);
  if (it == current_->failures.end()) it = current_->failures.find("invalid");
  if (it == current_->failures.end()) {
    error_line_ = graph_.message("invalid_input", language());
    if (unseen) end_text(error_line_);
    return;
  }
  reached("error", current_->id, it->first);
  if (it->second.ends || unseen) return end_text(render(it->second.message));
  error_line_ = render(it->second.message);
}

}  // namespace detail

Reply respond(const Graph& graph, const Registry& registry, CommandLog& commands, const Request& request,
              Trace* trace, SessionMemo* memo) {
  return detail::Walk(graph, registry, commands, request, trace, memo).run();
}

}  // namespace dialgraph::engine
