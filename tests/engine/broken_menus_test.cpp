// The broken-menus corpus: each file in broken/ holds one kind of mistake and
// states, in its leading `# expect:` comments, the exact errors the loader must
// report. A new kind of check gets a new file, not a new test. Files in valid/
// must load.
#include "engine/engine.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fake_actions.hpp"

namespace dialgraph::engine {
namespace {

namespace fs = std::filesystem;

const fs::path corpus = DIALGRAPH_ENGINE_FIXTURES "/broken";
constexpr std::string_view expect_prefix = "# expect: ";

std::vector<fs::path> broken_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The `# expect:` lines of the file's leading comment block.
std::vector<std::string> expected_errors(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line) && line.starts_with("#");)
    if (line.starts_with(expect_prefix)) out.push_back(line.substr(expect_prefix.size()));
  return out;
}

// "LINE:COL: error: message", the diagnostic without its file name.
std::string without_file(const Diagnostic& d) {
  const std::string full = d.str();
  return full.starts_with(d.file + ":") ? full.substr(d.file.size() + 1) : full;
}

std::vector<std::string> reported_errors(const LoadResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Diagnostic::Severity::error) out.push_back(without_file(d));
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "\n  " + line;
  return out;
}

LoadResult load(const fs::path& file) {
  testing::FakeBank bank;
  const Registry registry = testing::fake_registry(bank);
  return load_menus(file.string(), registry);
}

}  // namespace

TEST_CASE("the corpus holds at least twenty broken files, each stating what it expects") {
  const auto files = broken_files();
  CHECK(files.size() >= 20);
  for (const fs::path& file : files) {
    CAPTURE(file.filename().string());
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    CHECK(first.starts_with(expect_prefix));
  }
}

TEST_CASE("every broken file fails to load with exactly the errors it expects, nothing more") {
  for (const fs::path& file : broken_files()) {
    const LoadResult result = load(file);
    const auto expected = expected_errors(file);
    const auto reported = reported_errors(result);
    INFO(file.filename().string(), "\nreported:", joined(reported));
    CHECK_FALSE(result.ok());
    for (const std::string& line : expected)
      CHECK_MESSAGE(std::find(reported.begin(), reported.end(), line) != reported.end(), "missing: ", line);
    CHECK(reported.size() == expected.size());
  }
}

// Files that load: patterns a check once refused wrongly, kept so that no
// check refuses them again (the worst a check can do is refuse a valid file).
TEST_CASE("every file of the valid corpus loads without an error") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(DIALGRAPH_ENGINE_FIXTURES "/valid"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  CHECK(files.size() >= 5);
  for (const fs::path& file : files) {
    const LoadResult result = load(file);
    INFO(file.filename().string(), "\nreported:", joined(reported_errors(result)));
    CHECK(result.ok());
  }
}

TEST_CASE("no error in the corpus lacks a place in the file") {
  for (const fs::path& file : broken_files()) {
    for (const Diagnostic& d : load(file).diagnostics) {
      INFO(file.filename().string(), ": ", d.str());
      CHECK(d.line > 0);
      CHECK(d.column > 0);
    }
  }
}

TEST_CASE("a file with several different mistakes reports all of them at once, in file order") {
  const fs::path file = DIALGRAPH_ENGINE_FIXTURES "/fixtures/several_errors.yaml";
  const auto reported = reported_errors(load(file));
  INFO("reported:", joined(reported));
  CHECK(reported == expected_errors(file));
}

}  // namespace dialgraph::engine
