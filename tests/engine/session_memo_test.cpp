#include "engine/session_memo.hpp"

#include <doctest/doctest.h>

namespace dialgraph::engine {

TEST_CASE("a session memo gives back what it kept, step by step") {
  SessionMemo memo;
  CHECK(memo.find("s/1/amount/payment.quote") == nullptr);
  memo.keep("s/1/amount/payment.quote", std::make_shared<ActionResult>(ActionResult{"ok", {{"fee", "30"}}, {}}));
  const auto kept = memo.find("s/1/amount/payment.quote");
  REQUIRE(kept != nullptr);
  CHECK(kept->values.at("fee") == "30");
  CHECK(memo.find("s/1*0/amount/payment.quote") == nullptr);
}

TEST_CASE("a session memo stops keeping at its cap") {
  SessionMemo memo;
  for (std::size_t i = 0; i < SessionMemo::kMaxSteps + 5; ++i)
    memo.keep("step" + std::to_string(i), std::make_shared<ActionResult>());
  CHECK(memo.size() == SessionMemo::kMaxSteps);
  CHECK(memo.find("step0") != nullptr);
  CHECK(memo.find("step" + std::to_string(SessionMemo::kMaxSteps)) == nullptr);
}

}  // namespace dialgraph::engine
