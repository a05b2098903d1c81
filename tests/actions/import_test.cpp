#include "actions/import.hpp"
#include "actions/secrets.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

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

// A CSV file on disk holding exactly `bytes`, removed when done: the bytes a
// spreadsheet writes reach the import as `dialgraph customers import` reads them.
class CsvFile {
 public:
  explicit CsvFile(const std::string& bytes)
      : path_(std::filesystem::temp_directory_path() /
              ("dialgraph-import-test-" + std::to_string(::getpid()) + "-" +
               std::to_string(++made_) + ".csv")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~CsvFile() { std::filesystem::remove(path_); }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  ImportReport import_into(Store& store) const {
    std::ifstream in(path_, std::ios::binary);
    return import_customers_csv(store, Settings{}, in, "customers.csv", [] { return kStart; });
  }

 private:
  static inline int made_ = 0;
  std::filesystem::path path_;
};

std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
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
      "\"0881234567\",PM100005,\"Multi\nline\",,Mwale,,verified,en,2580,5\n"  // 5-6
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
      "customers.csv:5: first_name contains a control character",
      "customers.csv:7: expected 10 fields, found 9",
      "customers.csv:8: text after a closing quote",
      "customers.csv:9: expected 10 fields, found 11",
  });
  CHECK(report.rows == 8 - 1);
  CHECK(report.bad_rows == 6);  // all but line 2
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

// A file imported twice used to be summed up as "200000 bad row(s) of 100000".
TEST_CASE("a bad row is counted once, however many problems it has") {
  TestDb db("import");
  Store store(db.url());
  const CsvFile file(kHeader +
      "0991234567,PM100001,A,,B,,verified,en,2580,1\n"
      "0991234568,PM100002,C,,D,,verified,en,2580,1\n"
      "0991234569,PM100003,E,,F,,verified,en,2580,1\n");
  REQUIRE(file.import_into(store).ok());
  const auto again = file.import_into(store);
  CHECK(again.rows == 3);
  CHECK(again.bad_rows == 3);
  CHECK(again.errors.size() == 6);  // its phone and its Paymaart ID, on each row
  CHECK(again.imported == 0);
}

TEST_CASE("the header must be exact") {
  TestDb db;
  Store store(db.url());
  CHECK(import_text(store, "phone,id\n").errors ==
        std::vector<std::string>{std::string("customers.csv:1: the header must be exactly '") +
                                 kImportHeader + "'"});
  CHECK_FALSE(import_text(store, "").ok());
  CHECK(import_text(store, "phone,id\n").bad_rows == 0);  // the file is wrong, not a row
}

TEST_CASE("an unclosed quote is reported at the line where its record starts") {
  TestDb db;
  Store store(db.url());
  const auto report = import_text(store, kHeader + "0991234567,\"PM100001,A\n");
  CHECK(report.errors == std::vector<std::string>{"customers.csv:2: a quoted field is not closed"});
}

// Names and e-mail go into JSON (which refuses malformed UTF-8), onto screens and
// into SMS; a NUL used to cut the stored name short.
TEST_CASE("names and e-mail must be UTF-8 text without control characters") {
  TestDb db("import");
  Store store(db.url());
  const CsvFile file(kHeader +
      "0991000001,PM100001,Zo\xeb,,Banda,,verified,en,2580,1\n"              // 2: Windows-1252
      "0991000002,PM100002,Ann,\"Tab\there\",Banda,,verified,en,2580,1\n"    // 3
      "0991000003,PM100003,Ann,,\"Two\nlines\",,verified,en,2580,1\n"        // 4-5
      "0991000004,PM100004,Nu" + std::string(1, '\0') + "l,,Banda,,verified,en,2580,1\n"  // 6
      "0991000005,PM100005,Ann,,Del\x7f,,verified,en,2580,1\n"               // 7
      "0991000006,PM100006,Ann,,C1\xc2\x85,,verified,en,2580,1\n"            // 8: NEL
      "0991000007,PM100007,\xc0\xaf,,\xed\xa0\x80,,verified,en,2580,1\n"     // 9: overlong, surrogate
      "0991000008,PM100008,Ann,,Banda,ann\xe9@example.mw,verified,en,2580,1\n"  // 10
      "0991000009,PM100009,Ann,,Banda,\"ann@example.mw\r\",verified,en,2580,1\n"  // 11
      "0991000010,PM100010,Ann,,Banda,,verified,en,2580,1\n");               // 12: good
  const auto report = file.import_into(store);
  CHECK(report.errors == std::vector<std::string>{
      "customers.csv:2: first_name is not valid UTF-8",
      "customers.csv:3: middle_name contains a control character",
      "customers.csv:4: last_name contains a control character",
      "customers.csv:6: first_name contains a control character",
      "customers.csv:7: last_name contains a control character",
      "customers.csv:8: last_name contains a control character",
      "customers.csv:9: first_name is not valid UTF-8",
      "customers.csv:9: last_name is not valid UTF-8",
      "customers.csv:10: email is not valid UTF-8",
      "customers.csv:11: email contains a control character",
  });
  CHECK(report.imported == 0);
  CHECK(customer_count(store) == 0);
}

