"""Shared helpers of the Python tests of `dialgraph serve` (reliability, black-box,
`sim --url`): a temp demo store on either backend, a real `dialgraph serve` on a
loopback port, one-shot payment load, the ledger invariants. Python 3 standard
library only, plus the `psql` client on PostgreSQL.

The backend is chosen as the C++ suites choose it: DIALGRAPH_TEST_BACKEND=postgresql
puts each store in a fresh database on the server at DIALGRAPH_TEST_PG_URL
(`bash .ci/with-postgres ...` sets it); anything else is a SQLite file."""
import argparse
import http.client
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

DEMO_PIN = "1357"
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


def clean_env(extra=None):
    """The environment without DIALGRAPH_* settings (nor the tests' own), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALGRAPH_")}
    env.update(extra or {})
    return env


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def synthetic(i):
    """(phone, paymaart id) of `dialgraph demo`'s synthetic customer i."""
    return "+26599%d" % (2000000 + i), "PM%d" % (200000 + i)


def verified_english(count):
    """Indexes of synthetic customers that are verified and speak English."""
    return [i for i in range(count) if i != 5 and i % 20 != 7 and i % 3 != 0]


def psql(url, sql, env=None):
    """What psql prints for `sql`: unaligned, tuples only, fields tab-separated."""
    result = subprocess.run(["psql", url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=60, env=env)
    if result.returncode != 0:
        raise RuntimeError("psql failed: %s\n%s" % (sql, result.stderr))
    return result.stdout


def with_database(url, name):
    """`url` (postgresql://user@/db?host=...&port=...) naming database `name` instead."""
    return re.sub(r"(postgres(?:ql)?://[^/?]*/)[^?]*", r"\g<1>" + name, url, count=1)


class Workdir:
    """A temp directory (the servers' working directory) and a demo store filled by
    `dialgraph demo --customers N`: `db` is what --db takes, the file demo.db in
    the directory on SQLite, the URL of a database of its own on PostgreSQL.
    cleanup() removes both, the database with (FORCE)."""

    def __init__(self, dialgraph, customers=50, prefix="dialgraph-rel-"):
        self.backend = BACKEND
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.name = None
        try:
            if self.backend == "postgresql":
                self.name = "dialgraph_test_%d_%s" % (os.getpid(), uuid.uuid4().hex[:8])
                psql(PG_URL, "CREATE DATABASE " + self.name)
                self.db = with_database(PG_URL, self.name)
            else:
                self.db = os.path.join(self.path, "demo.db")
            demo = subprocess.run([dialgraph, "demo", "--customers", str(customers), "--db", self.db],
                                  cwd=self.path, capture_output=True, text=True, timeout=120, env=clean_env())
            if demo.returncode != 0:
                raise RuntimeError("dialgraph demo failed:\n" + demo.stderr)
        except BaseException:
            self.cleanup()
            raise

    def query(self, sql):
        """The rows of `sql` as tuples of text, NULL as '' (as psql prints them)."""
        if self.backend == "postgresql":
            return [tuple(line.split("\t")) for line in psql(self.db, sql).splitlines()]
        db = sqlite3.connect(self.db)
        try:
            return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql)]
        finally:
            db.close()

    def value(self, sql):
        """The single value of `sql`, as text."""
        return self.query(sql)[0][0]

    def contents(self):
        """{where: bytes} of everything the store holds, to search for secrets in clear.
        SQLite: the database file and its -wal, byte for byte. PostgreSQL (whose
        files are the server's): every row of every table as text, bytea in
        escape format, so bytes that are printable show as themselves."""
        if self.backend == "postgresql":
            env = dict(os.environ, PGOPTIONS="-c bytea_output=escape")
            tables = psql(self.db, "SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = current_schema()").split()
            rows = psql(self.db, " UNION ALL ".join('SELECT t::text FROM "%s" t' % t for t in tables), env)
            return {"database rows": rows.encode()}
        return {"database file": read_bytes(self.db), "database -wal file": read_bytes(self.db + "-wal")}

    def cleanup(self):
        if self.name:
            try:
                psql(PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
            except RuntimeError as error:
                print("warning: %s" % error, flush=True)
            self.name = None
        shutil.rmtree(self.path, ignore_errors=True)


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


class Server:
    """`dialgraph serve` on 127.0.0.1 and a free port, on the store of `work` (a
    Workdir) and in its directory; its stderr is kept. One that does not come up
    is killed."""

    def __init__(self, dialgraph, menus, work, *flags, env=None, preexec_fn=None):
        self.lines = []
        self.lock = threading.Lock()
        args = [dialgraph, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                "--menus", menus, "--db", work.db, *flags]
        self.proc = subprocess.Popen(args, cwd=work.path, stderr=subprocess.PIPE,
                                     env=clean_env(env), preexec_fn=preexec_fn)
        self.pid = self.proc.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            self.port = self._wait_for_port()
        except BaseException:
            self.kill()
            raise

    def _read(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def _wait_for_port(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match:
                return int(match.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError("server exited early:\n" + self.log())
            time.sleep(0.02)
        raise RuntimeError("server did not start:\n" + self.log())

    def log(self):
        with self.lock:
            return "\n".join(self.lines)

    def wait_log(self, pattern, timeout=10):
        """Whether `pattern` shows up in the log within `timeout` s."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, self.log()):
                return True
            time.sleep(0.02)
        return False

    def sanitizer_reports(self):
        """Lines where ASan/UBSan reported a problem (asan-ubsan builds)."""
        return [line for line in self.log().splitlines()
                if "ERROR: AddressSanitizer" in line or "runtime error:" in line or "ERROR: LeakSanitizer" in line]

    def alive(self):
        return self.proc.poll() is None

    def rss_kb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def response(self, method, path, body=None, headers=None, timeout=15):
        """(status, body, headers) of one request on a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
        finally:
            conn.close()

    def request(self, method, path, body=None, headers=None, timeout=15):
        """(status, body) of one request on a new connection."""
        return self.response(method, path, body, headers, timeout)[:2]

    def callback(self, text, session, phone, timeout=15, path="/callback", headers=None):
        body = urllib.parse.urlencode({"sessionId": session, "serviceCode": "*3664#", "phoneNumber": phone,
                                       "networkCode": "65001", "text": text})
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}, timeout)

    def event(self, fields):
        return self.request("POST", "/events", urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def stop(self, timeout=30):
        """SIGTERM (a graceful drain) and the exit code; SIGKILL and raise if that takes over `timeout` s."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self._close()

    def kill(self):
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self._close()

    def _close(self):
        if self.proc.returncode is not None:
            self.reader.join(5)
            self.proc.stderr.close()


REF = re.compile(r"(?:Ref|Nambala): (PM[0-9A-Z]{10})")
PAID = re.compile(r"Paid ([\d,]+\.\d\d) MWK to .*\nFee: ([\d,]+\.\d\d) MWK\nRef: (PM[0-9A-Z]{10})", re.S)
NOT_ENOUGH = ("You do not have enough money", "Not enough money")


def pay_steps(recipient_id, amount_mwk, pin=DEMO_PIN):
    """The successive `text`s of a Make Payment session, one per screen."""
    inputs = ["2", recipient_id, str(amount_mwk), "1", pin]
    return ["*".join(inputs[:n]) for n in range(0, len(inputs) + 1)]


def minor(text):
    """Tambala of an amount as the menus print it ("1,500.00")."""
    whole, cents = text.replace(",", "").split(".")
    return int(whole) * 100 + int(cents)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_options(rest, threads, payments):
    """--threads, --payments (per client thread), --seed and --sanitized from `rest`; prints the seed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=threads)
    parser.add_argument("--payments", type=int, default=payments, help="per client thread")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("DIALGRAPH_SEED", time.time_ns() % 100000)))
    parser.add_argument("--sanitized", action="store_true", help="the binary is an ASan/UBSan build")
    options = parser.parse_args(rest)
    print("seed %d (rerun with --seed %d)" % (options.seed, options.seed), flush=True)
    return options


