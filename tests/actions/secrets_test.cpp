#include "actions/secrets.hpp"

#include <set>
#include <stdexcept>

#include <doctest/doctest.h>

using namespace dialgraph::actions;

TEST_CASE("a secret matches its own hash only") {
  const Pepper pepper = demo_pepper();
  const Bytes hash = hash_secret(pepper, SecretKind::pin, 7, "8264");
  CHECK(hash.size() == 32);
  CHECK(secret_matches(pepper, SecretKind::pin, 7, "8264", hash));
  CHECK_FALSE(secret_matches(pepper, SecretKind::pin, 7, "8265", hash));
  CHECK_FALSE(secret_matches(pepper, SecretKind::pin, 8, "8264", hash));  // another customer
  CHECK_FALSE(secret_matches(pepper, SecretKind::otp, 7, "8264", hash));  // another kind
  Pepper other = pepper;
  other[0] ^= 1;
  CHECK_FALSE(secret_matches(other, SecretKind::pin, 7, "8264", hash));  // another pepper
}

TEST_CASE("OTPs are six digits and vary") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string otp = random_otp();
    CHECK(otp.size() == 6);
    CHECK(otp.find_first_not_of("0123456789") == std::string::npos);
    seen.insert(otp);
  }
  CHECK(seen.size() > 45);
}

TEST_CASE("references are PM and ten Crockford base32 characters") {
  const std::string ref = random_reference();
  CHECK(ref.size() == 12);
  CHECK(ref.starts_with("PM"));
  CHECK(ref.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 2) == std::string::npos);
}

TEST_CASE("sealed text opens with the same pepper only") {
  const Bytes sealed = seal_text(demo_pepper(), "Your Paymaart code is 123456.");
  CHECK(std::string(sealed.begin(), sealed.end()).find("123456") == std::string::npos);
  CHECK(open_text(demo_pepper(), sealed) == "Your Paymaart code is 123456.");
  Pepper other = demo_pepper();
  other[5] ^= 1;
  CHECK_THROWS_AS(open_text(other, sealed), std::runtime_error);
}
