#include "engine/renderer.hpp"

#include <algorithm>
#include <functional>
#include <optional>

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

// Lines of one page showing rows [first, first + count), with the more line
// when `show_more`.
std::vector<std::string> page_lines(const std::string& title, const std::vector<Row>& rows,
                                    const std::vector<Row>& footer, const Row& more,
                                    std::size_t first, std::size_t count, bool show_more) {
  std::vector<std::string> lines{title};
  for (std::size_t i = first; i < first + count; ++i) lines.push_back(row_line(rows[i]));
  if (show_more) lines.push_back(row_line(more));
  for (const Row& row : footer) lines.push_back(row_line(row));
  return lines;
}

// A line cut shorter than this says nothing: below it, the whole text is cut instead.
constexpr int kShortestCut = 8;
constexpr int kShortestRow = 16;  // a list row cut to share room with an error line

// What `units` count on the air, in the alphabet the whole text goes in.
int on_air(const Units& units, bool gsm7) { return gsm7 ? units.septets : units.ucs2; }
int limit(const Budget& budget, bool gsm7) { return gsm7 ? budget.gsm7 : budget.ucs2; }

// The size of lines joined by '\n', added up line by line as `join` would
// join them (empty lines left out): the same count as measuring the joined
// text, without building and measuring every candidate page.
struct PageSize {
  Units units;
  int lines = 0;

  PageSize& add(const Units& line) {
    if (line.ucs2 == 0) return *this;  // an empty line
    units.septets += line.septets;
    units.ucs2 += line.ucs2;
    units.gsm7 = units.gsm7 && line.gsm7;
    ++lines;
    return *this;
  }

  bool fits(const Budget& budget) const {
    const int newlines = lines > 0 ? lines - 1 : 0;  // '\n' is one unit in both alphabets
    return on_air(units, units.gsm7) + newlines <= limit(budget, units.gsm7);
  }
};

// Every line a page may show, measured once.
struct MeasuredLines {
  Units title;
  Units more;
  std::vector<Units> rows;

  MeasuredLines(const std::string& title_text, const std::vector<Row>& row_list, const Row& more_row)
      : title(count_units(title_text)), more(count_units(row_line(more_row))) {
    rows.reserve(row_list.size());
    for (const Row& row : row_list) rows.push_back(count_units(row_line(row)));
  }
};

// Whether a page shows the more line: when rows remain after it (paging a
// list), or as the page it stands for did (a page under an error line).
enum class MoreLine { when_rows_remain, shown, hidden };

// How many rows from `first`, up to `end`, fit on one page (at least one, so
// paging always advances): the page with one row more, and its more line,
// must still fit.
std::size_t rows_that_fit(const MeasuredLines& lines, const std::vector<Row>& footer, std::size_t first,
                          std::size_t end, MoreLine more, const Budget& budget) {
  PageSize shown;
  shown.add(lines.title);
  for (const Row& row : footer) shown.add(count_units(row_line(row)));
  if (more == MoreLine::shown) shown.add(lines.more);
  if (more == MoreLine::when_rows_remain) {
    // All the rows left, with no more line, may fit where fewer with it do not.
    PageSize rest = shown;
    for (std::size_t i = first; i < end; ++i) rest.add(lines.rows[i]);
    if (end == lines.rows.size() && rest.fits(budget)) return end - first;
  }
  shown.add(lines.rows[first]);
  std::size_t count = 1;
  const std::size_t total = lines.rows.size();
  while (first + count < end) {
    PageSize bigger = shown;
    bigger.add(lines.rows[first + count]);
    PageSize with_more = bigger;
    if (more == MoreLine::when_rows_remain && first + count + 1 < total) with_more.add(lines.more);
    if (!with_more.fits(budget)) break;
    shown = bigger;
    ++count;
  }
  return count;
}

// The room left for one more line (`line`, which may change the alphabet)
// above `below`.
int room_above(const std::string& below, const Budget& budget, const std::string& line = "") {
  const Units units = count_units(below);
  const bool gsm7 = units.gsm7 && count_units(line).gsm7;
  return limit(budget, gsm7) - on_air(units, gsm7) - 1;  // '\n'
}

