#include "server/config.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace dialgraph::server;

namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto found = vars.find(name);
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

// A config file in the temp directory, removed at scope exit.
struct TempFile {
  explicit TempFile(const std::string& text)
      : path((std::filesystem::temp_directory_path() / ("dialgraph_config_" + std::to_string(counter++) + ".yaml")).string()) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
  std::string path;
  static inline int counter = 0;
};

}  // namespace

TEST_CASE("defaults") {
  const auto args = parse_serve_args({}, fake_env({}));
  CHECK_FALSE(args.help);
  CHECK(args.config.menus == "menus.yaml");
  CHECK(args.config.db == "paymaart.db");
  CHECK(args.config.listen_address == "127.0.0.1");
  CHECK(args.config.listen_port == 8080);
  CHECK(args.config.deadline_ms == 8000);
  CHECK(args.config.body_limit == 8192);
  CHECK(args.config.effective_threads() >= 1);
  CHECK(args.config.workers == 0);  // requests run on the I/O threads
}

TEST_CASE("flag > file > environment") {
  TempFile file(
      "menus: file-menus.yaml\n"
      "db: file.db\n"
      "threads: 3\n"
      "allow: [18.133.205.228, 3.8.44.1]\n"
      "sms:\n  username: sandbox\n  poll_ms: 500\n"
      "paymaart:\n  max_pin_attempts: 5\n");
  const auto env = fake_env({{"DIALGRAPH_MENUS", "env-menus.yaml"},
                             {"DIALGRAPH_DB", "env.db"},
                             {"DIALGRAPH_LISTEN", "0.0.0.0:9000"},
                             {"DIALGRAPH_THREADS", "7"},
                             {"DIALGRAPH_SMS_API_KEY", "from-env"},
                             {"DIALGRAPH_CONFIG", file.path}});
  const auto args = parse_serve_args({"--menus", "flag-menus.yaml", "--threads=2"}, env);
  const auto& config = args.config;
  CHECK(config.config_file == file.path);
  CHECK(config.menus == "flag-menus.yaml");  // flag beats file and env
  CHECK(config.db == "file.db");             // file beats env
  CHECK(config.threads == 2);
  CHECK(config.listen_address == "0.0.0.0");  // env only
  CHECK(config.listen_port == 9000);
  CHECK(config.allow == std::vector<std::string>{"18.133.205.228", "3.8.44.1"});
  CHECK(config.sms.username == "sandbox");
  CHECK(config.sms.api_key == "from-env");
  CHECK(config.sms.poll_ms == 500);
  CHECK(config.paymaart["max_pin_attempts"].as<int>() == 5);
}

TEST_CASE("--config beats DIALGRAPH_CONFIG") {
  TempFile from_env("db: env-file.db\n");
  TempFile from_flag("db: flag-file.db\n");
  const auto args = parse_serve_args({"--config", from_flag.path}, fake_env({{"DIALGRAPH_CONFIG", from_env.path}}));
  CHECK(args.config.db == "flag-file.db");
}

TEST_CASE("listen addresses") {
  std::string address;
  unsigned short port = 1;
  parse_listen("127.0.0.1:0", address, port);
  CHECK(address == "127.0.0.1");
  CHECK(port == 0);
  parse_listen("[::1]:8443", address, port);
  CHECK(address == "::1");
  CHECK(port == 8443);
  CHECK_THROWS_AS(parse_listen("127.0.0.1", address, port), ConfigError);
  CHECK_THROWS_AS(parse_listen("127.0.0.1:70000", address, port), ConfigError);
  CHECK_THROWS_AS(parse_listen(":80", address, port), ConfigError);
  parse_listen("[fe80::1%eth0]:8443", address, port);  // a link-local address with its zone
  CHECK(address == "fe80::1%eth0");
  CHECK_THROWS_WITH(parse_listen("localhost:8080", address, port),
                    "bad listen address 'localhost:8080' (want an IP address and a port: 127.0.0.1:8080, "
                    "0.0.0.0:8080, [::1]:8080)");
}

TEST_CASE("bad settings name themselves") {
  const auto env = fake_env({});
  CHECK_THROWS_WITH_AS(parse_serve_args({"--nope", "1"}, env), "unknown option '--nope'", ConfigError);
  CHECK_THROWS_WITH_AS(parse_serve_args({"--threads"}, env), "option --threads needs a value", ConfigError);
  CHECK_THROWS_WITH_AS(parse_serve_args({"--threads", "x"}, env),
                       "--threads: bad value for threads: 'x' (want a whole number 0..256)", ConfigError);
  CHECK_THROWS_WITH_AS(parse_serve_args({}, fake_env({{"DIALGRAPH_DEADLINE_MS", "5"}})),
                       "DIALGRAPH_DEADLINE_MS: bad value for deadline_ms: '5' (want a whole number 100..60000)",
                       ConfigError);
  TempFile file("db: x.db\nthreds: 2\n");
  CHECK_THROWS_WITH_AS(parse_serve_args({"--config", file.path}, env),
                       (file.path + ":2: unknown setting 'threds'").c_str(), ConfigError);
  CHECK_THROWS_AS(parse_serve_args({"--config", "/nonexistent/dialgraph.yaml"}, env), ConfigError);
}

TEST_CASE("a setting written twice in the file is refused, not the last one taken") {
  TempFile file("callback_key: first-secret\nthreads: 2\ncallback_key: second\n");
  CHECK_THROWS_WITH_AS(parse_serve_args({"--config", file.path}, fake_env({})),
                       (file.path + ":3: 'callback_key' is set twice in this file").c_str(), ConfigError);
}

TEST_CASE("an SMS username without its API key, or the other way round, is refused") {
  const std::string why =
      "sms.username and sms.api_key go together: set both to send SMS by Africa's Talking, or neither to write "
      "them to the log";
  CHECK_THROWS_WITH_AS(parse_serve_args({"--sms-username", "sandbox"}, fake_env({})), why.c_str(), ConfigError);
  CHECK_THROWS_WITH_AS(parse_serve_args({}, fake_env({{"DIALGRAPH_SMS_API_KEY", "k"}})), why.c_str(), ConfigError);
  CHECK_NOTHROW(parse_serve_args({"--sms-username", "sandbox", "--sms-api-key", "k"}, fake_env({})));
}

TEST_CASE("--help documents every setting") {
  CHECK(parse_serve_args({"--listen", "x", "--help"}, fake_env({})).help);
  const auto help = serve_help();
  for (const char* text : {"--config FILE", "--menus", "DIALGRAPH_MENUS", "--db", "--listen", "--threads",
                           "--deadline-ms", "--allow", "--trusted-proxies", "--callback-key",
                           "--sms-base-url", "DIALGRAPH_SMS_API_KEY", "file: sms.sender_id", "paymaart:"}) {
    CHECK_MESSAGE(help.find(text) != std::string::npos, text);
  }
}

TEST_CASE("a DIALGRAPH_ variable close to a setting's is named as a likely typo; others are left alone") {
  const auto warnings = environment_typos(
      {"DIALGRAPH_CALBACK_KEY", "DIALGRAPH_CALLBACK_KEY", "DIALGRAPH_TEST_BACKEND", "PATH", "DIALGRAPH_CONFG"});
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == "DIALGRAPH_CALBACK_KEY is no setting and is ignored; did you mean DIALGRAPH_CALLBACK_KEY?");
  CHECK(warnings[1] == "DIALGRAPH_CONFG is no setting and is ignored; did you mean DIALGRAPH_CONFIG?");
}
