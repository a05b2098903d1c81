// The product team's commands, for any service on the engine: check, test,
// graph and sim. Each takes the arguments from its own name on (argv[0] is
// "check", "test", ...) and returns the process exit code: 0 good, 1 a finding
// (a failed test, a bad file), 2 bad arguments.
#pragma once

#include <iosfwd>

#include "server/toolkit/service.hpp"

namespace dialgraph::toolkit {

int run_check(const Service& service, int argc, char** argv);  // cli_check.cpp
int run_test(const Service& service, int argc, char** argv);   // cli_test.cpp
int run_graph(const Service& service, int argc, char** argv);  // cli_graph.cpp
int run_sim(const Service& service, int argc, char** argv);    // cli_sim.cpp

// A whole program made of the four commands above (for services that need no
// server of their own, such as examples/clinic): argv[1] picks the command.
int run_tool(const Service& service, int argc, char** argv);  // cli.cpp

}  // namespace dialgraph::toolkit
