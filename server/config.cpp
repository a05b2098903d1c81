#include "server/config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>
#include <thread>

#include "engine/registry.hpp"

namespace dialgraph::server {

namespace {

using Apply = void (*)(Config&, const std::string&);
using Show = std::string (*)(const Config&);

// One setting, known by its file key ("sms.base_url"); its flag
// (--sms-base-url) and environment variable (DIALGRAPH_SMS_BASE_URL) derive from it.
struct Setting {
  std::string_view key;
  std::string_view help;
  Apply apply;
  Show show;
};

int to_int(const std::string& text, std::string_view key, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    throw ConfigError("bad value for " + std::string(key) + ": '" + text + "' (want a whole number " +
                      std::to_string(min) + ".." + std::to_string(max) + ")");
  }
  return value;
}

bool to_bool(const std::string& text, std::string_view key) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  throw ConfigError("bad value for " + std::string(key) + ": '" + text + "' (want true or false)");
}

std::vector<std::string> to_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

#define DG_INT(KEY, FIELD, MIN, MAX, HELP)                                                   \
  Setting {                                                                                  \
    KEY, HELP, [](Config& c, const std::string& v) { c.FIELD = to_int(v, KEY, MIN, MAX); }, \
        [](const Config& c) { return std::to_string(c.FIELD); }                              \
  }
#define DG_STR(KEY, FIELD, HELP)                                           \
  Setting {                                                                \
    KEY, HELP, [](Config& c, const std::string& v) { c.FIELD = v; },       \
        [](const Config& c) { return c.FIELD.empty() ? "(none)" : c.FIELD; } \
  }
#define DG_LIST(KEY, FIELD, HELP)                                                  \
  Setting {                                                                        \
    KEY, HELP, [](Config& c, const std::string& v) { c.FIELD = to_list(v); },      \
        [](const Config& c) { return c.FIELD.empty() ? "(none)" : join(c.FIELD); } \
  }

