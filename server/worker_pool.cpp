#include "server/worker_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <optional>
#include <thread>

namespace net = boost::asio;

namespace dialgraph::server {

struct WorkerPool::Impl {
  using Guard = net::executor_work_guard<net::io_context::executor_type>;

  explicit Impl(int threads) : workers(static_cast<std::size_t>(threads < 1 ? 1 : threads)) {
    timers.emplace();
    keep_timers.emplace(timers->get_executor());
    timer_thread = std::thread([this] { timers->run(); });
  }

  net::thread_pool workers;
  std::mutex mutex;  // guards `closed` and the timers' existence
  bool closed = false;
  std::optional<net::io_context> timers;
  std::optional<Guard> keep_timers;
  std::thread timer_thread;
};

namespace {

// Work that throws must not take a pool thread down with it.
void run_guarded(const std::function<void()>& work) {
  try {
    work();
  } catch (...) {
  }
}

}  // namespace

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::post(std::function<void()> work) {
  net::post(impl_->workers, [work = std::move(work)] { run_guarded(work); });
}

void WorkerPool::post_after(std::chrono::milliseconds delay, std::function<void()> work) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->closed) return;
  auto timer = std::make_shared<net::steady_timer>(*impl_->timers, delay);
  timer->async_wait([timer, work = std::move(work)](const boost::system::error_code& ec) {
    if (!ec) run_guarded(work);
  });
}

void InlineExecutor::post(std::function<void()> work) { run_guarded(work); }

void WorkerPool::shutdown() {
  {
    const std::lock_guard lock(impl_->mutex);
    if (impl_->closed) return;
    impl_->closed = true;
    impl_->keep_timers.reset();
    impl_->timers->stop();
  }
  if (impl_->timer_thread.joinable()) impl_->timer_thread.join();
  impl_->workers.join();
  // Destroys the pending timers' handlers (and what they hold) now, while the
  // objects they refer to still exist.
  const std::lock_guard lock(impl_->mutex);
  impl_->timers.reset();
}

}  // namespace dialgraph::server
