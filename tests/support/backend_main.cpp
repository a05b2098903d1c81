// The main() of every doctest binary that opens a Store: it runs on SQLite
// unless DIALGRAPH_TEST_BACKEND=postgresql (test_db.hpp). Test suites named
// "sqlite" or "postgresql" run on that backend only.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/support/test_db.hpp"

int main(int argc, char** argv) {
  using namespace dialgraph::actions::testing;
  if (postgresql_unavailable()) return kSkipped;
  doctest::Context context;
  context.addFilter("test-suite-exclude", on_postgresql() ? "sqlite" : "postgresql");
  context.applyCommandLine(argc, argv);
  return context.run();
}