const Setting settings[] = {
    DG_STR("menus", menus, "menus file to serve"),
    DG_STR("db", db, "Paymaart store: a SQLite file, or a postgresql:// URL (docs/deploying.md)"),
    Setting{"listen", "ADDR:PORT to listen on ([::1]:8080 for IPv6; port 0 picks a free one)",
            [](Config& c, const std::string& v) { parse_listen(v, c.listen_address, c.listen_port); },
            [](const Config& c) { return c.listen_address + ":" + std::to_string(c.listen_port); }},
    DG_INT("threads", threads, 0, 256, "I/O threads (0: one per core)"),
    DG_INT("workers", workers, 0, 1024,
           "engine/database worker threads (0: run requests on the I/O threads, no deadline timer)"),
    DG_INT("deadline_ms", deadline_ms, 100, 60'000,
           "a callback not answered by then gets the menus' timeout message (END)"),
    DG_INT("body_limit", body_limit, 256, 1 << 20, "largest request body, bytes (413 beyond)"),
    DG_INT("header_limit", header_limit, 1024, 1 << 20, "largest request header, bytes (431 beyond)"),
    DG_INT("max_connections", max_connections, 1, 1'000'000, "open connections; more get 503"),
    DG_INT("read_timeout_ms", read_timeout_ms, 100, 600'000, "time to read one request"),
    DG_INT("idle_timeout_ms", idle_timeout_ms, 100, 3'600'000, "keep-alive wait for the next request"),
    DG_INT("write_timeout_ms", write_timeout_ms, 100, 600'000, "time to write one response"),
    DG_INT("shutdown_grace_ms", shutdown_grace_ms, 0, 600'000,
           "after SIGTERM, how long in-flight requests may take"),
    DG_LIST("allow", allow,
            "comma-separated CIDRs allowed to call /callback and /events, e.g. Africa's Talking's "
            "18.133.205.228,35.177.236.113,3.8.44.1 (none: anyone)"),
    DG_LIST("trusted_proxies", trusted_proxies,
            "CIDRs of proxies whose X-Forwarded-For is believed (none: never)"),
    DG_STR("callback_key", callback_key,
           "shared secret the gateway must send as ?key=... on /callback and /events"),
    DG_INT("session_ttl_s", session_ttl_s, 10, 86'400,
           "how long a session keeps the menus version it started on"),
    DG_INT("session_capacity", session_capacity, 100, 10'000'000, "sessions remembered at most"),
    DG_INT("records_retention_s", records_retention_s, 600, 315'360'000,
           "how long a command's result is kept to answer a retried request (pruned every 10 min)"),
    DG_INT("phone_digits_visible", phone_digits_visible, 0, 15, "digits of a phone number shown in logs"),
    DG_STR("sms.base_url", sms.base_url, "Africa's Talking API base URL (http:// or https://)"),
    DG_STR("sms.username", sms.username, "Africa's Talking username (none: SMS go to the log)"),
    DG_STR("sms.api_key", sms.api_key, "Africa's Talking API key"),
    DG_STR("sms.sender_id", sms.sender_id, "sender ID or short code (none: the account default)"),
    DG_INT("sms.poll_ms", sms.poll_ms, 50, 3'600'000, "how often the outbox is checked"),
    DG_INT("sms.batch", sms.batch, 1, 1000, "messages taken from the outbox at a time"),
    DG_INT("sms.parallel", sms.parallel, 1, 64,
           "messages of a batch sent at once to Africa's Talking (log-only mode: 1)"),
    DG_INT("sms.max_attempts", sms.max_attempts, 1, 100, "attempts before a message is abandoned"),
    DG_INT("sms.backoff_s", sms.backoff_s, 1, 3600, "first retry delay; doubles per attempt, max 1 h"),
    DG_INT("sms.timeout_ms", sms.timeout_ms, 100, 120'000, "timeout of one API call"),
    Setting{"sms.log_full_text", "log-only mode: log SMS texts, OTPs included (demo only; otherwise only their length)",
            [](Config& c, const std::string& v) { c.sms.log_full_text = to_bool(v, "sms.log_full_text"); },
            [](const Config& c) { return std::string(c.sms.log_full_text ? "true" : "false"); }},
};

#undef DG_INT
#undef DG_STR
#undef DG_LIST

std::string flag_of(std::string_view key) {
  std::string flag = "--" + std::string(key);
  std::replace_if(flag.begin() + 2, flag.end(), [](char c) { return c == '_' || c == '.'; }, '-');
  return flag;
}

std::string env_of(std::string_view key) {
  std::string name = "DIALGRAPH_" + std::string(key);
  for (char& c : name) c = c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

const Setting* find_by_key(std::string_view key) {
  for (const auto& setting : settings) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

const Setting* find_by_flag(std::string_view flag) {
  for (const auto& setting : settings) {
    if (flag_of(setting.key) == flag) return &setting;
  }
  return nullptr;
}

// A YAML value as the text a flag would carry: scalars as is, lists joined by ','.
std::string yaml_text(const YAML::Node& node, const std::string& where) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsNull()) return "";
  if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& item : node) items.push_back(yaml_text(item, where));
    return join(items);
  }
  throw ConfigError(where + ": expected a value or a list");
}

// Applies every key of `map` (prefixed, e.g. "sms.") from the config file.
void apply_yaml_map(Config& config, const YAML::Node& map, const std::string& prefix) {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const auto key = prefix + entry.first.as<std::string>();
    const auto where = config.config_file + ":" + std::to_string(entry.first.Mark().line + 1);
    // YAML keeps the last of two equal keys: a second `callback_key:` or
    // `allow:` further down would silently replace the first.
    if (!seen.insert(key).second) throw ConfigError(where + ": '" + key + "' is set twice in this file");
    if (prefix.empty() && key == "paymaart") {
      config.paymaart = entry.second;
    } else if (prefix.empty() && key == "sms") {
      if (!entry.second.IsMap()) throw ConfigError(where + ": 'sms' must be a map");
      apply_yaml_map(config, entry.second, "sms.");
    } else if (const Setting* setting = find_by_key(key)) {
      try {
        setting->apply(config, yaml_text(entry.second, where));
      } catch (const ConfigError& error) {
        throw ConfigError(where + ": " + error.what());
      }
    } else {
      throw ConfigError(where + ": unknown setting '" + key + "'");
    }
  }
}

void apply_file(Config& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(config.config_file);
  } catch (const YAML::Exception& error) {
    throw ConfigError("cannot read config file " + config.config_file + ": " + error.what());
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError(config.config_file + ": expected a map of settings");
  apply_yaml_map(config, root, "");
}

void apply_env(Config& config, const EnvLookup& env) {
  for (const auto& setting : settings) {
    const auto name = env_of(setting.key);
    if (const auto value = env(name)) {
      try {
        setting.apply(config, *value);
      } catch (const ConfigError& error) {
        throw ConfigError(name + ": " + error.what());
      }
    }
  }
}

}  // namespace

