// Why a keyed BLAKE2b and not crypto_pwhash: a PIN has only 10,000 values, so a slow
// hash cannot save it once an attacker holds both the database and the pepper
// (10,000 Argon2 guesses take minutes), while it would make importing 100,000
// customers take hours. The protection that matters is the pepper, kept outside
// the database (a stolen DB alone reveals nothing), plus the lock after a few wrong
// tries. Binding the customer id into the message keeps equal PINs from having
// equal hashes.
#include "actions/secrets.hpp"

#include <array>
#include <stdexcept>

#include <sodium.h>

namespace dialgraph::actions {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string_view kind_name(SecretKind kind) { return kind == SecretKind::pin ? "pin" : "otp"; }

// A key for the outbox, derived from the pepper so there is one secret to manage.
std::array<unsigned char, crypto_secretbox_KEYBYTES> outbox_key(const Pepper& pepper) {
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
  constexpr std::string_view label = "dialgraph sms outbox key v1";
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), pepper.data(), pepper.size());
  return key;
}

}  // namespace

Bytes hash_secret(const Pepper& pepper, SecretKind kind, std::int64_t customer_id,
                  std::string_view secret) {
  ensure_sodium();
  // Fields separated by NUL so that no two (kind, id, secret) share a message.
  std::string message(kind_name(kind));
  message += '\0';
  message += std::to_string(customer_id);
  message += '\0';
  message += secret;
  Bytes out(crypto_generichash_BYTES);
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), pepper.data(), pepper.size());
  sodium_memzero(message.data(), message.size());
  return out;
}

bool secret_matches(const Pepper& pepper, SecretKind kind, std::int64_t customer_id,
                    std::string_view secret, const Bytes& stored) {
  const Bytes candidate = hash_secret(pepper, kind, customer_id, secret);
  return stored.size() == candidate.size() &&
         sodium_memcmp(stored.data(), candidate.data(), candidate.size()) == 0;
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

std::string pepper_fingerprint(const Pepper& pepper) {
  ensure_sodium();
  constexpr std::string_view label = "dialgraph pepper check v1";
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), pepper.data(), pepper.size());
  return to_hex(digest);
}

std::string random_otp() {
  ensure_sodium();
  std::string out;
  for (int i = 0; i < 6; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

std::string random_reference() {
  ensure_sodium();
  // Crockford's alphabet: no I, L, O, U, so references read back unambiguously.
  constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // One call for all ten characters: each randombytes call is a getrandom()
  // system call, which showed in the 100,000-row import. 256 is a multiple of 32,
  // so the low five bits of a random byte are uniform.
  std::array<unsigned char, 10> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out = "PM";
  for (unsigned char b : bytes) out += alphabet[b & 31U];
  return out;
}

Bytes seal_text(const Pepper& pepper, std::string_view text) {
  ensure_sodium();
  const auto key = outbox_key(pepper);
  Bytes out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + text.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                        out.data(), key.data());
  return out;
}

std::string open_text(const Pepper& pepper, const Bytes& sealed) {
  ensure_sodium();
  constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (sealed.size() < overhead) throw std::runtime_error("sealed text is too short");
  const auto key = outbox_key(pepper);
  std::string out(sealed.size() - overhead, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 sealed.data() + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(),
                                 key.data()) != 0)
    throw std::runtime_error("sealed text does not open with this pepper");
  return out;
}

}  // namespace dialgraph::actions
