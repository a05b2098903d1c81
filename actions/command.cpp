#include "actions/command.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dialgraph::actions {

std::string result_to_json(const engine::ActionResult& result) {
  nlohmann::json out;
  out["outcome"] = result.outcome;
  out["values"] = nlohmann::json::object();
  for (const auto& [name, value] : result.values) out["values"][name] = value;
  out["lists"] = nlohmann::json::object();
  for (const auto& [name, rows] : result.lists) {
    auto& list = out["lists"][name] = nlohmann::json::array();
    for (const auto& row : rows) {
      nlohmann::json record = nlohmann::json::object();
      for (const auto& [field, value] : row) record[field] = value;
      list.push_back(std::move(record));
    }
  }
  return out.dump();
}

engine::ActionResult result_from_json(const std::string& json) {
  const auto in = nlohmann::json::parse(json);
  engine::ActionResult result;
  result.outcome = in.at("outcome").get<std::string>();
  for (const auto& [name, value] : in.at("values").items())
    result.values[name] = value.get<std::string>();
  for (const auto& [name, rows] : in.at("lists").items()) {
    auto& list = result.lists[name];
    for (const auto& row : rows) {
      engine::Record record;
      for (const auto& [field, value] : row.items()) record[field] = value.get<std::string>();
      list.push_back(std::move(record));
    }
  }
  return result;
}

engine::ActionResult run_once(Store& store, const std::string& key, bool replay,
                              std::int64_t now, const CommandFn& act) {
  if (key.empty()) throw std::logic_error("command run without a command_key");
  return store.write([&](Tx& tx) {
    if (auto recorded = tx.command_result(key)) return result_from_json(*recorded);
    if (replay) return engine::ActionResult{kNotRun, {}, {}};
    engine::ActionResult result = act(tx);
    tx.record_command_result(key, result_to_json(result), now);
    return result;
  });
}

std::optional<engine::ActionResult> SqliteCommandLog::find(const std::string& key) {
  const auto json = store_.read([&](Tx& tx) { return tx.command_result(key); });
  if (!json) return std::nullopt;
  return result_from_json(*json);
}

}  // namespace dialgraph::actions
