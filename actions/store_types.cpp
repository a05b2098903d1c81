#include "actions/store_types.hpp"

namespace dialgraph::actions {

std::string Customer::full_name() const {
  std::string out = first_name;
  for (const std::string* part : {&middle_name, &last_name}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

}  // namespace dialgraph::actions
