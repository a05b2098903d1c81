#!/usr/bin/env python3
"""Hostile HTTP against the real server: it stays up, keeps answering a
well-behaved client within its normal latency, and its memory stays bounded.

usage: hostile_http_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [--sanitized]

Covered here (tests/server/blackbox_test.py already covers, identically: the
plain 413/431 answers, "THIS IS NOT HTTP", %zz, one stalled slow client, the
idle timeout, the connection limit): malformed request lines and framing
(conflicting or absurd Content-Length, bad chunking), an oversize chunked body,
thousands of headers, slowloris (headers trickled a byte at a time, which must
not reset the read timeout), pipelined requests, half-closed connections,
percent-encoding edge cases, NUL bytes, non-UTF-8, CR/LF in fields (one log line
per request), a `text` of thousands of '*', and 1000 idle connections held open
while the latency of a good client is measured (p50/p99 printed, p99 asserted
under a generous bound) and VmRSS is read before and after (printed, bounded).
With DIALGRAPH_TEST_BACKEND=postgresql the server's store is a PostgreSQL database.
"""
import os
import resource
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import GENERIC_ERROR, Checks, args_or_exit, percentile  # noqa: E402
from server import Server  # noqa: E402
from store import Workdir, synthetic  # noqa: E402

FORM = b"Content-Type: application/x-www-form-urlencoded\r\n"
PHONE = synthetic(1)[0]


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def post(path, body, extra=b""):
    return (b"POST " + path + b" HTTP/1.1\r\nHost: x\r\n" + FORM + extra +
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)


def callback_body(text, session="h1", phone=PHONE):
    return ("sessionId=%s&serviceCode=%%2A3664%%23&phoneNumber=%s&networkCode=65001&text="
            % (session, urllib.parse.quote(phone))).encode() + text


def good_latencies(server, count):
    out = []
    for n in range(count):
        started = time.monotonic()
        status, body = server.callback("" if n % 2 else "1", "good-%d-%d" % (time.monotonic_ns(), n), PHONE)
        out.append(time.monotonic() - started)
        if status != 200 or not body.startswith(("CON ", "END ")):
            raise AssertionError("good client got %d %r" % (status, body))
    return out


def slowloris(port, stop, closed_after, interval=0.2):
    """Trickles a request's headers one byte per `interval`; records when closed."""
    head = b"POST /callback HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 400
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    started = time.monotonic()
    try:
        for byte in head:
            if stop.is_set():
                return
            sock.sendall(bytes([byte]))
            time.sleep(interval)
    except OSError:
        closed_after.append(time.monotonic() - started)
    finally:
        sock.close()


def fd_exhaustion(dialgraph, menus, work, checks):
    """Regression: out of file descriptors, the acceptor used to retry at once,
    forever: a core at 100% and ~10^5 log lines a second. It must pause, and
    serve again once descriptors are free."""
    server = Server(dialgraph, menus, work,
                    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64)))
    socks = []
    try:
        socks = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(100)]
        time.sleep(0.3)
        cpu, lines = server.cpu_seconds(), len(server.lines)
        time.sleep(1.0)
        cpu, lines = server.cpu_seconds() - cpu, len(server.lines) - lines
        print("out of descriptors for 1 s: %.2f s of CPU, %d log lines" % (cpu, lines))
        checks.expect(cpu < 0.3 and lines < 50, "no busy accept loop when out of file descriptors")
        for sock in socks:
            sock.close()
        socks = []
        time.sleep(0.3)
        checks.expect(server.request("GET", "/healthz", timeout=5)[0] == 200, "serves again once descriptors are free")
        checks.expect(server.stop() == 0, "server stops cleanly after descriptor exhaustion")
    finally:
        for sock in socks:
            sock.close()
        server.kill()


