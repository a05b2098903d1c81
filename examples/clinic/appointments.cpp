// appointments.mine (a query: the caller's coming appointments, for a list) and
// appointment.cancel (a command: cancels the one chosen, saved as appt).
#include "clinic_actions.hpp"

namespace dialgraph::clinic {

engine::ActionSpec appointments_mine_action(const ClinicStore& store) {
  engine::ActionSpec spec;
  spec.name = "appointments.mine";
  spec.lists = {"appointments"};
  spec.row_fields = {"reference", "clinic", "patient", "day", "time"};
  spec.outcomes = {"ok"};
  spec.run = [&store](const engine::ActionContext& ctx) {
    engine::ActionResult result;
    auto& rows = result.lists["appointments"];
    for (const Appointment& a : store.active_of(ctx.request.phone))
      rows.push_back({{"reference", a.reference}, {"clinic", a.clinic}, {"patient", a.patient},
                      {"day", std::to_string(a.day)}, {"time", a.time}});
    return result;
  };
  return spec;
}

engine::ActionSpec appointment_cancel_action(ClinicStore& store) {
  engine::ActionSpec spec;
  spec.name = "appointment.cancel";
  spec.kind = engine::ActionKind::command;
  spec.outcomes = {"ok", "not_found"};
  spec.run = [&store](const engine::ActionContext& ctx) {
    return once(store, ctx, [&]() -> engine::ActionResult {
      const bool done = store.cancel(ctx.request.phone, var(ctx, "appt.reference"));
      return {done ? "ok" : "not_found", {}, {}};
    });
  };
  return spec;
}

}  // namespace dialgraph::clinic
