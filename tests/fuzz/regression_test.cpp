// Every file of tests/fuzz/corpus/<target>/ (the seeds, and each input that once
// crashed a fuzz target, kept as crash-*) through the same entry points as the
// libFuzzer binaries, in the normal build: a fixed crash stays fixed.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "tests/fuzz/targets.hpp"

namespace {

namespace fs = std::filesystem;
using Target = int (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> corpus(const char* target) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(DIALGRAPH_FUZZ_CORPUS) / target))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const char* target, Target fn) {
  const auto files = corpus(target);
  CHECK(files.size() >= 3);  // the seeds at least
  for (const auto& file : files) {
    INFO(file.string());
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(fn(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
}

}  // namespace

TEST_CASE("fuzz corpus: form parser") { replay("form", dialgraph::fuzz::form); }
TEST_CASE("fuzz corpus: session path") { replay("session_path", dialgraph::fuzz::session_path); }
TEST_CASE("fuzz corpus: menus loader") { replay("menus", dialgraph::fuzz::menus); }
TEST_CASE("fuzz corpus: template renderer") { replay("render", dialgraph::fuzz::render); }