// The one page with every row and the title cut to the room they leave, when
// the title alone keeps them from fitting; nullopt otherwise.
std::optional<std::string> title_cut_to_one_page(const std::string& title, const std::vector<Row>& rows,
                                                 const std::vector<Row>& footer, const Budget& budget) {
  if (title.empty() || rows.empty()) return std::nullopt;
  const std::string rest = join(page_lines("", rows, footer, Row{}, 0, rows.size(), false));
  if (fits(title + "\n" + rest, budget)) return std::nullopt;
  const int room = room_above(rest, budget, title);
  if (room < kShortestCut) return std::nullopt;
  return fit_text(title, Budget{room, room}) + "\n" + rest;
}

// A text's lines and the room each takes on the air, all in the alphabet the
// whole text travels in.
struct TextLines {
  std::vector<std::string_view> lines;
  std::vector<int> sizes;
  int room = 0;  // the budget, less the newlines

  TextLines(std::string_view text, const Budget& budget) {
    for (std::size_t from = 0;;) {
      const std::size_t newline = text.find('\n', from);
      lines.push_back(text.substr(from, newline - from));
      if (newline == std::string_view::npos) break;
      from = newline + 1;
    }
    std::vector<Units> units;
    for (std::string_view line : lines) units.push_back(count_units(line));
    const bool gsm7 = std::all_of(units.begin(), units.end(), [](const Units& u) { return u.gsm7; });
    for (const Units& u : units) sizes.push_back(on_air(u, gsm7));
    room = limit(budget, gsm7) - static_cast<int>(lines.size() - 1);
  }

  // The lines, those `cut` says cut to `cap` units.
  std::string joined(int cap, const std::function<bool(std::size_t)>& cut) const {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) out += '\n';
      out += cut(i) ? cut_to_fit(lines[i], Budget{cap, cap}) : std::string(lines[i]);
    }
    return out;
  }
};

// The longest lines give way (those a long name or email made long, wherever
// they are): every line longer than one common length is cut to it, the
// longest length that lets the text fit, so that the shorter lines, an
// error's figure, the choices, a reference, the navigation, stay whole. With
// one long line that is the room the others leave it; with two (a long name
// and a long email) they share the cut, where cutting only the longest left it
// a few letters, or cut the profile to its first two lines. Null when a cut
// line would keep less than `shortest`.
std::optional<std::string> cut_longest_lines(std::string_view text, const Budget& budget, int shortest) {
  const TextLines m(text, budget);
  if (m.lines.size() < 2) return std::nullopt;
  const auto total_under = [&](int cap) {
    int total = 0;
    for (int size : m.sizes) total += std::min(size, cap);
    return total;
  };
  if (total_under(shortest) > m.room) return std::nullopt;
  int cap = shortest;  // the longest length every line may keep
  for (int high = *std::max_element(m.sizes.begin(), m.sizes.end()); cap < high;) {
    const int middle = cap + (high - cap + 1) / 2;
    if (total_under(middle) <= m.room) cap = middle;
    else high = middle - 1;
  }
  std::string out = m.joined(cap, [&](std::size_t i) { return m.sizes[i] > cap; });
  if (!fits(out, budget)) return std::nullopt;
  return out;
}

