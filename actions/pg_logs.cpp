// One-time codes, the SMS outbox, gateway events and command results in PostgreSQL.
#include <algorithm>

#include <pqxx/result>

#include "actions/pg_tx.hpp"
#include "actions/pg_values.hpp"

namespace dialgraph::actions {
namespace {

std::vector<QueuedSms> queued_from(const pqxx::result& rows) {
  std::vector<QueuedSms> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back(QueuedSms{row[0].as<std::int64_t>(), row[1].as<std::string>(),
                            blob_from(row[2]), row[3].as<int>()});
  return out;
}

}  // namespace

void PgTx::insert_otp(const NewOtp& otp) {
  exec("insert_otp",
       "INSERT INTO otps (customer_id, purpose, hash, created_at, expires_at)"
       " VALUES ($1, $2, $3, $4, $5)",
       otp.customer_id, otp.purpose, bytea(otp.hash), otp.created_at, otp.expires_at);
}

std::optional<Otp> PgTx::latest_otp(std::int64_t customer_id, const std::string& purpose) {
  const auto rows = exec("latest_otp",
                         "SELECT id, hash, expires_at, attempts, consumed_at FROM otps"
                         " WHERE customer_id = $1 AND purpose = $2"
                         " ORDER BY id DESC LIMIT 1",
                         customer_id, purpose);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Otp otp{r[0].as<std::int64_t>(), blob_from(r[1]), r[2].as<std::int64_t>(), r[3].as<int>(),
          std::nullopt};
  if (!r[4].is_null()) otp.consumed_at = r[4].as<std::int64_t>();
  return otp;
}

int PgTx::otps_sent_since(std::int64_t customer_id, const std::string& purpose, std::int64_t since) {
  const auto rows = exec("otps_sent_since",
                         "SELECT COUNT(*) FROM otps WHERE customer_id = $1 AND purpose = $2 AND created_at >= $3",
                         customer_id, purpose, since);
  return rows[0][0].as<int>();
}

void PgTx::set_otp_attempts(std::int64_t otp_id, int attempts) {
  exec("set_otp_attempts", "UPDATE otps SET attempts = $1 WHERE id = $2", attempts, otp_id);
}

void PgTx::consume_otp(std::int64_t otp_id, std::int64_t now) {
  exec("consume_otp", "UPDATE otps SET consumed_at = $1 WHERE id = $2", now, otp_id);
}

std::optional<std::int64_t> PgTx::verified_otp(std::int64_t customer_id,
                                               const std::string& purpose, std::int64_t since) {
  const auto rows = exec("verified_otp",
                         "SELECT id FROM otps WHERE customer_id = $1 AND purpose = $2"
                         " AND consumed_at >= $3 AND used_for_reset_at IS NULL"
                         " ORDER BY id DESC LIMIT 1",
                         customer_id, purpose, since);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::int64_t>();
}

void PgTx::mark_otp_used_for_reset(std::int64_t otp_id, std::int64_t now) {
  exec("mark_otp_used_for_reset", "UPDATE otps SET used_for_reset_at = $1 WHERE id = $2", now,
       otp_id);
}

void PgTx::queue_sms(const std::string& to_phone, const Blob& body, std::int64_t now, SmsUrgency urgency) {
  exec("queue_sms",
       "INSERT INTO sms_outbox (to_phone, message, created_at, next_attempt_at, urgent)"
       " VALUES ($1, $2, $3, $3, $4)",
       to_phone, bytea(body), now, urgency == SmsUrgency::code ? 1 : 0);
}

std::vector<QueuedSms> PgTx::due_sms(std::int64_t now, int limit) {
  return queued_from(exec("due_sms",
                          "SELECT id, to_phone, message, attempts FROM sms_outbox"
                          " WHERE status = 'pending' AND next_attempt_at <= $1"
                          " ORDER BY urgent DESC, next_attempt_at, id LIMIT $2",
                          now, limit));
}

// SKIP LOCKED: a sender on another instance claiming at the same moment passes
// over the rows this one is taking instead of waiting for them (and then
// failing its serializable transaction); each message goes to one of them.
std::vector<QueuedSms> PgTx::claim_due_sms(std::int64_t now, int limit,
                                           std::int64_t claim_until) {
  const auto claimed = exec(
      "claim_due_sms",
      "UPDATE sms_outbox SET next_attempt_at = $3 WHERE id IN (SELECT id FROM sms_outbox"
      " WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY urgent DESC, next_attempt_at, id LIMIT $2"
      " FOR UPDATE SKIP LOCKED) RETURNING id, to_phone, message, attempts, urgent",
      now, limit, claim_until);
  std::vector<std::pair<bool, QueuedSms>> rows;
  for (const auto& row : claimed)
    rows.emplace_back(row[4].as<int>() != 0, QueuedSms{row[0].as<std::int64_t>(), row[1].as<std::string>(),
                                                      blob_from(row[2]), row[3].as<int>()});
  return in_sending_order(std::move(rows));
}

void PgTx::mark_sms_sent(std::int64_t id, const std::string& provider_message_id,
                         std::int64_t now) {
  exec("mark_sms_sent",
       "UPDATE sms_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $1,"
       " provider_message_id = $2 WHERE id = $3",
       now, provider_message_id, id);
}

void PgTx::mark_sms_failed(std::int64_t id, std::int64_t next_attempt_at, bool give_up) {
  exec("mark_sms_failed",
       "UPDATE sms_outbox SET attempts = attempts + 1, next_attempt_at = $1,"
       " status = CASE WHEN $2 THEN 'failed' ELSE 'pending' END WHERE id = $3",
       next_attempt_at, give_up, id);
}

void PgTx::release_sms(std::int64_t id, std::int64_t now) {
  exec("release_sms", "UPDATE sms_outbox SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'", now, id);
}

bool PgTx::insert_event(const SessionEvent& e) {
  return exec("insert_event",
              "INSERT INTO events (session_id, phone, service_code, network_code, status, cost,"
              " duration_ms, hops_count, input, last_app_response, error_message, date,"
              " received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
              " ON CONFLICT (session_id) DO NOTHING",
              e.session_id, e.phone, e.service_code, e.network_code, e.status, e.cost,
              e.duration_ms, e.hops_count, e.input, e.last_app_response, e.error_message, e.date,
              e.received_at)
             .affected_rows() == 1;
}

std::int64_t PgTx::count_events() {
  return exec("count_events", "SELECT COUNT(*) FROM events")[0][0].as<std::int64_t>();
}

std::optional<Blob> PgTx::newest_sealed_sms() {
  const auto rows = exec("newest_sealed_sms", "SELECT message FROM sms_outbox ORDER BY id DESC LIMIT 1");
  if (rows.empty()) return std::nullopt;
  return blob_from(rows[0][0]);
}

std::optional<std::string> PgTx::meta(const std::string& name) {
  const auto rows = exec("meta", "SELECT value FROM store_meta WHERE name = $1", name);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void PgTx::set_meta(const std::string& name, const std::string& value) {
  exec("set_meta",
       "INSERT INTO store_meta (name, value) VALUES ($1, $2)"
       " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
       name, value);
}

std::optional<std::string> PgTx::command_result(const std::string& key) {
  const auto rows =
      exec("command_result", "SELECT result_json FROM command_results WHERE key = $1", key);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void PgTx::record_command_result(const std::string& key, const std::string& json,
                                 std::int64_t now) {
  exec("record_command_result",
       "INSERT INTO command_results (key, result_json, created_at) VALUES ($1, $2, $3)", key,
       json, now);
}

// No index on created_at (it would cost every command an index write): the
// heap is scanned in its physical order, where the old rows mostly come first.
int PgTx::forget_command_results(std::int64_t before, int limit) {
  return static_cast<int>(exec("forget_command_results",
                               "DELETE FROM command_results WHERE key IN (SELECT key FROM"
                               " command_results WHERE created_at < $1 LIMIT $2)",
                               before, limit)
                              .affected_rows());
}

// A transaction is given an id at its first write (PostgreSQL 13 and later).
bool PgTx::changed() {
  return !exec("changed", "SELECT pg_current_xact_id_if_assigned() IS NULL")[0][0].as<bool>();
}

// PostgreSQL's own lazy commit: the WAL writer flushes it moments later; a
// crash of the database server in between loses it whole, never a part. SET
// cannot be prepared, hence exec.
void PgTx::commit_lazily() { work_.exec("SET LOCAL synchronous_commit = off"); }

int PgTx::schema_version() {
  return exec("schema_version", "SELECT MAX(version) FROM schema_migrations")[0][0].as<int>();
}

}  // namespace dialgraph::actions