def main():
    dialgraph, menus, rest = args_or_exit(__doc__)
    sanitized = "--sanitized" in rest
    fds = raise_fd_limit()
    checks = Checks()
    work = Workdir(dialgraph, customers=10)
    server = None
    idle = []
    try:
        server = Server(dialgraph, menus, work, "--read-timeout-ms", "2000")
        port = server.port
        good_latencies(server, 50)  # warm up
        rss_before = server.rss_kb()
        baseline = good_latencies(server, 100)

        # Malformed request lines and framing: a 4xx or a plain close, never a crash.
        malformed = [
            b"GET\r\n\r\n",
            b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
            b"G\x00T /healthz HTTP/1.1\r\n\r\n",
            b" / HTTP/1.1\r\n\r\n",
            b"\r\n\r\n\r\n",
            bytes(range(256)) * 4,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n",
            b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Content-Length: -1\r\n\r\n",
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Content-Length: 5\r\nContent-Length: 7\r\n\r\nabcdefg",
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Content-Length: 99999999999999999999\r\n\r\n",
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n",
            b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
        ]
        for n, data in enumerate(malformed):
            answer = server.exchange(data)
            checks.expect(answer == b"" or answer.startswith(b"HTTP/1.1 4"),
                          "malformed #%d answered %r" % (n, answer[:40]))
        chunked = b"".join(b"%x\r\n%s\r\n" % (4000, b"a" * 4000) for _ in range(3)) + b"0\r\n\r\n"
        answer = server.exchange(b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM +
                          b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
        checks.expect(answer.startswith(b"HTTP/1.1 413"), "oversize chunked body: %r" % answer[:40])
        answer = server.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-a: b\r\n" * 3000 + b"\r\n")
        checks.expect(answer.startswith(b"HTTP/1.1 431"), "3000 headers: %r" % answer[:40])

        # Pipelined: three requests in one write, three answers in order.
        body = callback_body(b"")
        pipelined = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" +
                     b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM + b"Content-Length: %d\r\n\r\n" % len(body) + body +
                     b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = server.exchange(pipelined)
        parts = answer.split(b"HTTP/1.1 ")
        checks.expect(answer.count(b"HTTP/1.1 200") == 3 and b"CON " in parts[2] and b"menus_version" in parts[3],
                      "pipelined requests answered in order")

        # Half-closed: a whole request then FIN still gets its answer; FIN in
        # the middle of a body ends the connection at once, not at the timeout.
        answer = server.exchange(post(b"/callback", callback_body(b"")), shut=True)
        checks.expect(answer.startswith(b"HTTP/1.1 200") and b"CON " in answer, "request then half-close answered")
        started = time.monotonic()
        answer = server.exchange(b"POST /callback HTTP/1.1\r\nHost: x\r\n" + FORM +
                          b"Content-Length: 100\r\n\r\nsessionId=1", shut=True)
        checks.expect(time.monotonic() - started < 1.5 and (answer == b"" or answer.startswith(b"HTTP/1.1 400")),
                      "half-close inside a body: %r after %.2f s" % (answer[:30], time.monotonic() - started))

        # Percent-encoding edge cases.
        for tail in (b"%", b"%4", b"%G1", b"%%41", b"1%2"):
            answer = server.exchange(post(b"/callback", callback_body(tail)))
            checks.expect(answer.startswith(b"HTTP/1.1 400") and b"bad percent-encoding" in answer,
                          "bad percent-encoding %r refused" % tail)
        answer = server.exchange(post(b"/callback", b"sessionId%=1&" + callback_body(b"")))
        checks.expect(answer.startswith(b"HTTP/1.1 400"), "bad percent-encoding in a name refused")

        # NUL bytes, non-UTF-8, CR/LF: an answer (USSD text or 400), one log line each.
        odd = [callback_body(b"1%00%00*%00"), callback_body(b"\x00\x00"), callback_body(b"%FF%FE%80*\xff\xc3("),
               callback_body(b"1", session="nul%00x"), callback_body(b"", session="odd-phone", phone="+26599\xff\x00"),
               callback_body(b"", session="evil%0D%0Alevel%3Derror+msg%3Dforged")]
        for n, data in enumerate(odd):
            answer = server.exchange(post(b"/callback", data))
            status_ok = answer.startswith(b"HTTP/1.1 200") or answer.startswith(b"HTTP/1.1 400")
            checks.expect(status_ok and GENERIC_ERROR.encode() not in answer,
                          "odd bytes #%d answered %r" % (n, answer.split(b"\r\n\r\n", 1)[-1][:40]))
        forged = [line for line in server.log().splitlines() if line.startswith("level=error msg=forged")]
        checks.expect(not forged, "CR/LF in a field cannot forge a log line")

        # A text of thousands of '*' (raw, so it fits the 8 KiB body limit).
        started = time.monotonic()
        answer = server.exchange(post(b"/callback", callback_body(b"*" * 8000)))
        elapsed = time.monotonic() - started
        checks.expect(answer.startswith(b"HTTP/1.1 200") and b"END This session is too long" in answer and elapsed < 1,
                      "8000 '*' ended politely in %.0f ms" % (1000 * elapsed))
        answer = server.exchange(post(b"/callback", callback_body(b"1*" * 20 + b"9" * 7000)))
        checks.expect(answer.startswith(b"HTTP/1.1 200"), "a 7000-digit input answered")

        # Slowloris: bytes trickled every 0.2 s must not keep the connection past
        # the 2 s read timeout.
        stop = threading.Event()
        closed_after = []
        lorises = [threading.Thread(target=slowloris, args=(port, stop, closed_after), daemon=True) for _ in range(10)]
        for t in lorises:
            t.start()

        # 1000 idle connections, held while a good client is measured.
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(0.3)
        loaded = good_latencies(server, 200)
        for t in lorises:
            t.join(10)
        stop.set()
        checks.expect(len(closed_after) == 10 and max(closed_after) < 4.5,
                      "slowloris cut off by the read timeout: after %s s"
                      % ", ".join("%.1f" % s for s in sorted(closed_after)))
        status, metrics = server.request("GET", "/metrics")
        rss_after = server.rss_kb()
        for sock in idle:
            sock.close()
        idle = []
        time.sleep(0.3)
        after_close = good_latencies(server, 20)

        limit = 1.0 if sanitized else 0.2
        p50, p99 = percentile(baseline, 0.5), percentile(baseline, 0.99)
        l50, l99 = percentile(loaded, 0.5), percentile(loaded, 0.99)
        print("fd limit %d; good client, quiet: p50 %.1f ms p99 %.1f ms; with 1000 idle + 10 slowloris: "
              "p50 %.1f ms p99 %.1f ms max %.1f ms; after: p99 %.1f ms"
              % (fds, 1000 * p50, 1000 * p99, 1000 * l50, 1000 * l99, 1000 * max(loaded),
                 1000 * percentile(after_close, 0.99)))
        print("VmRSS before %d kB, with 1000 idle connections %d kB (+%d kB)"
              % (rss_before, rss_after, rss_after - rss_before))
        checks.expect(l99 < limit, "p99 under load %.1f ms < %.0f ms" % (1000 * l99, 1000 * limit))
        rss_bound = 400_000 if sanitized else 100_000
        checks.expect(rss_after - rss_before < rss_bound, "RSS grew less than %d MB" % (rss_bound // 1000))
        checks.expect(status == 200 and server.alive(), "server alive, metrics answer")
        checks.expect(server.stop() == 0, "server stops cleanly")
        checks.expect(not server.sanitizer_reports(), "no sanitizer report")
        server = None
        if sanitized:
            # Open question (docs/reliability.md): at the descriptor limit the
            # UBSan build aborts with a vptr report inside Boost's
            # error_category::message while logging EMFILE; not yet diagnosed
            # (the sanitizer runtime has no descriptor left either).
            print("skip fd_exhaustion under the sanitizers (see docs/reliability.md)")
        else:
            fd_exhaustion(dialgraph, menus, work, checks)
        return 1 if checks.failures else 0
    finally:
        for sock in idle:
            sock.close()
        if server is not None:
            server.kill()
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
