#include "engine/renderer.hpp"

#include "engine/gsm.hpp"

namespace dialgraph::engine {
namespace {

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

// Lines of one page showing rows [first, first + count).
std::vector<std::string> page_lines(const std::string& title, const std::vector<Row>& rows,
                                    const std::vector<Row>& footer, const Row& more,
                                    std::size_t first, std::size_t count) {
  std::vector<std::string> lines{title};
  for (std::size_t i = first; i < first + count; ++i) lines.push_back(row_line(rows[i]));
  if (first + count < rows.size()) lines.push_back(row_line(more));
  for (const Row& row : footer) lines.push_back(row_line(row));
  return lines;
}

// How many rows from `first` fit on one page (at least one, so paging always advances).
std::size_t rows_that_fit(const std::string& title, const std::vector<Row>& rows,
                          const std::vector<Row>& footer, const Row& more, std::size_t first,
                          const Budget& budget) {
  std::size_t count = 1;
  while (first + count < rows.size() &&
         fits(join(page_lines(title, rows, footer, more, first, count + 1)), budget))
    ++count;
  return count;
}

}  // namespace

std::string row_line(const Row& row) { return row.key + ". " + row.label; }

Layout paginate(const std::string& title, const std::vector<Row>& rows,
                const std::vector<Row>& footer, const Row& more, std::size_t page,
                const Budget& budget) {
  return paginate(title, rows, footer, footer, more, page, budget);
}

// Each page is measured with the footer it is shown with; measuring page 0 with
// a later page's footer would start the next page early and repeat a row.
Layout paginate(const std::string& title, const std::vector<Row>& rows,
                const std::vector<Row>& first_footer, const std::vector<Row>& footer,
                const Row& more, std::size_t page, const Budget& budget) {
  Layout layout;
  std::size_t first = 0;
  std::size_t count = rows.empty() ? 0 : rows_that_fit(title, rows, first_footer, more, 0, budget);
  for (std::size_t p = 0; p < page && first + count < rows.size(); ++p) {
    first += count;
    count = rows_that_fit(title, rows, footer, more, first, budget);
  }
  layout.first = first;
  layout.count = count;
  layout.more = first + count < rows.size();
  layout.text = compose(page_lines(title, rows, first == 0 ? first_footer : footer, more, first, count), budget);
  return layout;
}

std::string compose(const std::vector<std::string>& lines, const Budget& budget) {
  return cut_to_fit(join(lines), budget);
}

std::vector<Row> nav_rows(const Screen& screen, const Graph& graph, const std::string& language,
                          bool can_go_back, bool away_from_home) {
  std::vector<Row> rows;
  if (!screen.show_nav) return rows;
  const auto label = [&](const char* name) {
    const auto it = graph.labels.find(name);
    return it == graph.labels.end() ? std::string(name) : it->second.in(language, graph.default_language);
  };
  const Nav& nav = screen.nav;
  if (!nav.back.empty() && can_go_back && nav.shows("back")) rows.push_back({nav.back, label("back")});
  if (!nav.home.empty() && away_from_home && nav.shows("home")) rows.push_back({nav.home, label("home")});
  if (!nav.exit.empty() && nav.shows("exit")) rows.push_back({nav.exit, label("exit")});
  return rows;
}

}  // namespace dialgraph::engine
