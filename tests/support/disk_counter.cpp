#include "tests/support/disk_counter.hpp"

#include <stdexcept>

namespace dialgraph::actions::testing {

namespace {

// Our file is the counts to add to, followed by the real VFS's file.
struct CountingFile {
  sqlite3_file base;
  std::atomic<int>* flushes;
  std::atomic<int>* flushes_here;
  std::atomic<int>* database_writes_here;  // null unless a main database file
  std::atomic<bool>* refuse_flushes;
  DiskCounter* counter;
  std::thread::id here;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

sqlite3_file* real(sqlite3_file* file) { return reinterpret_cast<CountingFile*>(file)->real(); }
const sqlite3_io_methods& io(sqlite3_file* file) { return *real(file)->pMethods; }

const sqlite3_io_methods kCountingMethods = {
    3,
    [](sqlite3_file* f) { return io(f).xClose(real(f)); },
    [](sqlite3_file* f, void* out, int n, sqlite3_int64 at) { return io(f).xRead(real(f), out, n, at); },
    [](sqlite3_file* f, const void* in, int n, sqlite3_int64 at) {
      auto* counting = reinterpret_cast<CountingFile*>(f);
      if (counting->database_writes_here != nullptr && std::this_thread::get_id() == counting->here)
        ++*counting->database_writes_here;
      return io(f).xWrite(real(f), in, n, at);
    },
    [](sqlite3_file* f, sqlite3_int64 size) { return io(f).xTruncate(real(f), size); },
    [](sqlite3_file* f, int flags) {
      auto* counting = reinterpret_cast<CountingFile*>(f);
      ++*counting->flushes;
      if (std::this_thread::get_id() == counting->here) ++*counting->flushes_here;
      if (counting->refuse_flushes->load()) return SQLITE_IOERR_FSYNC;
      return io(f).xSync(real(f), flags);
    },
    [](sqlite3_file* f, sqlite3_int64* size) { return io(f).xFileSize(real(f), size); },
    [](sqlite3_file* f, int level) { return io(f).xLock(real(f), level); },
    [](sqlite3_file* f, int level) { return io(f).xUnlock(real(f), level); },
    [](sqlite3_file* f, int* out) { return io(f).xCheckReservedLock(real(f), out); },
    [](sqlite3_file* f, int op, void* arg) { return io(f).xFileControl(real(f), op, arg); },
    [](sqlite3_file* f) { return io(f).xSectorSize(real(f)); },
    [](sqlite3_file* f) { return io(f).xDeviceCharacteristics(real(f)); },
    [](sqlite3_file* f, int region, int size, int extend, void volatile** out) {
      return io(f).xShmMap(real(f), region, size, extend, out);
    },
    [](sqlite3_file* f, int offset, int n, int flags) {
      const int rc = io(f).xShmLock(real(f), offset, n, flags);
      // Lock 0 is the WAL's write lock; a writer lets it go at the end of its
      // write transaction, after the WAL index already shows its commit.
      constexpr int kWalWriteLock = 0;
      if (rc == SQLITE_OK && offset == kWalWriteLock && (flags & SQLITE_SHM_UNLOCK) != 0 &&
          (flags & SQLITE_SHM_EXCLUSIVE) != 0)
        reinterpret_cast<CountingFile*>(f)->counter->on_commit_visible();
      return rc;
    },
    [](sqlite3_file* f) { io(f).xShmBarrier(real(f)); },
    [](sqlite3_file* f, int remove) { return io(f).xShmUnmap(real(f), remove); },
    [](sqlite3_file* f, sqlite3_int64 at, int n, void** out) { return io(f).xFetch(real(f), at, n, out); },
    [](sqlite3_file* f, sqlite3_int64 at, void* page) { return io(f).xUnfetch(real(f), at, page); },
};

DiskCounter* counter_of(sqlite3_vfs* vfs) { return static_cast<DiskCounter*>(vfs->pAppData); }

}  // namespace

// The VFS calls go to the real VFS with the real VFS as their argument (the
// unix VFS keeps its own state in pAppData). Lambdas here, inside a member,
// may read the counter's private fields.
DiskCounter::DiskCounter() : real_(sqlite3_vfs_find(nullptr)) {
  if (real_ == nullptr || real_->iVersion < 2) throw std::runtime_error("no usable default SQLite VFS");
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(CountingFile)) + real_->szOsFile;
  vfs_.mxPathname = real_->mxPathname;
  vfs_.zName = "dialgraph-flush-counter";
  vfs_.pAppData = this;
  vfs_.xOpen = [](sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* counting = reinterpret_cast<CountingFile*>(file);
    counting->flushes = &counter_of(vfs)->flushes_;
    counting->flushes_here = &counter_of(vfs)->flushes_here_;
    counting->refuse_flushes = &counter_of(vfs)->refuse_flushes_;
    counting->counter = counter_of(vfs);
    counting->database_writes_here =
        (flags & SQLITE_OPEN_MAIN_DB) != 0 ? &counter_of(vfs)->database_writes_here_ : nullptr;
    counting->here = counter_of(vfs)->here_;
    sqlite3_vfs* real = counter_of(vfs)->real_;
    const int rc = real->xOpen(real, name, counting->real(), flags, out_flags);
    counting->base.pMethods = counting->real()->pMethods != nullptr ? &kCountingMethods : nullptr;
    return rc;
  };
  vfs_.xDelete = [](sqlite3_vfs* vfs, const char* name, int sync_dir) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xDelete(real, name, sync_dir);
  };
  vfs_.xAccess = [](sqlite3_vfs* vfs, const char* name, int flags, int* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xAccess(real, name, flags, out);
  };
  vfs_.xFullPathname = [](sqlite3_vfs* vfs, const char* name, int n, char* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xFullPathname(real, name, n, out);
  };
  vfs_.xRandomness = [](sqlite3_vfs* vfs, int n, char* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xRandomness(real, n, out);
  };
  vfs_.xSleep = [](sqlite3_vfs* vfs, int us) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xSleep(real, us);
  };
  vfs_.xCurrentTime = [](sqlite3_vfs* vfs, double* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xCurrentTime(real, out);
  };
  vfs_.xGetLastError = [](sqlite3_vfs* vfs, int n, char* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xGetLastError(real, n, out);
  };
  vfs_.xCurrentTimeInt64 = [](sqlite3_vfs* vfs, sqlite3_int64* out) {
    sqlite3_vfs* real = counter_of(vfs)->real_;
    return real->xCurrentTimeInt64(real, out);
  };
  if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) throw std::runtime_error("cannot register the counting VFS");
}

void DiskCounter::hold_next_commit() {
  const std::lock_guard lock(hold_mutex_);
  hold_ = Hold::armed;
}

bool DiskCounter::wait_until_held(std::chrono::milliseconds timeout) {
  std::unique_lock lock(hold_mutex_);
  return hold_changed_.wait_for(lock, timeout, [this] { return hold_ == Hold::holding; });
}

void DiskCounter::release_held() {
  {
    const std::lock_guard lock(hold_mutex_);
    hold_ = Hold::none;
  }
  hold_changed_.notify_all();
}

void DiskCounter::on_commit_visible() {
  std::unique_lock lock(hold_mutex_);
  if (hold_ != Hold::armed) return;
  hold_ = Hold::holding;
  hold_changed_.notify_all();
  hold_changed_.wait(lock, [this] { return hold_ != Hold::holding; });
}

DiskCounter::~DiskCounter() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(real_, 1);  // the default again
}

}  // namespace dialgraph::actions::testing
