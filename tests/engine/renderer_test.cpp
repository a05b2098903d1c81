#include "engine/renderer.hpp"

#include <doctest/doctest.h>

#include "engine/gsm.hpp"

namespace dialgraph::engine {
namespace {

std::vector<Row> numbered(int count, const std::string& label) {
  std::vector<Row> rows;
  for (int i = 1; i <= count; ++i) rows.push_back({std::to_string(i), label + " " + std::to_string(i)});
  return rows;
}

// Every page of `rows` until the last one.
std::vector<Layout> all_pages(const std::string& title, const std::vector<Row>& rows,
                              const std::vector<Row>& footer, const Budget& budget) {
  std::vector<Layout> pages;
  for (std::size_t page = 0;; ++page) {
    pages.push_back(paginate(title, rows, footer, {"98", "More"}, page, budget));
    if (!pages.back().more || page > rows.size()) return pages;
  }
}

Text plain(std::string s) {
  Text t;
  t.by_language["*"] = std::move(s);
  return t;
}

Graph graph_with_labels() {
  Graph g;
  g.languages = {"en", "ny"};
  g.labels["back"].by_language = {{"en", "Back"}, {"ny", "Bwererani"}};
  g.labels["home"] = plain("Home");
  g.labels["exit"] = plain("Exit");
  return g;
}

}  // namespace

TEST_CASE("a row reads 'key. label'") {
  CHECK(row_line({"1", "Balance"}) == "1. Balance");
  CHECK(row_line({"98", "More"}) == "98. More");
}

TEST_CASE("a short list is one page: title, rows, footer, and no more line") {
  const Layout page = paginate("Menu", numbered(2, "Item"), {{"0", "Back"}}, {"98", "More"}, 0, Budget{});
  CHECK(page.text == "Menu\n1. Item 1\n2. Item 2\n0. Back");
  CHECK(page.first == 0);
  CHECK(page.count == 2);
  CHECK_FALSE(page.more);
}

TEST_CASE("a list too long for one screen continues on a page after the more line") {
  const auto rows = numbered(30, "Transaction to someone");
  const Layout first = paginate("History", rows, {{"0", "Back"}}, {"98", "More"}, 0, Budget{});
  CHECK(first.more);
  CHECK(first.text.starts_with("History\n1. Transaction to someone 1\n"));
  CHECK(first.text.ends_with("\n98. More\n0. Back"));
  const Layout second = paginate("History", rows, {{"0", "Back"}}, {"98", "More"}, 1, Budget{});
  CHECK(second.first == first.count);
}

TEST_CASE("every page fits, and rows are neither lost nor repeated across pages") {
  const std::vector<Row> footer{{"0", "Back"}, {"00", "Home"}};
  for (const Budget budget : {Budget{}, Budget{60, 30}, Budget{100, 50}}) {
    for (const int count : {1, 2, 5, 17, 60}) {
      for (const std::string label : {"Item", "A much longer row label for the list", "Ndalama ŵ"}) {
        CAPTURE(count);
        CAPTURE(label);
        const auto rows = numbered(count, label);
        std::size_t next = 0;
        for (const Layout& page : all_pages("Title", rows, footer, budget)) {
          CHECK(fits(page.text, budget));
          CHECK(page.first == next);  // continues exactly where the last page stopped
          CHECK(page.count >= 1);
          next = page.first + page.count;
        }
        CHECK(next == rows.size());
      }
    }
  }
}

TEST_CASE("each page is as full as it can be: one row more would not fit") {
  const std::vector<Row> footer{{"0", "Back"}, {"00", "Home"}};
  const Row more{"98", "More"};
  for (const Budget budget : {Budget{}, Budget{60, 30}, Budget{100, 50}}) {
    for (const std::string label : {"Item", "A much longer row label for the list", "Ndalama ŵ", ""}) {
      for (const std::string title : {"Title", "", "Mutu ŵ wautali kwambiri"}) {
        CAPTURE(label);
        CAPTURE(title);
        const auto rows = numbered(40, label);
        for (const Layout& page : all_pages(title, rows, footer, budget)) {
          if (!page.more) continue;
          // The page with its next row as well, and the more line if rows remain.
          std::vector<std::string> lines{title};
          for (std::size_t i = page.first; i <= page.first + page.count; ++i) lines.push_back(row_line(rows[i]));
          if (page.first + page.count + 1 < rows.size()) lines.push_back(row_line(more));
          for (const Row& row : footer) lines.push_back(row_line(row));
          std::string joined;
          for (const std::string& line : lines) {
            if (line.empty()) continue;
            joined += (joined.empty() ? "" : "\n") + line;
          }
          CHECK_FALSE(fits(joined, budget));
        }
      }
    }
  }
}

TEST_CASE("the more line appears exactly when rows remain after the page") {
  const auto rows = numbered(25, "Somebody with a long name");
  for (const Layout& page : all_pages("Pick", rows, {}, Budget{})) {
    CHECK(page.more == (page.first + page.count < rows.size()));
    CHECK((page.text.find("98. More") != std::string::npos) == page.more);
  }
}

TEST_CASE("a page past the last shows the last page") {
  const auto rows = numbered(30, "Row");
  const auto pages = all_pages("T", rows, {}, Budget{60, 30});
  REQUIRE(pages.size() > 1);
  const Layout beyond = paginate("T", rows, {}, {"98", "More"}, pages.size() + 3, Budget{60, 30});
  CHECK(beyond.first == pages.back().first);
  CHECK_FALSE(beyond.more);
}

TEST_CASE("an empty list shows only the title and footer") {
  const Layout page = paginate("Nothing", {}, {{"0", "Back"}}, {"98", "More"}, 0, Budget{});
  CHECK(page.text == "Nothing\n0. Back");
  CHECK(page.count == 0);
  CHECK_FALSE(page.more);
}

TEST_CASE("a single row too long for any page is still shown, cut to fit") {
  const Layout page = paginate("T", {{"1", std::string(300, 'x')}}, {}, {"98", "More"}, 0, Budget{});
  CHECK(page.count == 1);
  CHECK(page.text.size() == 182);
  CHECK(page.text.ends_with("..."));
}

TEST_CASE("under an error line a page whose row fills it is still cut to the network's limit") {
  Graph g = graph_with_labels();
  g.labels["more"] = plain("More");
  Screen list;
  list.id = "list";
  list.type = ScreenType::list;
  list.nav.exit.clear();
  const std::vector<Row> rows{{"1", std::string(150, 'x') + " long counterparty name"}, {"2", "short"}};
  const Budget budget{182, 80};
  const Layout mistyped = screen_page_under_error(list, g, "en", "Invalid choice.", "Recent", rows, true, true, 0, budget);
  CHECK(fits(mistyped.text, budget));
  CHECK(mistyped.count == screen_page(list, g, "en", "Recent", rows, true, true, 0, budget).count);
}

TEST_CASE("compose joins lines, skips empty ones and cuts what cannot fit") {
  CHECK(compose({"", "Enter PIN", "", "0. Back"}, Budget{}) == "Enter PIN\n0. Back");
  CHECK(compose({std::string(200, 'a')}, Budget{}) == std::string(179, 'a') + "...");
}

TEST_CASE("a menu too long for the network cuts its title's longest line and keeps every choice on the page") {
  const std::string name(170, 'n');  // a recipient's name far longer than any screen
  const std::vector<Row> choices{{"1", "Confirm"}, {"2", "Cancel"}};
  const Layout page = paginate("Pay " + name + "\nTotal: 1,020.00 MWK", choices, {{"0", "Back"}}, {{"0", "Back"}},
                               {"98", "More"}, 0, Budget{}, true);
  CHECK(page.text.size() == 182);
  CHECK(page.text.starts_with("Pay nnn"));
  CHECK(page.text.ends_with("...\nTotal: 1,020.00 MWK\n1. Confirm\n2. Cancel\n0. Back"));
  CHECK_FALSE(page.more);
  // A list pages its rows instead, as they are the data; its title still gives way.
  const Layout list = paginate("Pay " + name + "\nTotal: 1,020.00 MWK", choices, {{"0", "Back"}}, {"98", "More"}, 0,
                               Budget{});
  CHECK(list.text.ends_with("...\nTotal: 1,020.00 MWK\n1. Confirm\n98. More\n0. Back"));
  // In UCS-2 (a character outside GSM 7-bit in the rows) the room is 80.
  const std::string ucs2 = compose({"Pay " + name, "1. Vomereza ŵ", "0. Back"}, Budget{});
  CHECK(ucs2.ends_with("...\n1. Vomereza ŵ\n0. Back"));
  CHECK(measure(ucs2).units == 80);
  // When the lines after the first cannot fit either, the whole text is cut.
  CHECK(compose({"Title", std::string(200, 'r')}, Budget{}) == "Title\n" + std::string(173, 'r') + "...");
}

TEST_CASE("the line a long name made long is the one cut, wherever it is") {
  const std::string name(150, 'n');
  // A detail screen: the name is on the second line; the reference survives.
  const std::string detail = fit_text("Received 10,000.00 MWK\nFrom: " + name + "\nDate: 05/12/2026 00:40\nRef: PM0DP3Z5M480",
                                      Budget{});
  CHECK(detail.starts_with("Received 10,000.00 MWK\nFrom: nnn"));
  CHECK(detail.ends_with("...\nDate: 05/12/2026 00:40\nRef: PM0DP3Z5M480"));
  // An error line above a prompt with the name: the error keeps its figure.
  const std::string refused = compose({"The most you can pay at once is 1,000,000.00 MWK.", "Pay " + name,
                                       "Enter amount in MWK", "0. Back"},
                                      Budget{});
  CHECK(refused.starts_with("The most you can pay at once is 1,000,000.00 MWK.\nPay nnn"));
  CHECK(refused.ends_with("...\nEnter amount in MWK\n0. Back"));
  CHECK(measure(refused).units == 182);
}

TEST_CASE("two long lines share the cut, and the short ones stay whole") {
  // A profile with a long name and a long email: each is cut to one length.
  const std::string profile = fit_text("Name: " + std::string(150, 'n') + "\nPaymaart ID: PM300001\n" +
                                           "Phone: +265993000001\nEmail: " + std::string(90, 'e') + "@example.mw\n" +
                                           "KYC: verified",
                                       Budget{});
  CHECK(measure(profile).units <= 182);
  CHECK(profile.find("\nPaymaart ID: PM300001\nPhone: +265993000001\nEmail: eee") != std::string::npos);
  CHECK(profile.ends_with("...\nKYC: verified"));
  const auto name_end = profile.find('\n');
  const auto email_start = profile.find("Email: ");
  CHECK(name_end == profile.find('\n', email_start) - email_start);  // the same length
  // Cut alone, a 200-letter line would keep 81, less than the 100 of the next:
  // both give way, to 87 letters and an ellipsis each.
  const std::string two = fit_text(std::string(200, 'a') + "\n" + std::string(100, 'b'), Budget{});
  CHECK(two == std::string(87, 'a') + "...\n" + std::string(87, 'b') + "...");
}

TEST_CASE("an END too long for the network keeps the lines after its first whole") {
  const std::string receipt = "Paid 1,000.00 MWK to " + std::string(150, 'n') +
                              ".\nFee: 20.00 MWK\nRef: PM0DP3Z5M480\nBalance: 249,880.00 MWK";
  const std::string shown = fit_text(receipt, Budget{});
  CHECK(measure(shown).units == 182);
  CHECK(shown.starts_with("Paid 1,000.00 MWK to nnn"));
  CHECK(shown.ends_with("...\nFee: 20.00 MWK\nRef: PM0DP3Z5M480\nBalance: 249,880.00 MWK"));
  CHECK(fit_text("Short\ntext", Budget{}) == "Short\ntext");
}

TEST_CASE("nav_rows shows back only when there is somewhere to go back to") {
  const Graph g = graph_with_labels();
  Screen s;
  s.nav.exit = "9";
  CHECK(nav_rows(s, g, "en", true, true).size() == 2);
  CHECK(row_line(nav_rows(s, g, "en", true, true)[0]) == "0. Back");
  CHECK(row_line(nav_rows(s, g, "en", false, true)[0]) == "9. Exit");
}

TEST_CASE("nav_rows uses the session's language for the labels") {
  const Graph g = graph_with_labels();
  Screen s;
  CHECK(row_line(nav_rows(s, g, "ny", true, true).at(0)) == "0. Bwererani");
}

TEST_CASE("nav_rows shows home only when listed in show and away from home") {
  const Graph g = graph_with_labels();
  Screen s;
  s.nav.show = {"back", "home"};
  const auto rows = nav_rows(s, g, "en", true, true);
  REQUIRE(rows.size() == 2);
  CHECK(row_line(rows[1]) == "00. Home");
  CHECK(nav_rows(s, g, "en", true, false).size() == 1);
}

TEST_CASE("nav_rows leaves out keys that are switched off, and everything when show_nav is false") {
  const Graph g = graph_with_labels();
  Screen s;
  s.nav.back.clear();
  CHECK(nav_rows(s, g, "en", true, true).empty());  // exit is off on non-menus by default
  Screen quiet;
  quiet.nav.exit = "9";
  quiet.show_nav = false;
  CHECK(nav_rows(quiet, g, "en", true, true).empty());
}

TEST_CASE("nav_rows falls back to the key's name when no label is defined") {
  const Graph g;
  Screen s;
  CHECK(row_line(nav_rows(s, g, "en", true, true).at(0)) == "0. back");
}

}  // namespace dialgraph::engine
