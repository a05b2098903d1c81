// Everything the clinic offers to its menus file, and what the actions share.
#pragma once

#include <cstdint>
#include <functional>

#include "clinic_store.hpp"
#include "engine/registry.hpp"

namespace dialgraph::clinic {

using Clock = std::function<std::int64_t()>;  // epoch seconds; tests move it

// The one registration list: every clinic action and validator by name.
void register_clinic_actions(engine::Registry& registry, ClinicStore& store, Clock clock);

// One spec per file.
engine::ActionSpec patient_name_validator();                            // patient_name.cpp
engine::ActionSpec slots_days_action(Clock clock);                      // slots.cpp
engine::ActionSpec slots_times_action(const ClinicStore& store);        // slots.cpp
engine::ActionSpec appointment_book_action(ClinicStore& store);         // appointment_book.cpp
engine::ActionSpec appointments_mine_action(const ClinicStore& store);  // appointments.cpp
engine::ActionSpec appointment_cancel_action(ClinicStore& store);       // appointments.cpp

// A command's rule (docs/architecture.md, decision 2): the result recorded under the
// step's key if there is one, else `act` runs once and its result is recorded.
engine::ActionResult once(ClinicStore& store, const engine::ActionContext& ctx,
                          const std::function<engine::ActionResult()>& act);

// The value of `name` in the session; throws std::logic_error when it is missing
// (a menus file that `check` accepted always provides it).
const std::string& var(const engine::ActionContext& ctx, const std::string& name);

}  // namespace dialgraph::clinic
