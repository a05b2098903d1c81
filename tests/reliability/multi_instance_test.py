#!/usr/bin/env python3
"""Several instances on one PostgreSQL (issue 7): any instance answers any step.

usage: multi_instance_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--threads N] [--payments N] [--sanitized]

PostgreSQL only, whatever DIALGRAPH_TEST_BACKEND says. Needs
DIALGRAPH_TEST_PG_URL (`bash .ci/with-postgres ...` sets it); without it the
test exits 77, which CTest reports as skipped. It makes a database of its own on
that server, fills it with `dialgraph demo`, starts three `dialgraph serve` on
it, and checks:

1. a payment session whose steps go to the three instances in turn ends in
   "Paid", and the final step retried on each other instance answers the same
   reference (one transfer);
2. concurrent one-shot payments between four accounts (payment_load.PaymentLoad),
   sent round-robin to the instances, while one instance is killed (SIGKILL)
   half-way: a request that gets no answer is sent again, same session and text,
   to a live instance, as a load balancer would. Every request is answered; the
   ledger checks of crash_test.py (ledger.ledger_problems) hold, and the
   payments in the ledger are exactly those confirmed to a client.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import args_or_exit, parse_options  # noqa: E402
from ledger import ledger_snapshot  # noqa: E402
from payment_load import PAID, PaymentLoad, pay_steps  # noqa: E402
from server import Server  # noqa: E402
from store import Workdir, synthetic, verified_english  # noqa: E402

common.BACKEND = "postgresql"


def stepped_session(servers, phone, recipient_id):
    """(problems, reference) of one payment session stepped across every instance."""
    problems = []
    steps = pay_steps(recipient_id, 250)
    body = ""
    for n, text in enumerate(steps):
        status, body = servers[n % len(servers)].callback(text, "mi-stepped", phone)
        if status != 200 or not body.startswith("END " if n == len(steps) - 1 else "CON "):
            return ["step %r on instance %d: HTTP %d %r" % (text, n % len(servers), status, body)], None
    first = PAID.search(body)
    if not first:
        return ["the stepped payment did not end in Paid: %r" % body], None
    for server in servers:
        status, again = server.callback(steps[-1], "mi-stepped", phone)
        match = PAID.search(again)
        if status != 200 or not match or match.group(3) != first.group(3):
            problems.append("the retried final step answered %r, not reference %s" % (again, first.group(3)))
    return problems, first.group(3)


def main():
    dialgraph, menus, rest = args_or_exit(__doc__)
    options = parse_options(rest, threads=12, payments=15)
    work = Workdir(dialgraph, customers=50, prefix="dialgraph-mi-")
    servers = []
    try:
        before = ledger_snapshot(work)
        servers = [Server(dialgraph, menus, work) for _ in range(3)]
        people = verified_english(50)[:4]
        problems, reference = stepped_session(servers, synthetic(people[0])[0],
                                              synthetic(people[1])[1])
        victim = servers[2]
        kill_at = options.threads * options.payments // 2

        def kill_half_way(sent):
            if sent == kill_at:
                victim.kill()

        load = PaymentLoad(servers, people, [1500, 3000, 4500, 9000], options, "mi", kill_half_way)
        wall = load.run(240 if options.sanitized else 120)
        problems.extend(load.problems)
        if victim.alive():
            problems.append("the instance to kill was never killed")
        for server in servers[:2]:
            if not server.alive():
                problems.append("a surviving instance died:\n" + server.log()[-2000:])
            elif server.stop() != 0:
                problems.append("an instance did not stop cleanly")
            problems.extend(server.sanitizer_reports())
        stepped = {reference: "mi-stepped"} if reference else {}
        problems.extend(load.ledger_problems(work, before, stepped))
        print("three instances, one killed: %d payments confirmed, %d refused for funds, "
              "%d requests sent again, %.1f s" % (len(load.paid) + len(stepped), load.refused, load.unanswered, wall),
              flush=True)
        for problem in problems:
            print("FAIL:", problem, flush=True)
        return 1 if problems else 0
    finally:
        for server in servers:
            server.kill()
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
