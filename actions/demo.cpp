#include "actions/demo.hpp"

#include <array>
#include <stdexcept>
#include <tuple>

#include "actions/import.hpp"

namespace dialgraph::actions {
namespace {

constexpr std::array<const char*, 16> kFirstNames = {
    "Chikondi", "Thoko",    "Kondwani", "Tiyamike", "Mphatso", "Chisomo", "Limbani", "Madalitso",
    "Pemphero", "Yamikani", "Tawonga",  "Dalitso",  "Chimwemwe", "Kettie", "Grace",  "Blessings"};
constexpr std::array<const char*, 12> kLastNames = {"Banda",  "Phiri",  "Mwale",   "Chirwa",
                                                    "Chisale", "Nyirenda", "Kumwenda", "Gondwe",
                                                    "Mbewe",  "Tembo",  "Kachingwe", "Msiska"};

NewCustomer to_row(const DemoCustomer& d, const std::string& first, const std::string& middle,
                   const std::string& last, int line) {
  NewCustomer row;
  row.line = line;
  row.customer.phone = d.phone;
  row.customer.paymaart_id = d.paymaart_id;
  row.customer.first_name = first;
  row.customer.middle_name = middle;
  row.customer.last_name = last;
  row.customer.kyc_status = d.kyc_status;
  row.customer.language = d.language;
  row.pin = kDemoPin;
  row.balance_minor = d.balance_minor;
  return row;
}

std::string kyc_for(int i) {
  if (i == 5) return "rejected";
  return i % 20 == 7 ? "pending" : "verified";
}

// Synthetic customer i: everything derived from i, so every run makes the same data.
NewCustomer synthetic(int i) {
  const std::string first = kFirstNames[static_cast<std::size_t>(i) % kFirstNames.size()];
  const std::string last =
      kLastNames[static_cast<std::size_t>(i / 7) % kLastNames.size()];
  const std::string middle = i % 5 == 0 ? kFirstNames[(i / 5) % kFirstNames.size()] : "";
  DemoCustomer d{"+26599" + std::to_string(2'000'000 + i), "PM" + std::to_string(200'000 + i),
                 "", kyc_for(i), i % 3 == 0 ? "ny" : "en",
                 (std::int64_t{i} * 7'919 % 50'000 + 1'000) * 100};
  NewCustomer row = to_row(d, first, middle, last, 0);
  if (i % 2 == 0) row.customer.email = "customer" + std::to_string(i) + "@example.mw";
  return row;
}

}  // namespace

std::vector<DemoCustomer> demo_well_known() {
  return {
      {"+265991000001", "PM100001", "Chikondi Banda", "verified", "en", 25'000'000},
      {"+265991000002", "PM100002", "Thokozani Phiri", "verified", "ny", 7'500'000},
      {"+265991000003", "PM100003", "Kondwani Mwale", "pending", "en", 1'000'000},
  };
}

DemoInfo create_demo(Store& store, const Settings& settings, int customers, Clock clock) {
  DemoInfo info;
  info.well_known = demo_well_known();
  info.synthetic = customers;
  const auto [demo_there, others_there, count] = store.read([&](Tx& tx) {
    const bool demo = tx.customer_by_phone(info.well_known.front().phone).has_value();
    return std::tuple{demo, !demo && tx.has_customers(), demo ? tx.all_phones().size() : std::size_t{0}};
  });
  if (demo_there) {
    info.customers = count;
    return info;
  }
  if (others_there)
    throw std::runtime_error(
        "the database already has customers and they are not the demo's: demo customers, whose PIN is "
        "published, are only added to an empty database");
  std::vector<NewCustomer> rows;
  int line = 0;
  for (const DemoCustomer& d : info.well_known) {
    const auto space = d.full_name.find(' ');
    rows.push_back(to_row(d, d.full_name.substr(0, space), "", d.full_name.substr(space + 1),
                          ++line));
  }
  rows.front().customer.email = "chikondi.banda@example.mw";
  for (int i = 0; i < customers; ++i) {
    rows.push_back(synthetic(i));
    rows.back().line = ++line;
  }
  const ImportReport report = insert_customers(store, settings, rows, "demo", clock());
  if (!report.ok()) throw std::runtime_error("demo data: " + report.errors.front());
  info.created = true;
  info.customers = rows.size();
  return info;
}

}  // namespace dialgraph::actions
