#include "server/router.hpp"

#include <doctest/doctest.h>

#include <future>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

using namespace dialgraph;
using namespace dialgraph::server;
using namespace std::chrono_literals;

namespace {

struct FakeUssd : UssdService {
  std::function<engine::Reply(const engine::Request&)> answer = [](const engine::Request&) {
    engine::Reply reply;
    reply.text = "Welcome";
    reply.screen = "main";
    return reply;
  };
  std::mutex mutex;
  std::vector<engine::Request> seen;
  std::vector<std::string> ended;

  engine::Reply respond(const engine::Request& request) override {
    {
      const std::lock_guard lock(mutex);
      seen.push_back(request);
    }
    return answer(request);
  }
  std::string system_message(std::string_view key, const std::string&) override {
    if (key == "error") return "Sorry, something broke.";
    if (key == "timeout") return "Sorry, too slow.";
    return "";
  }
  std::string menus_version() const override { return "v123"; }
  void session_ended(const std::string& id) override {
    const std::lock_guard lock(mutex);
    ended.push_back(id);
  }
};

struct FakeSink : EventSink {
  std::mutex mutex;
  std::vector<SessionEvent> events;
  bool fail = false;
  void record(const SessionEvent& event) override {
    if (fail) throw std::runtime_error("disk full");
    const std::lock_guard lock(mutex);
    events.push_back(event);
  }
};

// A store whose flushes the test lets happen, one call at a time.
struct HeldFlushes : Durability {
  std::mutex mutex;
  std::vector<std::function<void(bool)>> held;
  void after_writes_flushed(std::function<void(bool)> then) override {
    const std::lock_guard lock(mutex);
    held.push_back(std::move(then));
  }
  bool holding() {
    const std::lock_guard lock(mutex);
    return !held.empty();
  }
  // Lets every held reply go, flushed or not.
  void flush(bool durable) {
    std::vector<std::function<void(bool)>> now;
    {
      const std::lock_guard lock(mutex);
      now.swap(held);
    }
    for (auto& then : now) then(durable);
  }
};

// A router over fakes, with the log lines it wrote.
struct Fixture {
  explicit Fixture(AccessPolicy access = {}, RouterSettings settings = {},
                   Durability* durability = nullptr)
      : logger([this](std::string_view line) {
          const std::lock_guard lock(log_mutex);
          log.emplace_back(line);
        }),
        router(ussd, sink, pool, metrics, logger, std::move(access), settings, durability) {}
  ~Fixture() { pool.shutdown(); }

  HttpResponse call(HttpRequest request) {
    std::promise<HttpResponse> promise;
    auto future = promise.get_future();
    router.handle(std::move(request), [&promise](HttpResponse response) { promise.set_value(std::move(response)); });
    REQUIRE(future.wait_for(5s) == std::future_status::ready);
    return future.get();
  }

  std::string all_logs() {
    const std::lock_guard lock(log_mutex);
    std::string out;
    for (const auto& line : log) out += line + "\n";
    return out;
  }

  FakeUssd ussd;
  FakeSink sink;
  WorkerPool pool{2};
  Metrics metrics;
  std::mutex log_mutex;
  std::vector<std::string> log;
  Logger logger;
  Router router;
};

HttpRequest post(std::string target, std::string body,
                 std::string type = "application/x-www-form-urlencoded") {
  HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.body = std::move(body);
  request.peer_address = "127.0.0.1";
  if (!type.empty()) request.headers.emplace_back("Content-Type", type);
  return request;
}

HttpRequest get(std::string target) {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.peer_address = "127.0.0.1";
  return request;
}

const std::string start_body =
    "sessionId=ATUid_1&serviceCode=%2A3664%23&phoneNumber=%2B265991234567&networkCode=65001&text=";

// A walk of every input that flags the one at `secret` (from 0) as secret.
std::function<engine::Reply(const engine::Request&)> walk_flagging(std::size_t secret) {
  return [secret](const engine::Request& request) {
    engine::Reply reply;
    reply.text = "ok";
    reply.secret_inputs.assign(request.inputs.size(), false);
    reply.inputs_walked = request.inputs.size();
    if (request.inputs.size() > secret) reply.secret_inputs[secret] = true;
    return reply;
  };
}

}  // namespace

