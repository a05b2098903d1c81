#include "actions/import.hpp"
#include "actions/secrets.hpp"

#include <sstream>

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

namespace {

const std::string kHeader = std::string(kImportHeader) + "\n";

ImportReport import_text(Store& store, const std::string& text) {
  std::istringstream in(text);
  return import_customers_csv(store, Settings{}, in, "customers.csv", [] { return kStart; });
}

std::size_t customer_count(Store& store) {
  return store.read([](Tx& tx) { return tx.all_phones().size(); });
}

}  // namespace

TEST_CASE("a good file imports every customer with a PIN and an opening deposit") {
  TestDb db;
  Store store(db.url());
  const auto report = import_text(store, kHeader +
      "0991234567,pm100001,Chikondi,,Banda,chikondi@example.mw,verified,en,2580,250000.00\n"
      "\"+265 88 123 4567\",PM100002,\"Thoko, Jr\",\"Mercy \"\"Mama\"\"\",Phiri,,pending,ny,3691,0\r\n"
      "\n"
      "265991111111,PM100003,Kondwani,,Mwale,,rejected,en,1470,12.5\n");
  INFO(report.errors.size());
  REQUIRE(report.ok());
  CHECK(report.rows == 3);
  CHECK(report.imported == 3);
  CHECK(report.deposited_minor == 25'000'000 + 1'250);
  const auto c = store.read([](Tx& tx) { return *tx.customer_by_phone("+265881234567"); });
  CHECK(c.paymaart_id == "PM100002");
  CHECK(c.first_name == "Thoko, Jr");
  CHECK(c.middle_name == "Mercy \"Mama\"");
  CHECK(c.full_name() == "Thoko, Jr Mercy \"Mama\" Phiri");
  CHECK(c.language == "ny");
  const auto totals = store.read([](Tx& tx) { return tx.ledger_totals(); });
  CHECK(totals.all_accounts_minor == 0);  // the deposits account is their source
  CHECK(totals.unbalanced_transfers == 0);
  CHECK(totals.balance_mismatches == 0);
  const auto first = store.read([](Tx& tx) {
    return tx.account_of(tx.customer_by_paymaart_id("PM100001")->id)->balance_minor;
  });
  CHECK(first == 25'000'000);
}

// More rows than PostgreSQL's loader reserves ids for at once (pg_bulk.cpp), so
// ids from two reservations meet; each PIN hash must cover its own row's id.
TEST_CASE("a large file imports whole: every row its own id, account, PIN and deposit") {
  TestDb db;
  Store store(db.url());
  constexpr int kRows = 5'000;
  std::string text = kHeader;
  for (int i = 0; i < kRows; ++i)
    text += "+26599" + std::to_string(4'000'000 + i) + ",PM" + std::to_string(400'000 + i) +
            ",Name,,Banda,,verified,en," + std::to_string(2'000 + i % 7'000) + "," +
            std::to_string(i % 3) + "\n";
  const auto report = import_text(store, text);
  REQUIRE(report.ok());
  CHECK(report.imported == kRows);
  const Settings settings;
  for (const int i : {0, kRows / 2, kRows - 1}) {
    INFO(i);
    const std::string phone = "+26599" + std::to_string(4'000'000 + i);
    store.read([&](Tx& tx) {
      const Customer c = *tx.customer_by_phone(phone);
      CHECK(c.paymaart_id == "PM" + std::to_string(400'000 + i));
      CHECK(secret_matches(settings.pepper, SecretKind::pin, c.id,
                           std::to_string(2'000 + i % 7'000), tx.pin_credential(c.id)->hash));
      CHECK(tx.account_of(c.id)->balance_minor == (i % 3) * 100);
    });
  }
  const auto totals = store.read([](Tx& tx) { return tx.ledger_totals(); });
  CHECK(totals.all_accounts_minor == 0);
  CHECK(totals.unbalanced_transfers == 0);
  CHECK(totals.balance_mismatches == 0);
  CHECK(customer_count(store) == kRows);
}

TEST_CASE("every bad row is reported with its line, and nothing is imported") {
  TestDb db;
  Store store(db.url());
  const auto report = import_text(store, kHeader +
      "0991234567,PM100001,Chikondi,,Banda,,verified,en,2580,10\n"          // 2: good
      "12345,PM1,,,Banda,not-an-email,unknown,fr,12,-5\n"                  // 3
      "0991234567,pm100001,Thoko,,Phiri,,verified,en,2580,1.234\n"         // 4: duplicates
      "\"0881234567\",PM100005,\"Multi\nline\",,Mwale,,verified,en,2580,5\n"  // 5-6: good
      "0881234568,PM100006,Tiya,,Chirwa,,verified,en,2580\n"               // 7: 9 fields
      "0881234569,PM100007,\"Bad\"x,,Chirwa,,verified,en,2580,1\n"         // 8
      "0881234570,PM100008,Ok,,Ok,,verified,en,1234a,1,000\n");             // 9: 11 fields
  CHECK(report.errors == std::vector<std::string>{
      "customers.csv:3: phone '12345' is not a Malawi number (+265 and 9 digits)",
      "customers.csv:3: paymaart_id 'PM1' is not 2-4 letters then 4-10 digits",
      "customers.csv:3: first_name is empty",
      "customers.csv:3: email 'not-an-email' is not an e-mail address",
      "customers.csv:3: kyc_status 'unknown' is not verified, pending or rejected",
      "customers.csv:3: language 'fr' is not en or ny",
      "customers.csv:3: pin is not exactly 4 digits",
      "customers.csv:3: balance '-5' is not MWK >= 0 with at most 2 decimals",
      "customers.csv:4: phone +265991234567 is also on line 2",
      "customers.csv:4: paymaart_id PM100001 is also on line 2",
      "customers.csv:4: balance '1.234' is not MWK >= 0 with at most 2 decimals",
      "customers.csv:7: expected 10 fields, found 9",
      "customers.csv:8: text after a closing quote",
      "customers.csv:9: expected 10 fields, found 11",
  });
  CHECK(report.rows == 8 - 1);
  CHECK(report.imported == 0);
  CHECK(customer_count(store) == 0);
}

TEST_CASE("rows clashing with customers already in the database are reported") {
  TestDb db;
  Store store(db.url());
  REQUIRE(import_text(store, kHeader + "0991234567,PM100001,A,,B,,verified,en,2580,1\n").ok());
  const auto report = import_text(store, kHeader +
      "0881111111,PM100009,C,,D,,verified,en,2580,1\n"
      "+265991234567,PM100001,A,,B,,verified,en,2580,1\n");
  CHECK(report.errors == std::vector<std::string>{
      "customers.csv:3: phone +265991234567 is already registered",
      "customers.csv:3: paymaart_id PM100001 is already registered"});
  CHECK(customer_count(store) == 1);
}

TEST_CASE("the header must be exact") {
  TestDb db;
  Store store(db.url());
  CHECK(import_text(store, "phone,id\n").errors ==
        std::vector<std::string>{std::string("customers.csv:1: the header must be exactly '") +
                                 kImportHeader + "'"});
  CHECK_FALSE(import_text(store, "").ok());
}

TEST_CASE("an unclosed quote is reported at the line where its record starts") {
  TestDb db;
  Store store(db.url());
  const auto report = import_text(store, kHeader + "0991234567,\"PM100001,A\n");
  CHECK(report.errors == std::vector<std::string>{"customers.csv:2: a quoted field is not closed"});
}
