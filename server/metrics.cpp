#include "server/metrics.hpp"

#include <charconv>
#include <mutex>

namespace dialgraph::server {

namespace {

void header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void scalar(std::string& out, std::string_view name, std::string_view help, std::string_view type,
            long long value) {
  header(out, name, help, type);
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

// A number as Prometheus reads it, without trailing zeros.
std::string number(double value) {
  std::string text = std::to_string(value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string escape_label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

LabeledCounter::LabeledCounter(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}

void LabeledCounter::add(Values values, std::uint64_t amount) {
  {
    const std::shared_lock lock(mutex_);
    const auto found = series_.find(values);
    if (found != series_.end()) {
      found->second->fetch_add(amount, std::memory_order_relaxed);
      return;
    }
  }
  const std::unique_lock lock(mutex_);
  auto& slot = series_[std::vector<std::string>(values.begin(), values.end())];
  if (!slot) slot = std::make_unique<std::atomic<std::uint64_t>>(0);
  slot->fetch_add(amount, std::memory_order_relaxed);
}

std::uint64_t LabeledCounter::value(Values values) const {
  const std::shared_lock lock(mutex_);
  const auto found = series_.find(values);
  return found == series_.end() ? 0 : found->second->load();
}

void LabeledCounter::render(std::string& out) const {
  header(out, name_, help_, "counter");
  const std::shared_lock lock(mutex_);
  for (const auto& [values, count] : series_) {
    out += name_ + "{";
    for (std::size_t i = 0; i < labels_.size() && i < values.size(); ++i) {
      if (i > 0) out += ',';
      out += labels_[i] + "=\"" + escape_label(values[i]) + "\"";
    }
    out += "} " + std::to_string(count->load()) + "\n";
  }
}

Histogram::Histogram(std::string name, std::string help)
    : name_(std::move(name)), help_(std::move(help)) {}

void Histogram::observe(double seconds) {
  std::size_t slot = 0;
  while (slot < bounds.size() && seconds > bounds[slot]) ++slot;
  buckets_[slot].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::render(std::string& out) const {
  header(out, name_, help_, "histogram");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += buckets_[i].load();
    out += name_ + "_bucket{le=\"" + number(bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_[bounds.size()].load();
  out += name_ + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out += name_ + "_sum " + number(static_cast<double>(sum_micros_.load()) / 1e6) + "\n";
  out += name_ + "_count " + std::to_string(cumulative) + "\n";
}

Metrics::Metrics()
    : requests_("dialgraph_http_requests_total", "HTTP requests by endpoint and status code.",
                {"endpoint", "code"}),
      latency_("dialgraph_http_request_duration_seconds", "Time from request read to response."),
      bad_requests_("dialgraph_bad_requests_total", "Requests refused, by reason.", {"reason"}),
      replies_("dialgraph_ussd_replies_total", "USSD replies by screen shown.", {"screen"}),
      reloads_("dialgraph_menu_reloads_total", "Menu reloads by result.", {"result"}),
      sms_("dialgraph_sms_total", "SMS outbox deliveries by result.", {"result"}) {}

void Metrics::request(std::string_view endpoint, int status, double seconds) {
  char code[12];
  const auto end = std::to_chars(code, code + sizeof code, status).ptr;
  requests_.add({endpoint, std::string_view(code, static_cast<std::size_t>(end - code))});
  latency_.observe(seconds);
}

void Metrics::bad_request(std::string_view reason) { bad_requests_.add({reason}); }

void Metrics::reply(std::string_view screen) { replies_.add({screen}); }

void Metrics::sms(std::string_view result) { sms_.add({result}); }

void Metrics::reload(bool ok, std::int64_t epoch_seconds) {
  reloads_.add({ok ? "success" : "failure"});
  last_reload_ok_ = ok ? 1 : 0;
  last_reload_at_ = epoch_seconds;
}

std::string Metrics::render() const {
  std::string out;
  requests_.render(out);
  latency_.render(out);
  bad_requests_.render(out);
  scalar(out, "dialgraph_ussd_sessions_started_total", "Sessions started (empty text).", "counter",
         static_cast<long long>(sessions_started_.load()));
  scalar(out, "dialgraph_ussd_sessions_ended_total", "END replies sent.", "counter",
         static_cast<long long>(sessions_ended_.load()));
  replies_.render(out);
  scalar(out, "dialgraph_ussd_deadline_exceeded_total", "Callbacks answered with the timeout message.",
         "counter", static_cast<long long>(deadlines_.load()));
  scalar(out, "dialgraph_ussd_service_errors_total", "Callbacks whose engine call threw.", "counter",
         static_cast<long long>(service_errors_.load()));
  scalar(out, "dialgraph_ussd_error_endings_total",
         "Sessions the engine ended on the menus' error text (each logged with its reason).", "counter",
         static_cast<long long>(error_endings_.load()));
  reloads_.render(out);
  scalar(out, "dialgraph_menu_last_reload_success", "1 if the last reload succeeded, 0 if not, -1 if none yet.",
         "gauge", last_reload_ok_.load());
  scalar(out, "dialgraph_menu_last_reload_timestamp_seconds", "Time of the last reload (epoch).", "gauge",
         last_reload_at_.load());
  scalar(out, "dialgraph_http_open_connections", "Open HTTP connections.", "gauge", connections_.load());
  scalar(out, "dialgraph_http_connections_rejected_total", "Connections refused over the limit.",
         "counter", static_cast<long long>(connections_rejected_.load()));
  sms_.render(out);
  return out;
}

}  // namespace dialgraph::server
