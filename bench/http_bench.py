#!/usr/bin/env python3
"""HTTP load benchmark of `dialgraph serve`, next to a bare Beast server.

Run it through bench/http_bench.sh (see bench/README.md). It builds nothing: it
expects build/dialgraph and build/bench/bench_ceiling.

For each repeat it creates a demo database with --customers synthetic customers
in a fresh temporary directory on disk, then:

  ceiling     bench_ceiling (fixed answer), driven with the navigation session
  ceiling+Nus with --ceiling-work N: the same, spinning N µs per request (what N µs
              of application work costs in server CPU here)
  ceiling-raw with --ceiling-raw: the ceiling writing ready-made response bytes,
              as dialgraph writes its responses, instead of through Beast's serializer
  nav-only    the navigation session on the same menus with the caller lookup
              and the guards taken out, so that no action runs (and every
              session is in English: no caller, no caller's language): what
              the server and the engine add to HTTP (issue "HTTP server"'s targets)
  navigation  dial, 2, 0 (back), 6, 00 (home), 9 (exit): no PIN; the dial
              reads the caller from the database, as every Paymaart session does
  balance     dial, 1, 1*1357                       -> END balance
  payment     dial, 2, 2*R, 2*R*10, 2*R*10*1, 2*R*10*1*1357 -> END Paid

with wrk (one connection per wrk thread, whole sessions in order, a fresh
sessionId and a random verified synthetic customer per session), and prints
requests/s, p50/p99 latency and the server's own CPU time per request
(utime+stime from /proc/PID/stat, all threads) with ratios to the ceiling.
The CPU reading waits until the SMS the run queued (a payment's receipts) have
gone out, so their sending is counted; column "SMS s" is how long that took
after the load stopped (0 when the sender kept up).

With --against DIR, every run also measures DIR/dialgraph on the same flows
(rows `FLOW@B`), on its own copy of the run's fresh database, the two
binaries taking turns at going first, and the end prints each flow's CPU
ratio B/A run by run: an A/B comparison whose two sides share the machine's
drift. Python standard library only.
"""

import argparse
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(HERE, "ussd_session.lua")
TICKS = os.sysconf("SC_CLK_TCK")

NAV = ";2;2*0;2*0*6;2*0*6*00;2*0*6*00*9"
FLOWS = {
    # name: (server, steps, accepted prefixes of the last reply)
    "ceiling": ("ceiling", NAV, ""),
    "nav-only": ("dialgraph", NAV, "END Thank you"),
    "navigation": ("dialgraph", NAV, "END Thank you;END Zikomo"),
    "balance": ("dialgraph", ";1;1*1357", "END Account balance;END Ndalama zomwe"),
    "payment": ("dialgraph", ";2;2*{R};2*{R}*10;2*{R}*10*1;2*{R}*10*1*1357",
                "END Paid;END Mwalipira"),
}
ORDER = ["ceiling", "nav-only", "navigation", "balance", "payment"]
# Served from the menus with no action in them (navigation_only_menus).
NO_ACTIONS = {"nav-only"}

# Targets from the issues: (flow, what, limit); ratios are to the ceiling. The
# HTTP server issue sets its two for "a navigation-only flow": nav-only, which
# runs no action. Paymaart's navigation runs one, the caller's lookup at the
# dial: it is shown against the same two figures, not judged (UNJUDGED).
TARGETS = [
    ("nav-only", "rps_ratio", ">=", 0.85, "req/s >= 85% of ceiling"),
    ("nav-only", "cpu_ratio", "<=", 1.2, "CPU/req <= 1.2x ceiling"),
    ("balance", "cpu_ratio", "<=", 1.5, "CPU/req <= 1.5x ceiling"),
    ("payment", "cpu_ratio", "<=", 2.5, "CPU/req <= 2.5x ceiling"),
    ("balance", "p99_ms", "<", 5.0, "p99 < 5 ms"),
    ("payment", "p99_ms", "<", 5.0, "p99 < 5 ms"),
]
UNJUDGED = [("navigation",) + target[1:] for target in TARGETS if target[0] == "nav-only"]


class Stop(Exception):
    pass


def on_signal(signum, _frame):
    # Once: a second signal (the shell's TERM after the terminal's INT) must not
    # interrupt the clean-up that the first one started.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    raise Stop(f"signal {signum}")


