// One-time codes, the SMS outbox, gateway events and command results in SQLite.
#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "actions/connection.hpp"
#include "actions/sqlite_tx.hpp"

namespace dialgraph::actions {
namespace {

Blob blob_from(const SQLite::Column& column) {
  const auto* data = static_cast<const unsigned char*>(column.getBlob());
  return Blob(data, data + column.getBytes());
}

void bind_blob(SQLite::Statement& statement, int index, const Blob& blob) {
  statement.bind(index, blob.data(), static_cast<int>(blob.size()));
}

std::vector<QueuedSms> queued_from(SQLite::Statement& rows) {
  std::vector<QueuedSms> out;
  while (rows.executeStep())
    out.push_back(QueuedSms{rows.getColumn(0).getInt64(), rows.getColumn(1).getString(),
                            blob_from(rows.getColumn(2)), rows.getColumn(3).getInt()});
  return out;
}

}  // namespace

void SqliteTx::insert_otp(const NewOtp& otp) {
  SQLite::Statement& insert = conn_.prepared("INSERT INTO otps (customer_id, purpose, hash, created_at, expires_at)"
                           " VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, otp.customer_id);
  insert.bind(2, otp.purpose);
  bind_blob(insert, 3, otp.hash);
  insert.bind(4, otp.created_at);
  insert.bind(5, otp.expires_at);
  insert.exec();
}

std::optional<Otp> SqliteTx::latest_otp(std::int64_t customer_id, const std::string& purpose) {
  SQLite::Statement& query = conn_.prepared("SELECT id, hash, expires_at, attempts, consumed_at FROM otps"
                          " WHERE customer_id = ? AND purpose = ?"
                          " ORDER BY id DESC LIMIT 1");
  query.bind(1, customer_id);
  query.bind(2, purpose);
  if (!query.executeStep()) return std::nullopt;
  Otp otp{query.getColumn(0).getInt64(), blob_from(query.getColumn(1)),
          query.getColumn(2).getInt64(), query.getColumn(3).getInt(), std::nullopt};
  if (!query.isColumnNull(4)) otp.consumed_at = query.getColumn(4).getInt64();
  return otp;
}

int SqliteTx::otps_sent_since(std::int64_t customer_id, const std::string& purpose, std::int64_t since) {
  SQLite::Statement& query = conn_.prepared("SELECT COUNT(*) FROM otps"
                          " WHERE customer_id = ? AND purpose = ? AND created_at >= ?");
  query.bind(1, customer_id);
  query.bind(2, purpose);
  query.bind(3, since);
  query.executeStep();
  return query.getColumn(0).getInt();
}

void SqliteTx::set_otp_attempts(std::int64_t otp_id, int attempts) {
  SQLite::Statement& update = conn_.prepared("UPDATE otps SET attempts = ? WHERE id = ?");
  update.bind(1, attempts);
  update.bind(2, otp_id);
  update.exec();
}

void SqliteTx::consume_otp(std::int64_t otp_id, std::int64_t now) {
  SQLite::Statement& update = conn_.prepared("UPDATE otps SET consumed_at = ? WHERE id = ?");
  update.bind(1, now);
  update.bind(2, otp_id);
  update.exec();
}

std::optional<std::int64_t> SqliteTx::verified_otp(std::int64_t customer_id, const std::string& purpose,
                                             std::int64_t since) {
  SQLite::Statement& query = conn_.prepared("SELECT id FROM otps WHERE customer_id = ? AND purpose = ?"
                          " AND consumed_at >= ? AND used_for_reset_at IS NULL"
                          " ORDER BY id DESC LIMIT 1");
  query.bind(1, customer_id);
  query.bind(2, purpose);
  query.bind(3, since);
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getInt64();
}

void SqliteTx::mark_otp_used_for_reset(std::int64_t otp_id, std::int64_t now) {
  SQLite::Statement& update = conn_.prepared("UPDATE otps SET used_for_reset_at = ? WHERE id = ?");
  update.bind(1, now);
  update.bind(2, otp_id);
  update.exec();
}

void SqliteTx::queue_sms(const std::string& to_phone, const Blob& body, std::int64_t now, SmsUrgency urgency) {
  SQLite::Statement& insert = conn_.prepared("INSERT INTO sms_outbox (to_phone, message, created_at, next_attempt_at, urgent)"
                           " VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, to_phone);
  bind_blob(insert, 2, body);
  insert.bind(3, now);
  insert.bind(4, now);
  insert.bind(5, urgency == SmsUrgency::code ? 1 : 0);
  insert.exec();
}

// Due messages, codes first, then in the order they fell due. `urgent IN (1, 0)`
// lets SQLite walk index sms_outbox_pending as two ranges, in this order, and
// stop at the LIMIT, instead of sorting every due message (migration 5).
#define DG_SMS_DUE_IN_ORDER                                                              \
  "status = 'pending' AND urgent IN (1, 0) AND next_attempt_at <= ?"             \
  " ORDER BY urgent DESC, next_attempt_at, id"

std::vector<QueuedSms> SqliteTx::due_sms(std::int64_t now, int limit) {
  SQLite::Statement& query = conn_.prepared("SELECT id, to_phone, message, attempts FROM sms_outbox"
                          " WHERE " DG_SMS_DUE_IN_ORDER " LIMIT ?");
  query.bind(1, now);
  query.bind(2, limit);
  return queued_from(query);
}

// BEGIN IMMEDIATE already keeps other writers out, so claiming is one UPDATE.
std::vector<QueuedSms> SqliteTx::claim_due_sms(std::int64_t now, int limit,
                                               std::int64_t claim_until) {
  SQLite::Statement& claim = conn_.prepared(
      "UPDATE sms_outbox SET next_attempt_at = ? WHERE id IN (SELECT id FROM sms_outbox"
      " WHERE " DG_SMS_DUE_IN_ORDER " LIMIT ?)"
      " RETURNING id, to_phone, message, attempts, urgent");
  claim.bind(1, claim_until);
  claim.bind(2, now);
  claim.bind(3, limit);
  std::vector<std::pair<bool, QueuedSms>> rows;
  while (claim.executeStep())
    rows.emplace_back(claim.getColumn(4).getInt() != 0,
                      QueuedSms{claim.getColumn(0).getInt64(), claim.getColumn(1).getString(),
                                blob_from(claim.getColumn(2)), claim.getColumn(3).getInt()});
  return in_sending_order(std::move(rows));
}

void SqliteTx::mark_sms_sent(std::int64_t id, const std::string& provider_message_id,
                       std::int64_t now) {
  SQLite::Statement& update = conn_.prepared("UPDATE sms_outbox SET status = 'sent', attempts = attempts + 1,"
                           " sent_at = ?, provider_message_id = ? WHERE id = ?");
  update.bind(1, now);
  update.bind(2, provider_message_id);
  update.bind(3, id);
  update.exec();
}

void SqliteTx::mark_sms_failed(std::int64_t id, std::int64_t next_attempt_at, bool give_up) {
  SQLite::Statement& update = conn_.prepared("UPDATE sms_outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                           " status = CASE WHEN ? THEN 'failed' ELSE 'pending' END WHERE id = ?");
  update.bind(1, next_attempt_at);
  update.bind(2, give_up ? 1 : 0);
  update.bind(3, id);
  update.exec();
}

void SqliteTx::release_sms(std::int64_t id, std::int64_t now) {
  SQLite::Statement& update =
      conn_.prepared("UPDATE sms_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending'");
  update.bind(1, now);
  update.bind(2, id);
  update.exec();
}

bool SqliteTx::insert_event(const SessionEvent& e) {
  SQLite::Statement& insert = conn_.prepared(
      "INSERT INTO events (session_id, phone, service_code, network_code, status, cost,"
      " duration_ms, hops_count, input, last_app_response, error_message, date, received_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING");
  int i = 0;
  for (const std::string* text : {&e.session_id, &e.phone, &e.service_code, &e.network_code,
                                  &e.status, &e.cost})
    insert.bind(++i, *text);
  insert.bind(++i, e.duration_ms);
  insert.bind(++i, e.hops_count);
  for (const std::string* text : {&e.input, &e.last_app_response, &e.error_message, &e.date})
    insert.bind(++i, *text);
  insert.bind(++i, e.received_at);
  return insert.exec() == 1;
}

std::int64_t SqliteTx::count_events() {
  SQLite::Statement& query = conn_.prepared("SELECT COUNT(*) FROM events");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::optional<Blob> SqliteTx::newest_sealed_sms() {
  SQLite::Statement& query = conn_.prepared("SELECT message FROM sms_outbox ORDER BY id DESC LIMIT 1");
  if (!query.executeStep()) return std::nullopt;
  return blob_from(query.getColumn(0));
}

std::optional<std::string> SqliteTx::meta(const std::string& name) {
  SQLite::Statement& query = conn_.prepared("SELECT value FROM store_meta WHERE name = ?");
  query.bind(1, name);
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getString();
}

void SqliteTx::set_meta(const std::string& name, const std::string& value) {
  SQLite::Statement& upsert = conn_.prepared(
      "INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  upsert.bind(1, name);
  upsert.bind(2, value);
  upsert.exec();
}

std::optional<std::string> SqliteTx::command_result(const std::string& key) {
  SQLite::Statement& query = conn_.prepared("SELECT result_json FROM command_results WHERE key = ?");
  query.bind(1, key);
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getString();
}

void SqliteTx::record_command_result(const std::string& key, const std::string& json,
                               std::int64_t now) {
  SQLite::Statement& insert = conn_.prepared("INSERT INTO command_results (key, result_json, created_at)"
                           " VALUES (?, ?, ?)");
  insert.bind(1, key);
  insert.bind(2, json);
  insert.bind(3, now);
  insert.exec();
}

// Only the first `limit` rows in rowid order are looked at: rowids grow as
// records are made, so those are the oldest, and no index on created_at is
// needed (one would cost every command a page write). Looking no further keeps
// this short under the writer's lock even when nothing is old enough.
int SqliteTx::forget_command_results(std::int64_t before, int limit) {
  SQLite::Statement& forget = conn_.prepared(
      "DELETE FROM command_results WHERE rowid IN (SELECT rowid FROM"
      " (SELECT rowid, created_at FROM command_results ORDER BY rowid LIMIT ?2)"
      " WHERE created_at < ?1)");
  forget.bind(1, before);
  forget.bind(2, limit);
  return forget.exec();
}

SqliteTx::SqliteTx(Connection& connection)
    : conn_(connection), changes_at_start_(sqlite3_total_changes64(connection.database().getHandle())) {}

// total_changes counts the rows every INSERT, UPDATE and DELETE touched.
bool SqliteTx::changed() {
  return sqlite3_total_changes64(conn_.database().getHandle()) != changes_at_start_;
}

int SqliteTx::schema_version() {
  SQLite::Statement& query = conn_.prepared("SELECT MAX(version) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

}  // namespace dialgraph::actions
