#include "actions/pepper_binding.hpp"

#include <doctest/doctest.h>

#include "actions/import.hpp"
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
  {
    Store created(db.url());  // as `demo` and `customers import` do, before any customer
    REQUIRE(bind_pepper(created, Settings{}.pepper) == PepperBinding::bound);
  }
  { World first(db.url()); }
  Settings other;
  other.pepper = pepper_of(7);
  CHECK_THROWS_AS(World(db.url(), other, false), std::runtime_error);
}

// A database filled before the pepper check existed: customers, no record.
void fill_without_binding(Store& store, const Pepper& pepper) {
  Settings settings;
  settings.pepper = pepper;
  const auto report = insert_customers(store, settings, dialgraph::actions::testing::seed_customers(), "seed", 0);
  REQUIRE(report.ok());
}

TEST_CASE("an older database is checked against its sealed SMS before the pepper is recorded") {
  TestDb db("pepper-old-sms");
  {
    Store store(db.url());
    fill_without_binding(store, pepper_of(1));
    store.write([&](Tx& tx) { tx.queue_sms("+265991000001", seal_text(pepper_of(1), "Your code is 123456"), 0, SmsUrgency::receipt); });
  }
  Store store(db.url());
  CHECK_THROWS_WITH_AS(bind_pepper(store, pepper_of(2)), doctest::Contains("another pepper"), std::runtime_error);
  CHECK(bind_pepper(store, pepper_of(1)) == PepperBinding::bound);
  CHECK_THROWS_AS(bind_pepper(store, pepper_of(2)), std::runtime_error);  // now from the record
}

TEST_CASE("an older database with nothing to check against records no pepper, right or wrong") {
  TestDb db("pepper-old-bare");
  {
    Store store(db.url());
    fill_without_binding(store, pepper_of(1));
  }
  Store store(db.url());
  CHECK(bind_pepper(store, pepper_of(2)) == PepperBinding::unverified);
  CHECK(bind_pepper(store, pepper_of(1)) == PepperBinding::unverified);
  CHECK(db.column("SELECT COUNT(*) FROM store_meta") == std::vector<std::string>{"0"});
}
