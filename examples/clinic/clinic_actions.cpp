#include "clinic_actions.hpp"

#include <stdexcept>

namespace dialgraph::clinic {

void register_clinic_actions(engine::Registry& registry, ClinicStore& store, Clock clock) {
  registry.add(patient_name_validator());
  registry.add(slots_days_action(clock));
  registry.add(slots_times_action(store));
  registry.add(appointment_book_action(store));
  registry.add(appointments_mine_action(store));
  registry.add(appointment_cancel_action(store));
}

engine::ActionResult once(ClinicStore& store, const engine::ActionContext& ctx,
                          const std::function<engine::ActionResult()>& act) {
  if (auto result = store.recorded(ctx.command_key)) return *result;
  engine::ActionResult result = act();
  store.record(ctx.command_key, result);
  store.record_new(ctx.relied_on);  // the engine's contract: with the command's result
  return result;
}

const std::string& var(const engine::ActionContext& ctx, const std::string& name) {
  const std::string* value = ctx.vars.find(name);
  if (value == nullptr) throw std::logic_error("no value '" + name + "' in the session");
  return *value;
}

}  // namespace dialgraph::clinic