// A page under an error line, above the page's other lines (`rest`, which fit):
// the error line and the title, the title cut or left out to make room, then
// the longest lines cut, then the error line cut or left out. The rows stay: one missing here would never
// be shown, since "more" leads on from the page without the error line.
std::string error_above_rows(const std::string& error_line, const std::string& title, const std::string& rest,
                             const Budget& budget) {
  const std::string untitled = error_line + "\n" + rest;
  if (!title.empty()) {
    const int room = room_above(untitled, budget, title);
    const Budget title_room{room, room};
    if (fits(title, title_room) || room >= kShortestCut) {
      std::string titled = error_line + "\n" + fit_text(title, title_room) + "\n" + rest;
      if (fits(titled, budget)) return titled;
    }
  }
  if (fits(untitled, budget)) return untitled;
  // The rows give way, sharing the cut, before the error line does: a cut
  // error ("Invalid choice. T...") tells the caller nothing. Not below a
  // row's number and amount ("12. 1,500.00 MWK").
  if (auto cut = cut_longest_lines(untitled, budget, kShortestRow)) return std::move(*cut);
  if (const int room = room_above(rest, budget); room >= kShortestCut) {
    std::string cut = fit_text(error_line, Budget{room, room}) + "\n" + rest;
    if (fits(cut, budget)) return cut;
  }
  return fit_text(rest, budget);  // fits unless a line is longer than the page it was measured for
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
                const Row& more, std::size_t page, const Budget& budget, bool title_gives_way) {
  Layout layout;
  // A title too long for the screen (a long name in it) gives way before the
  // choices are split over pages: the caller sees them all, and Cancel is not
  // hidden behind "more". A list's rows page instead: they are the data.
  if (const auto whole = title_gives_way ? title_cut_to_one_page(title, rows, first_footer, budget) : std::nullopt) {
    layout.count = rows.size();
    layout.text = *whole;
    return layout;
  }
  const MeasuredLines lines(title, rows, more);
  std::size_t first = 0;
  std::size_t count = rows.empty() ? 0 : rows_that_fit(lines, first_footer, 0, rows.size(), MoreLine::when_rows_remain, budget);
  for (std::size_t p = 0; p < page && first + count < rows.size(); ++p) {
    first += count;
    count = rows_that_fit(lines, footer, first, rows.size(), MoreLine::when_rows_remain, budget);
  }
  layout.first = first;
  layout.count = count;
  layout.more = first + count < rows.size();
  layout.text = compose(
      page_lines(title, rows, first == 0 ? first_footer : footer, more, first, count, layout.more), budget);
  return layout;
}

std::string compose(const std::vector<std::string>& lines, const Budget& budget) {
  return fit_text(join(lines), budget);
}

std::string fit_text(std::string text, const Budget& budget) {
  if (fits(text, budget)) return text;
  if (auto cut = cut_longest_lines(text, budget, kShortestCut)) return std::move(*cut);
  return cut_to_fit(text, budget);
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

namespace {

// The navigation lines of a menu or list screen's pages: the first page's
// footer, later pages' footer (back turns the page) and the more line.
struct PageNav {
  std::vector<Row> first_footer;
  std::vector<Row> footer;
  Row more;
};

PageNav page_nav(const Screen& screen, const Graph& graph, const std::string& language, bool can_go_back,
                 bool away_from_home) {
  return {nav_rows(screen, graph, language, can_go_back, away_from_home),
          nav_rows(screen, graph, language, true, away_from_home),
          Row{screen.nav.more, graph.labels.at("more").in(language, graph.default_language)}};
}

}  // namespace

Layout screen_page(const Screen& screen, const Graph& graph, const std::string& language,
                   const std::string& title, const std::vector<Row>& rows, bool can_go_back,
                   bool away_from_home, std::size_t page, const Budget& budget) {
  const PageNav nav = page_nav(screen, graph, language, can_go_back, away_from_home);
  return paginate(title, rows, nav.first_footer, nav.footer, nav.more, page, budget,
                  screen.type == ScreenType::menu);
}

Layout screen_page_under_error(const Screen& screen, const Graph& graph, const std::string& language,
                               const std::string& error_line, const std::string& title,
                               const std::vector<Row>& rows, bool can_go_back, bool away_from_home,
                               std::size_t page, const Budget& budget) {
  const PageNav nav = page_nav(screen, graph, language, can_go_back, away_from_home);
  const Layout plain = paginate(title, rows, nav.first_footer, nav.footer, nav.more, page, budget,
                                screen.type == ScreenType::menu);
  if (rows.empty())
    return paginate(error_line + "\n" + title, rows, nav.first_footer, nav.footer, nav.more, page, budget);
  const auto& footer = plain.first == 0 ? nav.first_footer : nav.footer;
  Layout layout = plain;
  layout.text = error_above_rows(
      error_line, title, join(page_lines("", rows, footer, nav.more, plain.first, plain.count, plain.more)), budget);
  return layout;
}

std::string prompt_text(const Screen& screen, const Graph& graph, const std::string& language,
                        const std::string& error_line, const std::string& prompt, bool can_go_back,
                        bool away_from_home, const Budget& budget) {
  std::vector<std::string> lines{error_line, prompt};
  for (const Row& row : nav_rows(screen, graph, language, can_go_back, away_from_home))
    lines.push_back(row_line(row));
  return compose(lines, budget);
}

}  // namespace dialgraph::engine
