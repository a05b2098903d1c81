// CSV rows -> validated NewCustomer rows. Every problem of every row is reported
// before anything is written, so a file is fixed in one round.
#include "actions/import.hpp"

#include <array>
#include <cstdio>
#include <unordered_map>

#include "actions/csv.hpp"
#include "actions/parse.hpp"
#include "actions/pin_rules.hpp"

namespace dialgraph::actions {
namespace {

constexpr std::size_t kFields = 10;
enum Field { kPhone, kId, kFirst, kMiddle, kLast, kEmail, kKyc, kLanguage, kPin, kBalance };

// Generous for real names (double-barrelled ones included), yet a whole row
// pasted into one quoted field stands out; counted in characters so that a
// Chichewa name with Ŵ is not held to fewer letters than an English one.
constexpr std::size_t kMaxNameCharacters = 50;
// The longest address SMTP carries (RFC 5321: a 256-octet path less its <>).
constexpr std::size_t kMaxEmailCharacters = 254;

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// local@domain.tld, no spaces: enough to catch columns shifted by a stray comma.
bool is_email_shape(const std::string& text) {
  const auto at = text.find('@');
  if (at == 0 || at == std::string::npos || text.find('@', at + 1) != std::string::npos ||
      text.find(' ') != std::string::npos)
    return false;
  const auto dot = text.find('.', at + 2);
  return dot != std::string::npos && dot + 1 < text.size();
}

// `text` as a message may quote it: the terminal or log showing the report gets
// no stray bytes or escape sequences, only \xNN for each such byte.
std::string shown(const std::string& text) {
  const TextFacts facts = inspect_text(text);
  if (facts.utf8 && !facts.control) return text;
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    }
  }
  return out;
}

class RowChecker {
 public:
  RowChecker(std::string source, const RegisteredKeys& registered, ImportReport& report)
      : source_(std::move(source)), registered_(registered), report_(report) {}

  // Adds the row to `out` when it is good; otherwise reports each problem and
  // counts the row once, however many it has.
  void check(const CsvRecord& record, std::vector<NewCustomer>& out) {
    const std::size_t errors_before = report_.errors.size();
    NewCustomer row = checked_row(record);
    if (report_.errors.size() == errors_before)
      out.push_back(std::move(row));
    else
      ++report_.bad_rows;
  }

 private:
  // The customer `record` describes; its problems go to the report.
  NewCustomer checked_row(const CsvRecord& record) {
    line_ = record.line;
    if (!record.error.empty()) {
      error(record.error);
      return {};
    }
    if (record.fields.size() != kFields) {
      error("expected 10 fields, found " + std::to_string(record.fields.size()));
      return {};
    }
    std::array<std::string, kFields> f;
    for (std::size_t i = 0; i < kFields; ++i) f[i] = trimmed(record.fields[i]);
    return fields_to_row(f);
  }

  NewCustomer fields_to_row(const std::array<std::string, kFields>& f) {
    NewCustomer row;
    row.line = line_;
    Customer& c = row.customer;
    c.phone = checked_phone(f[kPhone]);
    c.paymaart_id = checked_id(f[kId]);
    c.first_name = f[kFirst];
    c.middle_name = f[kMiddle];
    c.last_name = f[kLast];
    c.email = f[kEmail];
    c.kyc_status = f[kKyc];
    c.language = f[kLanguage];
    if (c.first_name.empty()) error("first_name is empty");
    if (c.last_name.empty()) error("last_name is empty");
    check_text("first_name", c.first_name, kMaxNameCharacters);
    check_text("middle_name", c.middle_name, kMaxNameCharacters);
    check_text("last_name", c.last_name, kMaxNameCharacters);
    if (check_text("email", c.email, kMaxEmailCharacters) && !c.email.empty() &&
        !is_email_shape(c.email))
      error("email '" + c.email + "' is not an e-mail address");
    if (c.kyc_status != "verified" && c.kyc_status != "pending" && c.kyc_status != "rejected")
      error("kyc_status '" + shown(c.kyc_status) + "' is not verified, pending or rejected");
    if (c.language != "en" && c.language != "ny")
      error("language '" + shown(c.language) + "' is not en or ny");
    // Never echo a PIN, not even a malformed one.
    if (!is_pin_shape(f[kPin])) error("pin is not exactly 4 digits");
    row.pin = f[kPin];
    row.balance_minor = checked_balance(f[kBalance]);
    return row;
  }

