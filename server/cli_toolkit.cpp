// `dialgraph check`, `test`, `graph` and `sim`: the toolkit's commands
// (toolkit/cli.hpp) on the Paymaart service.
#include "server/cli.hpp"
#include "server/paymaart_service.hpp"
#include "server/toolkit/cli.hpp"

namespace dialgraph::server {

int run_check(int argc, char** argv) { return toolkit::run_check(paymaart_service(), argc, argv); }
int run_test(int argc, char** argv) { return toolkit::run_test(paymaart_service(), argc, argv); }
int run_graph(int argc, char** argv) { return toolkit::run_graph(paymaart_service(), argc, argv); }
int run_sim(int argc, char** argv) { return toolkit::run_sim(paymaart_service(), argc, argv); }

}  // namespace dialgraph::server
