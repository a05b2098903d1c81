// What every Paymaart action shares: its dependencies and the caller's record.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "actions/command.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/registry.hpp"

namespace dialgraph::actions {

// The purpose of the OTPs that Forgot PIN sends.
inline constexpr const char* kPinResetPurpose = "pin_reset";

struct Deps {
  Store& store;
  Settings settings;
  Clock clock;
};
// Shared by the closures of all actions; the Store must outlive the registry.
using DepsPtr = std::shared_ptr<const Deps>;

// The customer dialling, or nullopt when the phone is not registered.
std::optional<Customer> find_caller(Tx& tx, const engine::ActionContext& ctx);

// The customer dialling. Throws std::logic_error when there is none: screens that
// need a customer must sit behind the customer.verified guard.
Customer caller_of(Tx& tx, const engine::ActionContext& ctx);

// The caller's account (every customer has one; its absence is a data error).
Account account_of(Tx& tx, const Customer& customer);

// full_name, first_name, last_name, paymaart_id, phone, email, kyc_status, language.
engine::Record customer_values(const Customer& customer);

engine::ActionResult outcome(std::string name, engine::Record values = {});

// A var the menu must have set before this action; throws std::logic_error if not.
const std::string& required_var(const engine::ActionContext& ctx, const std::string& name);

// The `locked` outcome with locked_until and lock_minutes.
engine::ActionResult locked(std::int64_t until, std::int64_t now);

// Counts one more wrong answer (PIN or proof of identity) through `store_failures`:
// at max_pin_attempts it locks for pin_lock_seconds and the count starts again once
// the lock runs out (`locked`); before that it answers `refusal` with attempts_left.
engine::ActionResult count_wrong_answer(const Settings& settings, int failed_before, std::int64_t now,
                                        const std::string& refusal,
                                        const std::function<void(int failed, std::int64_t locked_until)>& store_failures);

// "5" -> minutes left until `until`, rounded up, at least 1.
std::string minutes_until(std::int64_t until, std::int64_t now);

}  // namespace dialgraph::actions
