#include "actions/pepper_binding.hpp"

#include <stdexcept>

#include <sodium.h>

namespace dialgraph::actions {
namespace {

constexpr const char* kMetaName = "pepper_check";

std::string pepper_check(const Pepper& pepper) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  constexpr std::string_view label = "dialgraph pepper check v1";
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                     pepper.data(), pepper.size());
  return to_hex(digest);
}

}  // namespace

void bind_pepper(Store& store, const Pepper& pepper) {
  const std::string check = pepper_check(pepper);
  store.write([&](Tx& tx) {
    const auto recorded = tx.meta(kMetaName);
    if (!recorded) return tx.set_meta(kMetaName, check);
    if (*recorded != check)
      throw std::runtime_error(
          "this database's PINs were hashed with another pepper than the one configured: with it every "
          "PIN would be wrong and every caller would lock themselves out. Configure the pepper the "
          "database was created with (paymaart.pepper in the config file)");
  });
}

}  // namespace dialgraph::actions
