#include "actions/common.hpp"

#include <algorithm>
#include <stdexcept>

#include "actions/parse.hpp"

namespace dialgraph::actions {

std::optional<Customer> find_caller(Tx& tx, const engine::ActionContext& ctx) {
  const auto phone = normalize_phone(ctx.request.phone);
  if (!phone) return std::nullopt;
  return tx.customer_by_phone(*phone);
}

Customer caller_of(Tx& tx, const engine::ActionContext& ctx) {
  auto caller = find_caller(tx, ctx);
  if (!caller)
    throw std::logic_error("the caller is not a Paymaart customer; guard this screen with "
                           "customer.verified");
  return *caller;
}

Account account_of(Tx& tx, const Customer& customer) {
  auto account = tx.account_of(customer.id);
  if (!account)
    throw std::logic_error("customer " + customer.paymaart_id + " has no account");
  return *account;
}

engine::Record customer_values(const Customer& c) {
  return {{"first_name", c.first_name}, {"last_name", c.last_name},
          {"full_name", c.full_name()}, {"paymaart_id", c.paymaart_id},
          {"phone", c.phone},           {"email", c.email},
          {"kyc_status", c.kyc_status}, {"language", c.language}};
}

engine::ActionResult outcome(std::string name, engine::Record values) {
  return engine::ActionResult{std::move(name), std::move(values), {}};
}

const std::string& required_var(const engine::ActionContext& ctx, const std::string& name) {
  const std::string* value = ctx.vars.find(name);
  if (value == nullptr || value->empty()) throw std::logic_error("this action needs the variable '" + name + "'");
  return *value;
}

std::string minutes_until(std::int64_t until, std::int64_t now) {
  const std::int64_t seconds = until > now ? until - now : 0;
  return std::to_string(std::max<std::int64_t>(1, (seconds + 59) / 60));
}

engine::ActionResult locked(std::int64_t until, std::int64_t now) {
  return outcome("locked", {{"locked_until", std::to_string(until)},
                            {"lock_minutes", minutes_until(until, now)}});
}

engine::ActionResult count_wrong_answer(const Settings& settings, int failed_before, std::int64_t now,
                                        const std::string& refusal,
                                        const std::function<void(int, std::int64_t)>& store_failures) {
  const int failed = failed_before + 1;
  if (failed >= settings.max_pin_attempts) {
    store_failures(0, now + settings.pin_lock_seconds);
    return locked(now + settings.pin_lock_seconds, now);
  }
  store_failures(failed, 0);
  return outcome(refusal, {{"attempts_left", std::to_string(settings.max_pin_attempts - failed)}});
}

}  // namespace dialgraph::actions
