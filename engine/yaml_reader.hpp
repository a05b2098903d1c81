// Reading YAML nodes with every problem reported as file:line:column.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/diagnostic.hpp"
#include "engine/text.hpp"

namespace dialgraph::engine {

// A key that a map at any depth of a document gives twice, with its dotted
// path ("fees.tiers.fee_minor"). yaml-cpp keeps both and a lookup finds one,
// so the other is silently lost.
struct RepeatedKey {
  std::string path;
  YAML::Node key;  // the second one, for its place
};
std::optional<RepeatedKey> key_given_twice(const YAML::Node& node, const std::string& path = "");

// yaml-cpp 0.7 does not know file names, reports no place for a missing key and
// accepts duplicate keys silently; this class makes up for all three.
class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& out) : file_(std::move(file)), out_(out) {}

  static Mark mark(const YAML::Node& node);
  void error(Mark at, std::string message);
  void warning(Mark at, std::string message);
  void error(const YAML::Node& at, std::string message) { error(mark(at), std::move(message)); }

  // True when `node` is a map; reports duplicate keys and keys not in `allowed`.
  bool check_map(const YAML::Node& node, std::string_view what,
                 std::initializer_list<std::string_view> allowed);
  bool check_map(const YAML::Node& node, std::string_view what, std::span<const std::string_view> allowed);
  // True when `node` is a map; reports duplicate keys only.
  bool check_map(const YAML::Node& node, std::string_view what);

  // The scalar under `key`, or "" (reported when `required`).
  std::string scalar(const YAML::Node& map, std::string_view key, std::string_view what,
                     bool required = false);
  std::optional<long long> integer(const YAML::Node& node, std::string_view what);
  // A whole number from `min` to `max`, else an error and nullopt.
  std::optional<long long> integer_in(const YAML::Node& node, std::string_view what, long long min, long long max);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  // A plain string (every language) or a map of language -> string.
  Text text(const YAML::Node& node, std::string_view what);

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  Diagnostics& out_;
};

}  // namespace dialgraph::engine
