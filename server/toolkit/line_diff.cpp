#include "server/toolkit/line_diff.hpp"

#include <vector>

namespace dialgraph::toolkit {
namespace {

}  // namespace

std::string line_diff(const std::string& expected, const std::string& actual, const std::string& indent) {
  const auto a = lines_of(expected), b = lines_of(actual);
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<int>> common(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
  std::string out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += indent + "  " + a[i++] + "\n";
      ++j;
    } else if (j == b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])) {
      out += indent + "- " + a[i++] + "\n";
    } else {
      out += indent + "+ " + b[j++] + "\n";
    }
  }
  return out;
}

std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (const std::string& line : lines_of(text)) out += indent + line + "\n";
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  out.push_back(text.substr(start));
  return out;
}

}  // namespace dialgraph::toolkit
