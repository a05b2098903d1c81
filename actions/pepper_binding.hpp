// Which pepper a database's secrets were hashed with.
#pragma once

#include "actions/secrets.hpp"
#include "actions/store.hpp"

namespace dialgraph::actions {

// Ties the store to `pepper`: the first pepper used with it is recorded (as a
// keyed hash of a fixed label, which tells nothing about the pepper), and any
// other is refused with an error that says what to do. Under another pepper
// every stored PIN would be wrong, every caller's tries would count, and the
// whole customer base would lock itself out; and every command record would
// be missed.
void bind_pepper(Store& store, const Pepper& pepper);

}  // namespace dialgraph::actions
