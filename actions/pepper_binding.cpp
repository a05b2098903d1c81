#include "actions/pepper_binding.hpp"

#include <stdexcept>

namespace dialgraph::actions {
namespace {

constexpr const char* kMetaName = "pepper_check";

[[noreturn]] void refuse() {
  throw std::runtime_error(
      "this database's PINs were hashed with another pepper than the one configured: with it every "
      "PIN would be wrong and every caller would lock themselves out. Configure the pepper the "
      "database was created with (paymaart.pepper in the config file)");
}

bool opens(const Pepper& pepper, const Blob& sealed) {
  try {
    open_text(pepper, sealed);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace

PepperBinding bind_pepper(Store& store, const Pepper& pepper) {
  const std::string check = pepper_fingerprint(pepper);
  return store.write([&](Tx& tx) {
    if (const auto recorded = tx.meta(kMetaName)) {
      if (*recorded != check) refuse();
      return PepperBinding::bound;
    }
    if (tx.has_customers()) {
      const auto sealed = tx.newest_sealed_sms();
      if (!sealed) return PepperBinding::unverified;
      if (!opens(pepper, *sealed)) refuse();
    }
    tx.set_meta(kMetaName, check);
    return PepperBinding::bound;
  });
}

}  // namespace dialgraph::actions
