"""The private throwaway server the suite and the quickstart fall back on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import omnidb
from omnidb.tooling.devserver import DevServer, find_server_binary, server_answers


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_private_server_starts_serves_and_stops(tmp_path: Path) -> None:
    server = DevServer(tmp_path / "server")
    dsn = server.start()
    try:
        db = omnidb.connect(dsn)
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT 1 AS one")
            assert cur.fetchone() == {"one": 1}
        db.close()
    finally:
        server.stop()
    assert not server_answers("127.0.0.1", server.port, timeout=1)


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_the_suite_starts_a_private_server_when_none_answers() -> None:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "OMNIDB_TEST_DSN": "mysql://root@127.0.0.1:1/"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_db.py::test_sessions_are_strict_utc_and_utf8mb4"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
