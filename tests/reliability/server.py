"""The server under test: a real `dialgraph serve` on a loopback port, spoken to
over HTTP (or raw bytes), its stderr kept to be searched. Python 3 standard
library only."""
import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import urllib.parse

from common import clean_env, wait_for


class Server:
    """`dialgraph serve` on 127.0.0.1 and a free port, on the store of `work` (a
    store.Workdir) and in its directory; its stderr is kept. One that does not
    come up is killed."""

    def __init__(self, dialgraph, menus, work, *flags, env=None, preexec_fn=None):
        self.lines = []
        self.lock = threading.Lock()
        args = [dialgraph, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                "--menus", menus, "--db", work.db, *flags]
        self.proc = subprocess.Popen(args, cwd=work.path, stderr=subprocess.PIPE,
                                     env=clean_env(env), preexec_fn=preexec_fn)
        self.pid = self.proc.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            self.port = self._wait_for_port()
        except BaseException:
            self.kill()
            raise

    def _read(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def _wait_for_port(self):
        def listening():
            return re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
        if not wait_for(lambda: listening() or not self.alive(), 30):
            raise RuntimeError("server did not start:\n" + self.log())
        match = listening()
        if not match:
            raise RuntimeError("server exited early:\n" + self.log())
        return int(match.group(1))

    def log(self):
        with self.lock:
            return "\n".join(self.lines)

    def wait_log(self, pattern, timeout=10):
        """Whether `pattern` shows up in the log within `timeout` s."""
        return bool(wait_for(lambda: re.search(pattern, self.log()), timeout))

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

    def response(self, method, path, body=None, headers=None, timeout=15):
        """(status, body, headers) of one request on a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
        finally:
            conn.close()

    def request(self, method, path, body=None, headers=None, timeout=15):
        """(status, body) of one request on a new connection."""
        return self.response(method, path, body, headers, timeout)[:2]

    def callback(self, text, session, phone, timeout=15, path="/callback", headers=None):
        body = urllib.parse.urlencode({"sessionId": session, "serviceCode": "*3664#", "phoneNumber": phone,
                                       "networkCode": "65001", "text": text})
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}, timeout)

    def event(self, fields):
        return self.request("POST", "/events", urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def exchange(self, data, timeout=5, shut=False):
        """The raw bytes the server answers to the raw bytes `data` on a new
        connection, until it closes (or resets, or `timeout` s of silence);
        `shut` half-closes the connection after sending."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            if shut:
                sock.shutdown(socket.SHUT_WR)
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (ConnectionResetError, socket.timeout):
                pass
            return b"".join(chunks)

    def stop(self, timeout=30):
        """SIGTERM (a graceful drain) and the exit code; SIGKILL and raise if that takes over `timeout` s."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self._close()

    def kill(self):
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self._close()

    def _close(self):
        if self.proc.returncode is not None:
            self.reader.join(5)
            self.proc.stderr.close()
