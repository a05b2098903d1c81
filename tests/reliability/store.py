"""The store a test's servers run on: a temp directory and a demo store filled by
`dialgraph demo`, on SQLite or on PostgreSQL (common.BACKEND, read when a Workdir
is made), and what `dialgraph demo` puts in it. Python 3 standard library,
plus the `psql` client on PostgreSQL."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import uuid

import common

DEMO_PIN = "1357"
DEMO_PHONE = "+265991000001"  # Chikondi Banda: English, 250,000.00 MWK, PIN DEMO_PIN


def synthetic(i):
    """(phone, paymaart id) of `dialgraph demo`'s synthetic customer i."""
    return "+26599%d" % (2000000 + i), "PM%d" % (200000 + i)


def verified_english(count):
    """Indexes of synthetic customers that are verified and speak English."""
    return [i for i in range(count) if i != 5 and i % 20 != 7 and i % 3 != 0]


def psql(url, sql, env=None):
    """What psql prints for `sql`: unaligned, tuples only, fields tab-separated."""
    result = subprocess.run(["psql", url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=60, env=env)
    if result.returncode != 0:
        raise RuntimeError("psql failed: %s\n%s" % (sql, result.stderr))
    return result.stdout


def with_database(url, name):
    """`url` (postgresql://user@/db?host=...&port=...) naming database `name` instead."""
    return re.sub(r"(postgres(?:ql)?://[^/?]*/)[^?]*", r"\g<1>" + name, url, count=1)


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


class Workdir:
    """A temp directory (the servers' working directory) and a demo store filled by
    `dialgraph demo --customers N`: `db` is what --db takes, the file demo.db in
    the directory on SQLite, the URL of a database of its own on PostgreSQL.
    cleanup() removes both, the database with (FORCE)."""

    def __init__(self, dialgraph, customers=50, prefix="dialgraph-rel-"):
        self.backend = common.BACKEND
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.name = None
        try:
            if self.backend == "postgresql":
                self.name = "dialgraph_test_%d_%s" % (os.getpid(), uuid.uuid4().hex[:8])
                psql(common.PG_URL, "CREATE DATABASE " + self.name)
                self.db = with_database(common.PG_URL, self.name)
            else:
                self.db = os.path.join(self.path, "demo.db")
            demo = subprocess.run([dialgraph, "demo", "--customers", str(customers), "--db", self.db],
                                  cwd=self.path, capture_output=True, text=True, timeout=120,
                                  env=common.clean_env())
            if demo.returncode != 0:
                raise RuntimeError("dialgraph demo failed:\n" + demo.stderr)
        except BaseException:
            self.cleanup()
            raise

    def query(self, sql):
        """The rows of `sql` as tuples of text, NULL as '' (as psql prints them)."""
        if self.backend == "postgresql":
            return [tuple(line.split("\t")) for line in psql(self.db, sql).splitlines()]
        db = sqlite3.connect(self.db)
        try:
            return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql)]
        finally:
            db.close()

    def value(self, sql):
        """The single value of `sql`, as text."""
        return self.query(sql)[0][0]

    def contents(self):
        """{where: bytes} of everything the store holds, to search for secrets in clear.
        SQLite: the database file and its -wal, byte for byte. PostgreSQL (whose
        files are the server's): every row of every table as text, bytea in
        escape format, so bytes that are printable show as themselves."""
        if self.backend == "postgresql":
            env = dict(os.environ, PGOPTIONS="-c bytea_output=escape")
            tables = psql(self.db, "SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = current_schema()").split()
            rows = psql(self.db, " UNION ALL ".join('SELECT t::text FROM "%s" t' % t for t in tables), env)
            return {"database rows": rows.encode()}
        return {"database file": read_bytes(self.db), "database -wal file": read_bytes(self.db + "-wal")}

    def cleanup(self):
        if self.name:
            try:
                psql(common.PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
            except RuntimeError as error:
                print("warning: %s" % error, flush=True)
            self.name = None
        shutil.rmtree(self.path, ignore_errors=True)
