#!/usr/bin/env python3
"""Crash consistency: payments against the real server, SIGKILLed at random moments.

usage: crash_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--rounds N] [--seed S]

A temp database from `dialgraph demo --customers 50`; each round starts the
server, runs payment sessions from several client threads, and SIGKILLs the
server after a random delay. Requests cut off by the kill are retried (same
session, same path) on the restarted server: a payment that committed must come
back with the same reference and must not move money twice. At the end the
ledger is checked (ledger.ledger_problems): every transfer sums to zero, balances
equal their entries, total money unchanged, no customer balance negative, every
payment the client saw confirmed ("Ref: ...") present exactly once, every
transfer matching exactly one recorded payment.send result, and on SQLite the
file's integrity. On PostgreSQL (DIALGRAPH_TEST_BACKEND=postgresql) the killed
server is dialgraph's, not the database server.
"""
import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BUSY_TIMEOUT, GENERIC_ERROR, args_or_exit, parse_options  # noqa: E402
from ledger import ledger_problems, ledger_snapshot  # noqa: E402
from payment_load import REF, pay_steps  # noqa: E402
from server import Server  # noqa: E402
from store import Workdir, synthetic, verified_english  # noqa: E402


class Client:
    """Runs payment sessions step by step; remembers what it saw."""

    def __init__(self, ident, people, rng):
        self.ident = ident
        self.people = people
        self.rng = rng
        self.confirmed = {}   # reference -> (session, amount)
        self.interrupted = []  # (session, phone, text) cut off by a kill
        self.errors = []
        self.sessions = 0
        self.counter = 0

    def new_session(self, round_no):
        payer, payee = self.rng.sample(self.people, 2)
        amount = self.rng.choice([1, 5, 20, 99, 150, 777, 1500])
        self.counter += 1
        return "crash-%d-%d-%d" % (round_no, self.ident, self.counter), payer, payee, amount

    def check_end(self, session, text, body, amount):
        if not body.startswith("END "):
            return
        match = REF.search(body)
        if match:
            ref = match.group(1)
            previous = self.confirmed.get(ref)
            if previous is not None and previous[0] != session:
                self.errors.append("reference %s confirmed to two sessions" % ref)
            self.confirmed[ref] = (session, amount)
        elif GENERIC_ERROR in body or BUSY_TIMEOUT in body:
            self.errors.append("%s %r -> %r" % (session, text, body))

    def run(self, server, round_no, stop):
        while not stop.is_set():
            session, payer, payee, amount = self.new_session(round_no)
            phone, _ = synthetic(payer)
            _, recipient = synthetic(payee)
            for text in pay_steps(recipient, amount):
                try:
                    status, body = server.callback(text, session, phone, timeout=10)
                except OSError:
                    # The server died under us: retry this very request later.
                    self.interrupted.append((session, phone, text, amount))
                    return
                if status != 200:
                    self.errors.append("%s %r -> HTTP %d %r" % (session, text, status, body))
                    break
                self.check_end(session, text, body, amount)
                if body.startswith("END "):
                    break
            self.sessions += 1

    def retry_interrupted(self, server):
        pending, self.interrupted = self.interrupted, []
        for session, phone, text, amount in pending:
            status, body = server.callback(text, session, phone, timeout=10)
            if status != 200:
                self.errors.append("retry %s %r -> HTTP %d" % (session, text, status))
            self.check_end(session, text, body, amount)


def main():
    dialgraph, menus, rest = args_or_exit(__doc__)
    options = parse_options(rest, rounds=5, clients=4)
    rng = random.Random(options.seed)
    started = time.time()
    work = Workdir(dialgraph, customers=50)
    server = None
    try:
        before = ledger_snapshot(work)
        people = verified_english(50)[:12]
        clients = [Client(i, people, random.Random(rng.random())) for i in range(options.clients)]
        slow = 3 if options.sanitized else 1
        kills = 0
        for round_no in range(options.rounds):
            server = Server(dialgraph, menus, work)
            for client in clients:
                client.retry_interrupted(server)
            stop = threading.Event()
            threads = [threading.Thread(target=c.run, args=(server, round_no, stop)) for c in clients]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.2, 1.5) * slow)
            server.proc.send_signal(signal.SIGKILL)
            kills += 1
            stop.set()
            for t in threads:
                t.join(30)
            server.kill()
            for client in clients[:1]:
                client.errors.extend(server.sanitizer_reports())
            server = None
        # A last clean run: finish what the last kill cut off, then stop gracefully.
        server = Server(dialgraph, menus, work)
        for client in clients:
            client.retry_interrupted(server)
        if server.stop() != 0 or server.sanitizer_reports():
            print("FAIL: the final server did not stop cleanly:\n" + server.log()[-3000:], flush=True)
            return 1
        server = None
        confirmed = {}
        errors = []
        for client in clients:
            confirmed.update(client.confirmed)
            errors.extend(client.errors)
        problems, transfers = ledger_problems(work, before, confirmed)
        sessions = sum(c.sessions for c in clients)
        print("kills %d, sessions %d, payments confirmed to clients %d, payment transfers %d, %.1f s"
              % (kills, sessions, len(confirmed), transfers, time.time() - started), flush=True)
        problems.extend(errors)
        if not confirmed:
            problems.append("no payment was confirmed at all: the test did not exercise anything")
        for problem in problems:
            print("FAIL:", problem, flush=True)
        return 1 if problems else 0
    finally:
        if server is not None:
            server.kill()
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
