// The `validate:` entries of input screens: built-in validators and their
// settings, or the name of one registered from C++.
#include "engine/validation_parser.hpp"

#include <regex>

#include "engine/validators.hpp"

namespace dialgraph::engine {

// One entry of `validate:`: `pin.verify`, `phone`, `{pin: 4}`, `{amount: {min: 1}}`...
Validation parse_validation(YamlReader& r, const YAML::Node& node) {
  Validation v;
  v.mark = YamlReader::mark(node);
  YAML::Node argument;  // stays a null node for a bare name
  if (node.IsScalar()) {
    v.name = node.Scalar();
  } else if (node.IsMap() && node.size() == 1) {
    v.name = node.begin()->first.Scalar();
    argument = node.begin()->second;
  } else {
    r.error(node, "a validation is a name such as 'phone', or one 'name: settings' pair");
    return v;
  }
  v.builtin = is_builtin_validator(v.name);
  if (!v.builtin) {
    if (!argument.IsNull()) {
      std::string builtins;
      for (const std::string& name : builtin_validator_names()) builtins += (builtins.empty() ? "" : ", ") + name;
      r.error(node, "'" + v.name + "' has settings, which only the built-in validators take (" + builtins +
                        "); a registered one is written by its name alone");
    }
    return v;
  }
  const auto number = [&](const YAML::Node& n, std::string_view what, long long fallback) {
    return n.IsDefined() && !n.IsNull() ? r.integer(n, what).value_or(fallback) : fallback;
  };
  if (v.name == "pin" || v.name == "otp") {
    const long long fallback = v.name == "pin" ? 4 : 6;
    v.min_length = v.max_length = static_cast<int>(number(argument, v.name + " length", fallback));
  } else if (v.name == "digits") {
    if (argument.IsScalar()) {  // {digits: 6}: exactly six
      v.min_length = v.max_length = static_cast<int>(number(argument, "digits length", 1));
    } else if (!argument.IsNull() && r.check_map(argument, "digits", {"min", "max"})) {
      v.min_length = static_cast<int>(number(argument["min"], "digits min", 1));
      v.max_length = static_cast<int>(number(argument["max"], "digits max", 32));
    } else {
      v.min_length = 1, v.max_length = 32;
    }
  } else if (v.name == "amount") {
    v.decimals = 2;
    v.min_minor = 1;
    if (!argument.IsNull() && r.check_map(argument, "amount", {"min", "max", "decimals"})) {
      const auto minor = [&](const char* key) -> std::int64_t {
        const YAML::Node n = argument[key];
        if (!n.IsDefined()) return 0;
        const auto parsed = n.IsScalar() ? parse_amount(n.Scalar(), 2) : std::nullopt;
        if (!parsed) r.error(n, std::string("amount ") + key + " must be a number such as 1500 or 0.50");
        return parsed.value_or(0);
      };
      if (argument["min"].IsDefined()) v.min_minor = minor("min");
      v.max_minor = minor("max");
      v.decimals = static_cast<int>(number(argument["decimals"], "amount decimals", 2));
      if (v.decimals < 0 || v.decimals > 2) r.error(argument["decimals"], "amount decimals must be 0, 1 or 2");
      if (v.max_minor != 0 && v.min_minor > v.max_minor)
        r.error(node, "amount min is above its max: no amount could be accepted");
    }
  } else if (v.name == "regex") {
    v.pattern = argument.IsScalar() ? argument.Scalar() : "";
    try {
      v.compiled = compile_regex(v.pattern);
    } catch (const std::regex_error& e) {
      r.error(node, "regex '" + v.pattern + "' is not a valid regular expression: " + e.what());
    }
    if (v.pattern.empty()) r.error(node, "regex needs a pattern, e.g. 'regex: \"^[A-Z]{2}[0-9]+$\"'");
  } else if (v.name == "one_of") {
    if (argument.IsSequence())
      for (const YAML::Node& choice : argument) v.choices.push_back(choice.Scalar());
    if (v.choices.empty()) r.error(node, "one_of needs a list of allowed inputs, e.g. 'one_of: [1, 2]'");
  } else if (v.name == "same_as") {
    v.other = argument.IsScalar() ? argument.Scalar() : "";
    if (v.other.empty()) r.error(node, "same_as needs the name of an earlier input, e.g. 'same_as: new_pin'");
  }
  // A length no input can have refuses every answer.
  if ((v.name == "pin" || v.name == "otp" || v.name == "digits") &&
      (v.min_length < 1 || v.max_length > 64 || v.min_length > v.max_length))
    r.error(node, v.name + " lengths must be 1 to 64 and min no more than max: no input could be accepted");
  return v;
}

}  // namespace dialgraph::engine
