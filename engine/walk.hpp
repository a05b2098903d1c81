// The walk behind engine::respond (navigator.cpp): one request's pass from the
// start screen through every input, the actions it calls, and the reply it
// renders (walk_render.cpp). Private to the engine.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/coverage.hpp"
#include "engine/engine.hpp"
#include "engine/gsm.hpp"
#include "engine/renderer.hpp"

namespace dialgraph::engine::detail {

class Walk {
 public:
  Walk(const Graph& graph, const Registry& registry, CommandLog& commands, const Request& request,
       Trace* trace, SessionMemo* memo)
      : graph_(graph), registry_(registry), commands_(commands), request_(request),
        budget_(graph.budget_for(request.network_code)), trace_(trace), memo_(memo) {
    reply_.secret_inputs.assign(request.inputs.size(), false);
  }

  Reply run() {
    // The caller first: its language words every reply, the refusal of a
    // session that is too long included (one memoised read, whatever the length).
    if (!read_caller()) return finish();
    if (request_.inputs.size() > static_cast<std::size_t>(graph_.max_inputs)) {
      end_with(graph_.messages.contains("too_many_inputs") ? "too_many_inputs" : "error", "too many inputs");
      return finish();
    }
    enter(graph_.start);
    for (index_ = 0; index_ < request_.inputs.size() && !ended_; ++index_) {
      path_ += (index_ == 0 ? "" : "*") + request_.inputs[index_];
      last_entered_ = nullptr;
      step(request_.inputs[index_]);
    }
    return finish();
  }

 private:
  const Graph& graph_;
  const Registry& registry_;
  CommandLog& commands_;
  const Request& request_;
  const Budget& budget_;
  Trace* trace_;  // null unless a coverage run asked for it
  SessionMemo* memo_;  // the session's query answers; null when none are kept
  Reply reply_;
  Vars vars_;
  std::vector<std::string> history_;  // interactive screens to go back to
  const Screen* current_ = nullptr;
  const Screen* last_entered_ = nullptr;  // names an END reply: where the session ended
  std::size_t page_ = 0;
  std::string error_line_;
  std::size_t index_ = 0;  // of the input being walked
  std::string path_;       // inputs so far, joined by '*'
  bool ended_ = false;
  std::map<std::string, std::string, std::less<>> guard_outcomes_;
  std::vector<Answered> relied_on_;  // accepted answers no command has recorded yet
  bool fresh_ = false;  // the last call's answer was asked now, not kept or recorded

  void reached(std::string_view kind, std::string_view owner, std::string_view key = "") const {
    if (trace_) trace_->push_back(part_id(kind, owner, key));
  }

  bool newest() const { return index_ + 1 >= request_.inputs.size(); }

  // "session/phone/path/where/action": names one action call of one step. The
  // phone is in it so that a session id sent again from another phone (the
  // gateway never does; a forged request might) never meets the first
  // phone's recorded commands.
  std::string step_key(std::string_view where, std::string_view action) const {
    std::string key;
    key.reserve(request_.session_id.size() + request_.phone.size() + path_.size() + where.size() +
                action.size() + 4);
    key.append(request_.session_id).append(1, '/').append(request_.phone).append(1, '/');
    key.append(path_).append(1, '/');
    key.append(where).append(1, '/').append(action);
    return key;
  }

  // One of the graph's own strings: callers may keep the reference.
  const std::string& language() const {
    if (const std::string* chosen = vars_.find("language"))
      for (const std::string& l : graph_.languages)
        if (l == *chosen) return l;
    return graph_.default_language;
  }

  std::string render(const Text& text) const {
    return render_template(text.in(language(), graph_.default_language), vars_, graph_.render);
  }

  void end_text(const std::string& text) {
    ended_ = true;
    reply_.end = true;
    reply_.text = fit_text(text, budget_);
  }

  void end_with(const std::string& message_key, std::string why = "") {
    end_text(graph_.message(message_key, language()));
    if (!why.empty()) reply_.error = why;
  }

  // The graph's caller action, if it has one, as caller.* and the language;
  // false when the session had to end instead.
  bool read_caller() {
    vars_.request = &request_;
    if (graph_.caller_action.empty()) return true;
    const auto result = call(registry_.get(graph_.caller_action), "", "caller");
    if (!result) return false;
    vars_.caller = std::shared_ptr<const Record>(result, &result->values);
    if (const auto it = result->values.find("language"); it != result->values.end())
      vars_.scalars["language"] = it->second;
    return true;
  }

