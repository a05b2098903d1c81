#include "engine/request.hpp"

#include <doctest/doctest.h>

using dialgraph::engine::split_inputs;
using Inputs = std::vector<std::string>;

TEST_CASE("split_inputs: an empty path starts a session; '*' separates the inputs") {
  CHECK(split_inputs("") == Inputs{});
  CHECK(split_inputs("1") == Inputs{"1"});
  CHECK(split_inputs("1*2*1234") == Inputs{"1", "2", "1234"});
  CHECK(split_inputs("1**2") == Inputs{"1", "", "2"});
  CHECK(split_inputs("1*") == Inputs{"1", ""});
}
