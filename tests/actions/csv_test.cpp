#include "actions/csv.hpp"

#include <sstream>

#include <doctest/doctest.h>

using namespace dialgraph::actions;

TEST_CASE("RFC 4180 records, with the line each starts on") {
  std::istringstream in("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"two\nlines\",z,\"\"\nlast");
  int line = 0;
  CsvRecord r;
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.line == 1);
  CHECK(r.fields == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.line == 2);
  CHECK(r.fields == std::vector<std::string>{"x, y", "say \"hi\"", ""});
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.line == 4);
  CHECK(r.fields == std::vector<std::string>{"two\nlines", "z", ""});
  CHECK(r.error.empty());
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.line == 6);
  CHECK(r.fields == std::vector<std::string>{"last"});
  CHECK_FALSE(read_csv_record(in, line, r));
}

TEST_CASE("stray quotes are errors") {
  std::istringstream in("ab\"c,d\n");
  int line = 0;
  CsvRecord r;
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.error == "a quote inside an unquoted field");
}

TEST_CASE("a UTF-8 byte order mark starting the input is skipped; anywhere else it is data") {
  std::istringstream in("\xef\xbb\xbf" "a,b\n\xef\xbb\xbf" "c,d\n");
  int line = 0;
  CsvRecord r;
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.fields == std::vector<std::string>{"a", "b"});
  REQUIRE(read_csv_record(in, line, r));
  CHECK(r.fields == std::vector<std::string>{"\xef\xbb\xbf" "c", "d"});
}
