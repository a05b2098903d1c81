#include "actions/pepper_binding.hpp"

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using dialgraph::actions::testing::TestDb;
using dialgraph::actions::testing::World;

namespace {

Pepper pepper_of(unsigned char fill) {
  Pepper pepper{};
  pepper.fill(fill);
  return pepper;
}

}  // namespace

TEST_CASE("a database keeps the pepper it was first used with and refuses another") {
  TestDb db("pepper");
  {
    Store store(db.url());
    bind_pepper(store, pepper_of(1));
    bind_pepper(store, pepper_of(1));  // the same again: fine
  }
  Store reopened(db.url());
  CHECK_THROWS_WITH_AS(bind_pepper(reopened, pepper_of(2)),
                       doctest::Contains("hashed with another pepper than the one configured"),
                       std::runtime_error);
  CHECK_NOTHROW(bind_pepper(reopened, pepper_of(1)));
}

TEST_CASE("what is stored about the pepper does not reveal it") {
  TestDb db("pepper-hidden");
  Pepper pepper{};
  for (std::size_t i = 0; i < pepper.size(); ++i) pepper[i] = static_cast<unsigned char>('a' + i % 26);
  {
    Store store(db.url());
    bind_pepper(store, pepper);
  }
  const std::string stored = db.column("SELECT value FROM store_meta WHERE name = 'pepper_check'").at(0);
  CHECK(stored.size() == 32);
  CHECK(stored.find(to_hex(pepper).substr(0, 8)) == std::string::npos);
  CHECK(stored.find("abcdefgh") == std::string::npos);
}

TEST_CASE("Paymaart's actions refuse a store bound to another pepper") {
  TestDb db("pepper-world");
  { World first(db.url()); }
  Settings other;
  other.pepper = pepper_of(7);
  CHECK_THROWS_AS(World(db.url(), other, false), std::runtime_error);
}
