#include "actions/store_types.hpp"

#include <algorithm>

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

std::vector<QueuedSms> in_sending_order(std::vector<std::pair<bool, QueuedSms>> rows) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first : a.second.id < b.second.id;
  });
  std::vector<QueuedSms> out;
  out.reserve(rows.size());
  for (auto& [urgent, sms] : rows) out.push_back(std::move(sms));
  return out;
}

}  // namespace dialgraph::actions
