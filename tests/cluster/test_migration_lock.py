"""Item 1: the migration lock holds across a Galera cluster.

Three ``omnidb migrate`` at once, one per node: one applies, the others wait for the replicated
lock row, then find nothing to do; all exit 0 and none calls the database dirty.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from clustertools import fresh_name, node_dsn
from dbtools import versions_with
from upstreamdb import make_upstream

import omnidb
from omnidb.cluster import mark_failed
from omnidb.config import Config, parse_dsn
from omnidb.errors import MigrationError
from omnidb.session import Connection
from omnidb.tooling import migrate
from omnidb.tooling.adopt import Adopter
from omnidb.tooling.localcluster import LocalCluster
from omnidb.tooling.migrate import Condition, Migrator, load_migrations
from omnidb.tooling.upstream import ADOPTED_NAME


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
    try:
        results = []
        for runner in runners:  # read as they run: a full pipe must not stall a runner
            out, err = runner.communicate(timeout=300)
            results.append((runner.returncode, out, err))
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
        for runner in runners:  # one that hung is not left running into the next round
            if runner.poll() is None:
                runner.kill()
                runner.communicate()
        with galera_healthy.nodes[0].connect() as conn, conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{database}`")


RUNNER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import omnidb
    from omnidb.tooling.migrate import Migrator, load_migrations
    Migrator(omnidb.connect(sys.argv[1]), load_migrations(Path(sys.argv[2]))).migrate(1)
    """
)


def test_a_live_run_on_another_node_is_running_and_a_dead_one_is_taken_over_after_expiry(
    galera_healthy: LocalCluster, cluster_database: str, tmp_path: Path
) -> None:
    versions = versions_with(tmp_path, "V1/up.sql", "DO SLEEP(30);", before="CREATE TABLE spaces (")
    (tmp_path / "runner.py").write_text(RUNNER)
    first, second, third = galera_healthy.nodes
    env = {**os.environ, "OMNIDB_MIGRATION_LOCK_TTL": "6"}
    runner = subprocess.Popen(
        [sys.executable, str(tmp_path / "runner.py"), node_dsn(first, cluster_database), str(versions)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # until the runner sleeps inside V1, holding the lock row
            with third.connect(cluster_database) as conn, conn.cursor() as cur:
                cur.execute("SHOW TABLES LIKE 'allocations'")
                if cur.fetchone():
                    break
            assert time.monotonic() < deadline
            time.sleep(0.2)
        # Status on another node: GET_LOCK is held on node 1 only, the lock row says the run is live.
        with omnidb.connect(node_dsn(third, cluster_database)) as db:
            unfinished = Migrator(db).status().unfinished
            assert unfinished is not None and unfinished.condition is Condition.RUNNING
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)
    # The dead runner's row expires (6 s after its last heartbeat); a run on node 2 waits, then takes over.
    lines: list[str] = []
    started = time.monotonic()
    with omnidb.connect(node_dsn(second, cluster_database)) as db:
        with pytest.raises(MigrationError):  # the killed run left V1 half-done: an operator decides
            Migrator(db, out=lines.append, lock_timeout=60).migrate(1)
        waited = time.monotonic() - started
        unfinished = Migrator(db).status().unfinished
        assert unfinished is not None and unfinished.condition is Condition.INTERRUPTED
    assert any("waiting for the migration lock" in line for line in lines), lines
    assert any("taking over the migration lock" in line for line in lines), lines
    assert waited < 30


def test_every_session_of_a_run_on_a_multi_host_dsn_reaches_the_node_that_holds_its_lock(
    galera_healthy: LocalCluster, cluster_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after the run's first session opens on node 1, node 1 looks failed to whoever opens the
    next (its back-off): the script's session and the later check of which of the run's sessions the
    server still holds must go to node 1 all the same. Connection ids, GET_LOCK and the statement a
    server still runs are one server's; asked on node 2 they answer about other sessions."""
    first, second, _ = galera_healthy.nodes
    versions = versions_with(tmp_path, "V1/up.sql", "DO SLEEP(4);", before="CREATE TABLE spaces (")
    dsn = f"mysql://root@127.0.0.1:{first.port},127.0.0.1:{second.port}/{cluster_database}"
    reached: list[int] = []

    def noted(conn: Connection) -> Connection:
        with conn.cursor() as cur:
            cur.execute("SELECT @@port AS port")
            reached.append(int(cur.fetchone()["port"]))
        return conn

    real_pinned, real_open = migrate.open_pinned_connection, migrate.open_connection

    def pinned(config: Config) -> tuple[Connection, Config]:
        conn, where = real_pinned(config)
        mark_failed(f"127.0.0.1:{first.port}", 60)
        return noted(conn), where

    monkeypatch.setattr(migrate, "open_pinned_connection", pinned)
    monkeypatch.setattr(migrate, "open_connection", lambda config: noted(real_open(config)))
    monkeypatch.setattr(Migrator, "_session_config", lambda self: attrs.evolve(self.db.config, read_timeout=1))
    with omnidb.connect(dsn) as db, pytest.raises(MigrationError) as raised:
        Migrator(db, load_migrations(versions)).migrate(1)

    assert reached == [first.port] * 3, reached  # the lock's, the script's, the probe's
    assert str(raised.value).startswith("no reply from the server while migrating"), raised.value
    assert "the server still holds the run's sessions and still runs the statement" in str(raised.value)


def test_a_migration_on_another_node_waits_for_an_adoption(galera_healthy: LocalCluster, cluster_database: str) -> None:
    """The adoption held only its own node's GET_LOCK: `omnidb migrate` on node 2 took the free
    cluster lock and ran db_init.sql into the database being converted, then called it dirty."""
    first, second, _ = galera_healthy.nodes
    make_upstream(parse_dsn(node_dsn(first, cluster_database)))
    tried: list[subprocess.CompletedProcess[str]] = []

    class Watched(Adopter):
        def _run_statement(self, conn: Connection, item: Any) -> int:
            if not tried:  # mid-adoption, a migration on node 2
                tried.append(
                    subprocess.run(
                        [sys.executable, "-m", "omnidb.tooling.cli", "migrate", "--lock-timeout", "2"],
                        env={**os.environ, "OMNIDB_DSN": node_dsn(second, cluster_database)},
                        capture_output=True,
                        text=True,
                        timeout=120,
                    )
                )
            return int(super()._run_statement(conn, item))

    with omnidb.connect(node_dsn(first, cluster_database)) as db:
        report = Watched(db).adopt()
    assert report is not None and all(check.ok for check in report.checks)
    assert tried[0].returncode == 1, tried[0]
    assert "held the cluster migration lock for more than 2s" in tried[0].stderr
    # Node 2 may not have applied the adoption's last commit yet: its read waits for it.
    with omnidb.connect(node_dsn(second, cluster_database, wsrep_sync_wait=1)) as db:
        status = Migrator(db).status()
    assert status.current == 1 and status.healthy and [r.name for r in status.recorded] == [ADOPTED_NAME]
