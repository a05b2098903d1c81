// Where request work (engine calls, database reads and writes) runs, and where
// deadlines fire. Asio stays inside worker_pool.cpp.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace dialgraph::server {

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs `work` soon on some worker thread.
  virtual void post(std::function<void()> work) = 0;
  // Runs `work` after `delay` on a thread that never waits for workers, so a
  // deadline fires even when every worker is stuck.
  virtual void post_after(std::chrono::milliseconds delay, std::function<void()> work) = 0;
};

class WorkerPool : public Executor {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> work) override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> work) override;
  // Drops timers not yet due and waits for work already posted. Idempotent.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs work at once on the calling (I/O) thread; timers go to `timers`.
// Handing a request to a worker costs two thread wake-ups, which measured a
// quarter of a navigation request's CPU; with SQLite in process and every wait
// inside the engine bounded (busy timeout 2 s), running it where it was read
// is the cheaper choice. A deadline cannot overtake work that runs inline, so
// the router arms none for it.
class InlineExecutor : public Executor {
 public:
  explicit InlineExecutor(Executor& timers) : timers_(timers) {}
  void post(std::function<void()> work) override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> work) override {
    timers_.post_after(delay, std::move(work));
  }

 private:
  Executor& timers_;
};

}  // namespace dialgraph::server
