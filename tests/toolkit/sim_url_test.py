#!/usr/bin/env python3
"""`dialgraph sim --url`: the terminal phone on a real `dialgraph serve`; and
`dialgraph sim --db` in process on the same kind of store.

usage: sim_url_test.py PATH/TO/dialgraph PATH/TO/menus.yaml [unittest args]
Python 3 standard library only. The server's demo store comes from
tests/reliability/store.py: a SQLite file, or with DIALGRAPH_TEST_BACKEND=postgresql
a database on DIALGRAPH_TEST_PG_URL's server. Every test stops the server it starts.
"""
import os
import re
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reliability"))
from common import args_or_exit, clean_env  # noqa: E402
from server import Server  # noqa: E402
from store import DEMO_PHONE, Workdir  # noqa: E402

DIALGRAPH = None
MENUS = None

HOME = ("CON\nWelcome to Paymaart\n1. View Balance\n2. Make Payment\n3. View Transactions\n"
        "4. View Profile\n5. Update PIN\n6. Forgot PIN\n9. Exit\n")


def sim(url, answers):
    return subprocess.run([DIALGRAPH, "sim", "--url", url, "--phone", DEMO_PHONE], input=answers,
                          capture_output=True, text=True, timeout=60, env=clean_env())


class SimUrl(unittest.TestCase):
    def test_a_scripted_session_against_a_running_server(self):
        work = Workdir(DIALGRAPH, customers=0, prefix="dialgraph-sim-url-")
        self.addCleanup(work.cleanup)
        server = Server(DIALGRAPH, MENUS, work)
        self.addCleanup(server.kill)  # also when an assertion fails; before the store goes
        result = sim("http://127.0.0.1:%d/callback" % server.port, "1\n1357\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        # A second run at once is a new session, not the first one's ended one.
        again = sim("http://127.0.0.1:%d/callback" % server.port, "1\n1357\n")
        self.assertIn("Account balance:", again.stdout)
        self.assertEqual(result.stderr, "")
        self.assertRegex(result.stdout, "^" + re.escape(
            "Dialling *3664# from " + DEMO_PHONE + "\n" + HOME + "> 1\n"
            "CON\nEnter your PIN\n0. Back\n> 1357\n"
            "END\nAccount balance:\n250,000.00 MWK\nLast Updated:\n") +
            r"\d\d/\d\d/\d{4} \d\d:\d\d\n" +
            re.escape("(session ended: Enter dials again, Ctrl-D quits)\n") + "$")
        # The three screens came from the server, one callback each, not from a
        # service run in process.
        self.assertEqual(server.stop(), 0)
        callbacks = re.findall(r"path=/callback status=200 .*session=(sim-\S+)", server.log())
        self.assertEqual(len(callbacks), 6, server.log())
        self.assertEqual(len(set(callbacks)), 2, "two sessions: " + server.log())

    def test_in_process_on_the_same_store(self):
        # No server: sim runs the service itself on --db, a file or a URL, so
        # the in-process phone is tried on the store of this run's backend.
        work = Workdir(DIALGRAPH, customers=0, prefix="dialgraph-sim-db-")
        self.addCleanup(work.cleanup)
        result = subprocess.run([DIALGRAPH, "sim", "--menus", MENUS, "--db", work.db, "--phone", DEMO_PHONE],
                                input="1\n1357\n", capture_output=True, text=True, timeout=60, env=clean_env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(HOME + "> 1\nCON\nEnter your PIN\n0. Back\n> 1357\n"
                      "END\nAccount balance:\n250,000.00 MWK\n", result.stdout)

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
        self.assertEqual(result.stdout, "Dialling *3664# from " + DEMO_PHONE + "\n")

    def test_a_url_that_is_not_http_is_a_usage_error(self):
        result = sim("https://127.0.0.1:1/callback", "")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.splitlines()[0],
                         "dialgraph sim: --url must start with http:// (got 'https://127.0.0.1:1/callback')")
        self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    DIALGRAPH, MENUS, rest = args_or_exit(__doc__)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
