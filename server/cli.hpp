// The subcommands of the `dialgraph` executable. Each takes the arguments from
// its own name on: argv[0] is "serve", "check", "test", "graph", "sim", "demo"
// or "customers".
// Each returns the process exit code.
#pragma once

namespace dialgraph::server {

int run_serve(int argc, char** argv);      // main.cpp
int run_check(int argc, char** argv);      // cli_toolkit.cpp
int run_test(int argc, char** argv);       // cli_toolkit.cpp
int run_graph(int argc, char** argv);      // cli_toolkit.cpp
int run_sim(int argc, char** argv);        // cli_toolkit.cpp
int run_demo(int argc, char** argv);       // cli_data.cpp
int run_customers(int argc, char** argv);  // cli_data.cpp ("customers import FILE")

}  // namespace dialgraph::server
