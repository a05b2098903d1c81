// `dialgraph serve` settings. Precedence: command-line flag > config file
// (YAML) > DIALGRAPH_* environment variable > default.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::server {

struct SmsConfig {
  std::string base_url = "https://api.africastalking.com";
  std::string username;  // empty: SMS are written to the log instead
  std::string api_key;
  std::string sender_id;
  int poll_ms = 2000;
  int batch = 20;
  int parallel = 4;  // messages of a batch sent at once
  int max_attempts = 8;
  int backoff_s = 30;  // first retry delay; doubles each attempt, capped at 1 h
  int timeout_ms = 10'000;
  bool log_full_text = false;  // log-only mode: show digits (demo OTPs) in the log
};

struct Config {
  std::string config_file;  // "" when none
  std::string menus = "menus.yaml";
  std::string db = "paymaart.db";
  std::string listen_address = "127.0.0.1";
  unsigned short listen_port = 8080;
  int threads = 0;  // 0: the number of cores
  int workers = 0;  // 0: requests run on the I/O threads
  int deadline_ms = 8000;
  int body_limit = 8 * 1024;
  int header_limit = 8 * 1024;
  int max_connections = 1024;
  int read_timeout_ms = 10'000;
  int idle_timeout_ms = 30'000;
  int write_timeout_ms = 10'000;
  int shutdown_grace_ms = 10'000;
  std::vector<std::string> allow;            // CIDRs; empty: anyone
  std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For is believed
  std::string callback_key;                  // "" : no key needed
  int session_ttl_s = 300;
  int session_capacity = 100'000;
  int records_retention_s = 86'400;
  int phone_digits_visible = 4;
  SmsConfig sms;
  YAML::Node paymaart;  // passed to actions::settings_from_yaml as is

  int effective_threads() const;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads one environment variable; injected so that tests need not touch the real one.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

// For each of `present` (environment variable names) that is no setting but
// close to one, a one-line warning naming the setting it was likely meant to
// be: a mistyped DIALGRAPH_CALLBACK_KEY would leave the callback unprotected.
std::vector<std::string> environment_typos(const std::vector<std::string>& present);

struct ServeArgs {
  bool help = false;
  Config config;
};

// Parses `serve`'s arguments (without the program and subcommand names) and
// builds the Config. Throws ConfigError with a one-line reason.
ServeArgs parse_serve_args(const std::vector<std::string>& args, const EnvLookup& env);

// The text of `dialgraph serve --help`: every setting with its flag, file key,
// environment variable and default.
std::string serve_help();

// "ADDR:PORT" or "[V6]:PORT" -> address and port. Throws ConfigError.
void parse_listen(std::string_view text, std::string& address, unsigned short& port);

}  // namespace dialgraph::server
