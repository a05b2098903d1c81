// `test`: runs conversation files and says which sessions failed and why.
#include <iostream>

#include "server/toolkit/cli.hpp"
#include "server/toolkit/cli_args.hpp"
#include "server/toolkit/runner.hpp"

namespace dialgraph::toolkit {
namespace {

std::string usage(const Service& service) {
  const bool http = static_cast<bool>(service.serve_over_http);  // only programs with a server offer --http
  const bool db = service.test_database.has_value();           // and only some can put worlds elsewhere
  const std::string db_syntax = db ? service.test_database->syntax : "";
  return "usage: " + service.program + " test [--menus FILE] [-j N]" + (http ? " [--http]" : "") +
         (db ? " [--db " + db_syntax + "]" : "") + " [PATH...]\n"
         "  PATH        conversation files, or folders of them (default: " + service.conversations + ")\n"
         "  --menus     the menus file (default: " + service.menus + ")\n"
         "  -j N        files run at once (default: one per hardware thread)\n" +
         (http ? "  --http      each file's requests go over HTTP to the real server, started on\n"
                 "              127.0.0.1 (a free port) for that file's world; nothing is traced\n"
                 "              for coverage (check --coverage runs in process)\n"
               : "") +
         (db ? "  --db        each file's world keeps its store in that database, apart from\n"
               "              every other world's, and removes it afterwards\n"
             : "") +
         "The format of conversation files is docs/testing.md.\n";
}

}  // namespace

int run_test(const Service& service, int argc, char** argv) {
  Args args;
  std::vector<std::string> files;
  unsigned threads = 0;
  try {
    args = parse_args(argc, argv, {"--help", "-h", "--http"}, {"--menus", "-j", "--db"});
    if (args.has("--help") || args.has("-h")) return std::cout << usage(service), 0;
    if (args.has("--http") && !service.serve_over_http)
      throw std::invalid_argument("--http: " + service.program + " has no HTTP server");
    if (args.values.contains("--db")) {
      if (!service.test_database)
        throw std::invalid_argument("--db: " + service.program + " cannot keep its worlds in another database");
      if (service.test_database->check) service.test_database->check(args.get("--db", ""));
    }
    if (args.positional.empty()) args.positional.push_back(service.conversations);
    files = conversation_files(args.positional);
    const std::string j = args.get("-j", "0");
    if (j.empty() || j.size() > 4 || j.find_first_not_of("0123456789") != std::string::npos)
      throw std::invalid_argument("-j takes a number of files, not '" + j + "'");
    threads = static_cast<unsigned>(std::stoul(j));
  } catch (const std::exception& e) {
    std::cerr << service.program << " test: " << e.what() << "\n" << usage(service);
    return 2;
  }
  if (files.empty()) {
    std::cerr << service.program << " test: no conversation files (*.yaml) found\n";
    return 1;
  }
  const Transport transport = args.has("--http") ? Transport::http : Transport::in_process;
  const RunResult result =
      run_conversations(service, args.get("--menus", service.menus), files, threads, transport, args.get("--db", ""));
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
