// Wording in several languages, and templates with {{variables|filters}}.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/value.hpp"

namespace dialgraph::engine {

// A place in the menus file (1-based), kept so that later checks can point at it.
struct Mark {
  int line = 0;
  int column = 0;
};

// One piece of wording in each language it was written in. Written as a plain
// string it is the same in every language, kept under the key "*".
struct Text {
  std::map<std::string, std::string, std::less<>> by_language;
  Mark mark;
  // The wording in `language`, else in `fallback`, else "".
  const std::string& in(std::string_view language, std::string_view fallback) const;
  bool empty() const { return by_language.empty(); }
};

// A {{name|filter:arg}} placeholder found in a template.
struct Placeholder {
  std::string variable;
  std::string filter;  // "" when none
  std::string argument;
  std::size_t offset = 0;  // of the opening "{{" in the template
};

struct TemplateError {
  std::size_t offset = 0;
  std::string message;
};

// The placeholders of `text`; malformed ones ("{{" without "}}", empty names,
// unknown filters) are reported in `errors`.
std::vector<Placeholder> placeholders(std::string_view text, std::vector<TemplateError>& errors);

// Formatting choices that belong to the service, not to one screen.
struct RenderSettings {
  int utc_offset_minutes = 0;  // for the date filters
  std::string currency;        // unused by filters; shown by authors as they like
};

// `text` with each placeholder replaced by its (filtered) value; unknown
// variables render as "".
std::string render_template(std::string_view text, const Vars& vars, const RenderSettings& settings);

// The filters a template may use, for validation: money, date, datetime, time, upper, lower, mask.
bool is_known_filter(std::string_view name);

}  // namespace dialgraph::engine
