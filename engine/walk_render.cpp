// The reply of a walk that rests on a screen: its lines laid out, paginated to
// the network's budget, CON or END.
#include "engine/walk.hpp"

namespace dialgraph::engine::detail {

Layout Walk::layout() const {
  const Screen& s = *current_;
  const std::string lang = language();
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
  // Later pages always offer back (it turns the page), the first only with history.
  const auto first_footer = nav_rows(s, graph_, lang, !history_.empty(), away);
  const auto footer = nav_rows(s, graph_, lang, true, away);
  const Row more{s.nav.more, graph_.labels.at("more").in(lang, graph_.default_language)};
  std::string title = render(s.text);
  if (!error_line_.empty()) title = error_line_ + "\n" + title;
  return paginate(title, rows, first_footer, footer, more, page_, budget_);
}

Reply Walk::finish() {
  if (ended_ || !current_) {
    if (!ended_) end_with("error", "the walk rested on no screen");
    const Screen* named = last_entered_ ? last_entered_ : current_;
    reply_.screen = named ? named->id : "";
    return std::move(reply_);
  }
  reply_.screen = current_->id;
  if (current_->type == ScreenType::input) {
    std::vector<std::string> lines{error_line_, render(current_->text)};
    const bool away = !history_.empty() || current_->id != graph_.start;
    for (const Row& row : nav_rows(*current_, graph_, language(), !history_.empty(), away))
      lines.push_back(row_line(row));
    reply_.text = compose(lines, budget_);
  } else {
    reply_.text = layout().text;
  }
  return std::move(reply_);
}

}  // namespace dialgraph::engine::detail
