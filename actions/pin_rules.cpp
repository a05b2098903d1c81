#include "actions/pin_rules.hpp"

namespace dialgraph::actions {
namespace {

// True when each digit is the previous one plus `step`.
bool steps_by(std::string_view pin, int step) {
  for (std::size_t i = 1; i < pin.size(); ++i)
    if (pin[i] - pin[i - 1] != step) return false;
  return true;
}

}  // namespace

bool is_pin_shape(std::string_view pin) {
  if (pin.size() != 4) return false;
  for (char c : pin)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_trivial_pin(std::string_view pin) {
  return steps_by(pin, 0) || steps_by(pin, 1) || steps_by(pin, -1);
}

}  // namespace dialgraph::actions
