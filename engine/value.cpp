#include "engine/value.hpp"

#include "engine/request.hpp"

namespace dialgraph::engine {

const std::string* Vars::find(std::string_view name) const {
  if (const auto it = scalars.find(name); it != scalars.end()) return &it->second;
  if (request != nullptr) {
    if (name == "phone") return &request->phone;
    if (name == "session_id") return &request->session_id;
    if (name == "service_code") return &request->service_code;
    if (name == "network_code") return &request->network_code;
  }
  constexpr std::string_view prefix = "caller.";
  if (caller && name.starts_with(prefix)) {
    if (const auto it = caller->find(name.substr(prefix.size())); it != caller->end()) return &it->second;
  }
  return nullptr;
}

}  // namespace dialgraph::engine
