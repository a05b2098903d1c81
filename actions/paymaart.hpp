// Everything Paymaart offers to menus files, in one place.
#pragma once

#include <vector>

#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/registry.hpp"

namespace dialgraph::actions {

// The specs of every Paymaart action and validator, sorted by name. They keep a
// reference to `store` (which must outlive them) and a copy of `settings`.
// Also makes sure the fee account named in `settings` exists.
std::vector<engine::ActionSpec> paymaart_actions(Store& store, const Settings& settings,
                                                 Clock clock);

// Adds paymaart_actions(...) to `registry`; throws std::invalid_argument (from
// Registry::add) when a name is already registered.
void register_paymaart_actions(engine::Registry& registry, Store& store,
                               const Settings& settings, Clock clock);

}  // namespace dialgraph::actions
