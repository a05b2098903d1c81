// The idempotency rule of commands (docs/architecture.md, decision 2), implemented once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "actions/store.hpp"
#include "engine/command_log.hpp"
#include "engine/value.hpp"

namespace dialgraph::actions {

std::string result_to_json(const engine::ActionResult& result);
engine::ActionResult result_from_json(const std::string& json);

// Runs `act` at most once per `key`, in one write transaction with the
// record of its result:
//  - a result already recorded under `key` is returned and nothing else happens
//    (a retried or duplicated request);
//  - otherwise `act` runs and its result is recorded before the commit, so the
//    effect and its record exist together or not at all;
//  - when `act` changed nothing, the commit is lazy (Tx::commit_lazily): an
//    outcome that moved nothing needs no flush of its own; a record lost to a
//    power failure means only that a later step of the session ends with the
//    apology, or that a retry of the same request works its answer out again.
// Throws std::logic_error on an empty key: a command must never run unrecorded.
//
using CommandFn = std::function<engine::ActionResult(Tx&)>;
engine::ActionResult run_once(Store& store, const std::string& key, std::int64_t now,
                              const CommandFn& act);

// Queries that decide. A query re-runs on every replay of the path, on any
// instance, and a memo only spares that within one instance. When its answer
// decides how the caller's later inputs are read (a refused amount is asked
// again, so the next input is an amount; an accepted one is followed by the
// summary, so the next input is a choice), an answer that changed since (money
// arrived, a payment left) would give the same inputs another meaning: a "1"
// typed as an amount read as Confirm. Such a query runs through answer_once,
// under its step's key, so a replay anywhere reads the answer the caller saw:
// recipient.find, payment.quote, transactions.recent (rows are picked by
// number). As run_once, but the record's durability follows the answer:
//  - a refusal waits for the disk (the rare path): lost, the replay could
//    accept what the caller was refused and read the next input as Confirm;
//  - an "ok" is committed lazily: lost to a power failure, the replay asks
//    again and can at worst refuse it, and an input read as an amount then is
//    shown back for confirmation, moving nothing. A payment's flush covers it
//    anyway (the log is written in order), so a retried payment still finds it.
engine::ActionResult answer_once(Store& store, const std::string& key, std::int64_t now,
                                 const CommandFn& ask);

// Deletes up to `limit` records made before `before` in one short write
// transaction (Tx::forget_command_results; a payment waits behind one batch at
// most); returns how many, so `limit` means there may be more. A record only
// answers a replay or a retry of its session's requests: once the session is
// long over it is dead weight (the server keeps a day's: RecordPruner). The
// commit is lazy: a deletion lost to a power failure is simply done again.
int forget_command_records(Store& store, std::int64_t before, int limit);

// The engine's view of command_results, on either backend.
class StoreCommandLog : public engine::CommandLog {
 public:
  explicit StoreCommandLog(Store& store) : store_(store) {}
  std::optional<engine::ActionResult> find(const std::string& key) override;

 private:
  Store& store_;
};
// Its name from when SQLite was the only backend (server/main.cpp uses it).
using SqliteCommandLog = StoreCommandLog;

}  // namespace dialgraph::actions
