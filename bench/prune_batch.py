#!/usr/bin/env python3
"""How long one batch of the command-record pruner holds SQLite's writer lock.

    python3 bench/prune_batch.py [ROWS] [BATCH] [RUNS]

Fills a scratch WAL database (in $TMPDIR or /var/tmp) with ROWS records shaped
like command_results (random keyed-hash keys, as actions/command.cpp makes
them), then times RUNS batches of the server's DELETE (actions/sqlite_logs.cpp,
forget_command_results) in BEGIN IMMEDIATE .. COMMIT, as the server runs them:
synchronous=NORMAL, no automatic checkpoint (the server checkpoints on a thread
of its own). Prints the median and the worst batch, and the cost of a pass that
finds nothing old enough. Python's sqlite3 module on the system's SQLite.
"""
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

DELETE = ("DELETE FROM command_results WHERE rowid IN (SELECT rowid FROM"
          " (SELECT rowid, created_at FROM command_results ORDER BY rowid LIMIT ?2)"
          " WHERE created_at < ?1)")


def timed_batches(db, before, batch, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute(DELETE, (before, batch))
        db.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    scratch = tempfile.mkdtemp(prefix="dialgraph-prune-", dir=os.environ.get("TMPDIR", "/var/tmp"))
    try:
        db = sqlite3.connect(os.path.join(scratch, "records.db"), isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        db.execute("CREATE TABLE command_results (key TEXT PRIMARY KEY,"
                   " result_json TEXT NOT NULL, created_at INTEGER NOT NULL)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO command_results VALUES (?, ?, ?)",
                       (("h1:" + os.urandom(32).hex(), '{"outcome":"ok"}', i) for i in range(rows)))
        db.execute("COMMIT")
        deleting = timed_batches(db, rows, batch, runs)
        idle = timed_batches(db, 0, batch, runs)
        print(f"{rows} records, SQLite {sqlite3.sqlite_version}, batch {batch}: "
              f"median {statistics.median(deleting):.2f} ms, worst {max(deleting):.2f} ms; "
              f"nothing old enough: median {statistics.median(idle):.3f} ms")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
