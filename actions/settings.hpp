// Paymaart's tunables: limits, fees, PIN and OTP rules, the pepper for secrets.
// Read from the `paymaart:` section of the server's config file.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace dialgraph::actions {

// Epoch seconds. Injected so that tests can move time (OTP expiry, PIN lock).
using Clock = std::function<std::int64_t()>;

// The wall clock.
Clock system_clock();

using Pepper = std::array<unsigned char, 32>;

// The pepper used when the config sets none. It is published in the README, so
// anyone holding a database made with it can brute-force its 4-digit PINs:
// production MUST set its own `paymaart.pepper` (64 hex digits, kept out of the DB).
Pepper demo_pepper();

struct FeeTier {
  std::int64_t up_to_minor = 0;  // inclusive upper bound of the amount
  std::int64_t fee_minor = 0;
};

struct FeeSchedule {
  enum class Kind { tiered, percentage };
  Kind kind = Kind::tiered;
  std::vector<FeeTier> tiers;  // tiered: ascending up_to_minor
  int basis_points = 0;        // percentage: 100 = 1 %
  std::int64_t min_fee_minor = 0;
  std::int64_t max_fee_minor = 0;

  // The fee on `amount_minor`. Amounts above the last tier pay the last tier's fee.
  std::int64_t fee_for(std::int64_t amount_minor) const;
};

// All amounts are integer tambala (1 MWK = 100 tambala).
struct Settings {
  Pepper pepper = demo_pepper();
  int max_pin_attempts = 3;
  std::int64_t pin_lock_seconds = 900;
  std::int64_t otp_ttl_seconds = 300;
  int otp_max_attempts = 3;
  int otp_sends_per_hour = 3;  // Forgot-PIN codes one customer may be sent in any hour
  std::int64_t min_payment_minor = 100;                // 1 MWK
  std::int64_t max_payment_minor = 100'000'000;        // 1,000,000 MWK per payment
  std::int64_t daily_limit_minor = 300'000'000;        // 3,000,000 MWK per day
  FeeSchedule fees = default_fees();
  std::string fee_account = "fees";  // name of the system account fees go to
  int utc_offset_minutes = 120;      // Africa/Blantyre (no DST): where "today" starts

  static FeeSchedule default_fees();
};

// Reads the `paymaart:` section; a null or absent node gives the defaults.
// Throws std::invalid_argument naming the key on an unknown key or bad value.
Settings settings_from_yaml(const YAML::Node& node);

}  // namespace dialgraph::actions
