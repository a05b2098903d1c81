// A line-by-line diff of two screens, for people reading a failed test.
#pragma once

#include <string>
#include <vector>

namespace dialgraph::toolkit {

// Every line of both texts, prefixed "  " when in both, "- " when only in
// `expected`, "+ " when only in `actual` (longest common subsequence of lines),
// each line indented by `indent` and ended by '\n'.
std::string line_diff(const std::string& expected, const std::string& actual, const std::string& indent = "");

// The lines of `text`, split at '\n' (a trailing '\n' gives a last empty line).
std::vector<std::string> lines_of(const std::string& text);

// `text` with `indent` before every line, each ended by '\n'.
std::string indented(const std::string& text, const std::string& indent);

}  // namespace dialgraph::toolkit
