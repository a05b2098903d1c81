// Tx over one SQLite connection and its prepared-statement cache (store internals).
#pragma once

#include "actions/store.hpp"

namespace dialgraph::actions {

class Connection;

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& connection);

  std::optional<Customer> customer_by_phone(const std::string& phone) override;
  std::optional<Customer> customer_by_paymaart_id(const std::string& paymaart_id) override;
  std::optional<Customer> customer_by_id(std::int64_t id) override;
  std::vector<std::string> all_phones() override;
  bool has_customers() override;
  std::vector<std::string> all_paymaart_ids() override;
  std::int64_t insert_customer(const Customer& customer, std::int64_t now) override;

  std::optional<Account> account_of(std::int64_t customer_id) override;
  Account account(std::int64_t account_id) override;
  std::int64_t system_account_id(const std::string& name) override;
  void ensure_system_account(const std::string& name, std::int64_t now) override;
  std::int64_t insert_account(std::int64_t customer_id, std::int64_t balance_minor,
                              std::int64_t now) override;
  void add_to_balance(std::int64_t account_id, std::int64_t delta_minor, std::int64_t now) override;

  std::int64_t insert_transfer(const NewTransfer& transfer) override;
  void insert_entry(std::int64_t transfer_id, std::int64_t account_id,
                    std::int64_t amount_minor) override;
  std::int64_t payments_sent_since(std::int64_t account_id, std::int64_t since) override;
  std::vector<TransferView> recent_transfers(std::int64_t account_id, int limit) override;
  LedgerTotals ledger_totals() override;

  std::optional<PinCredential> pin_credential(std::int64_t customer_id) override;
  void set_pin_hash(std::int64_t customer_id, const Blob& hash, std::int64_t now) override;
  void set_pin_failures(std::int64_t customer_id, int failed, std::int64_t locked_until) override;
  void set_identity_failures(std::int64_t customer_id, int failed,
                             std::int64_t locked_until) override;

  void insert_otp(const NewOtp& otp) override;
  std::optional<Otp> latest_otp(std::int64_t customer_id, const std::string& purpose) override;
  int otps_sent_since(std::int64_t customer_id, const std::string& purpose, std::int64_t since) override;
  void set_otp_attempts(std::int64_t otp_id, int attempts) override;
  void consume_otp(std::int64_t otp_id, std::int64_t now) override;
  std::optional<std::int64_t> verified_otp(std::int64_t customer_id, const std::string& purpose,
                                           std::int64_t since) override;
  void mark_otp_used_for_reset(std::int64_t otp_id, std::int64_t now) override;

  void queue_sms(const std::string& to_phone, const Blob& body, std::int64_t now, SmsUrgency urgency) override;
  std::vector<QueuedSms> due_sms(std::int64_t now, int limit) override;
  std::vector<QueuedSms> claim_due_sms(std::int64_t now, int limit,
                                       std::int64_t claim_until) override;
  void mark_sms_sent(std::int64_t id, const std::string& provider_message_id,
                     std::int64_t now) override;
  void mark_sms_failed(std::int64_t id, std::int64_t next_attempt_at, bool give_up) override;
  void release_sms(std::int64_t id, std::int64_t now) override;

  bool insert_event(const SessionEvent& event) override;
  std::int64_t count_events() override;

  std::optional<Blob> newest_sealed_sms() override;
  std::optional<std::string> meta(const std::string& name) override;
  void set_meta(const std::string& name, const std::string& value) override;
  std::optional<std::string> command_result(const std::string& key) override;
  void record_command_result(const std::string& key, const std::string& json,
                             std::int64_t now) override;
  int forget_command_results(std::int64_t before, int limit) override;

  int schema_version() override;
  bool changed() override;
  void commit_lazily() override { lazy_ = true; }
  // Whether the commit must be flushed before it counts as durable.
  bool needs_flush() { return changed() && !lazy_; }

 private:
  Connection& conn_;
  bool lazy_ = false;
  std::int64_t changes_at_start_;  // the connection's total_changes when the transaction began
};

}  // namespace dialgraph::actions
