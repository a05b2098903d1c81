#include "actions/sqlite_flusher.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace dialgraph::actions {

WalFlusher::WalFlusher(const std::string& wal_path) : path_(wal_path) {
  sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
  if (vfs == nullptr) throw std::runtime_error("SQLite has no default VFS");
  file_memory_ = std::make_unique<char[]>(static_cast<std::size_t>(vfs->szOsFile));
  file_ = reinterpret_cast<sqlite3_file*>(file_memory_.get());
  int opened_as = 0;
  if (vfs->xOpen(vfs, path_.c_str(), file_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_WAL, &opened_as) !=
      SQLITE_OK) {
    if (file_->pMethods != nullptr) file_->pMethods->xClose(file_);
    throw std::runtime_error("cannot open " + path_ + " to flush it");
  }
  thread_ = std::thread([this] { run(); });
}

WalFlusher::~WalFlusher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  file_->pMethods->xClose(file_);
}

std::uint64_t WalFlusher::reserve() {
  const std::lock_guard lock(mutex_);
  return ++reserved_;
}

void WalFlusher::committed(std::uint64_t ticket) {
  std::unique_lock lock(mutex_);
  if (ticket > committed_) committed_ = ticket;
  const bool owed = wanted_ > durable_;
  lock.unlock();
  if (owed) wake_.notify_one();
}

std::uint64_t WalFlusher::newest() const {
  const std::lock_guard lock(mutex_);
  return reserved_;
}

void WalFlusher::after_all(std::function<void(bool)> then) {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = reserved_;
  if (ticket <= durable_ || failed_) {
    const bool durable = ticket <= durable_;
    lock.unlock();
    then(durable);
    return;
  }
  waiters_.push_back({ticket, std::move(then)});
  if (ticket > wanted_) wanted_ = ticket;
  lock.unlock();
  wake_.notify_one();
}

void WalFlusher::wait(std::uint64_t ticket) {
  std::unique_lock lock(mutex_);
  if (ticket > wanted_) wanted_ = ticket;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return (ticket <= durable_ || failed_) && !delivering_; });
  if (ticket > durable_) throw std::runtime_error("the database's log could not be flushed to disk");
}

void WalFlusher::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // A ticket whose COMMIT has not returned yet cannot be covered: wait for it.
    wake_.wait(lock, [this] {
      return (wanted_ > durable_ && committed_ > durable_ && !failed_) || stopping_;
    });
    if (wanted_ <= durable_ || committed_ <= durable_ || failed_) return;  // stopping, nothing owed
    // Every COMMIT counted in committed_ had written its frames, so this flush
    // covers them all, waited for or not.
    const std::uint64_t covered = committed_;
    lock.unlock();
    // What SQLite itself asks of the WAL at a commit with synchronous=FULL.
    const bool ok = file_->pMethods->xSync(file_, SQLITE_SYNC_NORMAL) == SQLITE_OK;
    lock.lock();
    if (ok) {
      durable_ = covered;
    } else {
      failed_ = true;
    }
    std::vector<Waiter> done;
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->ticket <= durable_ || failed_) {
        done.push_back(std::move(*it));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
    const std::uint64_t durable = durable_;
    // Blocked waiters wake after the callbacks: once wait() returns, none is
    // still running (the server's shutdown relies on it).
    delivering_ = true;
    lock.unlock();
    for (auto& waiter : done) waiter.then(waiter.ticket <= durable);
    lock.lock();
    delivering_ = false;
    flushed_.notify_all();
  }
}

}  // namespace dialgraph::actions
