// check --coverage: every part of the menus, what the runs reached, and the marks.
#include "server/toolkit/coverage_report.hpp"

#include <doctest/doctest.h>

#include "engine/coverage.hpp"
#include "tiny_service.hpp"

namespace dialgraph::toolkit {

TEST_CASE("the parts of a menus file are its screens, options, outcomes, refusals, routes and denials") {
  testing::TinyWorld world;
  const auto graph = testing::tiny_graph(world);
  std::vector<std::string> ids;
  for (const engine::Part& p : engine::parts(*graph)) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"deny known stranger", "screen home", "option home 1", "option home 2",
                                        "screen name", "error name too_short", "screen greet", "outcome greet ok",
                                        "outcome greet shy", "screen after", "route after 1", "route after 2"});
}

TEST_CASE("a walk with a trace records each part it passes") {
  testing::TinyWorld world;
  const auto graph = testing::tiny_graph(world);
  engine::Trace trace;
  engine::respond(*graph, world.registry(), world.commands(), {"s", "+1", "*1#", "", {"1", "A", "Shy"}}, &trace);
  CHECK(trace == engine::Trace{"screen home", "option home 1", "screen name", "error name too_short",
                               "screen greet", "outcome greet shy"});
  trace.clear();
  engine::respond(*graph, world.registry(), world.commands(), {"s", "+9", "*1#", "", {}}, &trace);
  CHECK(trace == engine::Trace{"deny known stranger"});
}

TEST_CASE("unreached parts are findings unless marked; stale and unknown marks are findings too") {
  testing::TinyWorld world;
  const auto graph = testing::tiny_graph(world);
  std::set<std::string> reached;
  for (const engine::Part& p : engine::parts(*graph)) reached.insert(p.id);
  reached.erase("outcome greet shy");
  reached.erase("route after 1");
  const std::vector<Uncovered> marks{{"route after 1", "never Zed", "u.yaml", 3},
                                     {"option home 1", "stale", "u.yaml", 4},
                                     {"screen gone", "typo", "u.yaml", 5}};
  const CoverageReport report = coverage(*graph, reached, marks);
  CHECK(report.parts == 12);
  CHECK(report.reached == 10);
  CHECK(report.marked == 1);
  const std::string menus = graph->file;
  CHECK(report.findings ==
        std::vector<std::string>{
            "u.yaml:4: 'option home 1' is marked uncovered but a conversation reaches it: remove the mark",
            menus + ":37:12: never reached: outcome 'shy' of screen greet  [outcome greet shy]",
            "u.yaml:5: 'screen gone' is no part of " + menus});
}

}  // namespace dialgraph::toolkit