TEST_CASE("a callback reaches the engine and answers CON") {
  Fixture fixture;
  const auto response = fixture.call(post("/callback", start_body));
  CHECK(response.status == 200);
  CHECK(response.content_type.starts_with("text/plain"));
  CHECK(response.body == "CON Welcome");
  REQUIRE(fixture.ussd.seen.size() == 1);
  const auto& request = fixture.ussd.seen[0];
  CHECK(request.session_id == "ATUid_1");
  CHECK(request.service_code == "*3664#");
  CHECK(request.phone == "+265991234567");
  CHECK(request.network_code == "65001");
  CHECK(request.inputs.empty());
  const auto log = fixture.all_logs();
  CHECK(log.find("method=POST path=/callback status=200") != std::string::npos);
  CHECK(log.find("session=ATUid_1 phone=+********4567 screen=main") != std::string::npos);
  CHECK(log.find("991234567") == std::string::npos);
  // To the microsecond: most replies take well under a millisecond.
  CHECK(std::regex_search(log, std::regex(R"( latency_ms=\d+\.\d{3}(\s|$))")));
  CHECK(fixture.metrics.render().find("dialgraph_ussd_sessions_started_total 1") != std::string::npos);
}

TEST_CASE("an END reply counts as a session end") {
  Fixture fixture;
  fixture.ussd.answer = [](const engine::Request& request) {
    engine::Reply reply;
    reply.text = "Paid";
    reply.end = true;
    reply.screen = "done";
    reply.secret_inputs.assign(request.inputs.size(), false);
    reply.inputs_walked = request.inputs.size();
    return reply;
  };
  const auto response = fixture.call(post("/callback", "sessionId=s&serviceCode=x&phoneNumber=1&text=1*2*1234"));
  CHECK(response.body == "END Paid");
  CHECK(fixture.ussd.seen.at(0).inputs == std::vector<std::string>{"1", "2", "1234"});
  const auto text = fixture.metrics.render();
  CHECK(text.find("dialgraph_ussd_sessions_ended_total 1") != std::string::npos);
  CHECK(text.find("dialgraph_ussd_replies_total{screen=\"done\"} 1") != std::string::npos);
}

TEST_CASE("status codes for bad requests") {
  Fixture fixture;
  SUBCASE("404") { CHECK(fixture.call(get("/nope")).status == 404); }
  SUBCASE("405 names the allowed method") {
    const auto response = fixture.call(get("/callback"));
    CHECK(response.status == 405);
    CHECK(response.headers == std::vector<std::pair<std::string, std::string>>{{"Allow", "POST"}});
    CHECK(fixture.call(post("/healthz", "")).status == 405);
  }
  SUBCASE("415") {
    CHECK(fixture.call(post("/callback", start_body, "application/json")).status == 415);
    CHECK(fixture.call(post("/callback", start_body, "")).status == 415);
  }
  SUBCASE("413") { CHECK(fixture.call(post("/callback", start_body + std::string(9000, '1'))).status == 413); }
  SUBCASE("400 bad encoding") {
    const auto response = fixture.call(post("/callback", start_body + "12%G"));
    CHECK(response.status == 400);
    CHECK(response.body == "bad percent-encoding in field 'text'\n");
  }
  SUBCASE("400 missing field") {
    const auto response = fixture.call(post("/callback", "sessionId=1&serviceCode=x&text="));
    CHECK(response.status == 400);
    CHECK(response.body == "missing field 'phoneNumber'\n");
    CHECK(fixture.metrics.bad_requests().value({"missing_field"}) == 1);
  }
  CHECK(fixture.ussd.seen.empty());
}

TEST_CASE("content type parameters and case do not matter") {
  Fixture fixture;
  CHECK(fixture.call(post("/callback", start_body, "Application/X-WWW-Form-Urlencoded; charset=UTF-8")).status == 200);
}

TEST_CASE("an engine exception becomes END with the menus' error text") {
  Fixture fixture;
  fixture.ussd.answer = [](const engine::Request&) -> engine::Reply {
    throw std::runtime_error("database locked while checking pin 4321");
  };
  const auto response = fixture.call(post("/callback", "sessionId=S9&serviceCode=x&phoneNumber=1&text=1*4321"));
  CHECK(response.status == 200);
  CHECK(response.body == "END Sorry, something broke.");
  const auto log = fixture.all_logs();
  CHECK(log.find("level=error msg=\"engine failed\" session=S9") != std::string::npos);
  CHECK(log.find("4321") == std::string::npos);
}

