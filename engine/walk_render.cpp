// The reply of a walk that rests on a screen: its lines laid out, paginated to
// the network's budget, CON or END. A static screen's pages come ready-made
// from the graph (screen_cache.hpp) unless an error line goes above them.
#include "engine/screen_cache.hpp"
#include "engine/walk.hpp"

namespace dialgraph::engine::detail {

Layout Walk::layout() const {
  const Screen& s = *current_;
  const std::string& lang = language();
  if (error_line_.empty()) {
    if (const ReadyPage ready = ready_page(s, lang, budget_, !history_.empty(), page_); ready.text)
      return Layout{*ready.text, 0, 0, ready.more};
  }
  std::vector<Row> rows;
  if (s.type == ScreenType::menu) {
    for (const Option& o : s.options) rows.push_back({o.key, render(o.label)});
  } else {
    const auto& items = vars_.lists.at(s.items);
    Vars row_vars = vars_;
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (const auto& [field, value] : items[i]) row_vars.scalars[field] = value;
      rows.push_back({std::to_string(i + 1),
                      render_template(s.item.in(lang, graph_.default_language), row_vars, graph_.render)});
    }
  }
  const bool away = !history_.empty() || s.id != graph_.start;
  const std::string title = render(s.text);
  // The page shown again under the error keeps its rows: laid out with the
  // error line as part of its title, a later page of a menu started rows
  // early (option 8 of page one came back on page two), and "more" leads on
  // from the page as laid out without it.
  if (!error_line_.empty())
    return screen_page_under_error(s, graph_, lang, error_line_, title, rows, !history_.empty(), away, page_,
                                   budget_);
  return screen_page(s, graph_, lang, title, rows, !history_.empty(), away, page_, budget_);
}

Reply Walk::finish() {
  reply_.language = language();
  reply_.inputs_walked = index_;
  if (!ended_ && current_) record_relied_on();
  if (ended_ || !current_) {
    if (!ended_) end_with("error", "the walk rested on no screen");
    const Screen* named = last_entered_ ? last_entered_ : current_;
    reply_.screen = named ? named->id : "";
    return std::move(reply_);
  }
  reply_.screen = current_->id;
  if (current_->type != ScreenType::input) {
    reply_.text = layout().text;
    return std::move(reply_);
  }
  const bool back = !history_.empty();
  const ReadyPage ready = error_line_.empty() ? ready_page(*current_, language(), budget_, back, 0) : ReadyPage{};
  if (ready.text) {
    reply_.text = *ready.text;
  } else {
    const bool away = back || current_->id != graph_.start;
    reply_.text = prompt_text(*current_, graph_, language(), error_line_, render(current_->text), back, away, budget_);
  }
  return std::move(reply_);
}

}  // namespace dialgraph::engine::detail