def cpu_ticks(pid):
    """(utime, stime) of the whole process (every thread), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return int(fields[11]), int(fields[12])


class Server:
    """A child process on 127.0.0.1 port 0 whose stderr goes to a file."""

    def __init__(self, name, argv, workdir, started):
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self.log,
                                     cwd=workdir, start_new_session=True)
        started.append(self)  # at once, so that the caller stops it whatever happens next
        self.port = self._wait_listening()

    def _wait_listening(self, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n"
                                   + self.tail())
            with open(self.log_path, "rb") as f:
                m = re.search(rb"listening on \S*:(\d+)", f.read())
            if m:
                return int(m.group(1))
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not report 'listening on' within {timeout}s")

    def tail(self, lines=10):
        with open(self.log_path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# Synthetic customers only (not the three well-known ones), verified (the menus'
# guard turns others away), with money to pay 10 MWK + fee many times.
CALLERS_SQL = ("SELECT c.phone, c.paymaart_id FROM customers c JOIN accounts a ON a.customer_id = c.id"
               " WHERE c.kyc_status = 'verified' AND c.paymaart_id LIKE 'PM2%'"
               " AND a.balance_minor >= 100000 ORDER BY c.id")
SYNTHETIC_SQL = "SELECT COUNT(*) FROM customers WHERE paymaart_id LIKE 'PM2%'"


def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-At", "-F", " ", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split(" ")) for line in out.splitlines() if line]


def with_database(url, name):
    """A postgresql:// URL naming database `name` instead of its own."""
    return re.sub(r"(postgres(?:ql)?://[^/?]*/)[^?]*", r"\g<1>" + name, url, count=1)


def make_demo(dialgraph, workdir, customers, pg_database=None):
    """The demo database (a file in workdir, or `pg_database`, a fresh
    PostgreSQL database URL) and the file of callers for the wrk script."""
    db = pg_database or os.path.join(workdir, "paymaart.db")
    subprocess.run([dialgraph, "demo", "--customers", str(customers), "--db", db],
                   check=True, stdout=subprocess.DEVNULL, cwd=workdir)
    if pg_database:
        rows, total = psql(db, CALLERS_SQL), int(psql(db, SYNTHETIC_SQL)[0][0])
    else:
        con = sqlite3.connect(db)
        rows = con.execute(CALLERS_SQL).fetchall()
        total = con.execute(SYNTHETIC_SQL).fetchone()[0]
        con.close()
    path = os.path.join(workdir, "customers.txt")
    with open(path, "w") as f:
        for phone, pm in rows:
            f.write(f"{phone} {pm}\n")
    return db, path, len(rows), total


