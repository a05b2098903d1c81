// appointment.book: a command. Books the chosen time, unless someone booked it
// since the list was shown.
//
//   book:
//     type: action
//     action: appointment.book
//     outcomes:
//       ok: {end: "Booked. Your reference is {{reference}}."}
//       taken: {end: "Sorry, that time was just taken."}
#include "clinic_actions.hpp"

namespace dialgraph::clinic {

engine::ActionSpec appointment_book_action(ClinicStore& store) {
  engine::ActionSpec spec;
  spec.name = "appointment.book";
  spec.kind = engine::ActionKind::command;  // runs once per session and path
  spec.values = {"reference"};
  spec.outcomes = {"ok", "taken"};
  spec.run = [&store](const engine::ActionContext& ctx) {
    return once(store, ctx, [&]() -> engine::ActionResult {
      Appointment wanted;
      wanted.phone = ctx.request.phone;
      wanted.clinic = var(ctx, "clinic");
      wanted.patient = var(ctx, "patient");
      wanted.day = std::stoll(var(ctx, "date.day"));
      wanted.time = var(ctx, "slot.time");
      const auto booked = store.book(wanted);
      if (!booked) return {"taken", {}, {}};
      return {"ok", {{"reference", booked->reference}}, {}};
    });
  };
  return spec;
}

}  // namespace dialgraph::clinic
