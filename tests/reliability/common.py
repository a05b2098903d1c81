"""What every Python test of `dialgraph serve` shares that is not about the store,
the server or the ledger: its command line and environment, the menus' messages
it looks for, and small helpers (percentile, polling, pass/fail checks).
Python 3 standard library only.

The backend is chosen as the C++ suites choose it: DIALGRAPH_TEST_BACKEND=postgresql
puts each store (store.py) in a fresh database on the server at
DIALGRAPH_TEST_PG_URL (`bash .ci/with-postgres ...` sets it); anything else is a
SQLite file."""
import argparse
import os
import sys
import time

GENERIC_ERROR = "Sorry, something went wrong"  # menus.yaml messages.error (en)
BUSY_TIMEOUT = "Paymaart is busy right now"    # menus.yaml messages.timeout (en)
SKIP = 77  # CTest's SKIP_RETURN_CODE

BACKEND = os.environ.get("DIALGRAPH_TEST_BACKEND") or "sqlite"
PG_URL = os.environ.get("DIALGRAPH_TEST_PG_URL", "")


def args_or_exit(doc):
    """(dialgraph, menus, extra args) from argv. Exits SKIP when the backend is
    PostgreSQL but no server was given."""
    if len(sys.argv) < 3:
        sys.exit(doc)
    if BACKEND == "postgresql" and not PG_URL:
        print("skipped: DIALGRAPH_TEST_PG_URL is not set (run under .ci/with-postgres)", flush=True)
        sys.exit(SKIP)
    return os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]


def parse_options(rest, **counts):
    """--NAME (an int, per keyword of `counts` and its default), --seed and
    --sanitized from `rest`; prints the seed."""
    parser = argparse.ArgumentParser()
    for name, default in counts.items():
        parser.add_argument("--" + name, type=int, default=default)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("DIALGRAPH_SEED", time.time_ns() % 100000)))
    parser.add_argument("--sanitized", action="store_true", help="the binary is an ASan/UBSan build")
    parsed = parser.parse_args(rest)
    print("seed %d (rerun with --seed %d)" % (parsed.seed, parsed.seed), flush=True)
    return parsed


def clean_env(extra=None):
    """The environment without DIALGRAPH_* settings (nor the tests' own), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALGRAPH_")}
    env.update(extra or {})
    return env


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def wait_for(condition, timeout, interval=0.02):
    """The first true value of condition(), asked every `interval` s; None after `timeout` s."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


class Checks:
    """Named checks, each printed as it is made; the failed ones kept."""

    def __init__(self):
        self.failures = []

    def expect(self, condition, message):
        print(("ok   " if condition else "FAIL ") + message, flush=True)
        if not condition:
            self.failures.append(message)
