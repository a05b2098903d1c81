#!/usr/bin/env python3
"""Black-box tests of `dialgraph serve`: the real binary, spoken to over HTTP.

usage: blackbox_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [unittest args]
Python 3 standard library only. Each test has a demo store of its own
(tests/reliability/store.py: a SQLite file, or with DIALGRAPH_TEST_BACKEND=postgresql
a database on DIALGRAPH_TEST_PG_URL's server) and stops the servers it starts.
"""
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliability"))
from common import args_or_exit, clean_env  # noqa: E402
from server import Server  # noqa: E402
from store import DEMO_PHONE, Workdir  # noqa: E402

DIALGRAPH = None
MENUS = None


def receive(sock, until=None):
    """What `sock` receives until it closes, or until `until` is in it."""
    answer = b""
    while until is None or until not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


class BlackboxServer(Server):
    """server.Server answering (status, body, headers), with this file's defaults."""

    def request(self, method, path, body=None, headers=None, timeout=10):
        return self.response(method, path, body, headers, timeout)

    def callback(self, text="", session="s1", phone=DEMO_PHONE, path="/callback", headers=None):
        return super().callback(text, session, phone, path=path, headers=headers)


class ServeTestCase(unittest.TestCase):
    def setUp(self):
        self.work = Workdir(DIALGRAPH, customers=10, prefix="dialgraph-bb-")
        self.addCleanup(self.work.cleanup)
        self.dir = self.work.path

    def start(self, *flags, menus=None, env=None, preexec_fn=None):
        server = BlackboxServer(DIALGRAPH, menus or MENUS, self.work, *flags, env=env, preexec_fn=preexec_fn)
        self.addCleanup(server.kill)  # before the store goes: cleanups run last in, first out
        return server


