#include "server/toolkit/line_diff.hpp"

#include <doctest/doctest.h>

namespace dialgraph::toolkit {

TEST_CASE("a line diff keeps common lines and marks the rest") {
  CHECK(line_diff("a\nb\nc", "a\nc\nd") == "  a\n- b\n  c\n+ d\n");
  CHECK(line_diff("same", "same", ">") == ">  same\n");
  CHECK(line_diff("", "x") == "- \n+ x\n");
}

}  // namespace dialgraph::toolkit
