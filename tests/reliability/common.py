"""Shared helpers of the reliability tests: a real `dialgraph serve` on a
loopback port and a temp demo database. Python 3 standard library only."""
import http.client
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

DEMO_PIN = "1357"
GENERIC_ERROR = "Sorry, something went wrong"  # menus.yaml messages.error (en)
BUSY_TIMEOUT = "Paymaart is busy right now"    # menus.yaml messages.timeout (en)


def args_or_exit(doc):
    """(dialgraph, menus, extra flags) from argv."""
    if len(sys.argv) < 3:
        sys.exit(doc)
    return os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def synthetic(i):
    """(phone, paymaart id) of `dialgraph demo`'s synthetic customer i."""
    return "+26599%d" % (2000000 + i), "PM%d" % (200000 + i)


def verified_english(count):
    """Indexes of synthetic customers that are verified and speak English."""
    return [i for i in range(count) if i != 5 and i % 20 != 7 and i % 3 != 0]


class Workdir:
    """A temp directory with a demo database (`dialgraph demo --customers N`)."""

    def __init__(self, dialgraph, customers=50, prefix="dialgraph-rel-"):
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.db = os.path.join(self.path, "demo.db")
        result = subprocess.run([dialgraph, "demo", "--customers", str(customers), "--db", self.db],
                                cwd=self.path, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError("dialgraph demo failed:\n" + result.stderr)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


class Server:
    """`dialgraph serve` on 127.0.0.1 and a free port; its stderr is kept."""

    def __init__(self, dialgraph, menus, db, *flags, cwd=None, env=None, preexec_fn=None):
        self.lines = []
        self.lock = threading.Lock()
        args = [dialgraph, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                "--menus", menus, "--db", db, *flags]
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("DIALGRAPH_")}
        full_env.update(env or {})
        self.proc = subprocess.Popen(args, cwd=cwd or os.path.dirname(db), stderr=subprocess.PIPE,
                                     env=full_env, preexec_fn=preexec_fn)
        self.pid = self.proc.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.port = self._wait_for_port()

    def _read(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def _wait_for_port(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match:
                return int(match.group(1))
            if self.proc.poll() is not None:
                raise RuntimeError("server exited early:\n" + self.log())
            time.sleep(0.02)
        raise RuntimeError("server did not start:\n" + self.log())

    def log(self):
        with self.lock:
            return "\n".join(self.lines)

    def sanitizer_reports(self):
        """Lines where ASan/UBSan reported a problem (asan-ubsan builds)."""
        return [line for line in self.log().splitlines()
                if "ERROR: AddressSanitizer" in line or "runtime error:" in line or "ERROR: LeakSanitizer" in line]

    def alive(self):
        return self.proc.poll() is None

    def rss_kb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def request(self, method, path, body=None, headers=None, timeout=15):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def callback(self, text, session, phone, timeout=15):
        body = urllib.parse.urlencode({"sessionId": session, "serviceCode": "*3664#", "phoneNumber": phone,
                                       "networkCode": "65001", "text": text})
        return self.request("POST", "/callback", body,
                            {"Content-Type": "application/x-www-form-urlencoded"}, timeout)

    def event(self, fields):
        return self.request("POST", "/events", urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def stop(self, timeout=30):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        self.reader.join(5)
        return code

    def kill(self):
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)


REF = re.compile(r"(?:Ref|Nambala): (PM[0-9A-Z]{10})")


def pay_steps(recipient_id, amount_mwk, pin=DEMO_PIN):
    """The successive `text`s of a Make Payment session, one per screen."""
    inputs = ["2", recipient_id, str(amount_mwk), "1", pin]
    return ["*".join(inputs[:n]) for n in range(0, len(inputs) + 1)]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
