// The clinic's appointments, kept in memory: the example needs no database.
// Thread-safe, so that one store could serve a multi-threaded server.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/command_log.hpp"
#include "engine/value.hpp"

namespace dialgraph::clinic {

struct Appointment {
  std::string reference;  // what the patient quotes, e.g. CL0001
  std::string phone;
  std::string clinic;
  std::string patient;
  std::int64_t day = 0;  // noon of the day, epoch seconds
  std::string time;      // "08:30"
  bool cancelled = false;
};

class ClinicStore {
 public:
  // Opening times: every half hour from 08:00 to 11:30.
  static std::vector<std::string> all_times();

  std::vector<std::string> free_times(const std::string& clinic, std::int64_t day) const;
  // Nullopt when the time was taken in the meantime.
  std::optional<Appointment> book(Appointment wanted);
  std::vector<Appointment> active_of(const std::string& phone) const;  // soonest first
  // False when there is no such active appointment of `phone`.
  bool cancel(const std::string& phone, const std::string& reference);

  // Results of commands by key, so that a retried request books nothing twice.
  std::optional<engine::ActionResult> recorded(const std::string& key) const;
  void record(const std::string& key, const engine::ActionResult& result);
  // Each answer under its key, unless one is recorded there already.
  void record_new(std::span<const engine::Answered> answers);

 private:
  mutable std::mutex mutex_;
  std::vector<Appointment> appointments_;
  std::map<std::string, engine::ActionResult> results_;
};

// The engine's view of the recorded results.
class ClinicCommandLog : public engine::CommandLog {
 public:
  explicit ClinicCommandLog(ClinicStore& store) : store_(store) {}
  std::optional<engine::ActionResult> find(const std::string& key) override { return store_.recorded(key); }
  void record(std::span<const engine::Answered> answers) override { store_.record_new(answers); }

 private:
  ClinicStore& store_;
};

}  // namespace dialgraph::clinic
