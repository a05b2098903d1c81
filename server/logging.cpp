#include "server/logging.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace dialgraph::server {

namespace {

// `value` as `width` decimal digits, zero-padded, appended to `out`.
void append_digits(std::string& out, unsigned value, int width) {
  char digits[10];
  for (int i = width - 1; i >= 0; --i, value /= 10) digits[i] = static_cast<char>('0' + value % 10);
  out.append(digits, static_cast<std::size_t>(width));
}

// UTC now as 2024-05-01T12:00:00.123Z, appended to `out`. By hand rather than
// with snprintf: it is on every request's log line.
void append_timestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  append_digits(out, static_cast<unsigned>(parts.tm_year + 1900), 4);
  out += '-';
  append_digits(out, static_cast<unsigned>(parts.tm_mon + 1), 2);
  out += '-';
  append_digits(out, static_cast<unsigned>(parts.tm_mday), 2);
  out += 'T';
  append_digits(out, static_cast<unsigned>(parts.tm_hour), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(parts.tm_min), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(parts.tm_sec), 2);
  out += '.';
  append_digits(out, static_cast<unsigned>(millis), 3);
  out += 'Z';
}

// `value` as logfmt writes it (see logfmt_value), appended to `out`.
void append_logfmt(std::string& out, std::string_view value) {
  const bool bare = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
    return c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (bare) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string logfmt_value(std::string_view value) {
  std::string out;
  append_logfmt(out, value);
  return out;
}

// A request's line is about 200 bytes: one allocation for all of it.
LogLine::LogLine(std::string_view level, std::string_view message)
    : urgent_(level != "info" && level != "debug") {
  text_.reserve(256);
  text_ += "ts=";
  append_timestamp(text_);
  text_ += " level=";
  text_ += level;
  text_ += " msg=";
  append_logfmt(text_, message);
}

LogLine& LogLine::add(std::string_view key, std::string_view value) {
  text_ += ' ';
  text_ += key;
  text_ += '=';
  append_logfmt(text_, value);
  return *this;
}

LogLine& LogLine::add(std::string_view key, long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  return add(key, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

Logger::Logger()
    : output_([](std::string_view line) {
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fputc('\n', stderr);
        std::fflush(stderr);
      }) {}

Logger::Logger(Output output) : output_(std::move(output)) {}

Logger::Logger(std::chrono::milliseconds flush_every, Output sink) : sink_(std::move(sink)) {
  if (!sink_) {
    sink_ = [](std::string_view batch) {
      std::fwrite(batch.data(), 1, batch.size(), stderr);
      std::fflush(stderr);
    };
  }
  flusher_ = std::thread([this, flush_every] {
    for (;;) {  // flushes once more after the stop, whenever it came
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, flush_every, [this] { return stopping_; });
      const bool stop = stopping_;
      flush_batch(lock);
      if (stop) return;
    }
  });
}

Logger::~Logger() {
  if (!flusher_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();
}

void Logger::write(const LogLine& line) {
  std::unique_lock lock(mutex_);
  if (output_) return output_(line.str());
  batch_ += line.str();
  batch_ += '\n';
  constexpr std::size_t kMaxBatch = 64 * 1024;
  if (line.urgent() || batch_.size() >= kMaxBatch) flush_batch(lock);
}

void Logger::flush_batch(std::unique_lock<std::mutex>& lines) {
  if (batch_.empty()) return;
  // Taken before mutex_ is released, so batches reach the sink in the order
  // they were cut; the two buffers swap, so neither allocates once warm.
  const std::lock_guard in_sink(sink_mutex_);
  writing_.swap(batch_);
  lines.unlock();
  sink_(writing_);
  writing_.clear();
}

std::string mask_phone(std::string_view phone, int visible) {
  std::string out(phone);
  int digits_left = static_cast<int>(std::count_if(out.begin(), out.end(), is_digit));
  for (char& c : out) {
    if (!is_digit(c)) continue;
    if (digits_left-- > visible) c = '*';
  }
  return out;
}

std::string join_masked(const std::vector<std::string>& inputs, const std::vector<bool>& secret) {
  std::string out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0) out += '*';
    out += i < secret.size() && secret[i] ? "****" : inputs[i];
  }
  return out;
}

bool looks_secret(std::string_view input) { return std::count_if(input.begin(), input.end(), is_digit) >= 4; }

std::vector<bool> guess_secret_inputs(const std::vector<std::string>& inputs) {
  std::vector<bool> secret;
  for (const auto& input : inputs) secret.push_back(looks_secret(input));
  return secret;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 4)) {
      text.replace(at, secret.size(), "****");
    }
  }
  return text;
}

}  // namespace dialgraph::server
