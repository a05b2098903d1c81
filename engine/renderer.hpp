// Laying a screen out within the network's budget: numbered rows, pages with a
// "more" line, navigation lines, and the cut of last resort.
#pragma once

#include <string>
#include <vector>

#include "engine/graph.hpp"

namespace dialgraph::engine {

struct Row {
  std::string key;
  std::string label;
};

struct Layout {
  std::string text;
  std::size_t first = 0;  // index of the first row shown
  std::size_t count = 0;  // rows shown
  bool more = false;      // further rows on a later page
};

// "key. label"
std::string row_line(const Row& row);

// Page `page` (0-based) of `rows` under `title`, with `footer` lines below and a
// `more_line` when rows remain. Pages are filled greedily so that each fits.
Layout paginate(const std::string& title, const std::vector<Row>& rows,
                const std::vector<Row>& footer, const Row& more, std::size_t page,
                const Budget& budget);

// As above, with a footer of its own on the first page: on the start screen the
// first page has no "back" line and later pages have one (back turns the page).
// `title_gives_way` (a menu's choices): when the title alone keeps every row
// from one page, the title is cut instead of the rows split over pages.
Layout paginate(const std::string& title, const std::vector<Row>& rows,
                const std::vector<Row>& first_footer, const std::vector<Row>& footer,
                const Row& more, std::size_t page, const Budget& budget, bool title_gives_way = false);

// Lines joined with '\n', skipping empty ones, then fit_text.
std::string compose(const std::vector<std::string>& lines, const Budget& budget);

// `text` as it fits `budget`: what does not fit is cut from its longest line
// (marked "..."), keeping the others whole; when they alone do not fit, the
// whole text is cut at its end.
std::string fit_text(std::string text, const Budget& budget);

// The navigation rows a screen shows, in the session's language.
std::vector<Row> nav_rows(const Screen& screen, const Graph& graph, const std::string& language,
                          bool can_go_back, bool away_from_home);

// Page `page` of a menu or list screen: `rows` under `title` (both rendered
// already) and the navigation lines; the first page has a back line only when
// `can_go_back`, later pages always (back turns the page).
Layout screen_page(const Screen& screen, const Graph& graph, const std::string& language,
                   const std::string& title, const std::vector<Row>& rows, bool can_go_back,
                   bool away_from_home, std::size_t page, const Budget& budget);

// The same page with `error_line` above its title: it shows the same rows, so
// that a list does not move under a caller who mistyped and "more" leads on
// from the last row shown. To make room the title is cut or left out, then
// the error line.
Layout screen_page_under_error(const Screen& screen, const Graph& graph, const std::string& language,
                               const std::string& error_line, const std::string& title,
                               const std::vector<Row>& rows, bool can_go_back, bool away_from_home,
                               std::size_t page, const Budget& budget);

// An input screen: `error_line` (may be empty) above the rendered `prompt`, and
// the navigation lines.
std::string prompt_text(const Screen& screen, const Graph& graph, const std::string& language,
                        const std::string& error_line, const std::string& prompt, bool can_go_back,
                        bool away_from_home, const Budget& budget);

}  // namespace dialgraph::engine
