#!/usr/bin/env python3
"""Several instances on one PostgreSQL (issue 7): any instance answers any step.

usage: multi_instance_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--threads N] [--payments N] [--sanitized]

Needs DIALGRAPH_TEST_PG_URL (`bash .ci/with-postgres ...` sets it); without it
the test exits 77, which CTest reports as skipped. It makes a database of its
own on that server, fills it with `dialgraph demo`, starts three `dialgraph
serve` on it, and checks:

1. a payment session whose steps go to the three instances in turn ends in
   "Paid", and the final step retried on each other instance answers the same
   reference (one transfer);
2. concurrent one-shot payments between four accounts, sent round-robin to the
   instances, while one instance is killed (SIGKILL) half-way: a request that
   gets no answer is sent again, same session and text, to a live instance, as a
   load balancer would. No overdraft; every confirmed reference is in the ledger
   exactly once; no other payment is there; every transfer's entries sum to zero;
   balances equal their entries; the total money is unchanged.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

PAID = re.compile(r"Paid ([\d,]+\.\d\d) MWK to .*\nFee: ([\d,]+\.\d\d) MWK\nRef: (PM[0-9A-Z]{10})", re.S)
NOT_ENOUGH = "You do not have enough money"
SKIP = 77


def psql(url, sql):
    """Rows of `sql` (tab-separated fields) through the psql client."""
    result = subprocess.run(["psql", url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("psql failed: %s\n%s" % (sql, result.stderr))
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def with_database(url, name):
    """`url` (postgresql://user@/db?host=...&port=...) naming database `name` instead."""
    return re.sub(r"(postgres(?:ql)?://[^/?]*/)[^?]*", r"\g<1>" + name, url, count=1)


def money_total(url):
    return int(psql(url, "SELECT COALESCE(SUM(balance_minor), 0) FROM accounts")[0][0])


def ledger_problems(url, total_before, confirmed):
    problems = []
    unbalanced = psql(url, "SELECT t.reference FROM transfers t JOIN entries e ON e.transfer_id = t.id "
                           "GROUP BY t.id, t.reference HAVING SUM(e.amount_minor) <> 0")
    if unbalanced:
        problems.append("transfers whose entries do not sum to zero: %r" % unbalanced[:5])
    drift = psql(url, "SELECT a.id FROM accounts a LEFT JOIN entries e ON e.account_id = a.id "
                      "GROUP BY a.id, a.balance_minor HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0)")
    if drift:
        problems.append("balances that differ from their entries: %r" % drift[:5])
    negative = psql(url, "SELECT id, balance_minor FROM accounts WHERE customer_id IS NOT NULL AND balance_minor < 0")
    if negative:
        problems.append("overdraft: %r" % negative)
    if money_total(url) != total_before:
        problems.append("total money changed: %d -> %d" % (total_before, money_total(url)))
    counts = {ref: int(n) for ref, n in psql(url, "SELECT reference, COUNT(*) FROM transfers "
                                                  "WHERE kind = 'payment' GROUP BY reference")}
    for ref in confirmed:
        if counts.get(ref) != 1:
            problems.append("confirmed payment %s is in the ledger %d times" % (ref, counts.get(ref, 0)))
    unconfirmed = sorted(set(counts) - set(confirmed))
    if unconfirmed:
        problems.append("payments no client saw confirmed: %r" % unconfirmed[:5])
    return problems


def stepped_session(servers, phone, recipient_id):
    """(problems, reference) of one payment session stepped across every instance."""
    problems = []
    steps = common.pay_steps(recipient_id, 250)
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
    dialgraph, menus, rest = common.args_or_exit(__doc__)
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--payments", type=int, default=15, help="per client thread")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("DIALGRAPH_SEED", time.time_ns() % 100000)))
    parser.add_argument("--sanitized", action="store_true")
    options = parser.parse_args(rest)
    base_url = os.environ.get("DIALGRAPH_TEST_PG_URL")
    if not base_url:
        print("skipped: DIALGRAPH_TEST_PG_URL is not set (run under .ci/with-postgres)")
        return SKIP
    print("seed %d" % options.seed, flush=True)
    name = "dialgraph_mi_%d_%d" % (os.getpid(), options.seed)
    psql(base_url, "CREATE DATABASE %s" % name)
    url = with_database(base_url, name)
    workdir = tempfile.mkdtemp(prefix="dialgraph-mi-")
    servers = []
    try:
        demo = subprocess.run([dialgraph, "demo", "--customers", "50", "--db", url], cwd=workdir,
                              capture_output=True, text=True, timeout=120)
        if demo.returncode != 0:
            raise RuntimeError("dialgraph demo failed:\n" + demo.stderr)
        total_before = money_total(url)
        servers = [common.Server(dialgraph, menus, url, cwd=workdir) for _ in range(3)]
        people = common.verified_english(50)[:4]
        phones = {i: common.synthetic(i)[0] for i in people}
        problems = []

        stepped_problems, reference = stepped_session(servers, phones[people[0]], common.synthetic(people[1])[1])
        problems.extend(stepped_problems)
        confirmed = {reference: "mi-stepped"} if reference else {}

        lock = threading.Lock()
        refused = [0]
        sent = [0]
        victim = servers[2]
        kill_at = options.threads * options.payments // 2

        def live_servers():
            return [s for s in servers if s.alive()]

        def client(ident):
            rng = random.Random(options.seed * 1000 + ident)
            for n in range(options.payments):
                payer, payee = rng.sample(people, 2)
                amount = rng.choice([1500, 3000, 4500, 9000])
                text = "2*%s*%d*1*%s" % (common.synthetic(payee)[1], amount, common.DEMO_PIN)
                session = "mi-%d-%d" % (ident, n)
                with lock:
                    sent[0] += 1
                    if sent[0] == kill_at:
                        victim.kill()
                server = servers[(ident + n) % len(servers)]
                body = None
                for _ in range(5):  # the load balancer's retries, same session and text
                    try:
                        status, body = server.callback(text, session, phones[payer], timeout=30)
                        break
                    except OSError:
                        server = rng.choice(live_servers())
                with lock:
                    if body is None:
                        problems.append("%s: no instance answered" % session)
                    elif status != 200 or not body.startswith(("CON ", "END ")):
                        problems.append("%s: HTTP %d %r" % (session, status, body))
                    elif PAID.search(body):
                        confirmed[PAID.search(body).group(3)] = session
                    elif NOT_ENOUGH in body or (body.startswith("CON Invalid choice") and "Amount: 1.00" in body):
                        refused[0] += 1  # refused for funds (at confirm, or already at the amount)
                    else:
                        problems.append("%s: unexpected reply %r" % (session, body))

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(options.threads)]
        for t in threads:
            t.start()
        limit = 240 if options.sanitized else 120
        for t in threads:
            t.join(max(0.1, limit - (time.monotonic() - started)))
        if any(t.is_alive() for t in threads):
            problems.append("client threads still waiting after %d s" % limit)
        if victim.alive():
            problems.append("the instance to kill was never killed")
        for server in servers[:2]:
            if not server.alive():
                problems.append("a surviving instance died:\n" + server.log()[-2000:])
            elif server.stop() != 0:
                problems.append("an instance did not stop cleanly")
            problems.extend(server.sanitizer_reports())
        problems.extend(ledger_problems(url, total_before, confirmed))
        if refused[0] == 0:
            problems.append("no payment was refused for lack of money: the accounts never ran dry")
        print("three instances, one killed: %d payments confirmed, %d refused for funds, %.1f s"
              % (len(confirmed), refused[0], time.monotonic() - started), flush=True)
        for problem in problems:
            print("FAIL:", problem, flush=True)
        return 1 if problems else 0
    finally:
        for server in servers:
            server.kill()
        try:
            psql(base_url, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        except RuntimeError as error:
            print("warning: %s" % error, flush=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
