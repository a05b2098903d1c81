#include "actions/paymaart.hpp"

#include <algorithm>

#include "actions/action_list.hpp"
#include "actions/pepper_binding.hpp"

namespace dialgraph::actions {

std::vector<engine::ActionSpec> paymaart_actions(Store& store, const Settings& settings,
                                                 Clock clock) {
  const std::int64_t now = clock();
  bind_pepper(store, settings.pepper);
  store.set_record_secret(settings.pepper);
  store.write([&](Tx& tx) { tx.ensure_system_account(settings.fee_account, now); });
  const auto deps = std::make_shared<const Deps>(Deps{store, settings, std::move(clock)});
  // The one list of everything Paymaart registers (STYLE.md: no self-registration).
  std::vector<engine::ActionSpec> specs = {
      balance_get_action(deps),       customer_lookup_action(deps),
      customer_verified_action(deps), identity_verify_action(deps),
      otp_send_action(deps),          otp_verify_action(deps),
      payment_quote_action(deps),     payment_send_action(deps),
      pin_check_new_action(deps),     pin_reset_action(deps),
      pin_unlocked_action(deps),      pin_update_action(deps),
      pin_verify_action(deps),
      profile_get_action(deps),       recipient_find_action(deps),
      transactions_recent_action(deps),
  };
  std::sort(specs.begin(), specs.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return specs;
}

void register_paymaart_actions(engine::Registry& registry, Store& store,
                               const Settings& settings, Clock clock) {
  for (engine::ActionSpec& spec : paymaart_actions(store, settings, std::move(clock)))
    registry.add(std::move(spec));
}

}  // namespace dialgraph::actions
