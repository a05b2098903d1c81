#include "server/toolkit/conversation.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "engine/yaml_reader.hpp"

namespace dialgraph::toolkit {
namespace {

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    const YAML::Mark m = at.Mark();
    throw ConversationError(path_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": " +
                            message);
  }

  void only_keys(const YAML::Node& map, std::set<std::string> allowed, const std::string& what) const {
    if (!map.IsMap()) fail(map, what + " must be a map");
    for (const auto& kv : map)
      if (!allowed.contains(kv.first.as<std::string>()))
        fail(kv.first, "unknown key '" + kv.first.as<std::string>() + "' in " + what);
  }

  std::string text(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + " must be text");
    return node.as<std::string>();
  }

  // A whole screen; the newline a `|` block ends with is not part of it.
  std::string screen(const YAML::Node& node, const std::string& what) const {
    std::string s = text(node, what);
    if (s.ends_with('\n')) s.pop_back();
    return s;
  }

  Expect expect(const YAML::Node& step) const {
    Expect e;
    for (const char* flag : {"con", "end"})
      if (step[flag]) {
        if (e.end) fail(step[flag], "a step expects either con or end, not both");
        e.end = std::string(flag) == "end";
        e.equals = screen(step[flag], flag);
      }
    if (const auto reply = step["reply"]) {
      const std::string r = text(reply, "reply");
      if (r != "con" && r != "end") fail(reply, "reply must be con or end");
      if (e.end && *e.end != (r == "end")) fail(reply, "reply contradicts the step's con/end");
      e.end = r == "end";
    }
    if (const auto equals = step["equals"]) {
      if (e.equals) fail(equals, "equals repeats the step's con/end text");
      e.equals = screen(equals, "equals");
    }
    if (const auto contains = step["contains"]) {
      if (contains.IsSequence())
        for (const auto& piece : contains) e.contains.push_back(text(piece, "contains"));
      else
        e.contains.push_back(text(contains, "contains"));
    }
    if (const auto regex = step["regex"]) {
      e.regex = text(regex, "regex");
      try {
        std::regex check(*e.regex);
      } catch (const std::regex_error& err) {
        fail(regex, std::string("bad regex: ") + err.what());
      }
    }
    return e;
  }

  Step step(const YAML::Node& node, bool first) const {
    only_keys(node, {"dial", "send", "wait", "con", "end", "reply", "equals", "contains", "regex"}, "a step");
    Step s;
    s.line = node.Mark().line + 1;
    const int kinds = (node["dial"] ? 1 : 0) + (node["send"] ? 1 : 0) + (node["wait"] ? 1 : 0);
    if (kinds != 1) fail(node, "a step has exactly one of dial, send or wait");
    if (node["dial"]) {
      s.kind = Step::Kind::dial;
      if (!node["dial"].IsNull()) s.input = text(node["dial"], "dial");
    }
    if (node["send"]) s.input = text(node["send"], "send");
    if (node["wait"]) {
      s.kind = Step::Kind::wait;
      try {
        s.seconds = node["wait"].as<std::int64_t>();
      } catch (const YAML::Exception&) {
        fail(node["wait"], "wait takes a number of seconds");
      }
    }
    if (first != (s.kind == Step::Kind::dial)) fail(node, first ? "a session starts with dial" : "dial only starts a session");
    s.expect = expect(node);
    if (s.kind == Step::Kind::wait && !s.expect.empty()) fail(node, "wait gets no reply to check");
    return s;
  }

  // `earlier`: the entries above this one, for `continues:`.
  Session session(const YAML::Node& node, const std::vector<Session>& earlier) const {
    only_keys(node, {"name", "phone", "network", "continues", "steps"}, "a session");
    Session s;
    s.line = node.Mark().line + 1;
    if (const auto continues = node["continues"]) {
      if (node["phone"] || node["network"])
        fail(node["phone"] ? node["phone"] : node["network"], "a session that continues another keeps its phone and network");
      const std::string name = text(continues, "continues");
      std::vector<const Session*> named;
      for (const Session& e : earlier)
        if (e.name == name) named.push_back(&e);
      if (named.empty()) fail(continues, "no earlier session is named '" + name + "'");
      if (named.size() > 1) fail(continues, "more than one earlier session is named '" + name + "'");
      const Session& root = named[0]->continues < 0 ? *named[0] : earlier[static_cast<std::size_t>(named[0]->continues)];
      s.continues = named[0]->continues < 0 ? static_cast<int>(named[0] - earlier.data()) : named[0]->continues;
      s.phone = root.phone;
      s.network = root.network;
    } else {
      if (!node["phone"]) fail(node, "a session needs a phone");
      s.phone = text(node["phone"], "phone");
      if (node["network"]) s.network = text(node["network"], "network");
    }
    if (!node["steps"] || !node["steps"].IsSequence() || node["steps"].size() == 0) fail(node, "a session needs steps");
    s.name = node["name"] ? text(node["name"], "name") : "session at line " + std::to_string(s.line);
    for (const auto& step_node : node["steps"])
      s.steps.push_back(step(step_node, s.steps.empty() && s.continues < 0));
    return s;
  }

  Conversation read(const YAML::Node& root) const {
    Conversation c;
    c.path = path_;
    if (root.IsNull()) throw ConversationError(path_ + ": no sessions (the file is empty)");
    // A second `contains:` in a step would be a check that silently never runs.
    if (const auto repeated = engine::key_given_twice(root))
      fail(repeated->key, "'" + repeated->key.Scalar() + "' is given twice here");
    only_keys(root, {"fixture", "sms", "sessions", "uncovered"}, "a conversation file");
    if (root["fixture"]) c.fixture = root["fixture"];
    if (const auto sms = root["sms"]) {
      if (!sms.IsMap()) fail(sms, "sms must map names to patterns");
      for (const auto& kv : sms) {
        const std::string pattern = text(kv.second, "an sms pattern");
        try {
          std::regex check(pattern);
        } catch (const std::regex_error& err) {
          fail(kv.second, std::string("bad regex: ") + err.what());
        }
        c.sms[kv.first.as<std::string>()] = pattern;
      }
    }
    if (const auto sessions = root["sessions"]) {
      if (!sessions.IsSequence()) fail(sessions, "sessions must be a list");
      for (const auto& node : sessions) c.sessions.push_back(session(node, c.sessions));
    }
    if (const auto uncovered = root["uncovered"]) {
      if (!uncovered.IsSequence()) fail(uncovered, "uncovered must be a list");
      for (const auto& node : uncovered) {
        only_keys(node, {"part", "why"}, "an uncovered entry");
        if (!node["part"] || !node["why"]) fail(node, "an uncovered entry needs part and why");
        c.uncovered.push_back({text(node["part"], "part"), text(node["why"], "why"), path_,
                               node.Mark().line + 1});
      }
    }
    // A file of only `uncovered:` entries is one (docs/testing.md); one of neither tests nothing.
    if (c.sessions.empty() && c.uncovered.empty())
      fail(root, "no sessions: a conversation file needs at least one under 'sessions'");
    return c;
  }

 private:
  std::string path_;
};

}  // namespace

Conversation parse_conversation(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConversationError(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_conversation_text(text.str(), path);
}

Conversation parse_conversation_text(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConversationError(path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                            ": " + e.msg);
  }
  return Reader(path).read(root);
}

}  // namespace dialgraph::toolkit
