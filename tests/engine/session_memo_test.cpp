#include "engine/session_memo.hpp"

#include <doctest/doctest.h>

namespace dialgraph::engine {

TEST_CASE("a session memo gives back what it kept, step by step") {
  SessionMemo memo;
  CHECK_FALSE(memo.find("s/1/amount/payment.quote").has_value());
  memo.keep("s/1/amount/payment.quote", ActionResult{"ok", {{"fee", "30"}}, {}});
  const auto kept = memo.find("s/1/amount/payment.quote");
  REQUIRE(kept.has_value());
  CHECK(kept->values.at("fee") == "30");
  CHECK_FALSE(memo.find("s/1*0/amount/payment.quote").has_value());
}

TEST_CASE("a session memo stops keeping at its cap") {
  SessionMemo memo;
  for (std::size_t i = 0; i < SessionMemo::kMaxSteps + 5; ++i)
    memo.keep("step" + std::to_string(i), ActionResult{});
  CHECK(memo.size() == SessionMemo::kMaxSteps);
  CHECK(memo.find("step0").has_value());
  CHECK_FALSE(memo.find("step" + std::to_string(SessionMemo::kMaxSteps)).has_value());
}

}  // namespace dialgraph::engine