def run_wrk(port, flow, seconds, connections, customers_file, run_token):
    _, steps, finals = FLOWS[flow]
    env = dict(os.environ, BENCH_STEPS=steps, BENCH_FINAL=finals,
               BENCH_CUSTOMERS=customers_file, BENCH_RUN=run_token)
    argv = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s",
            "--timeout", "5s", "-s", SCRIPT, f"http://127.0.0.1:{port}/callback"]
    out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        raise RuntimeError("wrk printed no RESULT line:\n" + out)
    result = {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    result["samples"] = re.findall(r"^SAMPLE (.*)$", out, re.M)
    return result


PENDING_SMS_SQL = "SELECT COUNT(*) FROM sms_outbox WHERE status = 'pending'"


def pending_sms(database):
    if database.startswith("postgres"):
        return int(psql(database, PENDING_SMS_SQL)[0][0])
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute(PENDING_SMS_SQL).fetchone()[0]
    finally:
        con.close()


def settle_outbox(database, limit_s=300):
    """Waits until every SMS queued so far has gone out; returns the seconds it
    took. A payment's receipts are part of its cost: a sender that falls behind
    during the run would otherwise leave that work out of CPU per request, and a
    slower sender would look cheaper."""
    start = time.monotonic()
    while pending_sms(database) > 0:
        if time.monotonic() - start > limit_s:
            raise RuntimeError(f"the SMS outbox still had messages {limit_s} s after the run")
        time.sleep(0.05)
    return time.monotonic() - start


def measure(servers, flow, args, customers_file, run_token, database=None):
    """One flow against every server at once: the sessions split between them
    (each its own wrk), requests summed, latency the worst server's, CPU all
    servers' together, up to the moment the SMS the flow queued have gone out
    (`database`, the servers' store; the ceiling has none)."""
    share = max(1, args.connections // len(servers))

    def drive(seconds, token):
        results = [None] * len(servers)
        errors = []

        def one(i):
            try:
                results[i] = run_wrk(servers[i].port, flow, seconds, share, customers_file, f"{token}s{i}")
            except Exception as failed:  # reported below, in this thread
                errors.append(failed)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(servers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        return results

    if args.warmup > 0:
        drive(args.warmup, run_token + "w")
    if database:
        settle_outbox(database)
    before = [cpu_ticks(s.proc.pid) for s in servers]
    parts = drive(args.duration, run_token)
    drained_s = settle_outbox(database) if database else 0.0
    after = [cpu_ticks(s.proc.pid) for s in servers]
    for s in servers:
        if not s.alive():
            raise RuntimeError(f"{s.name} died during {flow}:\n{s.tail()}")
    r = {k: sum(p[k] for p in parts) for k in parts[0] if k != "samples"}
    for k in ("duration_us", "p50_us", "p99_us"):
        r[k] = max(p[k] for p in parts)
    r["samples"] = [x for p in parts for x in p["samples"]]
    seconds = r["duration_us"] / 1e6
    requests = max(r["requests"], 1)
    user = sum(a[0] - b[0] for a, b in zip(after, before))
    system = sum(a[1] - b[1] for a, b in zip(after, before))
    r.update(flow=flow, rps=r["requests"] / seconds, sessions_per_s=r["sessions"] / seconds, sms_drain_s=drained_s,
             p50_ms=r["p50_us"] / 1000, p99_ms=r["p99_us"] / 1000,
             cpu_us=(user + system) / TICKS * 1e6 / requests,
             sys_share=system / max(user + system, 1),
             cpu_cores=(user + system) / TICKS / seconds)
    return r


def add_ratios(results):
    ceiling = results.get("ceiling")
    for r in results.values():
        r["rps_ratio"] = r["rps"] / ceiling["rps"] if ceiling else float("nan")
        r["cpu_ratio"] = r["cpu_us"] / ceiling["cpu_us"] if ceiling and ceiling["cpu_us"] else float("nan")


def print_table(title, results):
    print(f"\n{title}")
    head = (f"{'flow':<13} {'req/s':>8} {'sess/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'CPU us/req':>10} {'sys':>4} {'cores':>5} {'req/s/ceil':>10} {'CPU/ceil':>8} {'errors':>6} "
            f"{'SMS s':>5}")
    print(head)
    print("-" * len(head))
    for flow, r in results.items():
        print(f"{flow:<13} {r['rps']:>8.0f} {r['sessions_per_s']:>7.0f} {r['p50_ms']:>7.2f} "
              f"{r['p99_ms']:>7.2f} {r['cpu_us']:>10.1f} {r['sys_share']:>4.0%} {r['cpu_cores']:>5.2f} "
              f"{ratio(r['rps_ratio'], '{:.0%}'):>10} {ratio(r['cpu_ratio'], '{:.2f}x'):>8} "
              f"{int(r['errors'] + r['connect'] + r['read'] + r['write'] + r['timeout']):>6} "
              f"{r['sms_drain_s']:>5.1f}")


def ratio(value, fmt):
    return "-" if value != value else fmt.format(value)  # NaN: no ceiling in this run


def print_errors(results):
    for flow, r in results.items():
        socket = int(r["connect"] + r["read"] + r["write"] + r["timeout"])
        if r["errors"] or socket:
            print(f"  {flow}: {int(r['errors'])} bad replies (status {int(r['bad_status'])}, "
                  f"body {int(r['bad_body'])}, early END {int(r['early_end'])}, "
                  f"wrong last reply {int(r['bad_final'])}), socket errors {socket}")
            for s in r["samples"][:3]:
                print(f"    e.g. {s}")


def print_targets(results, connections):
    def show(targets, judged):
        for flow, key, op, limit, text in targets:
            if flow not in results or "ceiling" not in results and key.endswith("ratio"):
                continue
            value = results[flow][key]
            ok = value >= limit if op == ">=" else value <= limit if op == "<=" else value < limit
            shown = f"{value:.0%}" if key == "rps_ratio" else (f"{value:.2f}x" if key.endswith("ratio")
                                                               else f"{value:.2f} ms")
            note = "" if key != "p99_ms" or connections == 8 else f" (measured at {connections} sessions, target is at 8)"
            verdict = ("met" if ok else "MISSED") if judged else ("(within)" if ok else "(over)")
            print(f"  {verdict:<8} {flow:<10} {text:<26} {shown}{note}")

    print("\ntargets (issue 'HTTP server' and 'Paymaart'):")
    if "nav-only" not in results:
        print("  (nav-only not run: the HTTP server issue's two targets are not judged)")
    show(TARGETS, judged=True)
    if "navigation" in results:
        print("  Paymaart's navigation, whose dial reads the caller from the database, against the same two:")
        show(UNJUDGED, judged=False)


def navigation_only_menus(menus, workdir):
    """`menus` without its caller action and its guards, written to workdir:
    the same screens, and no action on the navigation path (one_run also
    checks the server's log for any action's outcome afterwards). Fails rather
    than measure a graph that still calls one."""
    with open(menus) as f:
        lines = f.read().splitlines(keepends=True)
    kept = "".join(line for line in lines
                   if not re.match(r"caller\s*:", line) and not re.match(r"\s+guard\s*:", line))
    if re.search(r"^caller\s*:|\bguard\s*:", kept, re.M):
        raise RuntimeError(f"{menus}: cannot take its caller and guards out (written another way)")
    path = os.path.join(workdir, "navigation-only.yaml")
    with open(path, "w") as f:
        f.write(kept)
    return path


def one_run(args, index, dialgraph, ceiling_bin, menus):
    base = args.tmpdir or os.environ.get("TMPDIR") or "/var/tmp"
    workdir = tempfile.mkdtemp(prefix="dialgraph-http-bench.", dir=base)
    servers = []
    results = {}
    token = f"r{os.getpid()}x{index}x{int(time.time())}"
    pg_name = f"dialgraph_bench_{os.getpid()}_{index}" if args.pg else None
    try:
        if args.pg:
            psql(args.pg, f"CREATE DATABASE {pg_name}")
        db, customers_file, usable, total = make_demo(
            dialgraph, workdir, args.customers, with_database(args.pg, pg_name) if args.pg else None)
        where = "PostgreSQL" if args.pg else workdir
        print(f"[run {index}] {where}: {total} synthetic customers, {usable} verified callers",
              flush=True)
        flows = [f for f in ORDER if f in args.flows]
        if "ceiling" in flows:
            # The plain ceiling, then one spinning `work` µs per request for each
            # --ceiling-work, then with --ceiling-raw the one writing ready-made bytes.
            variants = ([("ceiling", 0, [])] + [(f"ceiling+{w}us", w, []) for w in args.ceiling_work] +
                        ([("ceiling-raw", 0, ["--raw"])] if args.ceiling_raw else []))
            for name, work, extra in variants:
                s = Server(name, [ceiling_bin, "--listen", "127.0.0.1:0", "--threads", str(args.threads),
                                  "--work-us", str(work)] + extra, workdir, servers)
                results[name] = measure([s], name, args, customers_file, f"{token}c{work}")
                s.stop()
        rest = [f for f in flows if f != "ceiling"]
        sides = [("", dialgraph, db)]
        if rest and args.against:
            # B gets a copy of the database as the demo left it, so neither side
            # runs on the other's records; odd runs start with A, even with B.
            copy = os.path.join(workdir, "paymaart-b.db")
            for ext in ("", "-wal"):
                if os.path.exists(db + ext):
                    shutil.copyfile(db + ext, copy + ext)
            sides.append(("@B", args.against, copy))
            if index % 2 == 0:
                sides.reverse()
        no_actions = navigation_only_menus(menus, workdir) if NO_ACTIONS & set(rest) else None
        groups = [(no_actions, "-nav-only", [f for f in rest if f in NO_ACTIONS]),
                  (menus, "", [f for f in rest if f not in NO_ACTIONS])]
        for suffix, binary, database in sides if rest else []:
            for graph, name, group in groups:
                if not group:
                    continue
                instances = [Server(f"dialgraph{i + 1}{name}{suffix}",
                                    [binary, "serve", "--db", database, "--menus", graph,
                                     "--listen", "127.0.0.1:0", "--threads", str(args.threads)],
                                    workdir, servers)
                             for i in range(args.instances)]
                for flow in group:
                    results[flow + suffix] = measure(instances, flow, args, customers_file,
                                                     f"{token}f{ORDER.index(flow)}{suffix[1:]}", database)
                for s in instances:
                    s.stop()
                    with open(s.log_path, "rb") as f:
                        log = f.read()
                    if graph == no_actions and b" outcome=" in log:  # the log names every action's outcome
                        raise RuntimeError(f"{s.name}: an action ran on the navigation-only menus")
                    requests = log.count(b" msg=request ")
                    if requests:
                        print(f"[run {index}] {s.name} log: {requests} request lines, "
                              f"{len(log) / requests:.0f} bytes per line", flush=True)
        results = {k: results[k] for k in sorted(results, key=order_of)}
        add_ratios(results)
        return results
    finally:
        for s in servers:
            s.stop()
        if args.keep:
            print(f"[run {index}] kept {workdir}" + (f" and database {pg_name}" if args.pg else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if args.pg:
                psql(args.pg, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")


def order_of(label):
    """Table order: the ceiling rows, then each flow followed by its @B row."""
    flow, _, side = label.partition("@")
    return (ORDER.index(flow) if flow in ORDER else 0, side)


def print_comparison(runs):
    """Each flow's CPU per request on B against A, run by run and the median."""
    print("\nB (--against) against A (--build), CPU us/request, B/A run by run:")
    for flow in runs[0]:
        if flow + "@B" not in runs[0]:
            continue
        pairs = [(r[flow]["cpu_us"], r[flow + "@B"]["cpu_us"]) for r in runs]
        by_run = " ".join(f"{b / a:.2f}" for a, b in pairs)
        print(f"  {flow:<11} A {statistics.median(a for a, _ in pairs):6.1f}  "
              f"B {statistics.median(b for _, b in pairs):6.1f}  "
              f"B/A median {statistics.median(b / a for a, b in pairs):.3f}  ({by_run})")


def median_results(runs):
    keys = ["rps", "sessions_per_s", "p50_ms", "p99_ms", "cpu_us", "sys_share", "cpu_cores",
            "rps_ratio", "cpu_ratio", "sms_drain_s",
            "errors", "connect", "read", "write", "timeout", "bad_status", "bad_body",
            "early_end", "bad_final"]
    out = {}
    for flow in runs[0]:
        got = [r[flow] for r in runs if flow in r]
        if got:
            out[flow] = {k: statistics.median(g[k] for g in got) for k in keys}
            out[flow]["samples"] = [s for g in got for s in g["samples"]]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=int, default=10, help="seconds of wrk per flow (10)")
    p.add_argument("--connections", type=int, default=8,
                   help="concurrent sessions = wrk threads = connections (8)")
    p.add_argument("--threads", type=int, default=2, help="server I/O threads, both servers (2)")
    p.add_argument("--warmup", type=int, default=2, help="unmeasured wrk seconds before each flow (2)")
    p.add_argument("--customers", type=int, default=10000, help="synthetic demo customers (10000)")
    p.add_argument("--repeat", type=int, default=1, help="whole runs; prints the medians (1)")
    p.add_argument("--flows", default=",".join(ORDER),
                   help="comma-separated subset of " + ",".join(ORDER))
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory")
    p.add_argument("--menus", default=os.path.join(ROOT, "menus.yaml"))
    p.add_argument("--tmpdir", help="where the temporary directory goes (default $TMPDIR or /var/tmp)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, DB)")
    p.add_argument("--pg", metavar="URL",
                   help="store on this PostgreSQL server (a postgresql:// URL; each run makes and drops "
                        "a database of its own there) instead of a SQLite file")
    p.add_argument("--instances", type=int, default=1,
                   help="dialgraph serve instances on the one database, sessions split between them "
                        "(1; more needs --pg)")
    p.add_argument("--against", metavar="DIR",
                   help="also measure DIR/dialgraph on the same flows in every run (rows FLOW@B) and "
                        "print its CPU per request against --build's, run by run")
    p.add_argument("--ceiling-work", default="", metavar="N,N,...",
                   help="also run the ceiling spinning N µs per request, for each N (needs the "
                        "ceiling flow): what N µs of work per request costs in server CPU here")
    p.add_argument("--ceiling-raw", action="store_true",
                   help="also run the ceiling writing each response as ready-made bytes instead of "
                        "through Beast's serializer, as dialgraph does (row ceiling-raw; needs the "
                        "ceiling flow; ratios stay to the plain ceiling)")
    args = p.parse_args()
    args.flows = [f.strip() for f in args.flows.split(",") if f.strip()]
    unknown = [f for f in args.flows if f not in FLOWS]
    if unknown:
        p.error(f"unknown flow(s): {', '.join(unknown)}")
    try:
        args.ceiling_work = [int(n) for n in args.ceiling_work.split(",") if n.strip()]
    except ValueError:
        p.error("--ceiling-work wants whole microseconds, e.g. 2,5,10")
    if args.ceiling_work and "ceiling" not in args.flows:
        p.error("--ceiling-work needs the ceiling flow")
    for work in args.ceiling_work:
        FLOWS[f"ceiling+{work}us"] = FLOWS["ceiling"]
    if args.ceiling_raw:
        if "ceiling" not in args.flows:
            p.error("--ceiling-raw needs the ceiling flow")
        FLOWS["ceiling-raw"] = FLOWS["ceiling"]

    if args.instances < 1 or (args.instances > 1 and not args.pg):
        p.error("--instances N > 1 needs --pg: several instances share one PostgreSQL database")
    if args.against:
        if args.pg:
            p.error("--against works on the SQLite store only")
        args.against = os.path.join(os.path.abspath(args.against), "dialgraph")
        if not os.access(args.against, os.X_OK):
            sys.exit(f"http_bench: missing {args.against}")
    if args.pg and not shutil.which("psql"):
        sys.exit("http_bench: psql not found (Debian: apt-get install postgresql-client)")

    args.menus = os.path.abspath(args.menus)  # the servers run in the temp dir
    dialgraph = os.path.join(args.build, "dialgraph")
    ceiling_bin = os.path.join(args.build, "bench", "bench_ceiling")
    missing = [b for b in (dialgraph, ceiling_bin) if not os.access(b, os.X_OK)]
    if missing:
        sys.exit("http_bench: missing " + ", ".join(missing) +
                 "; build first: cmake --preset dev && cmake --build --preset dev")
    if not shutil.which("wrk"):
        sys.exit("http_bench: wrk not found (Debian: apt-get install wrk)")

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"http_bench: {os.cpu_count()} cores, load average {' '.join(load)} at start; "
          f"{args.connections} concurrent sessions (wrk -t{args.connections} -c{args.connections}), "
          f"{args.duration}s per flow after {args.warmup}s warm-up, server --threads {args.threads}; "
          f"store {'PostgreSQL, %d instance(s)' % args.instances if args.pg else 'SQLite'}; "
          f"wrk shares the cores, so CPU us/req is the steadier figure", flush=True)
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(dialgraph)))
    print(f"http_bench: {dialgraph} built {built}", flush=True)
    if args.against:
        built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(args.against)))
        print(f"http_bench: B (--against): {args.against} built {built}", flush=True)
    runs = []
    try:
        for i in range(1, args.repeat + 1):
            results = one_run(args, i, dialgraph, ceiling_bin, args.menus)
            runs.append(results)
            print_table(f"run {i}", results)
            print_errors(results)
    except Stop as stop:
        sys.exit(f"http_bench: stopped ({stop})")
    except subprocess.CalledProcessError as failed:
        sys.exit(f"http_bench: {' '.join(map(str, failed.cmd))} failed ({failed.returncode}):\n"
                 f"{failed.stdout or ''}{failed.stderr or ''}")
    except RuntimeError as failed:
        sys.exit(f"http_bench: {failed}")
    final = runs[0] if len(runs) == 1 else median_results(runs)
    if len(runs) > 1:
        print_table(f"median of {len(runs)} runs", final)
    if args.against:
        print_comparison(runs)
    print_targets(final, args.connections)
    bad = any(r["errors"] or r["connect"] or r["read"] or r["write"] or r["timeout"]
              for r in final.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
