// Runs conversation files: each on a fresh world of the service, its sessions
// in order, every request carrying the whole path so far as the gateway sends it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/request.hpp"
#include "server/toolkit/conversation.hpp"
#include "server/toolkit/service.hpp"

namespace dialgraph::toolkit {

struct FileResult {
  std::string path;
  int passed = 0;  // sessions
  int failed = 0;
  std::string problems;           // readable account of each failure, "" when all pass
  std::set<std::string> reached;  // ids of the menus' parts the sessions passed (coverage.hpp)
  std::vector<Uncovered> uncovered;
};

struct RunResult {
  std::vector<FileResult> files;  // in the order given
  int passed = 0;
  int failed = 0;
  std::set<std::string> reached;
  std::vector<Uncovered> uncovered;  // of every file
};

// "" when `reply` is what `expect` asks for; else what differs, for people,
// each line indented by `indent` (a line diff when a whole screen was expected).
std::string mismatch(const Expect& expect, const engine::Reply& reply, const std::string& indent);

// `text` with {{phone}} and {{sms.NAME}} replaced; throws std::runtime_error
// naming a variable it cannot fill.
std::string fill(const std::string& text, const Conversation& file, const std::string& phone,
                 const std::vector<std::string>& messages);

// How requests reach the service. `in_process` calls the engine directly and
// records the parts reached (for coverage); `http` goes through the service's
// own server (Service::serve_over_http), one per file, and records none.
enum class Transport { in_process, http };

// One file on a world of its own, its store in `database` (Service::make_world;
// "" for the service's default). Never throws: a file that cannot run is
// reported as one failed session (or all of its sessions, when they were read).
FileResult run_conversation_file(const Service& service, const std::string& menus, const std::string& path,
                                 Transport transport = Transport::in_process, const std::string& database = "");

// Every file, `threads` at a time (0: one per hardware thread).
RunResult run_conversations(const Service& service, const std::string& menus, const std::vector<std::string>& files,
                            unsigned threads = 0, Transport transport = Transport::in_process,
                            const std::string& database = "");

// The conversation files named by `paths`: files as they are, folders searched
// (recursively) for *.yaml and *.yml; sorted. Throws std::runtime_error for a
// path that does not exist.
std::vector<std::string> conversation_files(const std::vector<std::string>& paths);

}  // namespace dialgraph::toolkit