class PaymentLoad:
    """options.threads client threads, each sending options.payments one-shot payment
    sessions (`2*ID*AMOUNT*1*PIN`) between `people` (synthetic customers), thread
    i's n-th to servers[(i + n) % len(servers)]. A request that gets no answer is
    sent again, same session and text, to a live server, as a load balancer would
    (4 times at most; each counted in `unanswered`). `on_send(n)` is called, under
    the lock, before the n-th request. Every reply is sorted: paid, refused for
    lack of money, or a problem (any other reply, the generic error included)."""

    def __init__(self, servers, people, amounts, options, prefix, on_send=None):
        self.servers, self.people, self.amounts, self.options = servers, people, amounts, options
        self.prefix, self.on_send = prefix, on_send
        self.lock = threading.Lock()
        self.sent = 0
        self.paid = []  # (payer phone, payee phone, amount, fee, reference), amounts in tambala
        self.refused = 0
        self.unanswered = 0
        self.latencies = []
        self.problems = []

    def run(self, limit):
        """Runs the clients; one still waiting after `limit` s is a problem (deadlock?). The wall time."""
        started = time.monotonic()
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True)
                   for i in range(self.options.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.1, limit - (time.monotonic() - started)))
        stuck = sum(t.is_alive() for t in threads)
        if stuck:
            self.problems.append("%d client threads still waiting after %d s: deadlock?" % (stuck, limit))
        return time.monotonic() - started

    def _client(self, ident):
        rng = random.Random(self.options.seed * 1000 + ident)
        for n in range(self.options.payments):
            payer, payee = rng.sample(self.people, 2)
            amount = rng.choice(self.amounts)
            text = "2*%s*%d*1*%s" % (synthetic(payee)[1], amount, DEMO_PIN)
            session = "%s-%d-%d" % (self.prefix, ident, n)
            with self.lock:
                self.sent += 1
                if self.on_send:
                    self.on_send(self.sent)
            server = self.servers[(ident + n) % len(self.servers)]
            started = time.monotonic()
            reply = None
            for _ in range(5):
                try:
                    reply = server.callback(text, session, synthetic(payer)[0], timeout=30)
                    break
                except OSError:
                    with self.lock:
                        self.unanswered += 1
                    server = rng.choice([s for s in self.servers if s.alive()] or self.servers)
            self._sort(session, synthetic(payer)[0], synthetic(payee)[0], reply, time.monotonic() - started)

    def _sort(self, session, payer, payee, reply, elapsed):
        with self.lock:
            if reply is None:
                self.problems.append("%s: no server answered" % session)
                return
            status, body = reply
            self.latencies.append(elapsed)
            match = PAID.search(body)
            if status != 200 or not body.startswith(("CON ", "END ")):
                self.problems.append("%s: HTTP %d %r" % (session, status, body))
            elif match:
                self.paid.append((payer, payee, minor(match.group(1)), minor(match.group(2)), match.group(3)))
            elif any(text in body for text in NOT_ENOUGH):
                self.refused += 1
            elif body.startswith("CON Invalid choice") and "Amount: 1.00 MWK" in body:
                # payment.quote refused the amount (not enough money), so the
                # one-shot's "1" was read as a new amount and the PIN as a menu
                # choice: a refusal, seen from the other side.
                self.refused += 1
            else:
                self.problems.append("%s: unexpected reply %r" % (session, body))


