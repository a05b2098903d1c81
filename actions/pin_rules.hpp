// What makes a PIN well-formed, and what makes one too easy to guess.
#pragma once

#include <string_view>

namespace dialgraph::actions {

// Exactly four digits.
bool is_pin_shape(std::string_view pin);

// All one digit (1111) or a run up or down (1234, 0123, 4321, 9876).
bool is_trivial_pin(std::string_view pin);

}  // namespace dialgraph::actions
