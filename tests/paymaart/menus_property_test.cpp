// Random paths through the real menus.yaml never throw and always fit a screen.
#include <doctest/doctest.h>

#include <random>

#include "engine/gsm.hpp"
#include "paymaart_phone.hpp"

namespace dialgraph::testing {

TEST_CASE("random input paths over menus.yaml always give a reply that fits") {
  PaymaartWorld world;
  const std::vector<std::string> callers{"+265991000001", "+265991000002", "+265991000003", "+265888000000"};
  const std::vector<std::string> vocabulary{"1", "2", "3", "4", "5", "6", "9", "0", "00", "98", "1357", "1111",
                                            "2468", "PM100002", "0991000002", "500", "1000.50", "999999999",
                                            "", "#", "ŵ", "*", std::string(300, '7')};
  std::mt19937 random(20261127);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  for (int walk = 0; walk < 400; ++walk) {
    std::vector<std::string> inputs;
    const std::size_t length = pick(12);
    for (std::size_t i = 0; i < length; ++i) inputs.push_back(vocabulary[pick(vocabulary.size())]);
    const std::string session = "prop-" + std::to_string(walk);
    // Each prefix in turn, as the gateway would send them.
    for (std::size_t n = 0; n <= inputs.size(); ++n) {
      const std::vector<std::string> prefix(inputs.begin(), inputs.begin() + static_cast<long>(n));
      engine::Reply reply;
      REQUIRE_NOTHROW(reply = world.request(callers[walk % callers.size()], session, prefix));
      REQUIRE_FALSE(reply.text.empty());
      REQUIRE(engine::fits(reply.text, world.graph->budget));
      if (reply.end) break;
    }
  }
}

}  // namespace dialgraph::testing
