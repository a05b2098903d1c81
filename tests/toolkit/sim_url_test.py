#!/usr/bin/env python3
"""`dialgraph sim --url`: the terminal phone on a real `dialgraph serve`.

usage: sim_url_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [unittest args]
Python 3 standard library only. Every test stops the server it starts.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

DIALGRAPH = None
MENUS = None
PHONE = "+265991000001"  # Chikondi Banda, English, 250,000.00 MWK, PIN 1357

HOME = ("CON\nWelcome to Paymaart\n1. View Balance\n2. Make Payment\n3. View Transactions\n"
        "4. View Profile\n5. Update PIN\n6. Forgot PIN\n9. Exit\n")


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("DIALGRAPH_")}


class Server:
    """`dialgraph serve` on 127.0.0.1, a free port and a demo database in `workdir`."""

    def __init__(self, workdir):
        db = os.path.join(workdir, "demo.db")
        demo = subprocess.run([DIALGRAPH, "demo", "--db", db], cwd=workdir, capture_output=True, text=True,
                              timeout=120, env=clean_env())
        if demo.returncode != 0:
            raise RuntimeError("dialgraph demo failed:\n" + demo.stderr)
        self.lines = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen([DIALGRAPH, "serve", "--listen", "127.0.0.1:0", "--threads", "1",
                                      "--menus", MENUS, "--db", db],
                                     cwd=workdir, stderr=subprocess.PIPE, text=True, env=clean_env())
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            self.port = self._wait_for_port()
        except Exception:
            self.stop()
            raise

    def _read(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def log(self):
        with self.lock:
            return "\n".join(self.lines)

    def _wait_for_port(self):
        deadline = time.time() + 15
        while time.time() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match:
                return int(match.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError("server exited early:\n" + self.log())
            time.sleep(0.02)
        raise RuntimeError("server did not start:\n" + self.log())

    def stop(self):
        """SIGTERM (a graceful drain), SIGKILL if that takes over 20 s; the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(5)
        self.proc.stderr.close()
        return self.proc.returncode


def sim(url, answers):
    return subprocess.run([DIALGRAPH, "sim", "--url", url, "--phone", PHONE], input=answers,
                          capture_output=True, text=True, timeout=60, env=clean_env())


class SimUrl(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dialgraph-sim-url-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def test_a_scripted_session_against_a_running_server(self):
        server = Server(self.dir)
        self.addCleanup(server.stop)  # also when an assertion fails
        result = sim("http://127.0.0.1:%d/callback" % server.port, "1\n1357\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertRegex(result.stdout, "^" + re.escape(
            "Dialling *3664# from " + PHONE + "\n" + HOME + "> 1\n"
            "CON\nEnter your PIN\n0. Back\n> 1357\n"
            "END\nAccount balance:\n250,000.00 MWK\nLast Updated:\n") +
            r"\d\d/\d\d/\d{4} \d\d:\d\d\n" +
            re.escape("(session ended: Enter dials again, Ctrl-D quits)\n") + "$")
        # The three screens came from the server, one callback each, not from a
        # service run in process.
        self.assertEqual(server.stop(), 0)
        callbacks = re.findall(r"path=/callback status=200 .*session=(sim-\S+)", server.log())
        self.assertEqual(len(callbacks), 3, server.log())
        self.assertEqual(len(set(callbacks)), 1, "one session: " + server.log())

    def test_nothing_listening_is_one_clear_line_and_a_failure(self):
        # A port bound but not listening refuses connections, and stays ours
        # (no other process can start listening on it) until the test ends.
        holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(holder.close)
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        result = sim("http://127.0.0.1:%d/callback" % port, "1\n1357\n")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr,
                         "dialgraph sim: cannot reach 127.0.0.1:%d: connect: Connection refused\n" % port)
        self.assertEqual(result.stdout, "Dialling *3664# from " + PHONE + "\n")

    def test_a_url_that_is_not_http_is_a_usage_error(self):
        result = sim("https://127.0.0.1:1/callback", "")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.splitlines()[0],
                         "dialgraph sim: --url must start with http:// (got 'https://127.0.0.1:1/callback')")
        self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    DIALGRAPH, MENUS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
