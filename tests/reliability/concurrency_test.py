#!/usr/bin/env python3
"""Concurrency: many sessions paying from and to the same few accounts at once.

usage: concurrency_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--threads N] [--payments N] [--sanitized]

Two `dialgraph serve` processes share one temp demo database (on SQLite, so the
cross-process locking and busy timeout are exercised too, not only the writer
mutex inside one process; on PostgreSQL, DIALGRAPH_TEST_BACKEND=postgresql, two
connection pools). Client threads send one-shot payment sessions
(`2*ID*AMOUNT*1*PIN`, payment_load.PaymentLoad) between four accounts, alternating
between the two servers, with amounts large enough that the accounts run dry.
Checks:

- every request is answered 200 with CON/END, never the generic error or the
  timeout text (SQLITE_BUSY must not reach a user), nothing hangs (deadlock);
- no overdraft: no balance below zero, and refusals say "not enough money";
- no lost update: each account's final balance equals its opening balance plus
  what the clients saw confirmed (amounts and fees parsed from the replies);
- the ledger checks of crash_test.py (ledger.ledger_problems).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import args_or_exit, parse_options, percentile  # noqa: E402
from ledger import ledger_snapshot  # noqa: E402
from payment_load import PaymentLoad  # noqa: E402
from server import Server  # noqa: E402
from store import Workdir, synthetic, verified_english  # noqa: E402


def balances(work, phones):
    rows = work.query("SELECT c.phone, a.balance_minor FROM accounts a JOIN customers c ON c.id = a.customer_id")
    return {phone: int(balance) for phone, balance in rows if phone in phones}


def main():
    dialgraph, menus, rest = args_or_exit(__doc__)
    options = parse_options(rest, threads=16, payments=20)
    work = Workdir(dialgraph, customers=50)
    servers = []
    try:
        before = ledger_snapshot(work)
        people = verified_english(50)[:4]
        phones = [synthetic(i)[0] for i in people]
        opening = balances(work, phones)
        servers = [Server(dialgraph, menus, work) for _ in range(2)]
        load = PaymentLoad(servers, people, [500, 1500, 3000, 4500], options, "conc")
        wall = load.run(120 if options.sanitized else 60)
        problems = load.problems
        if load.unanswered:
            problems.append("%d requests got no answer" % load.unanswered)
        for server in servers:
            if not server.alive():
                problems.append("a server died:\n" + server.log()[-2000:])
            elif server.stop() != 0:
                problems.append("a server did not stop cleanly")
        final = balances(work, phones)
        expected = dict(opening)
        for payer, payee, amount, fee, _ in load.paid:
            expected[payer] -= amount + fee
            expected[payee] += amount
        if final != expected:
            problems.append("lost update: balances %r, expected from the confirmed payments %r" % (final, expected))
        if any(v < 0 for v in final.values()):
            problems.append("overdraft: %r" % final)
        problems.extend(load.ledger_problems(work, before))
        for server in servers:
            problems.extend(server.sanitizer_reports())
            for line in server.log().splitlines():
                if "database is locked" in line or "SQLITE_BUSY" in line or " level=error " in line:
                    problems.append("server log: " + line)
                    break
        latencies = load.latencies
        print("requests %d in %.1f s (%.0f/s), paid %d, refused for funds %d, latency p50 %.0f ms p99 %.0f ms max %.0f ms"
              % (len(latencies), wall, len(latencies) / wall, len(load.paid), load.refused,
                 1000 * percentile(latencies, 0.5), 1000 * percentile(latencies, 0.99),
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
