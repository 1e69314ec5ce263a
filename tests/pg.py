"""A real PostgreSQL server for the tests (and the benchmark): started once per session on a free
port in a temporary folder, stopped at the end; each test gets a fresh database.

The server's binaries are Debian's (``apt-get install postgresql``; ``.ci/run`` installs it when it is
missing). ``initdb`` and ``postgres`` refuse to run as root: as root they run as the ``postgres`` user
(``runuser``), in a folder it owns. Without the binaries the tests that need the server are skipped.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "app"


def pg_bin() -> Path | None:
    """The folder of pg_ctl and initdb: the newest /usr/lib/postgresql/N/bin, or the PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    root: Path
    port: int
    bin: Path
    as_user: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname=database, autocommit=True) as conn:
            conn.execute(statement)

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w",
                        "stop"], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start_server(extra: tuple[str, ...] = ()) -> PgServer:
    """initdb + pg_ctl start on a free port (trust authentication for the user ``app``, loopback only).
    Raises RuntimeError with the reason when it cannot."""
    bin_dir = pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL's server binaries (pg_ctl, initdb) are not installed: "
                           "apt-get install postgresql (.ci/run does it)")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="cw-pg-"))
    if os.geteuid() == 0:  # initdb and postgres refuse root: run them as the postgres user
        if shutil.which("runuser") is None:
            raise RuntimeError("running as root without runuser: cannot start PostgreSQL as the postgres user")
        try:
            shutil.chown(root, "postgres", "postgres")
        except (LookupError, OSError) as exc:
            raise RuntimeError(f"running as root and there is no usable 'postgres' user ({exc})") from None
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    init = subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
                           "--no-sync", "-E", "UTF8", "--no-locale"], capture_output=True, text=True)
    if init.returncode:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip().splitlines()[-1:] or init.returncode}")
    for attempt in range(3):  # a free port may be taken between the probe and the start
        port = free_port()
        options = (f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   f"-c full_page_writes=off -c max_connections=200 " + " ".join(extra))
        start = subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                                "-t", "60", "-o", options, "start"], capture_output=True, text=True)
        if start.returncode == 0:
            return PgServer(root=root, port=port, bin=bin_dir, as_user=as_user)
    log = (root / "log").read_text(errors="replace").strip().splitlines()[-3:] if (root / "log").exists() else []
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {start.stderr.strip()} {' '.join(log)}")


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (the tests using it are skipped, saying why, when it cannot start)."""
    try:
        server = start_server()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


_numbers = itertools.count(1)


@pytest.fixture()
def pg_url(pg_server) -> str:
    """The URL of a fresh, empty database of the session's server."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    pg_server.sql(f'CREATE DATABASE "{name}"')
    return pg_server.url(name)
