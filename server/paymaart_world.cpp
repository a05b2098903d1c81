#include "server/paymaart_world.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "actions/demo.hpp"
#include "actions/import.hpp"
#include "actions/paymaart.hpp"
#include "actions/sms_outbox.hpp"

namespace dialgraph::server {
namespace {

// 2026-11-18 13:06:40 in Blantyre: a fixed time, so that dates on screen can be expected exactly.
constexpr std::int64_t kConversationTime = 1'795'000'000;

// How a world's scratch file or schema is named (then the pid and a random number).
constexpr const char* kScratchName = "dialgraph-conversation";

std::string where(const std::string& file, const YAML::Node& node) {
  return file + ":" + std::to_string(node.Mark().line + 1) + ": ";
}

// One CSV field, quoted when it must be.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Inline customers become an import file, so they are checked exactly as
// `dialgraph customers import` checks a CSV file.
std::string customers_as_csv(const YAML::Node& customers, const std::string& file) {
  std::vector<std::string> columns;
  std::stringstream header(actions::kImportHeader);
  for (std::string column; std::getline(header, column, ',');) columns.push_back(column);
  std::string csv = std::string(actions::kImportHeader) + "\n";
  if (!customers.IsSequence()) throw std::runtime_error(where(file, customers) + "customers must be a list");
  for (const YAML::Node& row : customers) {
    if (!row.IsMap()) throw std::runtime_error(where(file, row) + "a customer is a map of the import columns");
    for (const auto& kv : row)
      if (std::find(columns.begin(), columns.end(), kv.first.as<std::string>()) == columns.end())
        throw std::runtime_error(where(file, kv.first) + "unknown column '" + kv.first.as<std::string>() +
                                 "'; the columns are " + actions::kImportHeader);
    for (std::size_t i = 0; i < columns.size(); ++i)
      csv += (i ? "," : "") + csv_field(row[columns[i]] ? row[columns[i]].as<std::string>() : "");
    csv += "\n";
  }
  return csv;
}

// Import errors name "customers:LINE"; the author wants the line in their file.
std::string located(const std::string& error, const YAML::Node& customers, const std::string& file) {
  const std::string prefix = "customers:";
  if (!error.starts_with(prefix)) return error;
  const std::size_t colon = error.find(':', prefix.size());
  const std::size_t row = std::stoul(error.substr(prefix.size(), colon - prefix.size())) - 2;
  if (row >= customers.size()) return error;
  return where(file, customers[row]) + error.substr(colon + 2);
}

void import(PaymaartWorld& world, std::istream& csv, const std::string& source, const YAML::Node& customers,
            const std::string& file) {
  const auto report = actions::import_customers_csv(world.store(), world.settings(), csv, source,
                                                    [&world] { return world.now(); });
  if (report.ok()) return;
  std::string message = "the fixture's customers do not import:";
  for (const std::string& error : report.errors)
    message += "\n  " + (customers ? located(error, customers, file) : error);
  throw std::runtime_error(message);
}

void fill(PaymaartWorld& world, const YAML::Node& fixture, const std::string& file) {
  if (fixture["demo"] && fixture["demo"].as<bool>())
    actions::create_demo(world.store(), world.settings(), 0, [&world] { return world.now(); });
  if (const YAML::Node customers = fixture["customers"]) {
    std::istringstream csv(customers_as_csv(customers, file));
    import(world, csv, "customers", customers, file);
  }
  if (const YAML::Node name = fixture["customers_csv"]) {
    const auto path = std::filesystem::path(file).parent_path() / name.as<std::string>();
    std::ifstream csv(path, std::ios::binary);
    if (!csv) throw std::runtime_error(where(file, name) + "cannot open " + path.string());
    import(world, csv, path.string(), YAML::Node(), file);
  }
}

}  // namespace

PaymaartWorld::PaymaartWorld(const std::string& db, actions::Settings settings, std::int64_t now)
    : PaymaartWorld(db.empty() ? std::make_unique<actions::ScratchDb>("", kScratchName) : nullptr, db,
                    std::move(settings), now) {}

PaymaartWorld::PaymaartWorld(std::unique_ptr<actions::ScratchDb> scratch, actions::Settings settings,
                             std::int64_t now)
    : PaymaartWorld(std::move(scratch), "", std::move(settings), now) {}

PaymaartWorld::PaymaartWorld(std::unique_ptr<actions::ScratchDb> scratch, const std::string& db,
                             actions::Settings settings, std::int64_t now)
    : scratch_(std::move(scratch)), fixed_now_(now), settings_(std::move(settings)),
      store_(std::make_unique<actions::Store>(scratch_ ? scratch_->location() : db)),
      commands_(std::make_unique<actions::StoreCommandLog>(*store_, [this] { return this->now(); })) {
  actions::register_paymaart_actions(registry_, *store_, settings_, [this] { return this->now(); });
}

// The store closes its connections before scratch_ (a member declared before
// it) drops the schema or removes the file.
PaymaartWorld::~PaymaartWorld() {
  commands_.reset();
  store_.reset();
}

std::int64_t PaymaartWorld::now() const {
  if (fixed_now_ != 0) return fixed_now_ + offset_;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
             .count() + offset_;
}

bool PaymaartWorld::advance_clock(std::int64_t seconds) {
  offset_ += seconds;
  return true;
}

std::vector<std::string> PaymaartWorld::messages_to(const std::string& phone) {
  std::vector<std::string> out;
  // Nothing sends them here, so every message ever queued is still due.
  for (const auto& sms : actions::due_sms(*store_, settings_, now() + 365 * 86'400, 1'000'000))
    if (sms.to_phone == phone) out.push_back(sms.text);
  return out;
}

std::unique_ptr<PaymaartWorld> paymaart_world(const YAML::Node& fixture, const std::string& file,
                                              const std::string& server) {
  if (fixture.IsDefined() && !fixture.IsNull() && !fixture.IsMap())
    throw std::runtime_error(where(file, fixture) + "fixture must be a map");
  const std::set<std::string> keys{"demo", "customers", "customers_csv", "settings", "now"};
  if (fixture.IsMap())
    for (const auto& kv : fixture)
      if (!keys.contains(kv.first.as<std::string>()))
        throw std::runtime_error(where(file, kv.first) + "unknown fixture key '" + kv.first.as<std::string>() +
                                 "' (demo, customers, customers_csv, settings, now)");
  const bool given = fixture.IsMap();
  auto scratch = std::make_unique<actions::ScratchDb>(server, kScratchName);
  try {
    const actions::Settings settings = actions::settings_from_yaml(given ? fixture["settings"] : YAML::Node());
    const std::int64_t now = given && fixture["now"] ? fixture["now"].as<std::int64_t>() : kConversationTime;
    auto world = std::make_unique<PaymaartWorld>(std::move(scratch), settings, now);
    if (given) fill(*world, fixture, file);
    return world;
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(file + ": fixture settings: " + e.what());
  }
}

}  // namespace dialgraph::server
