#include "server/expiring_map.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::server;
using namespace std::chrono_literals;

TEST_CASE("entries expire after their last use") {
  ExpiringMap<int> map(300s, 10);
  const auto t0 = ExpiringMap<int>::Clock::now();
  map.put("a", 1, t0);
  CHECK(map.get("a", t0 + 200s) == 1);  // refreshed
  CHECK(map.get("a", t0 + 450s) == 1);
  CHECK_FALSE(map.get("a", t0 + 800s));
  CHECK(map.size() == 0);
}

TEST_CASE("the least recently used entry goes when full") {
  ExpiringMap<int> map(300s, 2);
  const auto t0 = ExpiringMap<int>::Clock::now();
  map.put("a", 1, t0);
  map.put("b", 2, t0);
  CHECK(map.get("a", t0) == 1);
  map.put("c", 3, t0);
  CHECK(map.get("a", t0) == 1);
  CHECK_FALSE(map.get("b", t0));
  CHECK(map.get("c", t0) == 3);
  map.erase("a");
  CHECK(map.size() == 1);
}
