// PIN and OTP hashing, random codes, and sealing of outbox text (libsodium).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actions/settings.hpp"

namespace dialgraph::actions {

using Bytes = std::vector<unsigned char>;

// What a hashed secret is for; part of the hashed message, so a PIN hash can
// never verify as an OTP of the same digits.
enum class SecretKind { pin, otp };

// Keyed BLAKE2b-256 of (kind, customer id, secret) under the pepper.
Bytes hash_secret(const Pepper& pepper, SecretKind kind, std::int64_t customer_id,
                  std::string_view secret);

// Constant-time comparison of `secret`'s hash with `stored`.
bool secret_matches(const Pepper& pepper, SecretKind kind, std::int64_t customer_id,
                    std::string_view secret, const Bytes& stored);

// Lower-case hex of `bytes`.
std::string to_hex(std::span<const unsigned char> bytes);

// A fingerprint of the pepper (a keyed hash of a fixed label): tells which
// pepper a database was used with, and nothing about the pepper itself.
std::string pepper_fingerprint(const Pepper& pepper);

// Six uniformly random digits.
std::string random_otp();

// "PM" + 10 random Crockford base32 characters, for transfer references.
std::string random_reference();

// SMS text encrypted at rest (XSalsa20-Poly1305 under a key derived from the
// pepper), so OTPs and balances waiting in sms_outbox never sit in the DB in clear.
Bytes seal_text(const Pepper& pepper, std::string_view text);
// Throws std::runtime_error when `sealed` was not made with this pepper.
std::string open_text(const Pepper& pepper, const Bytes& sealed);

}  // namespace dialgraph::actions
