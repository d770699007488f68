"""The private throwaway server the suite and the quickstart fall back on."""

from __future__ import annotations

from pathlib import Path

import pytest

import omnidb
from omnidb.devserver import DevServer, find_server_binary, server_answers


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
