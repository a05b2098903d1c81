#include "engine/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace dialgraph::engine {

Mark YamlReader::mark(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

void YamlReader::error(Mark at, std::string message) {
  out_.push_back({Diagnostic::Severity::error, file_, at.line, at.column, std::move(message)});
}

void YamlReader::warning(Mark at, std::string message) {
  out_.push_back({Diagnostic::Severity::warning, file_, at.line, at.column, std::move(message)});
}

std::optional<RepeatedKey> key_given_twice(const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node)
      if (auto repeated = key_given_twice(item, path)) return repeated;
    return std::nullopt;
  }
  if (!node.IsMap()) return std::nullopt;
  std::set<std::string, std::less<>> seen;
  for (const auto& pair : node) {
    if (!pair.first.IsScalar()) continue;
    const std::string& key = pair.first.Scalar();
    const std::string here = path.empty() ? key : path + "." + key;
    if (!seen.insert(key).second) return RepeatedKey{here, pair.first};
    if (auto repeated = key_given_twice(pair.second, here)) return repeated;
  }
  return std::nullopt;
}

bool YamlReader::check_map(const YAML::Node& node, std::string_view what) {
  if (!node.IsDefined() || !node.IsMap()) {
    error(node, std::string(what) + " must be a map of 'key: value' lines");
    return false;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& pair : node) {
    const std::string key = pair.first.Scalar();
    if (!seen.insert(key).second)
      error(pair.first, "duplicate key '" + key + "' in " + std::string(what) +
                            "; YAML keeps only one of them, so remove or rename the other");
  }
  return true;
}

bool YamlReader::check_map(const YAML::Node& node, std::string_view what,
                           std::initializer_list<std::string_view> allowed) {
  return check_map(node, what, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

bool YamlReader::check_map(const YAML::Node& node, std::string_view what,
                           std::span<const std::string_view> allowed) {
  if (!check_map(node, what)) return false;
  for (const auto& pair : node) {
    const std::string key = pair.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error(pair.first, "unknown field '" + key + "' in " + std::string(what) + "; expected one of: " + list);
  }
  return true;
}

std::string YamlReader::scalar(const YAML::Node& map, std::string_view key, std::string_view what,
                               bool required) {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined() || node.IsNull()) {
    if (required) error(map, std::string(what) + " needs '" + std::string(key) + "'");
    return "";
  }
  if (!node.IsScalar()) {
    error(node, "'" + std::string(key) + "' in " + std::string(what) + " must be a single value");
    return "";
  }
  return node.Scalar();
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, std::string_view what) {
  const std::string s = node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
  long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
    error(node, std::string(what) + " must be a whole number");
    return std::nullopt;
  }
  return value;
}

std::optional<long long> YamlReader::integer_in(const YAML::Node& node, std::string_view what, long long min,
                                                long long max) {
  const std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  const std::string s = node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
  long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || value < min || value > max) {
    error(node, std::string(what) + " must be a whole number" + range);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  bool value = false;
  if (node.IsDefined() && node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
  error(node, std::string(what) + " must be true or false");
  return std::nullopt;
}

namespace {

// A `|` block ends with a line break that would show as an empty line above
// the options: the screen never wants one at its end.
std::string without_final_breaks(std::string text) {
  while (text.ends_with('\n') || text.ends_with('\r')) text.pop_back();
  return text;
}

}  // namespace

Text YamlReader::text(const YAML::Node& node, std::string_view what) {
  Text text;
  text.mark = mark(node);
  if (!node.IsDefined() || node.IsNull()) {
    error(node, std::string(what) + " must be text, or a map of language: text");
  } else if (node.IsScalar()) {
    text.by_language["*"] = without_final_breaks(node.Scalar());
  } else if (node.IsMap() && check_map(node, what)) {
    bool cut_by_comma = false;
    for (const auto& pair : node) {
      if (pair.second.IsScalar()) {
        text.by_language[pair.first.Scalar()] = without_final_breaks(pair.second.Scalar());
      } else if (pair.second.IsNull() && node.Style() == YAML::EmitterStyle::Flow) {
        // {en: Pay friends, pay shops, ny: ...}: the ", " ended the English
        // text, and "pay shops" became a key of its own.
        if (!cut_by_comma)
          error(pair.first, std::string(what) + ": '" + pair.first.Scalar() +
                                "' has no language; inside { } a ', ' ends a text, so quote a text that has one: "
                                "{en: \"Pay friends, pay shops\", ...}");
        cut_by_comma = true;
      } else {
        error(pair.second, std::string(what) + " in '" + pair.first.Scalar() + "' must be text");
      }
    }
  } else if (!node.IsMap()) {
    error(node, std::string(what) + " must be text, or a map of language: text");
  }
  return text;
}

}  // namespace dialgraph::engine
