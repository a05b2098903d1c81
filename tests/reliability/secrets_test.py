#!/usr/bin/env python3
"""PIN and OTP security through the real server (DESIGN.md decision 6).

usage: secrets_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--sanitized]

- Brute force stops at the lock: wrong PINs until locked (within one session and
  across sessions), then the right PIN is refused too.
- Forgot PIN unlocks with the real OTP, caught by a fake Africa's Talking SMS
  endpoint on loopback (a wrong OTP first), and the new PIN then works.
- Secrets never appear in clear: every PIN and OTP the test typed is searched
  (as a digit run, not part of a longer number) in the server's stderr and in
  the store while the server runs and after it stopped: on SQLite the database
  file and its -wal byte for byte, on PostgreSQL (DIALGRAPH_TEST_BACKEND) every
  row of every table as text (store.Workdir.contents). POST /events carries
  inputs with the PINs and the OTP.
"""
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, args_or_exit, wait_for  # noqa: E402
from server import Server  # noqa: E402
from store import DEMO_PIN, Workdir, synthetic  # noqa: E402

WRONG_PINS = ["9731", "8264", "5190"]
NEW_PIN = "4862"


class FakeAt(http.server.BaseHTTPRequestHandler):
    """Africa's Talking's SMS API, as far as dialgraph's SmsSender needs it."""
    received = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        with FakeAt.lock:
            FakeAt.received.append((form.get("to", [""])[0], form.get("message", [""])[0]))
        body = json.dumps({"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
            {"statusCode": 101, "number": form.get("to", [""])[0], "status": "Success", "cost": "MWK 1.0",
             "messageId": "ATXid_%d" % len(FakeAt.received)}]}}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def wait_for_otp(phone, timeout=15):
    def otp():
        with FakeAt.lock:
            for to, message in FakeAt.received:
                match = re.search(r"(?<!\d)(\d{6})(?!\d)", message)
                if to == phone and match:
                    return match.group(1)
    found = wait_for(otp, timeout, 0.05)
    if not found:
        raise AssertionError("no OTP SMS reached the fake gateway for " + phone)
    return found


def occurrences(data, secret):
    """Where `secret` appears as a whole digit run in `data` (bytes)."""
    return [m.start() for m in re.finditer(rb"(?<![0-9])" + secret.encode() + rb"(?![0-9])", data)]


def main():
    dialgraph, menus, rest = args_or_exit(__doc__)
    sanitized = "--sanitized" in rest
    checks = Checks()
    work = Workdir(dialgraph, customers=50)
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAt)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    server = None
    try:
        server = Server(dialgraph, menus, work, "--sms-base-url", "http://127.0.0.1:%d" % fake.server_port,
                        "--sms-username", "sandbox", "--sms-api-key", "test-key", "--sms-poll-ms", "50")
        a_phone, a_id = synthetic(1)
        b_phone, _ = synthetic(2)
        used = [DEMO_PIN, NEW_PIN] + WRONG_PINS

        # Brute force inside one session: the third wrong PIN locks.
        path = "1"
        replies = []
        for pin in WRONG_PINS:
            path += "*" + pin
            replies.append(server.callback(path, "bf-a", a_phone)[1])
        checks.expect(replies[0].startswith("CON Wrong PIN. Tries left: 2."), "first wrong PIN: %r" % replies[0])
        checks.expect(replies[1].startswith("CON Wrong PIN. Tries left: 1."), "second wrong PIN: %r" % replies[1])
        checks.expect(replies[2].startswith("END Too many wrong PINs"), "third wrong PIN locks: %r" % replies[2])
        body = server.callback("1*" + DEMO_PIN, "bf-a2", a_phone)[1]
        checks.expect(body.startswith("END Too many wrong PINs") and "balance" not in body,
                      "right PIN refused while locked: %r" % body)
        # Across sessions (a new dial per guess) the count goes on.
        for n, pin in enumerate(WRONG_PINS):
            body = server.callback("1*" + pin, "bf-b%d" % n, b_phone)[1]
        checks.expect(body.startswith("END Too many wrong PINs"), "one guess per session still locks: %r" % body)
        body = server.callback("3*" + DEMO_PIN, "bf-b9", b_phone)[1]
        checks.expect(body.startswith("END Too many wrong PINs"), "right PIN refused in another flow: %r" % body)

        # Forgot PIN: identity, a wrong OTP, the real OTP, a new PIN; then it works.
        steps = ["6", "6*" + a_id]
        for text in steps:
            body = server.callback(text, "fp-a", a_phone)[1]
        checks.expect(body.startswith("CON We sent a 6-digit code"), "OTP sent: %r" % body)
        otp = wait_for_otp(a_phone)
        wrong_otp = "%06d" % ((int(otp) + 500001) % 1000000)
        used += [otp, wrong_otp]
        path = "6*%s*%s" % (a_id, wrong_otp)
        body = server.callback(path, "fp-a", a_phone)[1]
        checks.expect(body.startswith("CON Wrong code."), "wrong OTP refused: %r" % body)
        for extra in (otp, NEW_PIN, NEW_PIN):
            path += "*" + extra
            body = server.callback(path, "fp-a", a_phone)[1]
        checks.expect(body.startswith("END Your new PIN is set"), "PIN reset with the OTP: %r" % body)
        body = server.callback("1*" + NEW_PIN, "after-a", a_phone)[1]
        checks.expect(body.startswith("END Account balance:"), "new PIN works: %r" % body)
        body = server.callback("1*" + DEMO_PIN, "after-a2", a_phone)[1]
        checks.expect(body.startswith("CON Wrong PIN."), "old PIN no longer works: %r" % body)

        # The gateway's end-of-session notifications carry the inputs in clear.
        for session, phone, text in (("fp-a", a_phone, path), ("bf-a", a_phone, "1*" + "*".join(WRONG_PINS)),
                                     ("after-a", a_phone, "1*" + NEW_PIN), ("bf-b9", b_phone, "3*1357")):
            status, _ = server.event({"sessionId": session, "phoneNumber": phone, "serviceCode": "*3664#",
                                      "networkCode": "65001", "status": "Success", "input": text,
                                      "lastAppResponse": "END ...", "date": "2024-05-01 10:00:00"})
            checks.expect(status == 200, "event %s stored" % session)

        # Grep everything while the server runs (the -wal holds SQLite's recent writes) ...
        time.sleep(0.3)
        found = {where + " while serving": data for where, data in work.contents().items()}
        if work.backend == "sqlite":  # PostgreSQL's write-ahead log is the database server's
            checks.expect(len(found["database -wal file while serving"]) > 0, "the -wal file exists while serving")
        code = server.stop()
        checks.expect(code == 0, "server stopped cleanly")
        found.update({where + " after stop": data for where, data in work.contents().items()})
        found["server stderr"] = server.log().encode()
        checks.expect(not server.sanitizer_reports(), "no sanitizer report")
        server = None
        for where, data in found.items():
            leaks = {s: occurrences(data, s)[:3] for s in used if occurrences(data, s)}
            checks.expect(not leaks, "no PIN or OTP in clear in the %s (%d bytes)%s"
                          % (where, len(data), "" if not leaks else ": %r" % leaks))
        print("secrets searched: %d (%s)" % (len(used), ", ".join("*" * len(s) for s in used)))
        if sanitized:
            print("(ASan/UBSan build)")
        return 1 if checks.failures else 0
    finally:
        if server is not None:
            server.kill()
        fake.shutdown()
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