TEST_CASE("a session the engine ended on an error is logged with the reason, secrets scrubbed") {
  Fixture fixture;
  fixture.ussd.answer = [](const engine::Request&) {
    engine::Reply reply;
    reply.text = "Sorry, something broke.";
    reply.end = true;
    reply.screen = "pay_send";
    reply.secret_inputs = {false, true};
    reply.error = "action 'payment.send' failed: no account for pin 9876";
    return reply;
  };
  const auto response = fixture.call(post("/callback", "sessionId=S7&serviceCode=x&phoneNumber=1&text=2*9876"));
  CHECK(response.body == "END Sorry, something broke.");
  const auto log = fixture.all_logs();
  CHECK(log.find("level=warn msg=\"session ended on an error\" session=S7 screen=pay_send error=\"action "
                 "'payment.send' failed: no account for pin ****\"") != std::string::npos);
  CHECK(log.find("9876") == std::string::npos);
}

TEST_CASE("a reply later than the deadline is replaced by the timeout text") {
  RouterSettings settings;
  settings.deadline = 100ms;
  Fixture fixture({}, settings);
  std::promise<void> released;
  auto release = released.get_future().share();
  fixture.ussd.answer = [release](const engine::Request&) {
    release.wait_for(2s);
    engine::Reply reply;
    reply.text = "too late";
    reply.screen = "slow";
    return reply;
  };
  const auto started = std::chrono::steady_clock::now();
  const auto response = fixture.call(post("/callback", start_body));
  CHECK(std::chrono::steady_clock::now() - started < 1s);
  CHECK(response.status == 200);
  CHECK(response.body == "END Sorry, too slow.");
  released.set_value();
  fixture.pool.shutdown();
  CHECK(fixture.all_logs().find("late reply discarded") != std::string::npos);
  CHECK(fixture.metrics.render().find("dialgraph_ussd_deadline_exceeded_total 1") != std::string::npos);
}

TEST_CASE("the allowlist and the key guard the gateway routes") {
  AccessPolicy access(parse_cidrs({"18.133.205.228"}), parse_cidrs({"127.0.0.1"}), "k1");
  Fixture fixture(std::move(access));
  auto request = post("/callback?key=k1", start_body);
  CHECK(fixture.call(request).status == 403);  // the peer is not allowed
  request.headers.emplace_back("X-Forwarded-For", "18.133.205.228");
  CHECK(fixture.call(request).status == 200);  // via the trusted proxy
  auto keyless = request;
  keyless.target = "/callback";
  CHECK(fixture.call(keyless).status == 403);
  auto wrong_key = request;
  wrong_key.target = "/callback?key=k2";
  CHECK(fixture.call(wrong_key).status == 403);
  auto untrusted = request;
  untrusted.peer_address = "203.0.113.5";  // XFF from a stranger is ignored
  CHECK(fixture.call(untrusted).status == 403);
  CHECK(fixture.call(get("/healthz")).status == 200);  // not a gateway route
  auto absolute = request;  // RFC 9112 3.2.2: the absolute form names the same resource
  absolute.target = "HTTP://gateway.example:8080/callback?key=k1";
  CHECK(fixture.call(absolute).status == 200);
  absolute.target = "http://gateway.example/callback?key=k2";
  CHECK(fixture.call(absolute).status == 403);
  CHECK(fixture.call(get("http://gateway.example")).status == 404);  // "/"
  CHECK(fixture.call(get("https://gateway.example/healthz")).status == 200);
}

TEST_CASE("X-Forwarded-For lines count together, the proxy's own line last") {
  AccessPolicy access(parse_cidrs({"18.133.205.228"}), parse_cidrs({"127.0.0.1"}), "");
  Fixture fixture(std::move(access));
  // The client forged the first line; the proxy added the address it saw as
  // its own, last, line. The last line's address decides.
  auto forged = post("/callback", start_body);
  forged.headers.emplace_back("X-Forwarded-For", "18.133.205.228");
  forged.headers.emplace_back("X-Forwarded-For", "203.0.113.5");
  CHECK(fixture.call(forged).status == 403);
  auto honest = post("/callback", start_body);
  honest.headers.emplace_back("X-Forwarded-For", "203.0.113.5");
  honest.headers.emplace_back("x-forwarded-for", "18.133.205.228");
  CHECK(fixture.call(honest).status == 200);
}