def ledger_snapshot(work):
    """(all the money, the money outside the deposits account): payments move neither."""
    return (work.value("SELECT SUM(balance_minor) FROM accounts"),
            work.value("SELECT SUM(balance_minor) FROM accounts WHERE name IS DISTINCT FROM 'deposits'"))


def ledger_problems(work, before, confirmed):
    """(problems, number of payment transfers) of the ledger in `work`'s store:
    every transfer has entries summing to zero, balances equal their entries, no
    balance but the deposits' below zero, ledger_snapshot() still `before`, every
    reference in `confirmed` (reference -> what the client saw) a payment exactly
    once, and the payments exactly those of the recorded payment.send results."""
    problems = []
    # SQLite only: the file is the database, and a killed server a killed writer.
    # (On PostgreSQL the database server is never killed: its storage is its own.)
    if work.backend == "sqlite" and work.value("PRAGMA integrity_check") != "ok":
        problems.append("integrity_check failed")
    unbalanced = work.query("SELECT t.reference, SUM(e.amount_minor) FROM transfers t "
                            "JOIN entries e ON e.transfer_id = t.id GROUP BY t.id, t.reference "
                            "HAVING SUM(e.amount_minor) <> 0")
    if unbalanced:
        problems.append("transfers whose entries do not sum to zero: %r" % unbalanced[:5])
    no_entries = work.value("SELECT COUNT(*) FROM transfers t WHERE NOT EXISTS "
                            "(SELECT 1 FROM entries e WHERE e.transfer_id = t.id)")
    if no_entries != "0":
        problems.append("%s transfers without entries" % no_entries)
    drift = work.query("SELECT a.id, a.balance_minor, COALESCE(SUM(e.amount_minor), 0) FROM accounts a "
                       "LEFT JOIN entries e ON e.account_id = a.id GROUP BY a.id, a.balance_minor "
                       "HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0)")
    if drift:
        problems.append("balances that differ from their entries: %r" % drift[:5])
    negative = work.query("SELECT id, balance_minor FROM accounts WHERE balance_minor < 0 "
                          "AND name IS DISTINCT FROM 'deposits'")
    if negative:
        problems.append("negative balances: %r" % negative)
    after = ledger_snapshot(work)
    if after != before:
        problems.append("total money changed: %r -> %r" % (before, after))
    refs = {}
    for (ref,) in work.query("SELECT reference FROM transfers WHERE kind = 'payment'"):
        refs[ref] = refs.get(ref, 0) + 1
    for ref, seen in confirmed.items():
        if refs.get(ref) != 1:
            problems.append("confirmed payment %s (%s) present %r times" % (ref, seen, refs.get(ref, 0)))
    recorded = []
    for (result_json,) in work.query("SELECT result_json FROM command_results"):
        result = json.loads(result_json)
        if result.get("outcome") == "ok" and "reference" in result.get("values", {}):
            recorded.append(result["values"]["reference"])
    if sorted(recorded) != sorted(refs):
        problems.append("payments and their command records differ: %d transfers, %d records"
                        % (len(refs), len(recorded)))
    return problems, len(refs)
