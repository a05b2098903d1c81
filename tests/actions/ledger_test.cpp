// Ledger invariants under many payments, and under concurrent ones.
#include "actions/payments.hpp"

#include <atomic>
#include <random>
#include <stdexcept>
#include <thread>

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;
namespace engine = dialgraph::engine;

namespace {

void check_invariants(Store& store, std::int64_t total_before) {
  const LedgerTotals totals = store.read([](Tx& tx) { return tx.ledger_totals(); });
  CHECK(totals.unbalanced_transfers == 0);
  CHECK(totals.all_accounts_minor == total_before);
  CHECK(totals.negative_customer_accounts == 0);
  CHECK(totals.balance_mismatches == 0);
}

}  // namespace

TEST_CASE("after 500 random payments the ledger still balances") {
  World world;
  const std::int64_t total_before =
      world.store->read([](Tx& tx) { return tx.ledger_totals().all_accounts_minor; });
  const std::vector<std::string> ids = {"PM500001", "PM500002", "PM500003", "PM500004",
                                        "PM500005", "PM999999"};
  const std::vector<std::string> phones = {kAlice, kBanda, kPending, kRejected, kBroke};
  std::mt19937 random(20240501);
  std::map<std::string, int> outcomes;
  for (int i = 0; i < 500; ++i) {
    world.now += std::uniform_int_distribution<int>(1, 900)(random);
    const std::string& payer = phones[random() % phones.size()];
    const std::string& payee = ids[random() % ids.size()];
    const std::int64_t amount = std::uniform_int_distribution<std::int64_t>(50, 3'000'000)(random);
    try {
      const auto result = world.run("payment.send", payer, "",
                                    {{"recipient_id", payee}, {"amount", std::to_string(amount)}});
      ++outcomes[result.outcome];
    } catch (const std::logic_error&) {
      // Recipients and amounts that recipient.find or payment.quote would refuse.
      ++outcomes["refused before payment.send"];
    }
  }
  CHECK(outcomes["ok"] > 50);
  CHECK(outcomes["insufficient_funds"] > 10);
  CHECK(outcomes["refused before payment.send"] > 10);  // the mix really mixed
  check_invariants(*world.store, total_before);
  CHECK(world.fee_balance() > 0);
}

TEST_CASE("eight threads paying from one account through two stores never overdraw it") {
  TestDb db("dialgraph-concurrency");
  World first(db.url());
  // A second Store on the same database has its own connections, as a second
  // server process or instance would: only the database keeps the two apart
  // (SQLite: BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE, retried).
  World second(db.url(), first.settings, false);
  const std::int64_t total_before =
      first.store->read([](Tx& tx) { return tx.ledger_totals().all_accounts_minor; });
  std::atomic<int> paid{0}, refused{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      World& world = t % 2 == 0 ? first : second;
      for (int j = 0; j < 20; ++j) {
        try {
          const auto result =
              world.run("payment.send", kAlice, "",
                        {{"recipient_id", "PM500002"}, {"amount", "100000"}},
                        "thread" + std::to_string(t) + "/" + std::to_string(j));
          (result.outcome == "ok" ? paid : refused)++;
        } catch (const std::exception& e) {
          MESSAGE(std::string(e.what()));
          ++errors;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(errors == 0);
  // Each payment costs 1,000 MWK + 20 MWK fee out of 100,000 MWK.
  CHECK(paid == 10'000'000 / 102'000);
  CHECK(refused == 160 - paid);
  CHECK(first.balance(kAlice) == 10'000'000 - paid * 102'000);
  CHECK(first.balance(kAlice) >= 0);
  check_invariants(*first.store, total_before);
}

TEST_CASE("a payment retried on another instance moves no money again") {
  TestDb db("dialgraph-idempotency");
  World first(db.url());
  World second(db.url(), first.settings, false);
  const std::int64_t total_before =
      first.store->read([](Tx& tx) { return tx.ledger_totals().all_accounts_minor; });
  // Six copies of one request (one command key), three on each instance, at once.
  std::vector<engine::ActionResult> results(6);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      try {
        results[t] = (t % 2 == 0 ? first : second)
                         .run("payment.send", kAlice, "",
                              {{"recipient_id", "PM500002"}, {"amount", "150000"}}, "s9/1*2");
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(errors == 0);
  for (const auto& result : results) {
    CHECK(result.outcome == "ok");
    CHECK(result.values == results[0].values);
  }
  CHECK(first.balance(kAlice) == 10'000'000 - 160'000);
  CHECK(second.balance(kBanda) == 500'000 + 150'000);
  check_invariants(*first.store, total_before);
}
