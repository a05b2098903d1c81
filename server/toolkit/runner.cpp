#include "server/toolkit/runner.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <thread>

#include <yaml-cpp/yaml.h>

#include "engine/engine.hpp"
#include "server/toolkit/line_diff.hpp"

namespace dialgraph::toolkit {
namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string step_name(const Step& step) {
  switch (step.kind) {
    case Step::Kind::dial: return step.input.empty() ? "dial" : "dial " + quoted(step.input);
    case Step::Kind::wait: return "wait " + std::to_string(step.seconds);
    default: return "send " + quoted(step.input);
  }
}

// A pattern as it was written in YAML: new lines as \n.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

// The value of {{sms.NAME}}: what `pattern` finds (its first group, if it has
// one) in the newest message that it matches.
std::string from_sms(const std::string& name, const std::string& pattern, const std::vector<std::string>& messages) {
  const std::regex re(pattern);
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    std::smatch m;
    if (std::regex_search(*it, m, re)) return m.size() > 1 ? m[1].str() : m[0].str();
  }
  throw std::runtime_error("no SMS to this phone matches sms." + name + " (" + pattern + ")");
}

// One USSD session as the gateway sees it: its id and the inputs so far. A
// conversation entry that `continues:` an earlier one goes on with its Ussd.
struct Ussd {
  std::string id;
  std::vector<std::string> inputs;
  bool ended = false;
  bool failed = false;  // an entry of it failed: what it reached is unknown
};

// Walks one session; every request replays the inputs so far, like the gateway.
class SessionRun {
 public:
  SessionRun(const Service& service, const Conversation& file, const Phone& phone, World& world)
      : service_(service), file_(file), phone_(phone), world_(world) {}

  // "" when the session passes, else what went wrong.
  std::string run(const Session& session, Ussd& ussd) {
    if (ussd.failed)
      return "  " + file_.path + ":" + std::to_string(session.line) + ": the session it continues failed\n";
    for (const Step& step : session.steps) {
      const std::string where = "  " + file_.path + ":" + std::to_string(step.line) + ": " + step_name(step);
      try {
        if (step.kind == Step::Kind::wait) {
          if (!world_.advance_clock(step.seconds)) return where + ": this service has no clock to move\n";
          continue;
        }
        if (ussd.ended) return where + ": the session has already ended\n";
        const std::string typed = fill(step.input, file_, session.phone, world_.messages_to(session.phone));
        if (step.kind == Step::Kind::send) ussd.inputs.push_back(typed);
        // Inputs dialled with the code arrive together, as the gateway's first `text`.
        if (step.kind == Step::Kind::dial) ussd.inputs = engine::split_inputs(typed);
        const engine::Request request{ussd.id, session.phone, service_.service_code,
                                      session.network.empty() ? service_.network : session.network, ussd.inputs};
        const engine::Reply reply = phone_(request);
        ussd.ended = reply.end;
        if (const std::string why = mismatch(step.expect, reply, "    "); !why.empty()) return where + "\n" + why;
      } catch (const std::exception& e) {
        return where + ": " + e.what() + "\n";
      }
    }
    return "";
  }

 private:
  const Service& service_;
  const Conversation& file_;
  const Phone& phone_;
  World& world_;
};

// What the server logged during a failed session, to read under its diff.
std::string server_log(LiveServer* server) {
  if (!server) return "";
  const std::vector<std::string> lines = server->take_log();
  if (lines.empty()) return "";
  std::string out = "    the server logged:\n";
  for (const std::string& line : lines) out += "      | " + line + "\n";
  return out;
}

void run_sessions(const Service& service, const Conversation& file, const std::string& menus, Transport transport,
                  const std::string& database, FileResult& out) {
  auto world = service.make_world(file.fixture, file.path, database);
  // Loaded in both modes, so that a broken menus file is reported alike; over
  // HTTP the server loads its own copy, as `serve` does.
  const engine::LoadResult loaded = engine::load_menus(menus, world->registry());
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) out.problems += "  " + d.str() + "\n";
    throw std::runtime_error(menus + " does not load");
  }
  engine::Trace trace;
  std::map<std::string, std::unique_ptr<engine::SessionMemo>> memos;  // in process: by session id
  // Declared after `world`, so the server stops before the world it serves goes.
  std::unique_ptr<LiveServer> server;
  Phone phone;
  if (transport == Transport::http) {
    if (!service.serve_over_http) throw std::runtime_error(service.program + " has no HTTP server");
    server = service.serve_over_http(*world, menus);
    phone = server->phone();
  } else {
    // As the server's engine service does: a memo of query answers per session
    // id, dropped when the session ends.
    phone = [&](const engine::Request& request) {
      auto& memo = memos[request.session_id];
      if (!memo) memo = std::make_unique<engine::SessionMemo>();
      engine::Reply reply =
          engine::respond(*loaded.graph, world->registry(), world->commands(), request, &trace, memo.get());
      if (reply.end) memos.erase(request.session_id);
      return reply;
    };
  }
  const std::string stem = std::filesystem::path(file.path).stem().string();
  std::map<std::size_t, Ussd> ussd;  // by the index of the entry that dialled it
  for (std::size_t i = 0; i < file.sessions.size(); ++i) {
    const Session& session = file.sessions[i];
    const std::size_t dialled = session.continues < 0 ? i : static_cast<std::size_t>(session.continues);
    Ussd& state = ussd[dialled];
    if (state.id.empty()) state.id = stem + "-" + std::to_string(dialled + 1);
    const std::string why = SessionRun(service, file, phone, *world).run(session, state);
    if (!why.empty()) state.failed = true;
    const std::string log = server_log(server.get());  // taken after every session: each failure shows its own
    if (why.empty()) {
      ++out.passed;
    } else {
      ++out.failed;
      out.problems +=
          "  session " + quoted(session.name) + " (line " + std::to_string(session.line) + ")\n" + why + log;
    }
  }
  out.reached.insert(trace.begin(), trace.end());
}

}  // namespace

