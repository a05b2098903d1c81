#include "actions/settings.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "engine/yaml_reader.hpp"

namespace dialgraph::actions {
namespace {

// Exactly 32 ASCII bytes, so the README can show it; see demo_pepper().
constexpr std::string_view kDemoPepper = "dialgraph-demo-pepper-NOT-SECRET";

const std::set<std::string, std::less<>> kKnownKeys = {
    "pepper", "max_pin_attempts", "pin_lock_seconds", "otp_ttl_seconds", "otp_max_attempts",
    "otp_sends_per_hour",
    "min_payment_minor", "max_payment_minor", "daily_limit_minor", "fees", "fee_account",
    "utc_offset_minutes"};

[[noreturn]] void bad(const std::string& key, const std::string& why) {
  throw std::invalid_argument("paymaart." + key + ": " + why);
}

template <class T>
T number(const YAML::Node& parent, const std::string& key, T fallback, T min, T max) {
  const YAML::Node node = parent[key];
  if (!node) return fallback;
  T value{};
  try {
    value = node.as<T>();
  } catch (const YAML::Exception&) {
    bad(key, "expected an integer");
  }
  if (value < min || value > max)
    bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Pepper pepper_from_hex(const std::string& hex) {
  if (hex.size() != 64) bad("pepper", "expected 64 hex digits (32 bytes)");
  Pepper out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) bad("pepper", "expected 64 hex digits (32 bytes)");
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

constexpr std::int64_t kMaxMinor = 1'000'000'000'000;  // 10 bn MWK: far above any limit

FeeSchedule tiered_from_yaml(const YAML::Node& fees) {
  FeeSchedule out;
  const YAML::Node tiers = fees["tiers"];
  if (!tiers || !tiers.IsSequence() || tiers.size() == 0)
    bad("fees.tiers", "expected a non-empty list of {up_to_minor, fee_minor}");
  for (const YAML::Node& tier : tiers) {
    FeeTier t{number<std::int64_t>(tier, "up_to_minor", -1, 1, kMaxMinor),
              number<std::int64_t>(tier, "fee_minor", -1, 0, kMaxMinor)};
    if (t.up_to_minor < 0 || t.fee_minor < 0)
      bad("fees.tiers", "every tier needs up_to_minor and fee_minor");
    if (!out.tiers.empty() && t.up_to_minor <= out.tiers.back().up_to_minor)
      bad("fees.tiers", "up_to_minor must increase from tier to tier");
    out.tiers.push_back(t);
  }
  return out;
}

FeeSchedule percentage_from_yaml(const YAML::Node& fees) {
  FeeSchedule out;
  out.kind = FeeSchedule::Kind::percentage;
  out.basis_points = number<int>(fees, "basis_points", -1, 0, 10'000);
  if (out.basis_points < 0) bad("fees.basis_points", "required for type percentage");
  out.min_fee_minor = number<std::int64_t>(fees, "min_fee_minor", 0, 0, kMaxMinor);
  out.max_fee_minor = number<std::int64_t>(fees, "max_fee_minor", kMaxMinor, 0, kMaxMinor);
  if (out.min_fee_minor > out.max_fee_minor)
    bad("fees", "min_fee_minor must not exceed max_fee_minor");
  return out;
}

FeeSchedule fees_from_yaml(const YAML::Node& fees) {
  if (!fees) return Settings::default_fees();
  if (!fees.IsMap()) bad("fees", "expected a map with a type");
  const std::string type = fees["type"] ? fees["type"].as<std::string>() : "";
  if (type == "tiered") return tiered_from_yaml(fees);
  if (type == "percentage") return percentage_from_yaml(fees);
  bad("fees.type", "expected tiered or percentage, got '" + type + "'");
}

void check_known_keys(const YAML::Node& node) {
  for (const auto& item : node) {
    const std::string key = item.first.as<std::string>();
    if (!kKnownKeys.contains(key)) bad(key, "unknown key");
  }
}

}  // namespace

Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

Pepper demo_pepper() {
  Pepper out{};
  std::copy(kDemoPepper.begin(), kDemoPepper.end(), out.begin());
  return out;
}

// Demo defaults: 1-1,000 MWK pays 20 MWK, up to 10,000 pays 100, up to 100,000 pays
// 500, above that 1,500. Real tariffs belong in the config file.
FeeSchedule Settings::default_fees() {
  FeeSchedule out;
  out.tiers = {{100'000, 2'000}, {1'000'000, 10'000}, {10'000'000, 50'000},
               {100'000'000, 150'000}};
  return out;
}

std::int64_t FeeSchedule::fee_for(std::int64_t amount_minor) const {
  if (kind == Kind::percentage) {
    // Integer basis points, rounded half up; never via double. Split at 10,000
    // so that no product overflows: an amount is any 15 digits typed.
    const std::int64_t whole = amount_minor / 10'000 * basis_points;
    const std::int64_t raw = whole + (amount_minor % 10'000 * basis_points + 5'000) / 10'000;
    return std::clamp(raw, min_fee_minor, max_fee_minor);
  }
  for (const FeeTier& tier : tiers)
    if (amount_minor <= tier.up_to_minor) return tier.fee_minor;
  return tiers.empty() ? 0 : tiers.back().fee_minor;
}

Settings settings_from_yaml(const YAML::Node& node) {
  Settings out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) throw std::invalid_argument("paymaart: expected a map");
  // A second `pepper:` further down would silently lose.
  if (const auto repeated = engine::key_given_twice(node)) bad(repeated->path, "set twice");
  check_known_keys(node);
  if (node["pepper"]) out.pepper = pepper_from_hex(node["pepper"].as<std::string>());
  out.max_pin_attempts = number<int>(node, "max_pin_attempts", 3, 1, 10);
  out.pin_lock_seconds = number<std::int64_t>(node, "pin_lock_seconds", 900, 1, 86'400 * 30);
  out.otp_ttl_seconds = number<std::int64_t>(node, "otp_ttl_seconds", 300, 30, 3'600);
  out.otp_max_attempts = number<int>(node, "otp_max_attempts", 3, 1, 10);
  out.otp_sends_per_hour = number<int>(node, "otp_sends_per_hour", 3, 1, 20);
  out.min_payment_minor = number<std::int64_t>(node, "min_payment_minor", 100, 1, kMaxMinor);
  out.max_payment_minor =
      number<std::int64_t>(node, "max_payment_minor", out.max_payment_minor, 1, kMaxMinor);
  out.daily_limit_minor =
      number<std::int64_t>(node, "daily_limit_minor", out.daily_limit_minor, 1, kMaxMinor);
  if (out.min_payment_minor > out.max_payment_minor)
    bad("min_payment_minor", "must not exceed max_payment_minor");
  out.fees = fees_from_yaml(node["fees"]);
  if (node["fee_account"]) out.fee_account = node["fee_account"].as<std::string>();
  if (out.fee_account.empty() || out.fee_account == "deposits")
    bad("fee_account", "must be a non-empty name other than 'deposits'");
  out.utc_offset_minutes = number<int>(node, "utc_offset_minutes", 120, -720, 840);
  return out;
}

}  // namespace dialgraph::actions
