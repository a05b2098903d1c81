#include "server/sms.hpp"

#include <doctest/doctest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "server/form.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace dialgraph::server;

namespace {

// A fake Africa's Talking SMS API on 127.0.0.1: answers each request with the
// next scripted (status, body), or drops the connection for status 0.
class FakeAt {
 public:
  explicit FakeAt(std::deque<std::pair<int, std::string>> script)
      : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)), script_(std::move(script)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeAt() {
    stopping_ = true;
    // Wake the blocking accept.
    beast::error_code ec;
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
  // What was received so far (a copy: the server thread appends).
  std::vector<http::request<http::string_body>> requests() {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (true) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      {
        const std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      const auto [status, body] = script_.empty() ? std::pair<int, std::string>{500, ""} : script_.front();
      if (!script_.empty()) script_.pop_front();
      if (status == 0) continue;  // hang up without answering
      http::response<http::string_body> response{static_cast<http::status>(status), 11};
      response.set(http::field::content_type, "application/json");
      response.body() = body;
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }

  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::deque<std::pair<int, std::string>> script_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<http::request<http::string_body>> requests_;
  std::thread thread_;
};

const std::string accepted =
    R"({"SMSMessageData":{"Message":"Sent to 1/1","Recipients":[{"statusCode":101,"number":"+265991234567","status":"Success","cost":"MWK 1.0","messageId":"ATXid_42"}]}})";

struct MemoryOutbox : SmsOutbox {
  std::vector<OutboundSms> pending;
  std::map<std::int64_t, std::string> sent;
  std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> failures;

  std::vector<OutboundSms> due(int limit, std::int64_t) override {
    std::vector<OutboundSms> out;
    for (const auto& sms : pending) {
      if (sent.count(sms.id) == 0 && static_cast<int>(out.size()) < limit) out.push_back(sms);
    }
    return out;
  }
  void mark_sent(std::int64_t id, const std::string& provider_id) override { sent[id] = provider_id; }
  void mark_failed(std::int64_t id, std::optional<std::int64_t> retry_at, const std::string&) override {
    failures.emplace_back(id, retry_at);
    for (auto& sms : pending) {
      if (sms.id == id) sms.attempts++;
    }
  }
  std::vector<std::int64_t> released;
  void release(std::int64_t id) override { released.push_back(id); }
};

SmsConfig at_config(const std::string& base_url) {
  SmsConfig config;
  config.base_url = base_url;
  config.username = "sandbox";
  config.api_key = "key-123";
  config.sender_id = "PAYMAART";
  config.backoff_s = 30;
  config.timeout_ms = 2000;
  config.parallel = 1;  // one message at a time: the scripts answer in order
  return config;
}

}  // namespace

TEST_CASE("the AT client posts the documented form with the API key") {
  FakeAt at({{201, accepted}});
  AtSmsClient client(at_config(at.base_url() + "/"));
  const auto result = client.send({7, "+265991234567", "Your code is 123456 & more", 0});
  CHECK(result.kind == SendResult::Kind::sent);
  CHECK(result.provider_id == "ATXid_42");
  const auto requests = at.requests();
  REQUIRE(requests.size() == 1);
  const auto& request = requests[0];
  CHECK(request.method() == http::verb::post);
  CHECK(request.target() == "/version1/messaging");
  CHECK(request["apiKey"] == "key-123");
  CHECK(request[http::field::host] == at.base_url().substr(std::string("http://").size()));
  CHECK(request[http::field::accept] == "application/json");
  CHECK(request[http::field::content_type] == "application/x-www-form-urlencoded");
  FormFields form;
  std::string error;
  REQUIRE(parse_form(request.body(), form, error));
  CHECK(form == FormFields{{"username", "sandbox"},
                           {"to", "+265991234567"},
                           {"message", "Your code is 123456 & more"},
                           {"from", "PAYMAART"}});
}

TEST_CASE("an answer that sent to no one is a refusal that names AT's reason, not a send") {
  FakeAt at({{201, R"({"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}})"}});
  AtSmsClient client(at_config(at.base_url()));
  const auto result = client.send({7, "+265991234567", "Your code is 123456", 0});
  CHECK(result.kind == SendResult::Kind::give_up);
  CHECK(result.reason.find("InvalidSenderId") != std::string::npos);
}

TEST_CASE("the sender retries after a 500 and never sends twice") {
  FakeAt at({{500, "oops"}, {201, accepted}});
  AtSmsClient client(at_config(at.base_url()));
  MemoryOutbox outbox;
  outbox.pending.push_back({1, "+265991234567", "hello", 0});
  Metrics metrics;
  Logger logger([](std::string_view) {});
  std::int64_t now = 1000;
  SmsSender sender(outbox, client, at_config(at.base_url()), metrics, logger, [&] { return now; });
  CHECK(sender.drain_once() == 1);
  REQUIRE(outbox.failures.size() == 1);
  CHECK(outbox.failures[0] == std::pair<std::int64_t, std::optional<std::int64_t>>{1, 1030});
  CHECK(outbox.sent.empty());
  CHECK(sender.drain_once() == 1);  // the fake outbox ignores retry times
  CHECK(outbox.sent.at(1) == "ATXid_42");
  CHECK(sender.drain_once() == 0);
  CHECK(at.requests().size() == 2);
}

TEST_CASE("no answer after the request went out counts as sent, not retried") {
  FakeAt at({{0, ""}});
  AtSmsClient client(at_config(at.base_url()));
  MemoryOutbox outbox;
  outbox.pending.push_back({1, "+265991234567", "hello", 0});
  Metrics metrics;
  std::vector<std::string> log;
  Logger logger([&](std::string_view line) { log.emplace_back(line); });
  SmsSender sender(outbox, client, at_config(at.base_url()), metrics, logger, [] { return 0; });
  sender.drain_once();
  CHECK(outbox.sent.at(1) == "unconfirmed");
  CHECK(sender.drain_once() == 0);
  CHECK(at.requests().size() == 1);
}

TEST_CASE("backoff doubles and the last attempt abandons") {
  MemoryOutbox outbox;
  outbox.pending.push_back({5, "+1", "x", 2});
  struct Down : SmsTransport {
    SendResult send(const OutboundSms&) override { return {SendResult::Kind::retry, "", "refused"}; }
  } down;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  auto config = at_config("http://127.0.0.1:1");
  config.max_attempts = 4;
  SmsSender sender(outbox, down, config, metrics, logger, [] { return 100; });
  sender.drain_once();
  CHECK(outbox.failures.back().second == 100 + 120);  // 30 * 2^2
  sender.drain_once();
  CHECK(outbox.failures.back().second == std::nullopt);  // 4th attempt: abandoned
}

TEST_CASE("a message whose sent mark fails is not sent again") {
  struct FlakyOutbox : MemoryOutbox {
    int refusals = 1;
    void mark_sent(std::int64_t id, const std::string& provider_id) override {
      if (refusals-- > 0) throw std::runtime_error("database is locked");
      MemoryOutbox::mark_sent(id, provider_id);
    }
  } outbox;
  outbox.pending.push_back({3, "+1", "x", 0});
  struct Counting : SmsTransport {
    int calls = 0;
    SendResult send(const OutboundSms&) override { return {SendResult::Kind::sent, "p" + std::to_string(++calls), ""}; }
  } transport;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  SmsSender sender(outbox, transport, at_config("http://127.0.0.1:1"), metrics, logger, [] { return 0; });
  sender.drain_once();
  CHECK(outbox.sent.empty());
  sender.drain_once();
  CHECK(outbox.sent.at(3) == "p1");
  CHECK(transport.calls == 1);
}

TEST_CASE("a stop waits for the message being sent, not for the batch; the others are given back") {
  MemoryOutbox outbox;
  for (std::int64_t id = 1; id <= 3; ++id) outbox.pending.push_back({id, "+1", "x", 0});
  struct StopsDuringSend : SmsTransport {
    SmsSender* sender = nullptr;
    int calls = 0;
    SendResult send(const OutboundSms&) override {
      ++calls;
      sender->stop();  // as SIGTERM would, while the provider keeps this send waiting
      return {SendResult::Kind::sent, "p", ""};
    }
  } transport;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  SmsSender sender(outbox, transport, at_config("http://127.0.0.1:1"), metrics, logger, [] { return 0; });
  transport.sender = &sender;
  CHECK(sender.drain_once() == 1);
  CHECK(transport.calls == 1);
  CHECK(outbox.sent.size() == 1);
  CHECK(outbox.released == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("a message whose claim could run out during its send is given back, not sent") {
  MemoryOutbox outbox;
  // Claimed at 0 until 205; a send can take 3 timeouts of 2 s, so 7 s.
  for (std::int64_t id = 1; id <= 3; ++id) outbox.pending.push_back({id, "+1", "x", 0, 205});
  std::int64_t now = 0;
  struct Hanging : SmsTransport {
    std::int64_t* now = nullptr;
    int calls = 0;
    SendResult send(const OutboundSms&) override {
      ++calls;
      *now += 100;  // a provider that answers after 100 s
      return {SendResult::Kind::sent, "p", ""};
    }
  } transport;
  transport.now = &now;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  SmsSender sender(outbox, transport, at_config("http://127.0.0.1:1"), metrics, logger, [&] { return now; });
  CHECK(sender.drain_once() == 2);
  CHECK(transport.calls == 2);  // at 0 and at 100; at 200 the claim has 5 s left
  CHECK(outbox.sent.size() == 2);
  CHECK(outbox.released == std::vector<std::int64_t>{3});
}

TEST_CASE("after a full batch the sender goes on at once instead of waiting for the next poll") {
  MemoryOutbox outbox;
  for (std::int64_t id = 1; id <= 5; ++id) outbox.pending.push_back({id, "+1", "x", 0});
  struct Counting : SmsTransport {
    std::atomic<int> calls{0};
    SendResult send(const OutboundSms&) override { return {SendResult::Kind::sent, "p" + std::to_string(++calls), ""}; }
  } transport;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  auto config = at_config("http://127.0.0.1:1");
  config.batch = 2;
  config.poll_ms = 60'000;  // a backlog drained a batch per poll would take minutes
  SmsSender sender(outbox, transport, config, metrics, logger, [] { return 0; });
  sender.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (transport.calls < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  sender.stop();
  CHECK(transport.calls == 5);
}

TEST_CASE("a batch is sent several messages at once, each once, and all marked sent") {
  struct LockedOutbox : MemoryOutbox {
    std::mutex mutex;
    void mark_sent(std::int64_t id, const std::string& provider_id) override {
      const std::lock_guard lock(mutex);
      MemoryOutbox::mark_sent(id, provider_id);
    }
  } outbox;
  for (std::int64_t id = 1; id <= 6; ++id) outbox.pending.push_back({id, "+1", "x", 0});
  // The first sends wait until three are under way at once (or 2 s pass, as
  // they would one at a time); the later ones go straight through.
  struct Slow : SmsTransport {
    std::mutex mutex;
    std::condition_variable all_there;
    int in_flight = 0;
    int most_in_flight = 0;
    std::map<std::int64_t, int> sends;
    SendResult send(const OutboundSms& sms) override {
      std::unique_lock lock(mutex);
      ++sends[sms.id];
      most_in_flight = std::max(most_in_flight, ++in_flight);
      all_there.notify_all();
      all_there.wait_for(lock, std::chrono::seconds(2), [&] { return most_in_flight >= 3; });
      --in_flight;
      return {SendResult::Kind::sent, "p" + std::to_string(sms.id), ""};
    }
  } transport;
  Metrics metrics;
  Logger logger([](std::string_view) {});
  auto config = at_config("http://127.0.0.1:1");
  config.parallel = 3;
  SmsSender sender(outbox, transport, config, metrics, logger, [] { return 0; });
  CHECK(sender.drain_once() == 6);
  CHECK(transport.most_in_flight == 3);
  CHECK(transport.sends == std::map<std::int64_t, int>{{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}});
  CHECK(outbox.sent.size() == 6);
  CHECK(sender.drain_once() == 0);
}

TEST_CASE("without credentials SMS go to the log with digits masked") {
  std::vector<std::string> log;
  Logger logger([&](std::string_view line) { log.emplace_back(line); });
  SmsConfig config;
  CHECK_FALSE(sends_to_provider(config));
  CHECK(sends_to_provider(at_config("http://127.0.0.1:1")));
  const auto transport = make_sms_transport(config, logger, 4);
  const auto result = transport->send({9, "+265991234567", "Your code is 482913", 0});
  CHECK(result.kind == SendResult::Kind::sent);
  REQUIRE(log.size() == 1);
  CHECK(log[0].find("to=+********4567") != std::string::npos);
  CHECK(log[0].find("482913") == std::string::npos);
}
