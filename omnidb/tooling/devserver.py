"""A private, throwaway MariaDB/MySQL server for development and tests. Not for production.

When no server is configured or reachable, the test suite and ``scripts/quickstart`` start one with
this module: a fresh data directory, loopback only, root with no password, a free port.

    python -m omnidb.tooling.devserver start --dir .omnidb-server   # prints the DSN, leaves it running
    python -m omnidb.tooling.devserver stop --dir .omnidb-server
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pymysql

_SEARCH = ["/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin", "/usr/bin"]


class DevServerError(RuntimeError):
    """The private server could not be found, initialised or started."""


def find_server_binary() -> str | None:
    """Path of ``mariadbd`` or ``mysqld`` on PATH or in the usual sbin folders, or None."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *_SEARCH])
    for name in ("mariadbd", "mysqld"):
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def server_answers(host: str, port: int, user: str = "root", password: str = "", timeout: float = 2.0) -> bool:
    """True when a MySQL-protocol server at host:port accepts the login."""
    try:
        pymysql.connect(host=host, port=port, user=user, password=password, connect_timeout=timeout).close()
        return True
    except pymysql.err.MySQLError:
        return False


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DevServer:
    """One private server process with its own data directory under ``base``."""

    def __init__(self, base: Path | None = None, port: int | None = None, extra_args: Sequence[str] = ()) -> None:
        self.base = Path(base) if base else Path(tempfile.mkdtemp(prefix="omnidb-server-"))
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def dsn(self) -> str:
        """Where the server listens (no default database)."""
        return f"mysql://root@127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60.0) -> str:
        """Initialise the data directory if new, start the server, wait until it answers; return the DSN."""
        binary = find_server_binary()
        if binary is None:
            raise DevServerError("no mariadbd or mysqld found: install one (apt-get install mariadb-server)")
        data = self.base / "data"
        if not data.is_dir():
            self._initialise(binary, data)
        # Temporary tables and files in a folder of its own, not the default /tmp that every server on
        # the machine shares: while a private server started there, the shared server's queries failed
        # on their own temporary tables ("Error on delete of '/tmp/#sql-temptable-...' (Errcode: 2)").
        tmp = self.base / "tmp"
        tmp.mkdir(exist_ok=True)
        args = [
            binary,
            "--no-defaults",
            f"--datadir={data}",
            f"--tmpdir={tmp}",
            f"--socket={self.base / 'server.sock'}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--pid-file={self.base / 'server.pid'}",
            "--innodb-buffer-pool-size=256M",
            "--max-connections=500",
            *self.extra_args,
        ]
        if os.geteuid() == 0:
            args.append("--user=root")  # both servers refuse to run as root unless told so
        with (self.base / "server.log").open("ab") as log:  # the server writes to its own copy
            self.process = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DevServerError(f"{binary} exited with {self.process.returncode}; see {self.base / 'server.log'}")
            if self._answers():
                (self.base / "port").write_text(str(self.port))
                return self.dsn
            time.sleep(0.2)
        self.stop()
        raise DevServerError(f"{binary} did not answer within {timeout:g}s; see {self.base / 'server.log'}")

    def _answers(self) -> bool:
        """True when this server answers on its port: another one that took the port between
        ``free_port`` and the bind (a test's server still starting) answers too, and a caller given
        its address would stop, freeze or drop the wrong server."""
        try:
            conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=1.0)
        except pymysql.err.MySQLError:
            return False
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT @@datadir")
                row = cur.fetchone()
        finally:
            conn.close()
        return row is not None and Path(str(row[0])).resolve() == (self.base / "data").resolve()

    def stop(self) -> None:
        """Stop the server (it keeps its data directory)."""
        pid = self._pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(150):
            if self.process is not None and self.process.poll() is not None:
                return
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)

    def _pid(self) -> int | None:
        if self.process is not None:
            return self.process.pid
        pidfile = self.base / "server.pid"
        return int(pidfile.read_text().strip()) if pidfile.is_file() else None

    def _initialise(self, binary: str, data: Path) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        user = ["--user=root"] if os.geteuid() == 0 else []
        install = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db", path=os.pathsep.join(_SEARCH))
        if "mariadbd" in Path(binary).name and install:
            cmd = [
                install,
                "--no-defaults",
                f"--datadir={data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *user,
            ]
        else:
            cmd = [binary, "--no-defaults", "--initialize-insecure", f"--datadir={data}", *user]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise DevServerError(f"initialising {data} failed: {result.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    """``python -m omnidb.tooling.devserver start|stop --dir DIR``."""
    parser = argparse.ArgumentParser(prog="python -m omnidb.tooling.devserver", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--dir", type=Path, required=True, help="data directory of the private server")
    args = parser.parse_args(argv)
    port_file = args.dir / "port"
    known_port = int(port_file.read_text()) if port_file.is_file() else None
    server = DevServer(args.dir, port=known_port)
    if args.action == "stop":
        server.stop()
        return 0
    if known_port and server_answers("127.0.0.1", known_port):
        print(server.dsn)
        return 0
    try:
        print(server.start())
    except DevServerError as exc:
        print(f"omnidb.tooling.devserver: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
