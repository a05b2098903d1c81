// Prometheus metrics kept with atomics, rendered in the text exposition format.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::server {

// A counter family with labels, e.g. requests_total{endpoint,code}. Label
// values must come from small fixed sets (routes, codes, screen ids).
class LabeledCounter {
 public:
  using Values = std::initializer_list<std::string_view>;
  LabeledCounter(std::string name, std::string help, std::vector<std::string> labels);
  // Counting an existing series allocates nothing: it is found by views.
  void add(Values values, std::uint64_t amount = 1);
  std::uint64_t value(Values values) const;
  void render(std::string& out) const;

 private:
  // Orders label value lists, stored ones against views of the values as well.
  struct SeriesOrder {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    }
  };

  std::string name_;
  std::string help_;
  std::vector<std::string> labels_;
  mutable std::shared_mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<std::atomic<std::uint64_t>>, SeriesOrder> series_;
};

// A latency histogram in seconds with fixed buckets.
class Histogram {
 public:
  static constexpr std::array<double, 12> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                 0.5,   1,    2.5,   5,    8,   10};
  Histogram(std::string name, std::string help);
  void observe(double seconds);
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};  // last is +Inf
  std::atomic<std::uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  Metrics();
  void request(std::string_view endpoint, int status, double seconds);
  void bad_request(std::string_view reason);
  void session_started() { sessions_started_++; }
  void session_ended() { sessions_ended_++; }
  void reply(std::string_view screen);
  void deadline_exceeded() { deadlines_++; }
  void service_error() { service_errors_++; }
  void error_ending() { error_endings_++; }
  void reload(bool ok, std::int64_t epoch_seconds);
  void connection_opened() { connections_++; }
  void connection_closed() { connections_--; }
  void connection_rejected() { connections_rejected_++; }
  void sms(std::string_view result);
  long connections() const { return connections_.load(); }

  // Everything, in the Prometheus text format (version 0.0.4).
  std::string render() const;
  // For tests.
  const LabeledCounter& requests() const { return requests_; }
  const LabeledCounter& bad_requests() const { return bad_requests_; }

 private:
  LabeledCounter requests_;
  Histogram latency_;
  LabeledCounter bad_requests_;
  LabeledCounter replies_;
  LabeledCounter reloads_;
  LabeledCounter sms_;
  std::atomic<std::uint64_t> sessions_started_{0};
  std::atomic<std::uint64_t> sessions_ended_{0};
  std::atomic<std::uint64_t> deadlines_{0};
  std::atomic<std::uint64_t> service_errors_{0};
  std::atomic<std::uint64_t> error_endings_{0};
  std::atomic<std::uint64_t> connections_rejected_{0};
  std::atomic<long> connections_{0};
  std::atomic<int> last_reload_ok_{-1};  // -1: no reload yet
  std::atomic<std::int64_t> last_reload_at_{0};
};

// `value` escaped for a label: backslash, double quote and newline.
std::string escape_label(std::string_view value);

}  // namespace dialgraph::server
