#include "actions/demo.hpp"

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

TEST_CASE("demo data: well-known customers first, then synthetic ones") {
  TestDb db;
  Store store(db.url());
  const DemoInfo info = create_demo(store, Settings{}, 50, [] { return kStart; });
  CHECK(info.created);
  CHECK(info.pin == "1357");
  REQUIRE(info.well_known.size() == 3);
  CHECK(info.well_known[0].phone == "+265991000001");
  CHECK(info.well_known[0].balance_minor == 25'000'000);
  CHECK(info.well_known[2].kyc_status == "pending");
  const auto [count, alice, ny, pending, rejected] = store.read([](Tx& tx) {
    int ny = 0, pending = 0, rejected = 0;
    const auto phones = tx.all_phones();
    for (const auto& phone : phones) {
      const Customer c = *tx.customer_by_phone(phone);
      ny += c.language == "ny";
      pending += c.kyc_status == "pending";
      rejected += c.kyc_status == "rejected";
    }
    return std::tuple{phones.size(), *tx.customer_by_phone("+265991000001"), ny, pending, rejected};
  });
  CHECK(count == 53);
  CHECK(alice.full_name() == "Chikondi Banda");
  CHECK(ny > 10);
  CHECK(pending >= 3);
  CHECK(rejected == 1);
  // A second call finds the demo in place and adds nothing.
  CHECK_FALSE(create_demo(store, Settings{}, 50).created);
  CHECK(store.read([](Tx& tx) { return tx.all_phones().size(); }) == 53);
}

TEST_CASE("demo customers can log in with the demo PIN") {
  World world("", Settings{}, false);  // an empty database: the demo's own
  create_demo(*world.store, world.settings, 5, [] { return kStart; });
  CHECK(world.run("pin.verify", "+265991000001", kDemoPin).outcome == "ok");
  CHECK(world.run("balance.get", "+265991000001").values.at("balance") == "25000000");
}

TEST_CASE("demo customers never go into a database of real ones") {
  World world;  // seeded with customers of its own, none of them the demo's
  const auto before = world.store->read([](Tx& tx) { return tx.all_phones().size(); });
  REQUIRE(before > 0);
  CHECK_THROWS_WITH_AS(create_demo(*world.store, world.settings, 5), doctest::Contains("not the demo's"),
                       std::runtime_error);
  CHECK(world.store->read([](Tx& tx) { return tx.all_phones().size(); }) == before);
  CHECK_FALSE(world.store->read([](Tx& tx) { return tx.customer_by_phone("+265991000001").has_value(); }));
}

TEST_CASE("demo data counts the customers the database holds") {
  TestDb db;
  Store store(db.url());
  CHECK(create_demo(store, Settings{}, 0).customers == 3);
  // Asked again for more, it adds none and says how many there are.
  const DemoInfo again = create_demo(store, Settings{}, 1000);
  CHECK_FALSE(again.created);
  CHECK(again.customers == 3);
}
