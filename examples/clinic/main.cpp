// dialgraph-clinic: the toolkit's commands (check, test, graph, sim) on the
// clinic example. The whole program is the service and one call.
#include "clinic_service.hpp"
#include "server/toolkit/cli.hpp"

int main(int argc, char** argv) {
  return dialgraph::toolkit::run_tool(dialgraph::clinic::clinic_service(), argc, argv);
}
