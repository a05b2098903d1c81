#!/usr/bin/env python3
"""Concurrency: many sessions paying from and to the same few accounts at once.

usage: concurrency_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--threads N] [--payments N] [--sanitized]

Two `dialgraph serve` processes share one temp demo database (so SQLite's
cross-process locking and busy timeout are exercised too, not only the writer
mutex inside one process). Client threads send one-shot payment sessions
(`2*ID*AMOUNT*1*PIN`) between four accounts, alternating between the two
servers, with amounts large enough that the accounts run dry. Checks:

- every request is answered 200 with CON/END, never the generic error or the
  timeout text (SQLITE_BUSY must not reach a user), nothing hangs (deadlock);
- no overdraft: no balance below zero, and refusals say "not enough money";
- no lost update: each account's final balance equals its opening balance plus
  what the clients saw confirmed (amounts and fees parsed from the replies);
- the ledger checks of crash_test.py (entries sum to zero, total unchanged).
"""
import argparse
import os
import random
import re
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from crash_test import check_ledger, ledger_snapshot  # noqa: E402

PAID = re.compile(r"Paid ([\d,]+\.\d\d) MWK to .*\nFee: ([\d,]+\.\d\d) MWK\nRef: (PM[0-9A-Z]{10})", re.S)
NOT_ENOUGH = ("You do not have enough money", "Not enough money")


def minor(text):
    whole, cents = text.replace(",", "").split(".")
    return int(whole) * 100 + int(cents)


def balances(db_path, phones):
    db = sqlite3.connect(db_path)
    try:
        return {p: db.execute("SELECT a.balance_minor FROM accounts a JOIN customers c ON c.id = a.customer_id "
                              "WHERE c.phone = ?", (p,)).fetchone()[0] for p in phones}
    finally:
        db.close()


def main():
    dialgraph, menus, rest = common.args_or_exit(__doc__)
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--payments", type=int, default=20, help="per client thread")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("DIALGRAPH_SEED", time.time_ns() % 100000)))
    parser.add_argument("--sanitized", action="store_true")
    options = parser.parse_args(rest)
    print("seed %d" % options.seed, flush=True)
    work = common.Workdir(dialgraph, customers=50)
    servers = []
    try:
        before = ledger_snapshot(work.db)
        people = common.verified_english(50)[:4]
        phones = {i: common.synthetic(i)[0] for i in people}
        opening = balances(work.db, phones.values())
        servers = [common.Server(dialgraph, menus, work.db) for _ in range(2)]
        lock = threading.Lock()
        paid = []      # (payer phone, payee phone, amount, fee, ref)
        refused = [0]
        problems = []
        latencies = []
        done = []

        def client(ident):
            rng = random.Random(options.seed * 1000 + ident)
            for n in range(options.payments):
                payer, payee = rng.sample(people, 2)
                amount = rng.choice([500, 1500, 3000, 4500])
                text = "2*%s*%d*1*%s" % (common.synthetic(payee)[1], amount, common.DEMO_PIN)
                server = servers[(ident + n) % len(servers)]
                session = "conc-%d-%d" % (ident, n)
                started = time.monotonic()
                try:
                    status, body = server.callback(text, session, phones[payer], timeout=30)
                except OSError as error:
                    with lock:
                        problems.append("%s: %r" % (session, error))
                    continue
                elapsed = time.monotonic() - started
                match = PAID.search(body)
                with lock:
                    latencies.append(elapsed)
                    if status != 200 or not body.startswith(("CON ", "END ")):
                        problems.append("%s: HTTP %d %r" % (session, status, body))
                    elif match:
                        paid.append((phones[payer], phones[payee], minor(match.group(1)), minor(match.group(2)),
                                     match.group(3)))
                    elif any(text in body for text in NOT_ENOUGH):
                        refused[0] += 1
                    elif body.startswith("CON Invalid choice") and "Amount: 1.00 MWK" in body:
                        # payment.quote refused the amount (not enough money), so
                        # the one-shot's "1" was read as a new amount and the PIN
                        # as a menu choice: a refusal, seen from the other side.
                        refused[0] += 1
                    else:
                        problems.append("%s: unexpected reply %r" % (session, body))
            with lock:
                done.append(ident)

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(options.threads)]
        for t in threads:
            t.start()
        limit = 120 if options.sanitized else 60
        for t in threads:
            t.join(max(0.1, limit - (time.monotonic() - started)))
        wall = time.monotonic() - started
        if len(done) != options.threads:
            problems.append("%d client threads still waiting after %d s: deadlock?"
                            % (options.threads - len(done), limit))
        for server in servers:
            if not server.alive():
                problems.append("a server died:\n" + server.log()[-2000:])
            elif server.stop() != 0:
                problems.append("a server did not stop cleanly")
        final = balances(work.db, phones.values())
        expected = dict(opening)
        for payer, payee, amount, fee, _ in paid:
            expected[payer] -= amount + fee
            expected[payee] += amount
        if final != expected:
            problems.append("lost update: balances %r, expected from the confirmed payments %r" % (final, expected))
        if any(v < 0 for v in final.values()):
            problems.append("overdraft: %r" % final)
        ledger_problems, transfers = check_ledger(work.db, before, {ref: ("?", a) for _, _, a, _, ref in paid})
        problems.extend(ledger_problems)
        if transfers != len(paid):
            problems.append("%d payment transfers but %d confirmed to clients" % (transfers, len(paid)))
        if refused[0] == 0:
            problems.append("no payment was refused for lack of money: the accounts never ran dry")
        for server in servers:
            problems.extend(server.sanitizer_reports())
            for line in server.log().splitlines():
                if "database is locked" in line or "SQLITE_BUSY" in line or '"error"' in line[:40]:
                    problems.append("server log: " + line)
                    break
        print("requests %d in %.1f s (%.0f/s), paid %d, refused for funds %d, latency p50 %.0f ms p99 %.0f ms max %.0f ms"
              % (len(latencies), wall, len(latencies) / wall, len(paid), refused[0],
                 1000 * common.percentile(latencies, 0.5), 1000 * common.percentile(latencies, 0.99),
                 1000 * max(latencies)), flush=True)
        print("balances opening %r final %r" % (opening, final), flush=True)
        for problem in problems:
            print("FAIL:", problem, flush=True)
        return 1 if problems else 0
    finally:
        for server in servers:
            server.kill()
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