TEST_CASE("a bad value is quoted with its stray bytes and controls as \\xNN") {
  TestDb db("import");
  Store store(db.url());
  const CsvFile file(kHeader +
      "099123456\xeb,PM100001,Ann,,Banda,,\x1b[2Jverified,Chich\xc3\xa9wa,2580,1\n");
  CHECK(file.import_into(store).errors == std::vector<std::string>{
      "customers.csv:2: phone '099123456\\xEB' is not a Malawi number (+265 and 9 digits)",
      "customers.csv:2: kyc_status '\\x1B[2Jverified' is not verified, pending or rejected",
      "customers.csv:2: language 'Chich\xc3\xa9wa' is not en or ny",  // clean UTF-8 as it is
  });
}

TEST_CASE("a name part may be 50 characters and an e-mail address 254, in any script") {
  TestDb db("import");
  Store store(db.url());
  const std::string w50 = repeated("\xc5\xb4", 50);  // 50 characters, 100 bytes
  const std::string email254 = std::string(64, 'a') + "@" + std::string(186, 'b') + ".mw";
  const CsvFile too_long(kHeader +
      "0991000001,PM100001," + w50 + "W,,Banda,,verified,en,2580,1\n"
      "0991000002,PM100002,Ann," + std::string(51, 'm') + ",Banda,,verified,en,2580,1\n"
      "0991000003,PM100003,Ann,,Banda,b" + email254 + ",verified,en,2580,1\n");
  CHECK(too_long.import_into(store).errors == std::vector<std::string>{
      "customers.csv:2: first_name is longer than 50 characters",
      "customers.csv:3: middle_name is longer than 50 characters",
      "customers.csv:4: email is longer than 254 characters",
  });
  const CsvFile longest(kHeader +
      "0991000001,PM100001,Zo\xc3\xab," + std::string(50, 'm') + "," + w50 + "," + email254 +
      ",verified,en,2580,1\n");
  REQUIRE(longest.import_into(store).ok());
  const auto c = store.read([](Tx& tx) { return *tx.customer_by_phone("+265991000001"); });
  CHECK(c.first_name == "Zo\xc3\xab");
  CHECK(c.last_name == w50);
  CHECK(c.email == email254);
}
// Excel's "CSV UTF-8" starts the file with a byte order mark.
TEST_CASE("a UTF-8 byte order mark before the header is skipped") {
  TestDb db("import");
  Store store(db.url());
  const CsvFile file("\xef\xbb\xbf" + kHeader + "0991234567,PM100001,A,,B,,verified,en,2580,1\n");
  const auto report = file.import_into(store);
  CHECK(report.errors.empty());
  CHECK(report.imported == 1);
}

TEST_CASE("rows clashing with the database are reported with the file's other problems") {
  TestDb db("import");
  Store store(db.url());
  REQUIRE(CsvFile(kHeader + "0991234567,PM100001,A,,B,,verified,en,2580,1\n"
                            "0991234568,PM100002,A,,B,,verified,en,2580,1\n")
              .import_into(store)
              .ok());
  const auto report = CsvFile(kHeader +
      "0881111111,PM100011,C,,D,,verified,en,2580,1\n"     // 2: good
      "0881111112,PM100012,C,,D,,unknown,en,2580,1\n"      // 3: bad kyc_status
      "0881111113,PM100013,C,,D,,verified,en,2580,1\n"     // 4: good
      "0991234567,PM100014,C,,D,,verified,en,2580,1\n"     // 5: phone taken
      "0881111115,pm100002,C,,D,,verified,fr,2580,1\n")    // 6: ID taken, and bad language
      .import_into(store);
  CHECK(report.errors == std::vector<std::string>{
      "customers.csv:3: kyc_status 'unknown' is not verified, pending or rejected",
      "customers.csv:5: phone +265991234567 is already registered",
      "customers.csv:6: paymaart_id PM100002 is already registered",
      "customers.csv:6: language 'fr' is not en or ny",
  });
  CHECK(customer_count(store) == 2);
}

// A migration carries customers' PINs over as they are, easy ones included; the
// report only counts those, for a warning that names nobody.
TEST_CASE("trivial PINs are imported as they are, and counted") {
  TestDb db("import");
  Store store(db.url());
  const auto report = CsvFile(kHeader +
      "0991000001,PM100001,A,,B,,verified,en,1111,1\n"
      "0991000002,PM100002,A,,B,,verified,en,1234,1\n"
      "0991000003,PM100003,A,,B,,verified,en,9876,1\n"
      "0991000004,PM100004,A,,B,,verified,en,2580,1\n"
      "0991000005,PM100005,A,,B,,verified,en,1357,1\n")
      .import_into(store);
  REQUIRE(report.ok());
  CHECK(report.imported == 5);
  CHECK(report.trivial_pins == 3);
  store.read([](Tx& tx) {
    const Customer c = *tx.customer_by_phone("+265991000002");
    CHECK(secret_matches(Settings{}.pepper, SecretKind::pin, c.id, "1234",
                         tx.pin_credential(c.id)->hash));
  });
}
