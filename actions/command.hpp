// The idempotency rule of commands (docs/architecture.md, decision 2), implemented once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/command_log.hpp"
#include "engine/registry.hpp"
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
// The same under ctx.command_key, also recording, in the same transaction, the
// accepted answers the walk relied on (ctx.relied_on: a recipient, a quote)
// that no command recorded yet: a replay on another instance or after a
// restart reads them back (engine/walk.hpp) rather than asking again, so that
// the balance a payment left cannot turn its retried receipt into a refusal.
// Commands call this one.
engine::ActionResult run_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                              const CommandFn& act);
// The same for a command whose usual answer changes nothing (pin.verify: a
// right PIN on a clean account), which `unchanged` gives from a read
// transaction, or nullopt when the answer would change something. A result
// already recorded under ctx.command_key comes first, as in run_once; then
// `unchanged`'s answer, unrecorded and marked record_later, so that the engine
// has it recorded with the session's next command or before the session waits
// for its next input, and not at all when the session ends with it (a balance,
// a profile): that session then writes nothing. Otherwise run_once with `act`.
using UnchangedFn = std::function<std::optional<engine::ActionResult>(Tx&)>;
engine::ActionResult run_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                              const UnchangedFn& unchanged, const CommandFn& act);

// Queries that decide. A query re-runs on every replay of the path, on any
// instance, and a memo only spares that within one instance. When its answer
// decides how the caller's later inputs are read (a refused amount is asked
// again, so the next input is an amount; an accepted one is followed by the
// summary, so the next input is a choice), an answer that changed since (money
// arrived, a payment left) would give the same inputs another meaning: a "1"
// typed as an amount read as Confirm. Such a query runs through answer_once,
// under its step's key, ctx.command_key (recipient.find, payment.quote,
// transactions.recent, whose rows are picked by number):
//  - a refusal is recorded, and flushed, before the caller sees it (the rare
//    path): lost, a replay could accept what the caller was refused and read
//    the next input as Confirm;
//  - an "ok" is recorded by the session's next command with its own result
//    (run_once, ctx.relied_on), so the usual path is a read; a replay before
//    that command asks again and can at worst refuse it, and an input then read
//    as an amount is shown back for confirmation, moving nothing. Or, with
//    OkAnswers::recorded_now, at once, lazily, for an answer no command follows
//    (a list of transactions, whose rows the next input picks).
// At a replayed step (ctx.replayed) a fresh refusal is returned unrecorded:
// the caller never saw it, and the engine ends the session with its text
// (engine::ActionSpec::records_refusals, which such a validator sets).
enum class OkAnswers { with_next_command, recorded_now };
engine::ActionResult answer_once(Store& store, const engine::ActionContext& ctx, std::int64_t now,
                                 const CommandFn& ask, OkAnswers ok = OkAnswers::with_next_command);

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
  // `clock` dates the records it makes, which the pruner forgets a day later.
  explicit StoreCommandLog(Store& store, Clock clock = system_clock())
      : store_(store), clock_(std::move(clock)) {}
  std::optional<engine::ActionResult> find(const std::string& key) override;
  // In one write transaction, committed lazily: what it records only spares a
  // later step of the session the apology if lost to a power failure.
  void record(std::span<const engine::Answered> answers) override;

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace dialgraph::actions
