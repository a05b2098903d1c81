// Structured logs: one logfmt line per event, to stderr by default.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::server {

// Builds one logfmt line: `ts=... level=info msg=request key=value ...`.
class LogLine {
 public:
  LogLine(std::string_view level, std::string_view message);
  LogLine& add(std::string_view key, std::string_view value);
  LogLine& add(std::string_view key, long long value);
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

// `value` as logfmt writes it: bare when safe, else quoted with escapes.
std::string logfmt_value(std::string_view value);

// Thread-safe line writer. Each line is written whole.
class Logger {
 public:
  using Output = std::function<void(std::string_view line)>;
  Logger();  // stderr
  explicit Logger(Output output);
  void write(const LogLine& line);

 private:
  std::mutex mutex_;
  Output output_;
};

// `phone` with all but the last `visible` digits replaced by '*'
// ("+265991234567", 4 -> "+********4567"). A non-positive `visible` hides all.
std::string mask_phone(std::string_view phone, int visible);

// Inputs joined by '*', each one flagged secret replaced by "****".
std::string join_masked(const std::vector<std::string>& inputs, const std::vector<bool>& secret);

// The inputs to mask when nothing is known about a session: every input that
// is 4 to 6 digits (the shape of a PIN or an OTP). Over-masks amounts of that
// size, which is the safe direction.
std::vector<bool> guess_secret_inputs(const std::vector<std::string>& inputs);

// `text` with every occurrence of each non-empty secret replaced by "****", for
// error messages that may quote what the user typed.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

// `text` with every run of 4 or more digits replaced by '*'s, for SMS bodies
// that may carry an OTP.
std::string mask_digit_runs(std::string_view text);

}  // namespace dialgraph::server
