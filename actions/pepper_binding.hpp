// Which pepper a database's secrets were hashed with.
#pragma once

#include "actions/secrets.hpp"
#include "actions/store.hpp"

namespace dialgraph::actions {

enum class PepperBinding {
  bound,       // the pepper is the database's (recorded now, or before)
  unverified,  // an older database with nothing to check the pepper against
};

// Ties the store to `pepper`, and refuses (std::runtime_error, saying what to
// do) any other than the one its secrets were hashed with: under another every
// stored PIN would be wrong, every caller's tries would count, and the whole
// customer base would lock itself out. The pepper is recorded, as a keyed hash
// of a label that tells nothing about it, when the database has no customers
// yet, or when it opens the database's sealed SMS. A database made before the
// check, with customers and no SMS, cannot tell: `unverified`, and nothing is
// recorded, so that a wrong pepper is never made the database's own.
PepperBinding bind_pepper(Store& store, const Pepper& pepper);

// The warning to show for `unverified`.
inline constexpr const char* kUnverifiedPepper =
    "this database predates the pepper check and has nothing to check the pepper against: make sure "
    "paymaart.pepper is the one its PINs were hashed with";

}  // namespace dialgraph::actions
