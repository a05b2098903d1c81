// Where slow work (engine calls, database writes) runs, away from the I/O
// threads, and where deadlines fire. Asio stays inside worker_pool.cpp.
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

}  // namespace dialgraph::server