class Endpoints(ServeTestCase):
    def test_callback_session_start_and_step(self):
        server = self.start()
        status, body, headers = server.callback("")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        self.assertTrue(body.startswith("CON "), body)
        status, body, _ = server.callback("", phone="+265888000999", session="s2")
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith("END "), body)
        # Request lines are batched (up to 0.1 s) before they reach stderr.
        self.assertTrue(server.wait_log(r"path=/callback status=200 .*session=s1 phone=\+\*+0001 screen="),
                        server.log())
        self.assertNotIn("991000001", server.log())

    def test_events_and_logs_are_stored_with_secrets_masked(self):
        server = self.start()
        for path, session in (("/events", "e1"), ("/logs", "e2")):
            body = urllib.parse.urlencode({
                "sessionId": session, "phoneNumber": DEMO_PHONE, "serviceCode": "*3664#",
                "networkCode": "65001", "status": "Success", "cost": "MWK 0.5", "durationInMillis": "2300",
                "hopsCount": "3", "input": "1*1357", "lastAppResponse": "END Bye", "errorMessage": "",
                "date": "2024-05-01 10:00:00"})
            status, text, _ = server.request("POST", path, body,
                                             {"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(status, 200, text)
        self.assertEqual(server.stop(), 0)
        rows = self.work.query("SELECT session_id, input, status FROM events ORDER BY session_id")
        self.assertEqual(rows, [("e1", "1*****", "Success"), ("e2", "1*****", "Success")])
        self.assertNotIn("1357", server.log())

    def test_healthz_and_metrics(self):
        server = self.start()
        server.callback("")
        status, body, headers = server.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertRegex(body, r'"menus_version":"[0-9a-f]+"')
        self.assertIn('"status":"ok"', body)
        status, body, headers = server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertIn("version=0.0.4", headers["Content-Type"])
        self.assertIn('dialgraph_http_requests_total{endpoint="callback",code="200"} 1', body)
        self.assertIn("dialgraph_ussd_sessions_started_total 1", body)
        self.assertIn("dialgraph_http_request_duration_seconds_bucket{le=\"+Inf\"}", body)
        self.assertIn("dialgraph_ussd_error_endings_total 0", body)
        # A request after the session's END ends on the error text: counted.
        server.callback("9")
        server.callback("9*1")
        _, body, _ = server.request("GET", "/metrics")
        self.assertIn("dialgraph_ussd_error_endings_total 1", body)

    def test_without_sms_credentials_an_sms_is_logged_without_its_text_unless_asked(self):
        server = self.start("--sms-poll-ms", "50")
        paid = server.callback("2*PM100002*1000*1*1357", session="pay")[1]
        self.assertTrue(paid.startswith("END Paid 1,000.00 MWK"), paid)
        self.assertTrue(server.wait_log(r"(?s)(msg=\"sms \(log only.*bytes=\d+.*){2}"), server.log())
        sms_lines = [line for line in server.log().splitlines() if "sms (log only" in line]
        self.assertFalse([line for line in sms_lines if "text=" in line or "MWK" in line or "Phiri" in line],
                         sms_lines)
        self.assertEqual(server.stop(), 0)
        demo = self.start("--sms-poll-ms", "50", "--sms-log-full-text", "true")
        demo.callback("2*PM100002*1000*1*1357", session="pay-again")
        self.assertTrue(demo.wait_log(r"sms \(log only.*text=\"Paymaart: You sent MWK 1,000.00 to Thokozani Phiri"),
                        demo.log())

    def test_expect_100_continue_is_answered_before_the_body_is_sent(self):
        server = self.start("--read-timeout-ms", "1000")
        body = b"sessionId=ex1&serviceCode=*3664%23&phoneNumber=%2B" + DEMO_PHONE.lstrip("+").encode() + b"&text="
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"POST /callback HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body))
            self.assertEqual(sock.recv(64), b"HTTP/1.1 100 Continue\r\n\r\n")
            sock.sendall(body)
            answer = receive(sock, until=b"CON ")
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 OK"), answer)
        self.assertIn(b"CON Welcome to Paymaart", answer)

    def test_responses_are_well_formed_http_1_1(self):
        server = self.start()

        def parts(answer):
            head, _, body = answer.partition(b"\r\n\r\n")
            status, *fields = head.split(b"\r\n")
            headers = {}
            for field in fields:
                name, _, value = field.partition(b":")
                self.assertNotIn(name.lower(), headers, answer)
                headers[name.lower()] = value.strip()
            self.assertEqual(int(headers[b"content-length"]), len(body), answer)
            return status, headers, body

        body = b"sessionId=wf1&serviceCode=*3664%23&phoneNumber=%2B" + DEMO_PHONE.lstrip("+").encode() + b"&text="
        # HTTP/1.0 without keep-alive: answered as HTTP/1.1, and closed.
        status, headers, reply = parts(server.exchange(
            b"POST /callback HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body) + body))
        self.assertEqual(status, b"HTTP/1.1 200 OK")
        self.assertEqual(headers[b"content-type"], b"text/plain; charset=utf-8")
        self.assertEqual(headers[b"connection"], b"close")
        self.assertTrue(reply.startswith(b"CON Welcome to Paymaart\n"), reply)
        # A refusal with a header of its own.
        status, headers, reply = parts(server.exchange(b"GET /callback HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        self.assertEqual((status, headers[b"allow"]), (b"HTTP/1.1 405 Method Not Allowed", b"POST"))
        self.assertTrue(reply.endswith(b"\n"), reply)

    def test_head_is_get_without_the_body(self):
        server = self.start()
        # Pipelined: the HEAD answer carries no body, so the next answer follows at once.
        answer = server.exchange(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                 b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head, get = answer.split(b"HTTP/1.1 200 OK")[1:]
        self.assertTrue(head.endswith(b"Content-Length: 47\r\n\r\n"), head)
        self.assertTrue(get.endswith(b'"status":"ok"}\n'), get)
        status, _, headers = server.request("POST", "/healthz", "")
        self.assertEqual((status, headers.get("Allow")), (405, "GET, HEAD"))
        # A refused HEAD has no body either: the next answer follows at once.
        answer = server.exchange(b"HEAD /callback HTTP/1.1\r\nHost: x\r\n\r\n"
                                 b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        refused, get = answer.split(b"\r\n\r\n", 1)
        self.assertTrue(refused.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n"), answer)
        self.assertIn(b"\r\nAllow: POST\r\n", refused)
        self.assertTrue(get.startswith(b"HTTP/1.1 200 OK\r\n"), answer)

    def test_http_1_0_keep_alive_is_acknowledged(self):
        server = self.start()
        answer = server.exchange(b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n")
        first, second = answer.split(b"HTTP/1.1 200 OK")[1:]
        self.assertIn(b"\r\nConnection: keep-alive\r\n", first)
        self.assertIn(b"\r\nConnection: close\r\n", second)

    def test_keep_alive(self):
        server = self.start()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            for _ in range(3):
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200)
        finally:
            conn.close()

    def test_help(self):
        result = subprocess.run([DIALGRAPH, "serve", "--help"], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 0)
        for text in ("--menus", "--db", "--listen", "--threads", "DIALGRAPH_MENUS", "paymaart:"):
            self.assertIn(text, result.stdout)
        result = subprocess.run([DIALGRAPH, "serve", "--bogus", "1"], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown option '--bogus'", result.stderr)


class BadInput(ServeTestCase):
    def test_status_codes(self):
        server = self.start()
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        self.assertEqual(server.request("GET", "/nope")[0], 404)
        status, _, headers = server.request("GET", "/callback")
        self.assertEqual((status, headers.get("Allow")), (405, "POST"))
        self.assertEqual(server.request("POST", "/healthz", "")[0], 405)
        self.assertEqual(server.request("POST", "/callback", "{}", {"Content-Type": "application/json"})[0], 415)
        status, body, _ = server.request("POST", "/callback", "sessionId=1&serviceCode=x&text=", form)
        self.assertEqual((status, body), (400, "missing field 'phoneNumber'\n"))
        status, body, _ = server.request("POST", "/callback", "sessionId=1&text=%zz", form)
        self.assertEqual(status, 400)
        self.assertIn("bad percent-encoding", body)
        self.assertEqual(server.request("POST", "/events", "status=Success", form)[0], 400)
        status, body, _ = server.request("POST", "/events", "sessionId=+&status=Success", form)
        self.assertEqual((status, body), (400, "empty field 'sessionId'\n"))
        status, body, _ = server.request("POST", "/callback", "sessionId=1&serviceCode=x&phoneNumber=1&networkCode="
                                         + "6" * 300 + "&text=", form)
        self.assertEqual((status, body), (400, "field 'networkCode' is too long\n"))
        answer = server.exchange(b"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                 b"application/x-www-form-urlencoded\r\nContent-Length: 9000\r\n\r\n" + b"a" * 9000)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer)
        answer = server.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 431"), answer)
        answer = server.exchange(b"THIS IS NOT HTTP\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer)
        status, body, _ = server.request("GET", "/metrics")
        for reason in ("not_found", "bad_method", "bad_content_type", "missing_field", "empty_field",
                       "field_too_long", "bad_encoding", "body_too_large", "header_too_large", "malformed"):
            self.assertIn('dialgraph_bad_requests_total{reason="%s"}' % reason, body)
        self.assertEqual(server.stop(), 0)
        # A refusal's log line names the request when its request line was read.
        self.assertIn("method=GET path=/healthz status=431", server.log())

    def test_untrustworthy_framing_is_refused_and_the_connection_closed(self):
        # RFC 9112 3.2, 6.1, 6.3: what follows such a request could be read as
        # another request (smuggled past a proxy), so nothing after it is served.
        server = self.start()
        form = b"Content-Type: application/x-www-form-urlencoded\r\n"
        smuggled = b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
        cases = {
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + form + b"Transfer-Encoding: gzip\r\n\r\n" + smuggled:
                b"Transfer-Encoding without chunked last\n",
            # Beast reads a body that names chunked twice as no body at all.
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + form + b"Transfer-Encoding: chunked, chunked\r\n\r\n"
            b"3\r\na=b\r\n0\r\n\r\n" + smuggled: b"Transfer-Encoding without chunked last\n",
            b"POST /callback HTTP/1.0\r\n" + form + b"Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"
            b"3\r\na=b\r\n0\r\n\r\n" + smuggled: b"Transfer-Encoding in an HTTP/1.0 request\n",
            b"GET /healthz HTTP/1.1\r\n\r\n" + smuggled: b"missing or repeated Host header\n",
            b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled: b"missing or repeated Host header\n",
        }
        for sent, reason in cases.items():
            answer = server.exchange(sent)
            self.assertTrue(answer.startswith(b"HTTP/1.1 400 Bad Request\r\n"), answer)
            self.assertTrue(answer.endswith(b"\r\n\r\n" + reason), answer)
            self.assertIn(b"\r\nConnection: close\r\n", answer)
            self.assertEqual(answer.count(b"HTTP/1.1"), 1, answer)  # the GET after it was not served

    def test_slow_client_does_not_stall_others(self):
        server = self.start("--read-timeout-ms", "1000")
        slow = socket.create_connection(("127.0.0.1", server.port))
        try:
            slow.sendall(b"POST /callback HTTP/1.1\r\nHost: x\r\n")  # and then nothing
            started = time.time()
            for _ in range(5):
                self.assertEqual(server.request("GET", "/healthz")[0], 200)
            self.assertLess(time.time() - started, 1.0)
            slow.settimeout(5)
            self.assertEqual(slow.recv(100), b"")  # closed by the read timeout
        finally:
            slow.close()
        # Counted and logged like other bad requests, though no answer could go out.
        # The stream closes the socket before its handler counts it: wait for the count.
        counted = 'dialgraph_bad_requests_total{reason="read_timeout"} 1'
        deadline = time.time() + 5
        while counted not in server.request("GET", "/metrics")[1] and time.time() < deadline:
            time.sleep(0.05)
        self.assertIn(counted, server.request("GET", "/metrics")[1])
        self.assertEqual(server.stop(), 0)
        self.assertIn('msg="request not read in time; connection closed" client=127.0.0.1 timeout_ms=1000',
                      server.log())

    def test_idle_connections_are_closed(self):
        server = self.start("--idle-timeout-ms", "300")
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as idle:
            started = time.time()
            self.assertEqual(idle.recv(100), b"")
            self.assertLess(time.time() - started, 3)

    def test_connection_limit(self):
        server = self.start("--max-connections", "2")
        held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(2)]
        try:
            time.sleep(0.2)
            answer = server.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 503"), answer)
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.2)
        self.assertEqual(server.request("GET", "/healthz")[0], 200)


    def test_the_open_files_limit_is_raised_or_named_when_it_keeps_max_connections_out_of_reach(self):
        def limit(soft, hard):
            return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        warning = r"level=warn msg=\"max_connections cannot be reached"
        if hard == resource.RLIM_INFINITY or hard >= 2000:
            # Soft 100, hard as it is: raised to the hard limit, no warning.
            server = self.start("--max-connections", "1000", preexec_fn=limit(100, hard))
            self.assertEqual(server.request("GET", "/healthz")[0], 200)
            self.assertEqual(server.stop(), 0)
            self.assertNotRegex(server.log(), warning)
        server = self.start("--max-connections", "1000", preexec_fn=limit(256, 256))
        self.assertTrue(server.wait_log(warning + r".*only 256 files"), server.log())


    def test_a_grace_period_shorter_than_the_deadline_is_warned_about(self):
        server = self.start("--shutdown-grace-ms", "300", "--deadline-ms", "8000")
        self.assertTrue(server.wait_log(r"level=warn msg=\"shutdown_grace_ms is below deadline_ms"), server.log())


class Access(ServeTestCase):
    def test_allowlist(self):
        server = self.start("--allow", "18.133.205.228,35.177.236.113,3.8.44.1")
        self.assertEqual(server.callback("")[0], 403)
        self.assertEqual(server.request("GET", "/healthz")[0], 200)

    def test_key_and_trusted_proxy(self):
        server = self.start("--allow", "18.133.205.228", "--trusted-proxies", "127.0.0.1",
                            "--callback-key", "k-123")
        xff = {"X-Forwarded-For": "18.133.205.228"}
        self.assertEqual(server.callback("", path="/callback?key=k-123", headers=xff)[0], 200)
        self.assertEqual(server.callback("", path="/callback?key=wrong", headers=xff)[0], 403)
        self.assertEqual(server.callback("", path="/callback", headers=xff)[0], 403)
        self.assertEqual(server.callback("", path="/callback?key=k-123")[0], 403)
        self.assertTrue(server.wait_log(r"(?s)(status=403.*){3}"), server.log())
        self.assertNotIn("k-123", server.log())

    def test_the_demo_pepper_is_warned_about_and_another_than_the_databases_refused(self):
        server = self.start()
        self.assertTrue(server.wait_log(r"level=warn msg=\"serving with the published demo pepper"), server.log())
        self.assertEqual(server.stop(), 0)
        config = os.path.join(self.dir, "other-pepper.yaml")
        with open(config, "w") as f:
            f.write("paymaart:\n  pepper: \"%s\"\n" % ("ab" * 32))
        refused = subprocess.run([DIALGRAPH, "serve", "--listen", "127.0.0.1:0", "--menus", MENUS,
                                  "--db", self.work.db, "--config", config],
                                 cwd=self.dir, capture_output=True, text=True, timeout=30, env=clean_env())
        self.assertEqual(refused.returncode, 1)
        self.assertIn("hashed with another pepper than the one configured", refused.stderr)

    def test_a_database_without_customers_is_served_with_a_warning(self):
        if self.work.backend == "postgresql":
            self.skipTest("an empty SQLite file; on PostgreSQL the test database always has the demo")
        empty = os.path.join(self.dir, "empty.db")
        open(empty, "w").close()
        server = self.start("--db", empty)
        self.assertTrue(server.wait_log(r"level=warn msg=\"the database has no customers"), server.log())
        self.assertTrue(server.callback("")[1].startswith("END This number is not registered"))

    def test_a_database_that_does_not_exist_is_not_made_empty_and_served(self):
        if self.work.backend == "postgresql":
            self.skipTest("a path on SQLite; a PostgreSQL database must exist to be connected to")
        missing = os.path.join(self.dir, "mistyped.db")
        refused = subprocess.run([DIALGRAPH, "serve", "--listen", "127.0.0.1:0", "--menus", MENUS, "--db", missing],
                                 cwd=self.dir, capture_output=True, text=True, timeout=30, env=clean_env())
        self.assertEqual(refused.returncode, 1)
        self.assertIn("no database at " + missing + "; create one with `dialgraph demo", refused.stderr)
        self.assertFalse(os.path.exists(missing))

    def test_config_file_and_flag_precedence(self):
        config = os.path.join(self.dir, "dialgraph.yaml")
        with open(config, "w") as f:
            f.write("allow: [10.1.1.1]\ncallback_key: from-file\nsms:\n  poll_ms: 1000\n")
        server = self.start("--config", config, "--allow", "127.0.0.1",
                            env={"DIALGRAPH_CALLBACK_KEY": "from-env"})
        self.assertEqual(server.callback("", path="/callback?key=from-file")[0], 200)
        self.assertEqual(server.callback("", path="/callback?key=from-env")[0], 403)


class EndedSessions(ServeTestCase):
    """The gateway may send a session's last request again; it sends nothing after an END."""

    def dial(self, server, session, *steps, phone=DEMO_PHONE):
        body = ""
        for n in range(len(steps) + 1):
            status, body, _ = server.callback("*".join(steps[:n]), session=session, phone=phone)
            self.assertEqual(status, 200)
        return body

    def balance(self, server, session, pin="1357", phone=DEMO_PHONE):
        return self.dial(server, session, "1", pin, phone=phone)

    def test_a_retried_last_request_gets_its_end_again_whatever_changed_since(self):
        server = self.start()
        # 248,500 MWK and the 1,500 MWK fee leave nothing: replaying the path
        # now would find the amount unaffordable and walk elsewhere.
        steps = ("2", "PM100002", "248500", "1", "1357")
        paid = self.dial(server, "pay", *steps)
        self.assertTrue(paid.startswith("END Paid 248,500.00 MWK to Thokozani Phiri."), paid)
        _, again, _ = server.callback("*".join(steps), session="pay")
        self.assertEqual(again, paid)
        # Inputs after the END do nothing: the session is over.
        _, more, _ = server.callback("*".join(steps + ("1",)), session="pay")
        self.assertTrue(more.startswith("END Sorry, something went wrong"), more)
        self.assertIn("Account balance:\n0.00 MWK", self.balance(server, "after"))
        self.assertIn("323,500.00 MWK",
                      self.balance(server, "payee", phone="+265991000002"))

    def test_after_an_end_a_chichewa_caller_is_answered_in_chichewa(self):
        server = self.start()
        bye = self.dial(server, "ny", "9", phone="+265991000002")
        self.assertTrue(bye.startswith("END Zikomo"), bye)
        _, more, _ = server.callback("9*1", session="ny", phone="+265991000002")
        self.assertTrue(more.startswith("END Pepani, pachitika vuto"), more)

    def test_an_ended_pin_change_cannot_be_continued_into_another(self):
        server = self.start()
        changed = self.dial(server, "pin", "5", "1357", "2468", "2468")
        self.assertTrue(changed.startswith("END "), changed)
        _, again, _ = server.callback("5*1357*2468*2468", session="pin")
        self.assertEqual(again, changed)
        _, more, _ = server.callback("5*1357*2468*2468*1470*1470", session="pin")
        self.assertTrue(more.startswith("END Sorry, something went wrong"), more)
        self.assertIn("Account balance:", self.balance(server, "new-pin", pin="2468"))
        self.assertNotIn("Account balance:", self.balance(server, "not-1470", pin="1470"))

    def test_a_session_id_from_another_phone_neither_sees_nor_continues_the_session(self):
        server = self.start()
        other = "+265991000002"
        shown = self.balance(server, "mine")
        self.assertIn("Account balance:\n250,000.00 MWK", shown)
        # The same id and text from another phone: not the first phone's END.
        _, replayed, _ = server.callback("1*1357", session="mine", phone=other)
        self.assertTrue(replayed.startswith("END Sorry, something went wrong"), replayed)
        # A live session: the other phone is refused, the caller goes on.
        self.dial(server, "live", "2", "PM100002")
        _, forged, _ = server.callback("2*PM100002*1000", session="live", phone=other)
        self.assertTrue(forged.startswith("END Sorry, something went wrong"), forged)
        _, mine, _ = server.callback("2*PM100002*1000", session="live")
        self.assertTrue(mine.startswith("CON Pay Thokozani Phiri\nAmount: 1,000.00 MWK"), mine)


class Lifecycle(ServeTestCase):
    def hammer(self, server, stop, failures, counter):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                status, body, _ = server.callback("" if n % 2 else "1", session="h%d-%d" % (threading.get_ident(), n))
                if status != 200 or not (body.startswith("CON ") or body.startswith("END ")):
                    failures.append((status, body))
            except Exception as error:  # noqa: BLE001 - any failure counts
                failures.append(repr(error))
            counter.append(1)

    def test_sighup_reload_valid_and_invalid_under_load(self):
        menus = os.path.join(self.dir, "menus.yaml")
        shutil.copy(MENUS, menus)
        server = self.start(menus=menus)
        version = lambda: re.search(r'"menus_version":"(\w+)"', server.request("GET", "/healthz")[1]).group(1)
        first = version()
        stop, failures, counter = threading.Event(), [], []
        workers = [threading.Thread(target=self.hammer, args=(server, stop, failures, counter)) for _ in range(4)]
        for worker in workers:
            worker.start()
        try:
            time.sleep(0.3)
            with open(menus, "a") as f:
                f.write("\n# edited\n")
            server.proc.send_signal(signal.SIGHUP)
            self.assertTrue(server.wait_log(r"msg=\"menus loaded\".*version=(?!%s)" % first))
            second = version()
            self.assertNotEqual(first, second)
            time.sleep(0.3)
            with open(menus, "w") as f:
                f.write("service: [broken\n")
            server.proc.send_signal(signal.SIGHUP)
            self.assertTrue(server.wait_log(r"menus not reloaded"))
            self.assertEqual(version(), second)
            time.sleep(0.3)
        finally:
            stop.set()
            for worker in workers:
                worker.join()
        self.assertEqual(failures, [])
        self.assertGreater(len(counter), 20)
        metrics = server.request("GET", "/metrics")[1]
        self.assertIn('dialgraph_menu_reloads_total{result="success"} 1', metrics)
        self.assertIn('dialgraph_menu_reloads_total{result="failure"} 1', metrics)
        self.assertIn("dialgraph_menu_last_reload_success 0", metrics)
        self.assertEqual(server.stop(), 0)

    def test_sigterm_drains_in_flight_requests(self):
        server = self.start()
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        busy = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        try:
            body = urllib.parse.urlencode({"sessionId": "d1", "serviceCode": "*3664#", "phoneNumber": DEMO_PHONE,
                                           "text": ""}).encode()
            head = ("POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: %d\r\n\r\n" % len(body)).encode()
            busy.sendall(head + body[:5])  # a request in flight
            time.sleep(0.2)
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(idle.recv(100), b"")  # idle connections close at once
            time.sleep(0.3)
            busy.sendall(body[5:])
            answer = receive(busy)
            self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer)
            self.assertIn(b"Connection: close", answer)
            self.assertIn(b"CON ", answer)
        finally:
            idle.close()
            busy.close()
        self.assertEqual(server.proc.wait(10), 0)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()

    def test_a_request_arriving_after_sigterm_on_an_idle_connection_is_not_acted_on(self):
        server = self.start()
        steps = ["", "2", "2*PM100002", "2*PM100002*1000", "2*PM100002*1000*1"]
        for text in steps:
            self.assertEqual(server.callback(text, session="late")[0], 200)
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        try:
            time.sleep(0.2)
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(idle.recv(100), b"")  # the server is done with this connection
            body = urllib.parse.urlencode({"sessionId": "late", "serviceCode": "*3664#", "phoneNumber": DEMO_PHONE,
                                           "text": "2*PM100002*1000*1*1357"}).encode()
            try:
                idle.sendall(("POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                              "\r\nContent-Length: %d\r\n\r\n" % len(body)).encode() + body)
                answer = idle.recv(4096)
            except OSError:
                answer = b""
            self.assertEqual(answer, b"")  # no reply, so the payment must not have been made
        finally:
            idle.close()
        self.assertEqual(server.proc.wait(10), 0)
        self.assertEqual(self.work.value("SELECT COUNT(*) FROM transfers WHERE kind = 'payment'"), "0")


if __name__ == "__main__":
    DIALGRAPH, MENUS, rest = args_or_exit(__doc__)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
