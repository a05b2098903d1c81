#include "actions/command.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "actions/secrets.hpp"

namespace dialgraph::actions {

namespace {

// What command_results.key holds for an engine command key: a keyed BLAKE2b
// (hex) under the store's record secret (the pepper). The command key is
// "session/inputs so far/screen/action", and those inputs include PINs and
// OTPs, so storing it as is would put every secret typed in the database in
// clear; an unkeyed hash would not help (10,000 PINs are quickly tried).
std::string record_key(const Store& store, const std::string& key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  const auto& secret = store.record_secret();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), secret.data(), secret.size());
  return "h1:" + to_hex(digest);
}

}  // namespace

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

namespace {

std::string stored_key(const Store& store, const std::string& key) {
  if (key.empty()) throw std::logic_error("command run without a command_key");
  return record_key(store, key);
}

// Each answer under its own key, unless a record is there already.
void record_answers(const Store& store, Tx& tx, std::span<const engine::Answered> answers, std::int64_t now) {
  for (const engine::Answered& answer : answers) {
    const std::string answer_key = record_key(store, answer.key);
    if (!tx.command_result(answer_key)) tx.record_command_result(answer_key, result_to_json(*answer.result), now);
  }
}

// run_once and answer_once, which differ in which records may be lost to a
// power failure (`lazy`). The answers `relied_on` are recorded too.
engine::ActionResult record_once(Store& store, const std::string& stored, std::int64_t now, const CommandFn& act,
                                 bool (*lazy)(Tx&, const engine::ActionResult&),
                                 std::span<const engine::Answered> relied_on = {}) {
  return store.write([&](Tx& tx) {
    if (auto recorded = tx.command_result(stored)) return result_from_json(*recorded);
    engine::ActionResult result = act(tx);
    if (lazy(tx, result)) tx.commit_lazily();
    tx.record_command_result(stored, result_to_json(result), now);
    record_answers(store, tx, relied_on, now);
    return result;
  });
}

// The command changed nothing (a right PIN on a clean account): its record
// only answers a replay or a retry, and losing it to a power failure costs
// that session an apology, so it need not wait for the disk.
bool lazy_when_unchanged(Tx& tx, const engine::ActionResult&) { return !tx.changed(); }

}  // namespace

engine::ActionResult run_once(Store& store, const std::string& key, std::int64_t now,
                              const CommandFn& act) {
  return record_once(store, stored_key(store, key), now, act, lazy_when_unchanged);
}

engine::ActionResult run_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                              const CommandFn& act) {
  return record_once(store, stored_key(store, ctx.command_key), now, act, lazy_when_unchanged, ctx.relied_on);
}

engine::ActionResult run_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                              const UnchangedFn& unchanged, const CommandFn& act) {
  const std::string stored = stored_key(store, ctx.command_key);
  auto answer = store.read([&](Tx& tx) -> std::optional<engine::ActionResult> {
    if (auto recorded = tx.command_result(stored)) return result_from_json(*recorded);
    auto result = unchanged(tx);
    if (result) result->record_later = true;
    return result;
  });
  if (answer) return std::move(*answer);
  return record_once(store, stored, now, act, lazy_when_unchanged, ctx.relied_on);
}

engine::ActionResult answer_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                                 const CommandFn& ask, OkAnswers ok) {
  const auto refused_then_flushed = [](Tx&, const engine::ActionResult& answer) { return answer.outcome == "ok"; };
  if (ok == OkAnswers::recorded_now)
    return record_once(store, stored_key(store, ctx.command_key), now, ask, refused_then_flushed);
  // The usual path reads, as any query does. A replayed step's record was
  // looked for by the engine first (CommandLog); at the newest step a recorded
  // refusal is found below before it would be recorded again.
  auto answer = store.read([&](Tx& tx) { return ask(tx); });
  // At a replayed step a fresh refusal is not shown as one: the engine ends
  // the session with it (ActionSpec::records_refusals), so it is not recorded
  // as an answer the caller saw.
  if (answer.outcome == "ok" || ctx.replayed) return answer;
  // A refusal is recorded before it is shown. Asked again in the write
  // transaction, so that what is recorded is what the caller sees.
  return record_once(store, stored_key(store, ctx.command_key), now, ask, refused_then_flushed);
}

int forget_command_records(Store& store, std::int64_t before, int limit) {
  if (limit <= 0) throw std::invalid_argument("forget_command_records: limit must be positive");
  return store.write([&](Tx& tx) {
    tx.commit_lazily();
    return tx.forget_command_results(before, limit);
  });
}

void StoreCommandLog::record(std::span<const engine::Answered> answers) {
  const std::int64_t now = clock_();
  store_.write([&](Tx& tx) {
    tx.commit_lazily();
    record_answers(store_, tx, answers, now);
  });
}

std::optional<engine::ActionResult> StoreCommandLog::find(const std::string& key) {
  const std::string stored = record_key(store_, key);
  const auto json = store_.read([&](Tx& tx) { return tx.command_result(stored); });
  if (!json) return std::nullopt;
  return result_from_json(*json);
}

}  // namespace dialgraph::actions
