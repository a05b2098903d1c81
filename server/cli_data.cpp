// `dialgraph demo` and `dialgraph customers import`: filling the Paymaart store.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <locale>
#include <string>

#include "actions/demo.hpp"
#include "actions/import.hpp"
#include "actions/pepper_binding.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/text.hpp"
#include "server/cli.hpp"

namespace dialgraph::server {
namespace {

struct DataArgs {
  std::string db = "paymaart.db";
  std::string config;  // for the pepper: PINs must hash as the server will check them
  int customers = 1000;
  std::vector<std::string> positional;
  bool help = false;
};

constexpr const char* kDemoUsage =
    "usage: dialgraph demo [--customers N] [--db FILE|URL] [--config FILE]\n"
    "  Creates a database of N synthetic customers (default 1000; --db default paymaart.db)\n"
    "  and prints some to try, with the demo PIN. --config: the file whose paymaart.pepper\n"
    "  the server will use. A database that holds other customers is refused: the demo PIN\n"
    "  is published.\n";

constexpr const char* kCustomersUsage =
    "usage: dialgraph customers import FILE.csv [--db FILE|URL] [--config FILE]\n"
    "  Imports customers from a CSV file with the header\n"
    "  phone,paymaart_id,first_name,middle_name,last_name,email,kyc_status,language,pin,balance\n"
    "  Every bad row is reported by line, and then nothing is imported. --config: the file\n"
    "  whose paymaart.pepper the server will use (PINs are hashed with it).\n";

int customer_count(std::string_view text) {
  int count = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc{} || end != text.data() + text.size() || count < 0 || count > 1'000'000)
    throw std::invalid_argument("--customers takes a whole number 0..1000000, not '" + std::string(text) + "'");
  return count;
}

// Throws std::invalid_argument with a one-line reason.
DataArgs parse_data_args(int argc, char** argv) {
  DataArgs args;
  if (const char* db = std::getenv("DIALGRAPH_DB")) args.db = db;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") args.help = true;
    else if (arg == "--db" && has_value) args.db = argv[++i];
    else if (arg == "--config" && has_value) args.config = argv[++i];
    else if (arg == "--customers" && has_value) args.customers = customer_count(argv[++i]);
    else if (arg.starts_with("--")) throw std::invalid_argument("unknown or incomplete option '" + arg + "'");
    else args.positional.push_back(arg);
  }
  return args;
}

actions::Settings settings_for(const DataArgs& args) {
  if (args.config.empty()) return actions::Settings{};
  return actions::settings_from_yaml(YAML::LoadFile(args.config)["paymaart"]);
}

// Refuses a pepper other than the database's (actions/pepper_binding.hpp).
void bind_pepper_or_warn(actions::Store& store, const actions::Settings& settings) {
  if (actions::bind_pepper(store, settings.pepper) == actions::PepperBinding::unverified)
    std::cerr << "warning: " << actions::kUnverifiedPepper << '\n';
}

// Real customers' PINs hashed with the published demo pepper are as good as
// unhashed: say so before importing them.
void warn_about_demo_pepper(const actions::Settings& settings) {
  if (settings.pepper == actions::demo_pepper())
    std::cerr << "warning: importing with the published demo pepper; for real customers set paymaart.pepper "
                 "(64 hex digits) in a config file and pass --config\n";
}

std::string money(std::int64_t minor) {
  engine::Vars vars;
  vars.scalars["m"] = std::to_string(minor);
  return engine::render_template("{{m|money}}", vars, {});
}

void print_demo(const actions::DemoInfo& info, const DataArgs& args) {
  std::cout << (info.created ? "Created" : "Already there:") << " demo database " << actions::redacted_location(args.db) << " ("
            << info.customers << " customers).\n\n"
            << "Try these callers (every demo PIN is " << info.pin << "):\n";
  for (const actions::DemoCustomer& c : info.well_known)
    std::cout << "  " << c.phone << "  " << c.paymaart_id << "  " << c.full_name << "  KYC " << c.kyc_status
              << ", " << c.language << ", " << money(c.balance_minor) << " MWK\n";
  std::cout << "\nStart the server with `dialgraph serve --db " << actions::redacted_location(args.db)
            << " --sms-log-full-text true` (its log shows each SMS, OTPs included), then dial:\n"
            << "  curl -s localhost:8080/callback -d sessionId=s1 -d serviceCode=*3664# \\\n"
            << "    --data-urlencode phoneNumber=" << info.well_known.front().phone << " -d networkCode=65001 -d text=\n"
            << "and add each answer to text, joined by '*' (text=1, then text=1*" << info.pin << ").\n";
}

// The closing line of a refused import. No bad row means the file as a whole
// was refused (its header) or the write was rolled back.
void print_not_imported(const actions::ImportReport& report, const std::string& path) {
  std::cerr << path << ": ";
  if (report.bad_rows > 0) std::cerr << report.bad_rows << " bad row(s) of " << report.rows << "; ";
  std::cerr << "nothing was imported\n";
}

// Names no one and shows no PIN: the output may end up in a ticket or a log.
void print_trivial_pin_warning(const actions::ImportReport& report) {
  if (report.trivial_pins == 0) return;
  std::cout << std::flush;  // after the success line, also when both go to one pipe
  std::cerr << "warning: " << report.trivial_pins
            << " imported customer(s) have a trivial PIN (one digit four times, or a run such as "
               "1234 or 9876) and should change it\n";
}

}  // namespace

int run_demo(int argc, char** argv) {
  try {
    const DataArgs args = parse_data_args(argc, argv);
    if (args.help) {
      std::cout << kDemoUsage;
      return 0;
    }
    actions::Store store(args.db);
    const actions::Settings settings = settings_for(args);
    bind_pepper_or_warn(store, settings);
    print_demo(actions::create_demo(store, settings, args.customers), args);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dialgraph demo: " << e.what() << '\n';
    return 1;
  }
}

int run_customers(int argc, char** argv) {
  try {
    const DataArgs args = parse_data_args(argc, argv);
    if (args.help) {
      std::cout << kCustomersUsage;
      return 0;
    }
    if (args.positional.size() != 2 || args.positional[0] != "import") {
      std::cerr << kCustomersUsage;
      return 2;
    }
    const std::string& path = args.positional[1];
    std::ifstream csv(path, std::ios::binary);
    if (!csv) throw std::runtime_error("cannot open " + path);
    actions::Store store(args.db);
    const actions::Settings settings = settings_for(args);
    warn_about_demo_pepper(settings);
    bind_pepper_or_warn(store, settings);
    const actions::ImportReport report = actions::import_customers_csv(store, settings, csv, path);
    for (const std::string& error : report.errors) std::cerr << error << '\n';
    if (!report.ok()) {
      print_not_imported(report, path);
      return 1;
    }
    std::cout << "Imported " << report.imported << " customers (" << money(report.deposited_minor)
              << " MWK opening balances) into " << actions::redacted_location(args.db) << '\n';
    print_trivial_pin_warning(report);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dialgraph customers: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace dialgraph::server
