// sim: a transcript of a session typed on stdin.
#include "server/toolkit/sim.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "tiny_service.hpp"

namespace dialgraph::toolkit {

TEST_CASE("each answer is added to the session's text; after END the next line dials again") {
  testing::TinyWorld world;
  const auto graph = testing::tiny_graph(world);
  std::vector<std::vector<std::string>> sent;
  const Phone phone = [&](const engine::Request& r) {
    sent.push_back(r.inputs);
    return engine::respond(*graph, world.registry(), world.commands(), r);
  };
  std::istringstream in("1\nAl\n\n2\n");
  std::ostringstream out;
  simulate(in, out, phone, {"+1", "*1#", "", false, true, {}});
  CHECK(sent == std::vector<std::vector<std::string>>{{}, {"1"}, {"1", "Al"}, {}, {"2"}});
  CHECK(out.str() ==
        "Dialling *1# from +1\nCON\nWelcome to Tiny\n1. Greet me\n2. Leave\n> 1\n"
        "CON\nYour name?\n> Al\nEND\nHello, Al!\n(session ended: Enter dials again, Ctrl-D quits)\n"
        "Dialling *1# from +1\nCON\nWelcome to Tiny\n1. Greet me\n2. Leave\n> 2\n"
        "END\nBye.\n(session ended: Enter dials again, Ctrl-D quits)\n");
}

TEST_CASE("a handset box fits its widest line, with CON or END under the screen") {
  engine::Reply reply;
  reply.text = "Hi\nŵ";
  CHECK(handset(reply, true) ==
        "┌──────────────────────────┐\n"
        "│ Hi                       │\n"
        "│ ŵ                        │\n"
        "├──────────────────────────┤\n"
        "│ CON          reply below │\n"
        "└──────────────────────────┘\n");
}

}  // namespace dialgraph::toolkit