std::string mismatch(const Expect& expect, const engine::Reply& reply, const std::string& indent) {
  std::string out;
  const auto kind = [](bool end) { return end ? std::string("END") : std::string("CON"); };
  if (expect.end && *expect.end != reply.end)
    out += indent + "expected " + kind(*expect.end) + ", got " + kind(reply.end) + "\n";
  if (expect.equals && *expect.equals != reply.text)
    return out + indent + "the screen differs (- expected, + actual):\n" + line_diff(*expect.equals, reply.text, indent + "  ");
  for (const std::string& piece : expect.contains)
    if (reply.text.find(piece) == std::string::npos) out += indent + "the screen does not contain " + quoted(piece) + "\n";
  if (expect.regex && !std::regex_match(reply.text, std::regex(*expect.regex)))
    out += indent + "the screen does not match /" + one_line(*expect.regex) + "/\n";
  if (out.empty()) return out;
  return out + indent + "the screen was:\n" + indented(reply.text, indent + "  | ");
}

std::string fill(const std::string& text, const Conversation& file, const std::string& phone,
                 const std::vector<std::string>& messages) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open; (open = text.find("{{", at)) != std::string::npos;) {
    const std::size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    const std::string name = text.substr(open + 2, close - open - 2);
    out += text.substr(at, open - at);
    if (name == "phone") {
      out += phone;
    } else if (name.starts_with("sms.") && file.sms.contains(name.substr(4))) {
      out += from_sms(name.substr(4), file.sms.at(name.substr(4)), messages);
    } else {
      throw std::runtime_error("unknown variable {{" + name + "}} (declare sms." + name.substr(name.find('.') + 1) +
                               " under sms:)");
    }
    at = close + 2;
  }
  return out + text.substr(at);
}

// How many sessions a file that cannot be run holds, so that the summary
// counts each of them as failed: 0 when even that cannot be read.
std::size_t sessions_written(const std::string& path) {
  try {
    const YAML::Node sessions = YAML::LoadFile(path)["sessions"];
    return sessions.IsSequence() ? sessions.size() : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

FileResult run_conversation_file(const Service& service, const std::string& menus, const std::string& path,
                                 Transport transport, const std::string& database) {
  FileResult out;
  out.path = path;
  std::size_t sessions = 0;
  try {
    const Conversation file = parse_conversation(path);
    sessions = file.sessions.size();
    out.uncovered = file.uncovered;
    run_sessions(service, file, menus, transport, database, out);
  } catch (const std::exception& e) {
    out.problems += "  " + std::string(e.what()) + "\n";
    out.passed = 0;
    out.failed = static_cast<int>(std::max<std::size_t>(sessions > 0 ? sessions : sessions_written(path), 1));
  }
  return out;
}

RunResult run_conversations(const Service& service, const std::string& menus, const std::vector<std::string>& files,
                            unsigned threads, Transport transport, const std::string& database) {
  RunResult result;
  result.files.resize(files.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next++) < files.size();)
      result.files[i] = run_conversation_file(service, menus, files[i], transport, database);
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < std::min<std::size_t>(threads, files.size()); ++t) pool.emplace_back(work);
  pool.clear();  // joins
  for (const FileResult& f : result.files) {
    result.passed += f.passed;
    result.failed += f.failed;
    result.reached.insert(f.reached.begin(), f.reached.end());
    result.uncovered.insert(result.uncovered.end(), f.uncovered.begin(), f.uncovered.end());
  }
  return result;
}

std::vector<std::string> conversation_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    if (fs::is_regular_file(path)) {
      out.push_back(path);
    } else if (fs::is_directory(path)) {
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) out.push_back(entry.path().string());
      }
    } else {
      throw std::runtime_error(path + ": no such file or folder");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace dialgraph::toolkit