TEST_CASE("events are stored with secret inputs masked") {
  Fixture fixture;
  fixture.ussd.answer = walk_flagging(2);
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*5000*9876"));
  auto response = fixture.call(post(
      "/events", "sessionId=A&phoneNumber=%2B265991234567&status=Success&durationInMillis=1500&hopsCount=3&input=2*5000*9876&cost=MWK+0.5"));
  CHECK(response.status == 200);
  response = fixture.call(post("/logs", "sessionId=B&status=Incomplete&input=1*123456*99"));
  CHECK(response.status == 200);
  // A PIN typed with a stray character, in a session this server does not know.
  fixture.call(post("/events", "sessionId=C&status=Success&input=1*1357%23*+1357*1357"));
  REQUIRE(fixture.sink.events.size() == 3);
  CHECK(fixture.sink.events[2].input == "1***************");
  const auto& known = fixture.sink.events[0];
  CHECK(known.input == "2*5000*****");  // as the engine flagged: 5000 is an amount
  CHECK(known.phone == "+265991234567");
  CHECK(known.duration_ms == 1500);
  CHECK(known.hops == 3);
  CHECK(known.cost == "MWK 0.5");
  CHECK(known.received_at > 0);
  CHECK(fixture.sink.events[1].input == "1******99");  // unknown session: 4-6 digits masked
  CHECK(fixture.ussd.ended == std::vector<std::string>{"A", "B", "C"});
  CHECK(fixture.all_logs().find("9876") == std::string::npos);
}

TEST_CASE("an event is masked by the walk's flags from the first request whose flags a guess would get wrong") {
  Fixture fixture;
  fixture.ussd.answer = walk_flagging(1);  // the PIN second, then an amount
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2"));
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*1357"));  // as a guess would flag it
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*1357*5000"));
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*1357*5000*1"));
  fixture.call(post("/events", "sessionId=A&status=Success&input=2*1357*5000*1"));
  fixture.call(post("/callback", "sessionId=B&serviceCode=x&phoneNumber=1&text=2*1357"));
  fixture.call(post("/events", "sessionId=B&status=Success&input=2*1357*5000"));
  REQUIRE(fixture.sink.events.size() == 2);
  CHECK(fixture.sink.events[0].input == "2******5000*1");
  // B's walk never got past what a guess gets right; its event is masked by the guess.
  CHECK(fixture.sink.events[1].input == "2**********");
}

TEST_CASE("a walk that stopped short does not replace the flags of the inputs it never reached") {
  Fixture fixture;
  fixture.ussd.answer = [](const engine::Request& request) {
    engine::Reply reply;
    reply.text = "ok";
    reply.secret_inputs.assign(request.inputs.size(), false);
    if (request.inputs.size() == 2) {  // the walk of "2*word": the second input is secret
      reply.secret_inputs[1] = true;
      reply.inputs_walked = 2;
    } else {  // ended at once: over max_inputs, say; it walked nothing
      reply.end = true;
      reply.inputs_walked = 0;
    }
    return reply;
  };
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*word"));
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=1&text=2*word*1357*5"));
  fixture.call(post("/events", "sessionId=A&status=Success&input=2*word*1357*5"));
  REQUIRE(fixture.sink.events.size() == 1);
  CHECK(fixture.sink.events[0].input == "2***********5");  // the walk's flag, then the guess
}

TEST_CASE("a refusal does not replace the secret flags the session's own walk recorded") {
  Fixture fixture;
  fixture.ussd.answer = [](const engine::Request& request) {
    engine::Reply reply;
    reply.text = "ok";
    if (request.phone == "+265991234567") {  // the session's own phone: its walk flags the second input as secret
      reply.secret_inputs.assign(request.inputs.size(), false);
      reply.inputs_walked = request.inputs.size();
    reply.inputs_walked = request.inputs.size();
      if (request.inputs.size() >= 2) reply.secret_inputs[1] = true;
    } else {  // another phone with the same id: refused, nothing walked
      reply.end = true;
      reply.error = "a session id already in use by another phone";
    }
    return reply;
  };
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=%2B265991234567&text=2*word"));
  fixture.call(post("/callback", "sessionId=A&serviceCode=x&phoneNumber=%2B265888000111&text=2*word*1"));
  fixture.call(post("/events", "sessionId=A&phoneNumber=%2B265991234567&status=Success&input=2*word*1"));
  REQUIRE(fixture.sink.events.size() == 1);
  // The walk's flags, not a guess (which masks only inputs with 4 or more digits).
  CHECK(fixture.sink.events[0].input == "2******1");
}

TEST_CASE("an event the sink cannot store is answered 503") {
  Fixture fixture;
  fixture.sink.fail = true;
  CHECK(fixture.call(post("/events", "sessionId=A&status=Failed")).status == 503);
  CHECK(fixture.call(post("/events", "status=Failed")).status == 400);
}

