"""Item 1: the migration lock holds across a Galera cluster.

Three ``omnidb migrate`` at once, one per node: one applies, the others wait for the replicated
lock row, then find nothing to do; all exit 0 and none calls the database dirty.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from clustertools import fresh_name

from omnidb.tooling.localcluster import LocalCluster
from omnidb.tooling.migrate import load_migrations


def _omnidb(dsn: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OMNIDB_DSN": dsn}
    return subprocess.Popen(
        [sys.executable, "-m", "omnidb.tooling.cli", "migrate", "--create", "--lock-timeout", "120"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_number", range(6))
def test_three_concurrent_migrations_one_per_node_one_applies(galera_healthy: LocalCluster, round_number: int) -> None:
    database = fresh_name()
    latest = load_migrations()[-1].version
    runners = [_omnidb(f"mysql://root@127.0.0.1:{node.port}/{database}") for node in galera_healthy.nodes]
    results = [(runner.wait(300), *runner.communicate()) for runner in runners]
    try:
        for code, out, err in results:
            assert code == 0, f"exit {code}\nstdout:\n{out}\nstderr:\n{err}"
            assert "dirty" not in (out + err).lower()
        applied = [out for _, out, _ in results if f"migrated up to V{latest}" in out]
        assert len(applied) == 1, [out for _, out, _ in results]
        idle = [out for _, out, _ in results if "nothing to do" in out]
        assert len(idle) == 2
        with galera_healthy.nodes[round_number % 3].connect(database) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION wsrep_sync_wait = 1")
            cur.execute("SELECT version, direction, outcome FROM schema_migration_history ORDER BY id")
            history = cur.fetchall()
            cur.execute("SELECT COUNT(*) AS n FROM schema_migration_lock")
            assert cur.fetchone()["n"] == 0  # released
        assert [(r["version"], r["direction"], r["outcome"]) for r in history] == [
            (v, "up", "succeeded") for v in range(1, latest + 1)
        ]
    finally:
        with galera_healthy.nodes[0].connect() as conn, conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{database}`")
