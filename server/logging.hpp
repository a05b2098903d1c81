// Structured logs: one logfmt line per event, to stderr by default.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dialgraph::server {

// Builds one logfmt line: `ts=... level=info msg=request key=value ...`.
class LogLine {
 public:
  LogLine(std::string_view level, std::string_view message);
  LogLine& add(std::string_view key, std::string_view value);
  LogLine& add(std::string_view key, long long value);
  const std::string& str() const { return text_; }
  // Warnings and errors: written out at once even by a batching Logger.
  bool urgent() const { return urgent_; }

 private:
  std::string text_;
  bool urgent_ = false;
};

// `value` as logfmt writes it: bare when safe, else quoted with escapes.
std::string logfmt_value(std::string_view value);

// Thread-safe line writer. Each line is written whole.
class Logger {
 public:
  using Output = std::function<void(std::string_view line)>;
  Logger();  // stderr, each line at once
  explicit Logger(Output output);
  // stderr, with info lines batched: a background thread writes them at most
  // `flush_every` later, so a busy server makes one write(2) per batch instead
  // of one per request (a tenth of a request's CPU). A warning or an error is
  // written at once, after the lines batched before it; the rest on
  // destruction. A SIGKILL loses at most `flush_every` of info lines.
  // `sink` gets whole batches: one or more lines, each ending in '\n'
  // (default: stderr).
  explicit Logger(std::chrono::milliseconds flush_every, Output sink = nullptr);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;
  void write(const LogLine& line);

 private:
  // Hands the batch to the sink. Called with `lines` holding mutex_, which it
  // releases before the sink runs: a request thread must not wait for a write
  // to the disk, only for another request's append.
  void flush_batch(std::unique_lock<std::mutex>& lines);

  std::mutex mutex_;
  Output output_;  // unbatched: one line at a time
  // Batching only:
  Output sink_;
  std::mutex sink_mutex_;  // one batch in the sink at a time, in order
  std::string batch_;
  std::string writing_;  // the batch in the sink; under sink_mutex_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

// `phone` with all but the last `visible` digits replaced by '*'
// ("+265991234567", 4 -> "+********4567"). A non-positive `visible` hides all.
std::string mask_phone(std::string_view phone, int visible);

// Inputs joined by '*', each one flagged secret replaced by "****".
std::string join_masked(const std::vector<std::string>& inputs, const std::vector<bool>& secret);

// The inputs to mask when nothing is known about a session: every input with
// 4 or more digits in it, a PIN or an OTP also when typed with a stray
// character ("1357#", " 1357"). Over-masks amounts, phone numbers and IDs,
// which is the safe direction.
std::vector<bool> guess_secret_inputs(const std::vector<std::string>& inputs);
// The same guess for one input.
bool looks_secret(std::string_view input);

// `text` with every occurrence of each non-empty secret replaced by "****", for
// error messages that may quote what the user typed.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace dialgraph::server