int Config::effective_threads() const {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::vector<std::string> environment_typos(const std::vector<std::string>& present) {
  std::vector<std::string> known{"DIALGRAPH_CONFIG"};
  for (const auto& setting : settings) known.push_back(env_of(setting.key));
  std::vector<std::string> warnings;
  for (const std::string& name : present) {
    if (!name.starts_with("DIALGRAPH_") || std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (const std::string meant = engine::closest_name(name, known); !meant.empty())
      warnings.push_back(name + " is no setting and is ignored; did you mean " + meant + "?");
  }
  return warnings;
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

void parse_listen(std::string_view text, std::string& address, unsigned short& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw ConfigError("bad listen address '" + std::string(text) + "' (want ADDR:PORT)");
  }
  auto host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  // An address, not a name: the listener binds without resolving one.
  unsigned char parsed[sizeof(in6_addr)];
  const std::string literal(host);
  const std::string without_zone = literal.substr(0, literal.find('%'));  // fe80::1%eth0
  if (inet_pton(AF_INET, literal.c_str(), parsed) != 1 && inet_pton(AF_INET6, without_zone.c_str(), parsed) != 1)
    throw ConfigError("bad listen address '" + std::string(text) +
                      "' (want an IP address and a port: 127.0.0.1:8080, 0.0.0.0:8080, [::1]:8080)");
  address = literal;
  port = static_cast<unsigned short>(to_int(std::string(text.substr(colon + 1)), "listen port", 0, 65535));
}

ServeArgs parse_serve_args(const std::vector<std::string>& args, const EnvLookup& env) {
  ServeArgs result;
  std::vector<std::pair<const Setting*, std::string>> flags;
  std::optional<std::string> config_file = env("DIALGRAPH_CONFIG");
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    if (flag == "--help" || flag == "-h") {
      result.help = true;
      return result;
    }
    std::optional<std::string> value;
    if (const auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    const Setting* setting = flag == "--config" ? nullptr : find_by_flag(flag);
    if (flag != "--config" && setting == nullptr) throw ConfigError("unknown option '" + flag + "'");
    if (!value) {
      if (i + 1 >= args.size()) throw ConfigError("option " + flag + " needs a value");
      value = args[++i];
    }
    if (setting == nullptr) {
      config_file = *value;
    } else {
      flags.emplace_back(setting, *value);
    }
  }
  apply_env(result.config, env);
  if (config_file && !config_file->empty()) {
    result.config.config_file = *config_file;
    apply_file(result.config);
  }
  for (const auto& [setting, value] : flags) {
    try {
      setting->apply(result.config, value);
    } catch (const ConfigError& error) {
      throw ConfigError(flag_of(setting->key) + ": " + error.what());
    }
  }
  // One without the other would quietly log every SMS instead of sending it.
  if (result.config.sms.username.empty() != result.config.sms.api_key.empty())
    throw ConfigError("sms.username and sms.api_key go together: set both to send SMS by Africa's Talking, "
                      "or neither to write them to the log");
  return result;
}

std::string serve_help() {
  const Config defaults;
  std::string out =
      "usage: dialgraph serve [--config FILE] [--menus FILE] [--db FILE|URL] [--listen ADDR:PORT]\n"
      "                       [--threads N] [--SETTING VALUE ...]\n\n"
      "Serves the menus to Africa's Talking: POST /callback (USSD), POST /events and /logs\n"
      "(end-of-session notifications), GET /healthz, GET /metrics.\n"
      "SIGHUP reloads the menus file; SIGTERM/SIGINT drain and stop.\n\n"
      "Each setting can be given as a flag, as a key of the YAML config file, or as an\n"
      "environment variable; a flag beats the file, which beats the environment.\n"
      "The config file may also hold a 'paymaart:' section (the actions' settings) and\n"
      "an 'sms:' section with the sms.* keys below, without the prefix.\n\n"
      "  --config FILE  (DIALGRAPH_CONFIG)  YAML config file\n";
  for (const auto& setting : settings) {
    out += "  " + flag_of(setting.key) + "  (file: " + std::string(setting.key) + ", env: " +
           env_of(setting.key) + ")\n      " + std::string(setting.help) +
           "; default: " + setting.show(defaults) + "\n";
  }
  return out;
}

}  // namespace dialgraph::server
