// The few option shapes the toolkit's commands share: flags, options with a
// value, and positional arguments.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace dialgraph::toolkit {

struct Args {
  std::set<std::string> flags;                // "--strict"
  std::map<std::string, std::string> values;  // "--menus" -> "menus.yaml"
  std::vector<std::string> positional;

  bool has(const std::string& flag) const { return flags.contains(flag); }
  std::string get(const std::string& option, const std::string& fallback) const {
    const auto it = values.find(option);
    return it == values.end() ? fallback : it->second;
  }
};

// Reads argv[1..]: `flags` take no value, `options` take the next argument.
// Throws std::invalid_argument naming an unknown or incomplete option.
inline Args parse_args(int argc, char** argv, const std::set<std::string>& flags,
                       const std::set<std::string>& options) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (flags.contains(arg)) args.flags.insert(arg);
    else if (options.contains(arg) && i + 1 < argc) args.values[arg] = argv[++i];
    else if (arg.starts_with("-") && arg != "-") throw std::invalid_argument("unexpected argument '" + arg + "'");
    else args.positional.push_back(arg);
  }
  return args;
}

}  // namespace dialgraph::toolkit