TEST_CASE("health and metrics") {
  Fixture fixture;
  const auto health = fixture.call(get("/healthz"));
  CHECK(health.status == 200);
  CHECK(health.content_type == "application/json");
  CHECK(health.body == "{\"menus_version\":\"v123\",\"status\":\"ok\"}\n");
  const auto metrics = fixture.call(get("/metrics"));
  CHECK(metrics.status == 200);
  CHECK(metrics.content_type.starts_with("text/plain; version=0.0.4"));
  CHECK(metrics.body.find("dialgraph_http_requests_total{endpoint=\"healthz\",code=\"200\"} 1") != std::string::npos);
}

TEST_CASE("refuse answers what the connection could not read, and counts it") {
  Fixture fixture;
  HttpRequest partial;
  partial.method = "POST";
  partial.target = "/callback?key=secret";
  partial.peer_address = "127.0.0.1";
  const auto response = fixture.router.refuse(partial, 413, "body_too_large", "body too large");
  CHECK(response.status == 413);
  CHECK(response.close);
  CHECK(fixture.metrics.bad_requests().value({"body_too_large"}) == 1);
  CHECK(fixture.metrics.requests().value({"callback", "413"}) == 1);
  CHECK(fixture.all_logs().find("secret") == std::string::npos);  // the query is never logged
}

TEST_CASE("a callback still queued at its deadline never reaches the engine") {
  RouterSettings settings;
  settings.deadline = 100ms;
  Fixture fixture({}, settings);
  std::promise<void> released;
  auto release = released.get_future().share();
  fixture.ussd.answer = [release](const engine::Request&) {
    release.wait_for(2s);
    return engine::Reply{};
  };
  // Two slow calls occupy both workers; the third waits in the queue.
  std::vector<std::future<HttpResponse>> answers;
  std::vector<std::promise<HttpResponse>> promises(3);
  for (int i = 0; i < 3; ++i) {
    answers.push_back(promises[i].get_future());
    fixture.router.handle(post("/callback", "sessionId=q" + std::to_string(i) + "&serviceCode=x&phoneNumber=1&text="),
                          [&promises, i](HttpResponse response) { promises[i].set_value(std::move(response)); });
  }
  for (auto& answer : answers) {
    REQUIRE(answer.wait_for(2s) == std::future_status::ready);
    CHECK(answer.get().body == "END Sorry, too slow.");
  }
  released.set_value();
  fixture.pool.shutdown();
  const std::lock_guard lock(fixture.ussd.mutex);
  CHECK(fixture.ussd.seen.size() == 2);
}

TEST_CASE("a reply waits for the flush of the writes before it") {
  HeldFlushes flushes;
  Fixture fixture({}, {}, &flushes);
  std::promise<HttpResponse> promise;
  auto future = promise.get_future();
  fixture.router.handle(post("/callback", start_body),
                        [&promise](HttpResponse response) { promise.set_value(std::move(response)); });
  // Only the reply waits: the engine has answered.
  for (int i = 0; i < 500 && !flushes.holding(); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(flushes.holding());
  CHECK(future.wait_for(50ms) == std::future_status::timeout);
  flushes.flush(true);
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  CHECK(future.get().body == "CON Welcome");
}

TEST_CASE("a refusal is answered at once, whatever flush is pending") {
  HeldFlushes flushes;
  Fixture fixture({}, {}, &flushes);
  flushes.after_writes_flushed([](bool) {});  // another request's payment, not yet on disk
  // What the connection refuses (a framing fault, an oversize body) is
  // answered before refuse() returns, and nothing answers again later.
  HttpRequest partial;
  partial.method = "POST";
  partial.target = "/callback";
  const HttpResponse refused = fixture.router.refuse(partial, 400, "malformed", "missing or repeated Host header");
  CHECK(refused.status == 400);
  CHECK(refused.body == "missing or repeated Host header\n");
  CHECK(refused.close);
  // So is what the router refuses.
  CHECK(fixture.call(post("/nope", "")).status == 404);
  flushes.flush(true);
}

TEST_CASE("a reply whose writes the disk refused to flush is the menus' error, or 503") {
  HeldFlushes flushes;
  Fixture fixture({}, {}, &flushes);
  std::thread refuse([&] {
    for (int served = 0; served < 2;) {
      if (flushes.holding()) {
        flushes.flush(false);
        ++served;
      }
      std::this_thread::sleep_for(1ms);
    }
  });
  const auto reply = fixture.call(post("/callback", start_body));
  const auto event = fixture.call(post("/events", "sessionId=ATUid_1&status=Success&phoneNumber=%2B265991234567"));
  refuse.join();
  CHECK(reply.body == "END Sorry, something broke.");
  CHECK(event.status == 503);
  CHECK(fixture.all_logs().find("the database could not be flushed to disk") != std::string::npos);
}
