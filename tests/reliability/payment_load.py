"""Payments through the server, and what its replies to them say: the steps of a
Make Payment session, the reply patterns, and PaymentLoad (many one-shot
payments from client threads at once, each reply sorted). Python 3 standard
library only."""
import random
import re
import threading
import time

from ledger import ledger_problems
from store import DEMO_PIN, synthetic

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


class PaymentLoad:
    """options.threads client threads, each sending options.payments one-shot payment
    sessions (`2*ID*AMOUNT*1*PIN`) between `people` (synthetic customers), thread
    i's n-th to servers[(i + n) % len(servers)], amounts from `amounts` and people
    drawn from options.seed (common.parse_options). A request that gets no answer
    is sent again, same session and text, to a live server, as a load balancer
    would (4 times at most; each counted in `unanswered`). `on_send(n)` is called, under
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

    def ledger_problems(self, work, before, also_confirmed=None):
        """The ledger's invariants after the load (ledger.ledger_problems), with the
        payments this load saw confirmed plus `also_confirmed` (reference -> how);
        and two of its own: every payment transfer is one a client saw confirmed
        (no reply is lost while the servers stay up), and some payment was refused
        for lack of money (the accounts ran dry, so overdrafts were tried)."""
        confirmed = {ref: "one-shot" for *_, ref in self.paid}
        confirmed.update(also_confirmed or {})
        problems, transfers = ledger_problems(work, before, confirmed)
        if transfers != len(confirmed):
            problems.append("%d payment transfers but %d confirmed to clients" % (transfers, len(confirmed)))
        if self.refused == 0:
            problems.append("no payment was refused for lack of money: the accounts never ran dry")
        return problems

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