  // Runs an action; null when the session had to end (an exception, a command
  // that did not run before and must not run on a replay). Shared, so that a
  // query's answer kept in the memo is read in place rather than copied.
  using Answer = SessionMemo::Answer;
  Answer call(const ActionSpec& spec, std::string_view input, const std::string& where) {
    const std::string key = step_key(where, spec.name);
    try {
      // A replayed step's command gives its recorded result or nothing. At the
      // newest step the command itself answers a retry from its record (the
      // registry's contract), in the transaction that would act: asking the
      // log first as well would only add a read.
      if (spec.kind == ActionKind::command && !newest()) {
        if (auto recorded = commands_.find(key)) {
          relied_on_.clear();  // recorded with it when it ran
          return std::make_shared<const ActionResult>(std::move(*recorded));
        }
        // Usually a dial string that carries a step which must be taken on its
        // own (*3664*3*1357*1#: the PIN typed ahead): the caller is told so.
        end_with(graph_.messages.contains("one_step_at_a_time") ? "one_step_at_a_time" : "error",
                 "command '" + spec.name + "' has no record for a replayed step");
        return nullptr;
      }
      const bool query = spec.kind == ActionKind::query;
      Answer kept = query && memo_ ? memo_->find(key) : nullptr;
      // A replayed step this instance has no memo of (a restart, another
      // instance): the answer the caller saw, if it was recorded (a refusal
      // when shown, an "ok" by a later command).
      if (!kept && spec.records_refusals && !newest())
        if (auto recorded = commands_.find(key)) {
          kept = std::make_shared<const ActionResult>(std::move(*recorded));
          if (memo_) memo_->keep(key, kept);
        }
      fresh_ = !kept;
      if (!kept) {
        ActionContext context{request_, vars_, input, key};
        if (!query) context.relied_on = relied_on_;
        context.replayed = !newest();
        kept = std::make_shared<const ActionResult>(spec.run(context));
        if (query && memo_) memo_->keep(key, kept);
      }
      if (!query && !kept->record_later) relied_on_.clear();  // the command recorded them with its result
      else if (kept->record_later || (spec.records_refusals && kept->outcome == "ok")) relied_on_.push_back({key, kept});
      reply_.outcome = kept->outcome;
      vars_.scalars["outcome"] = kept->outcome;
      return kept;
    } catch (const std::exception& e) {
      end_with("error", "action '" + spec.name + "' failed: " + e.what());
      return nullptr;
    }
  }

  // Before the session waits for its next input, whose request replays every
  // step of this one: a command's result left to the walk must be on record
  // by then, as a replayed command has no other source; if it cannot be, the
  // session ends here.
  void record_relied_on() {
    if (std::none_of(relied_on_.begin(), relied_on_.end(),
                     [](const Answered& answer) { return answer.result->record_later; }))
      return;
    try {
      commands_.record(relied_on_);
      relied_on_.clear();
    } catch (const std::exception& e) {
      end_with("error", std::string("recording the answers a replay needs failed: ") + e.what());
    }
  }

  void merge(const ActionResult& result) {
    for (const auto& [key, value] : result.values) vars_.scalars[key] = value;
    for (const auto& [key, rows] : result.lists) vars_.lists[key] = rows;
  }

  // False when the guard refused and ended the session.
  bool guard_passes(const Screen& screen) {
    if (screen.guard.empty()) return true;
    const Guard& guard = graph_.guards.at(screen.guard);
    auto it = guard_outcomes_.find(guard.name);
    if (it == guard_outcomes_.end()) {
      const auto result = call(registry_.get(guard.action), "", "guard:" + guard.name);
      if (!result) return false;
      it = guard_outcomes_.emplace(guard.name, result->outcome).first;
    }
    if (it->second == "ok") return true;
    auto deny = guard.deny.find(it->second);
    if (deny == guard.deny.end()) deny = guard.deny.find("otherwise");
    if (deny == guard.deny.end()) {
      end_with("error", "guard '" + guard.name + "' refused with '" + it->second + "'");
      return false;
    }
    reached("deny", guard.name, deny->first);
    end_text(render(deny->second));
    return false;
  }

  void follow(const Target& target) {
    for (const auto& [key, value] : target.set) vars_.scalars[key] = value;
    if (target.ends()) end_text(render(target.end_text));
    else enter(target.screen);
  }

  // Enters a screen and passes through actions and routers until the walk rests
  // on a screen that waits for the user, or the session ends.
  void enter(const std::string& first) {
    std::string id = first;
    for (int steps = 0; steps < graph_.max_steps; ++steps) {
      const Screen& screen = *graph_.screen(id);
      last_entered_ = &screen;
      if (!guard_passes(screen)) return;
      reached("screen", id);
      const Target* next = nullptr;
      switch (screen.type) {
        case ScreenType::end: end_text(render(screen.text)); return;
        case ScreenType::action: next = after_action(screen); break;
        case ScreenType::router: next = route(screen); break;
        case ScreenType::list:
          if (!has_rows(screen)) {
            reached("empty", id);
            next = &screen.empty;
          }
          break;
        default: break;
      }
      if (ended_) return;
      if (!next) return rest_on(screen);
      for (const auto& [key, value] : next->set) vars_.scalars[key] = value;
      if (next->ends()) return end_text(render(next->end_text));
      id = next->screen;
    }
    end_with("error", "more than " + std::to_string(graph_.max_steps) + " screens for one input (a loop?)");
  }

  void rest_on(const Screen& screen) {
    if (current_ && current_ != &screen && !current_->passed_over) history_.push_back(current_->id);
    current_ = &screen;
    page_ = 0;
  }

  bool has_rows(const Screen& screen) const {
    const auto it = vars_.lists.find(screen.items);
    return it != vars_.lists.end() && !it->second.empty();
  }

  const Target* after_action(const Screen& screen) {
    const auto result = call(registry_.get(screen.action), "", screen.id);
    if (!result) return nullptr;
    merge(*result);
    auto it = screen.outcomes.find(result->outcome);
    if (it == screen.outcomes.end()) it = screen.outcomes.find("otherwise");
    if (it != screen.outcomes.end()) return reached("outcome", screen.id, it->first), &it->second;
    end_with("error", "outcome '" + result->outcome + "' of '" + screen.action + "' has no branch");
    return nullptr;
  }

  const Target* route(const Screen& screen) const;
  void step(const std::string& input);
  bool navigate(const std::string& input);
  void choose_option(const std::string& input);
  void choose_row(const std::string& input);
  void take_input(const std::string& input);
  void refuse(const std::string& outcome, bool unseen = false);
  Layout layout() const;
  Reply finish();
};

}  // namespace dialgraph::engine::detail
