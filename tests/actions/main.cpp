// The suite runs on SQLite unless DIALGRAPH_TEST_BACKEND=postgresql (test_db.hpp).
// Test suites named "sqlite" or "postgresql" run on that backend only.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <iostream>

#include "test_db.hpp"

// What CTest's SKIP_RETURN_CODE expects (tests/actions/CMakeLists.txt).
constexpr int kSkipped = 77;

int main(int argc, char** argv) {
  using namespace dialgraph::actions::testing;
  doctest::Context context;
  if (on_postgresql()) {
    if (pg_url().empty()) {
      std::cout << "DIALGRAPH_TEST_PG_URL is not set: PostgreSQL run skipped\n";
      return kSkipped;
    }
    context.addFilter("test-suite-exclude", "sqlite");
  } else {
    context.addFilter("test-suite-exclude", "postgresql");
  }
  context.applyCommandLine(argc, argv);
  return context.run();
}
