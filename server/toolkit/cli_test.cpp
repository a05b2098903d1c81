// `test`: runs conversation files and says which sessions failed and why.
#include <iostream>

#include "server/toolkit/cli.hpp"
#include "server/toolkit/cli_args.hpp"
#include "server/toolkit/runner.hpp"

namespace dialgraph::toolkit {
namespace {

std::string usage(const Service& service) {
  return "usage: " + service.program + " test [--menus FILE] [-j N] [PATH...]\n"
         "  PATH        conversation files, or folders of them (default: " + service.conversations + ")\n"
         "  --menus     the menus file (default: " + service.menus + ")\n"
         "  -j N        files run at once (default: one per hardware thread)\n"
         "The format of conversation files is docs/testing.md.\n";
}

}  // namespace

int run_test(const Service& service, int argc, char** argv) {
  Args args;
  std::vector<std::string> files;
  try {
    args = parse_args(argc, argv, {"--help", "-h"}, {"--menus", "-j"});
    if (args.has("--help") || args.has("-h")) return std::cout << usage(service), 0;
    if (args.positional.empty()) args.positional.push_back(service.conversations);
    files = conversation_files(args.positional);
  } catch (const std::exception& e) {
    std::cerr << service.program << " test: " << e.what() << "\n" << usage(service);
    return 2;
  }
  if (files.empty()) {
    std::cerr << service.program << " test: no conversation files (*.yaml) found\n";
    return 1;
  }
  const auto threads = static_cast<unsigned>(std::stoul(args.get("-j", "0")));
  const RunResult result = run_conversations(service, args.get("--menus", service.menus), files, threads);
  for (const FileResult& f : result.files) {
    const int sessions = f.passed + f.failed;
    if (f.failed == 0) {
      std::cout << "ok    " << f.path << " (" << sessions << " session" << (sessions == 1 ? "" : "s") << ")\n";
    } else {
      std::cout << "FAIL  " << f.path << " (" << f.failed << " of " << sessions << " failed)\n" << f.problems;
    }
  }
  std::cout << result.passed << " passed, " << result.failed << " failed\n";
  return result.failed == 0 ? 0 : 1;
}

}  // namespace dialgraph::toolkit
