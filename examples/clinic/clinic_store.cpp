#include "clinic_store.hpp"

#include <algorithm>
#include <cstdio>

namespace dialgraph::clinic {

std::vector<std::string> ClinicStore::all_times() {
  std::vector<std::string> out;
  for (int minutes = 8 * 60; minutes < 12 * 60; minutes += 30) {
    char text[6];
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
    out.emplace_back(text);
  }
  return out;
}

std::vector<std::string> ClinicStore::free_times(const std::string& clinic, std::int64_t day) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const std::string& time : all_times()) {
    const bool taken = std::any_of(appointments_.begin(), appointments_.end(), [&](const Appointment& a) {
      return !a.cancelled && a.clinic == clinic && a.day == day && a.time == time;
    });
    if (!taken) out.push_back(time);
  }
  return out;
}

std::optional<Appointment> ClinicStore::book(Appointment wanted) {
  std::lock_guard lock(mutex_);
  for (const Appointment& a : appointments_)
    if (!a.cancelled && a.clinic == wanted.clinic && a.day == wanted.day && a.time == wanted.time) return std::nullopt;
  char reference[16];
  std::snprintf(reference, sizeof reference, "CL%04zu", appointments_.size() + 1);
  wanted.reference = reference;
  appointments_.push_back(wanted);
  return wanted;
}

std::vector<Appointment> ClinicStore::active_of(const std::string& phone) const {
  std::lock_guard lock(mutex_);
  std::vector<Appointment> out;
  for (const Appointment& a : appointments_)
    if (!a.cancelled && a.phone == phone) out.push_back(a);
  std::sort(out.begin(), out.end(), [](const Appointment& a, const Appointment& b) {
    return a.day != b.day ? a.day < b.day : a.time < b.time;
  });
  return out;
}

bool ClinicStore::cancel(const std::string& phone, const std::string& reference) {
  std::lock_guard lock(mutex_);
  for (Appointment& a : appointments_)
    if (!a.cancelled && a.phone == phone && a.reference == reference) return a.cancelled = true;
  return false;
}

std::optional<engine::ActionResult> ClinicStore::recorded(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

void ClinicStore::record(const std::string& key, const engine::ActionResult& result) {
  std::lock_guard lock(mutex_);
  results_[key] = result;
}

void ClinicStore::record_new(std::span<const engine::Answered> answers) {
  std::lock_guard lock(mutex_);
  for (const engine::Answered& answer : answers) results_.try_emplace(answer.key, *answer.result);
}

}  // namespace dialgraph::clinic
