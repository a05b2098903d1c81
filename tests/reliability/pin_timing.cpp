// PIN timing: does a wrong PIN take measurably longer or shorter than the right
// one? Prints the figures and fails (exit 1) only outside generous bands, so it
// stays robust on a noisy shared machine (docs/reliability.md).
//
//   pin_timing [--samples N]
//
// 1. secret_matches (keyed BLAKE2b + sodium_memcmp), right vs wrong PIN: each
//    sample times a batch of calls; samples alternate in a random order so that
//    load changes hit both sides alike; medians compared, band [0.8, 1.25].
// 2. pin.verify end to end (the registered action: its transaction, the failure
//    counter, the command record) on a temp file database, or a fresh
//    PostgreSQL schema under DIALGRAPH_TEST_BACKEND=postgresql
//    (tests/support/test_db.hpp), right vs wrong PIN, alternated the same way;
//    band [0.5, 2.0]. Each sample follows an untimed wrong PIN, so both sides
//    take the same path and write one row (the wrong PIN counts, the right one
//    clears the count), and the band only has to absorb noise. A right PIN on
//    a clean account is answered from a read and is quicker by design; that
//    tells nothing the reply does not, since the comparison itself (1.) is
//    constant time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "actions/demo.hpp"
#include "actions/paymaart.hpp"
#include "actions/secrets.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/registry.hpp"
#include "tests/support/test_db.hpp"

using namespace dialgraph;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// `before` runs untimed ahead of every sample.
template <class Right, class Wrong, class Before>
std::pair<double, double> compare(int samples, Right right, Wrong wrong, Before before) {
  std::vector<double> r, w;
  std::mt19937 rng(12345);
  for (int i = 0; i < samples; ++i) {
    const bool right_first = rng() & 1U;
    for (int side = 0; side < 2; ++side) {
      const bool is_right = (side == 0) == right_first;
      before();
      const auto start = Clock::now();
      if (is_right) right(); else wrong();
      const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
      (is_right ? r : w).push_back(ns);
    }
  }
  return {median(r), median(w)};
}

bool report(const char* what, std::pair<double, double> m, double low, double high) {
  const double ratio = m.second / m.first;
  const bool ok = ratio >= low && ratio <= high;
  std::printf("%-34s right %10.0f ns  wrong %10.0f ns  wrong/right %.3f  band [%.2f, %.2f] %s\n",
              what, m.first, m.second, ratio, low, high, ok ? "ok" : "FAIL");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (actions::testing::postgresql_unavailable()) return actions::testing::kSkipped;
  int samples = 2000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--samples") samples = std::max(10, std::atoi(argv[i + 1]));

  actions::Settings settings;
  settings.max_pin_attempts = 1'000'000'000;  // never lock: we want the compare, not the lock
  bool ok = true;

  // 1. The keyed-hash comparison alone.
  {
    const actions::Bytes stored = actions::hash_secret(settings.pepper, actions::SecretKind::pin, 42, "1357");
    volatile bool sink = false;
    constexpr int batch = 64;
    const auto m = compare(
        samples * 5,
        [&] { for (int i = 0; i < batch; ++i) sink = actions::secret_matches(settings.pepper, actions::SecretKind::pin, 42, "1357", stored); },
        [&] { for (int i = 0; i < batch; ++i) sink = actions::secret_matches(settings.pepper, actions::SecretKind::pin, 42, "9753", stored); },
        [] {});
    ok &= report("secret_matches (batch of 64)", m, 0.8, 1.25);
  }

  // 2. The registered pin.verify action, on a real database.
  {
    const actions::testing::TestDb db("dialgraph-pin-timing");
    actions::Store store(db.url());
    actions::create_demo(store, settings, 0, actions::system_clock());
    engine::Registry registry;
    actions::register_paymaart_actions(registry, store, settings, actions::system_clock());
    const engine::ActionSpec& verify = registry.get("pin.verify");
    engine::Request request;
    request.session_id = "timing";
    request.phone = "+265991000001";
    const engine::Vars vars;
    int n = 0;
    auto call = [&](const char* pin, const char* expected) {
      const engine::ActionContext ctx{request, vars, pin, "timing/" + std::to_string(++n)};
      if (verify.run(ctx).outcome != expected) {
        std::fprintf(stderr, "pin.verify(%s) did not answer %s\n", pin[0] == '1' ? "right" : "wrong", expected);
        std::exit(1);
      }
    };
    for (int i = 0; i < 50; ++i) call("9753", "wrong_pin"), call("1357", "ok");  // warm up
    const auto m = compare(samples, [&] { call("1357", "ok"); }, [&] { call("9753", "wrong_pin"); },
                           [&] { call("9753", "wrong_pin"); });
    ok &= report(actions::testing::on_postgresql() ? "pin.verify (PostgreSQL)" : "pin.verify (file database)", m,
                 0.5, 2.0);
  }
  return ok ? 0 : 1;
}