  // Free text goes onto screens, into SMS and into JSON (which throws on
  // malformed UTF-8), so it must be clean. True when it is.
  bool check_text(const std::string& field, const std::string& text, std::size_t max) {
    const TextFacts facts = inspect_text(text);
    if (!facts.utf8) {
      error(field + " is not valid UTF-8");
      return false;
    }
    if (facts.control) error(field + " contains a control character");
    if (facts.characters > max)
      error(field + " is longer than " + std::to_string(max) + " characters");
    return !facts.control && facts.characters <= max;
  }

  std::string checked_phone(const std::string& text) {
    const auto normal = normalize_phone(text);
    if (!normal) {
      error("phone '" + shown(text) + "' is not a Malawi number (+265 and 9 digits)");
      return text;
    }
    unique(phones_, *normal, "phone " + *normal);
    if (registered_.phones.contains(*normal)) error("phone " + *normal + " is already registered");
    return *normal;
  }

  std::string checked_id(const std::string& text) {
    const auto normal = normalize_paymaart_id(text);
    if (!normal) {
      error("paymaart_id '" + shown(text) + "' is not 2-4 letters then 4-10 digits");
      return text;
    }
    unique(ids_, *normal, "paymaart_id " + *normal);
    if (registered_.paymaart_ids.contains(*normal))
      error("paymaart_id " + *normal + " is already registered");
    return *normal;
  }

  std::int64_t checked_balance(const std::string& text) {
    const auto minor = parse_mwk(text);
    if (!minor) error("balance '" + shown(text) + "' is not MWK >= 0 with at most 2 decimals");
    return minor.value_or(0);
  }

  void unique(std::unordered_map<std::string, int>& seen, const std::string& key,
              const std::string& what) {
    const auto [it, fresh] = seen.emplace(key, line_);
    if (!fresh) error(what + " is also on line " + std::to_string(it->second));
  }

  void error(const std::string& message) {
    report_.errors.push_back(source_ + ":" + std::to_string(line_) + ": " + message);
  }

  std::string source_;
  const RegisteredKeys& registered_;
  ImportReport& report_;
  int line_ = 0;
  std::unordered_map<std::string, int> phones_, ids_;
};

}  // namespace

ImportReport import_customers_csv(Store& store, const Settings& settings, std::istream& csv,
                                  std::string source_name, Clock clock) {
  ImportReport report;
  int line = 0;
  CsvRecord record;
  if (!read_csv_record(csv, line, record) || record.line != 1 ||
      record.fields != std::vector<std::string>{"phone", "paymaart_id", "first_name",
                                                "middle_name", "last_name", "email",
                                                "kyc_status", "language", "pin", "balance"}) {
    report.errors.push_back(source_name + ":1: the header must be exactly '" + kImportHeader +
                            "'");
    return report;
  }
  // Clashes with the database are checked row by row with everything else, so
  // one run reports every problem of the file.
  const RegisteredKeys registered = registered_keys(store);
  RowChecker checker(source_name, registered, report);
  std::vector<NewCustomer> rows;
  while (read_csv_record(csv, line, record)) {
    ++report.rows;
    checker.check(record, rows);
  }
  if (!report.ok()) return report;
  ImportReport inserted = insert_checked_customers(store, settings, rows, source_name, clock());
  inserted.rows = report.rows;
  return inserted;
}

}  // namespace dialgraph::actions
