// slots.days and slots.times: what can be booked, for list screens.
//
//   choose_day: {type: list, items: days, item: "{{day|date}}", save: date, ...}
//   choose_time: {type: list, items: times, item: "{{time}}", save: slot, ...}
#include "clinic_actions.hpp"

namespace dialgraph::clinic {
namespace {

constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kUtcOffset = 2 * 3'600;  // the clinics are in Malawi (CAT)
constexpr int kDaysAhead = 5;

// Noon, local time, of the day `days` after the one holding `now`: a value that
// the date filter shows as that day in any sane time zone.
std::int64_t noon(std::int64_t now, int days) {
  const std::int64_t local_midnight = (now + kUtcOffset) / kDay * kDay - kUtcOffset;
  return local_midnight + days * kDay + kDay / 2;
}

}  // namespace

engine::ActionSpec slots_days_action(Clock clock) {
  engine::ActionSpec spec;
  spec.name = "slots.days";
  spec.lists = {"days"};
  spec.row_fields = {"day"};
  spec.outcomes = {"ok"};
  spec.run = [clock](const engine::ActionContext&) {
    engine::ActionResult result;
    for (int d = 1; d <= kDaysAhead; ++d) result.lists["days"].push_back({{"day", std::to_string(noon(clock(), d))}});
    return result;
  };
  return spec;
}

engine::ActionSpec slots_times_action(const ClinicStore& store) {
  engine::ActionSpec spec;
  spec.name = "slots.times";
  spec.lists = {"times"};
  spec.row_fields = {"time"};
  spec.outcomes = {"ok"};
  spec.run = [&store](const engine::ActionContext& ctx) {
    engine::ActionResult result;
    auto& rows = result.lists["times"];
    for (const std::string& time : store.free_times(var(ctx, "clinic"), std::stoll(var(ctx, "date.day"))))
      rows.push_back({{"time", time}});
    return result;
  };
  return spec;
}

}  // namespace dialgraph::clinic
