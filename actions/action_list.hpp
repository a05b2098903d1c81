// One factory per action, each in its own file (actions/<name>.cpp).
#pragma once

#include "actions/common.hpp"
#include "engine/registry.hpp"

namespace dialgraph::actions {

engine::ActionSpec customer_lookup_action(DepsPtr deps);
engine::ActionSpec customer_verified_action(DepsPtr deps);
engine::ActionSpec pin_verify_action(DepsPtr deps);
engine::ActionSpec pin_unlocked_action(DepsPtr deps);
engine::ActionSpec balance_get_action(DepsPtr deps);
engine::ActionSpec recipient_find_action(DepsPtr deps);
engine::ActionSpec payment_quote_action(DepsPtr deps);
engine::ActionSpec payment_send_action(DepsPtr deps);
engine::ActionSpec transactions_recent_action(DepsPtr deps);
engine::ActionSpec profile_get_action(DepsPtr deps);
engine::ActionSpec pin_check_new_action(DepsPtr deps);
engine::ActionSpec pin_update_action(DepsPtr deps);
engine::ActionSpec identity_verify_action(DepsPtr deps);
engine::ActionSpec otp_send_action(DepsPtr deps);
engine::ActionSpec otp_verify_action(DepsPtr deps);
engine::ActionSpec pin_reset_action(DepsPtr deps);

}  // namespace dialgraph::actions
