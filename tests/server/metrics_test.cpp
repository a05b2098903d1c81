#include "server/metrics.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::server;

namespace {

bool has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

}  // namespace

TEST_CASE("metrics render in the Prometheus text format") {
  Metrics metrics;
  metrics.request("callback", 200, 0.003);
  metrics.request("callback", 200, 0.2);
  metrics.request("events", 400, 20);
  metrics.bad_request("missing_field");
  metrics.session_started();
  metrics.session_ended();
  metrics.reply("main \"menu\"");
  metrics.reload(true, 1700000000);
  metrics.reload(false, 1700000100);
  const auto text = metrics.render();
  CHECK(has(text, "# TYPE dialgraph_http_requests_total counter"));
  CHECK(has(text, "dialgraph_http_requests_total{endpoint=\"callback\",code=\"200\"} 2"));
  CHECK(has(text, "dialgraph_http_requests_total{endpoint=\"events\",code=\"400\"} 1"));
  CHECK(has(text, "# TYPE dialgraph_http_request_duration_seconds histogram"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_bucket{le=\"0.005\"} 1"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_bucket{le=\"0.25\"} 2"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_bucket{le=\"10\"} 2"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_count 3"));
  CHECK(has(text, "dialgraph_http_request_duration_seconds_sum 20.203"));
  CHECK(has(text, "dialgraph_bad_requests_total{reason=\"missing_field\"} 1"));
  CHECK(has(text, "dialgraph_ussd_sessions_started_total 1"));
  CHECK(has(text, "dialgraph_ussd_sessions_ended_total 1"));
  CHECK(has(text, "dialgraph_ussd_replies_total{screen=\"main \\\"menu\\\"\"} 1"));
  CHECK(has(text, "dialgraph_menu_reloads_total{result=\"success\"} 1"));
  CHECK(has(text, "dialgraph_menu_reloads_total{result=\"failure\"} 1"));
  CHECK(has(text, "dialgraph_menu_last_reload_success 0"));
  CHECK(has(text, "dialgraph_menu_last_reload_timestamp_seconds 1700000100"));
}

TEST_CASE("every metric line is a comment or `name{labels} value`") {
  Metrics metrics;
  metrics.request("healthz", 200, 0.001);
  const auto text = metrics.render();
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    CHECK_MESSAGE(line.starts_with("dialgraph_"), line);
    CHECK_MESSAGE(line.find(' ') != std::string::npos, line);
  }
}
