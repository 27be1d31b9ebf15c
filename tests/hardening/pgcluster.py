"""A private PostgreSQL cluster for a test that stops and starts its database server.

The shared test server cannot be restarted (other people use it): ``initdb`` in a temporary
directory, on a free port, with its socket in that directory, run as the ``postgres`` system user
when the tests run as root (initdb and postgres refuse root). ``fsync`` and ``full_page_writes`` are
off for speed, which is safe here since only the server stops, never the machine; ``synchronous_commit``
stays on, so a transaction reported committed is in the server's WAL and survives an immediate stop.
A test database is copied into it with ``pg_dump | psql``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

#: PostgreSQL's server programs (Debian's postgresql-15 package); ECOFORUM_PG_BIN points elsewhere.
PG_BIN = Path(os.environ.get("ECOFORUM_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PrivateCluster:
    """A PostgreSQL server of the test's own, in ``root``, on ``port``."""

    def __init__(self, root: Path, port: int, user: str | None) -> None:
        self.root, self.port, self.user = root, port, user
        self.data = root / "data"

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            server = log.read_text()[-3000:] if log.exists() else ""
            raise AssertionError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}\n{server}")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def boot(self) -> None:
        self.init()
        self.start()

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c shared_buffers=16MB -c max_connections=40"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "start", f"--pgdata={self.data}", "--wait", "--silent",
            f"--log={self.root / 'server.log'}", f"--options={options}",
        )  # fmt: skip

    def stop(self, mode: str) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "stop", f"--pgdata={self.data}", "--wait", "--silent", f"--mode={mode}")

    def copy_database(self, source_url: str, name: str) -> None:
        """The source database, schema and rows, as ``name`` in this cluster."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", "--no-privileges", f"--dbname={source_url}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        restore = subprocess.run(
            ["psql", "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", f"--dbname={self.url(name)}"],
            stdin=dump.stdout,
            capture_output=True,
            timeout=120,
        )
        dump.stdout.close()
        dump_errors = dump.stderr.read()
        dump.stderr.close()
        assert (dump.wait(timeout=120), restore.returncode) == (0, 0), dump_errors + restore.stderr


def cannot_run() -> str | None:
    """Why no private cluster can be made here, or None when one can."""
    missing = [p for p in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / p).exists()]
    if missing:
        return f"PostgreSQL's server programs are not in {PG_BIN} (missing {', '.join(missing)}; set ECOFORUM_PG_BIN)"
    if shutil.which("pg_dump") is None or shutil.which("psql") is None:
        return "pg_dump and psql (postgresql-client) are not installed"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: cannot start PostgreSQL as another user"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' system user to run a private PostgreSQL"
    return None


def _cluster_user() -> str | None:
    """Who runs the server: ``postgres`` when the tests run as root (initdb refuses root), else the tests' user."""
    reason = cannot_run()
    if reason:
        pytest.skip(reason)
    return "postgres" if os.geteuid() == 0 else None


@contextmanager
def private_cluster():
    """A private cluster, not yet made (``boot()``), removed afterwards."""
    user = _cluster_user()
    root = Path(tempfile.mkdtemp(prefix="ecoforum-pg-"))
    if user:
        shutil.chown(root, user)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cluster = PrivateCluster(root, port, user)
    try:
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
