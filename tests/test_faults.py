"""Faults against the real server: deadlocks, killed sessions, lost updates, a killed migration."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from dbtools import admin, query, tables

import omnidb
from omnidb.config import Config
from omnidb.errors import Conflict, ConnectionLost, DirtyDatabase, TransientError
from omnidb.sqlfiles import sql_file
from omnidb.tooling.migrate import Migrator, load_migrations
from omnidb.v1 import apps, orgs


@pytest.fixture
def v1_db(empty_db: omnidb.Database) -> omnidb.Database:
    Migrator(empty_db).migrate(1)
    return empty_db


def kill(config: Config, connection_id: int) -> None:
    with admin(config.with_database(None)).cursor() as cur:
        cur.execute("KILL %s", (connection_id,))


def session_id(conn: omnidb.session.Connection) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID() AS id")
        row = cur.fetchone()
    assert row is not None
    return int(row["id"])


def test_a_real_deadlock_is_retried_and_each_transaction_commits_exactly_once(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE counters (id BIGINT NOT NULL PRIMARY KEY, n INT NOT NULL)")
        cur.execute("INSERT INTO counters VALUES (1, 0), (2, 0)")
    both_hold_one_lock = threading.Barrier(2, timeout=10)
    attempts = {"a": 0, "b": 0}
    errors: list[BaseException] = []

    def transfer(name: str, first: int, second: int) -> None:
        def work(tx: omnidb.Transaction) -> None:
            attempts[name] += 1
            with tx.connection.cursor() as cur:
                cur.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (first,))
                if attempts[name] == 1:
                    both_hold_one_lock.wait()  # each now holds one row and wants the other's
                cur.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (second,))

        try:
            empty_db.run_in_transaction(work, retries=3, backoff=0.01)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=transfer, args=("a", 1, 2)), threading.Thread(target=transfer, args=("b", 2, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert errors == []
    assert sorted(attempts.values()) == [1, 2]  # the deadlock victim ran twice
    assert query(empty_config, "SELECT id, n FROM counters ORDER BY id") == [{"id": 1, "n": 2}, {"id": 2, "n": 2}]


def test_retries_give_up_with_the_transient_error(empty_db: omnidb.Database) -> None:
    calls = []

    def always_deadlocks(tx: omnidb.Transaction) -> None:
        calls.append(1)
        raise TransientError("(1213) Deadlock found when trying to get lock", code=1213)

    with pytest.raises(TransientError, match="1213"):
        empty_db.run_in_transaction(always_deadlocks, retries=2, backoff=0.001)
    assert len(calls) == 3


def test_a_killed_idle_session_is_replaced_transparently_for_reads_and_writes(
    v1_db: omnidb.Database, empty_config: Config
) -> None:
    org = orgs.create_org(v1_db, name="acme")
    with v1_db.connection() as conn:
        kill(empty_config, session_id(conn))  # the pooled session dies while idle

    assert orgs.get_org_by_id(v1_db, org.id) == org  # read: repeated on a fresh session
    with v1_db.connection() as conn:
        kill(empty_config, session_id(conn))
    assert apps.create_app(v1_db, org_id=org.id, name="web").name == "web"  # write: BEGIN failed, nothing ran
    assert v1_db.connections_open == 1


def test_a_transaction_whose_session_is_killed_fails_clearly_and_commits_nothing(
    v1_db: omnidb.Database, empty_config: Config
) -> None:
    with pytest.raises(ConnectionLost), v1_db.transaction() as tx:
        orgs.create_org(tx, name="half-done")
        kill(empty_config, session_id(tx.connection))
        orgs.create_org(tx, name="never")
    assert query(empty_config, "SELECT name FROM orgs") == []
    assert orgs.count_orgs(v1_db) == 0  # the pool recovered


def test_optimistic_concurrency_refuses_a_lost_update(v1_db: omnidb.Database, empty_config: Config) -> None:
    org = orgs.create_org(v1_db, name="acme")
    app = apps.create_app(v1_db, org_id=org.id, name="web")
    seen_by_alice = apps.get_app_by_id(v1_db, app.id)
    seen_by_bob = apps.get_app_by_id(v1_db, app.id)

    apps.update_app(v1_db, app.id, expected_updated_at=seen_by_alice.updated_at, instances=3)
    with pytest.raises(
        Conflict, match=rf"app {app.id} was changed since .*: it was updated at .*; read it again and retry"
    ):
        apps.update_app(v1_db, app.id, expected_updated_at=seen_by_bob.updated_at, instances=7)

    assert query(empty_config, "SELECT instances FROM apps WHERE id = %s", app.id) == [{"instances": 3}]
    fresh = apps.get_app_by_id(v1_db, app.id)
    assert apps.update_app(v1_db, app.id, expected_updated_at=fresh.updated_at, instances=7).instances == 7
    with pytest.raises(Conflict):
        apps.update_app(v1_db, app.id, expected_updated_at=fresh.updated_at - timedelta(seconds=1), instances=1)


RUNNER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import omnidb
    from omnidb.tooling.migrate import Migrator, load_migrations
    Migrator(omnidb.connect(sys.argv[1]), load_migrations(Path(sys.argv[2]))).migrate(1)
    """
)


def test_a_migration_killed_between_statements_leaves_a_dirty_mark_an_operator_resolves(
    empty_db: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(sql_file("versions"), versions)
    up = versions / "V1" / "up.sql"
    text = up.read_text()
    marker = "CREATE TABLE apps ("
    up.write_text(text.replace(marker, "DO SLEEP(30);\n\n" + marker, 1))
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    runner = subprocess.Popen([sys.executable, str(script), dsn, str(versions)])
    try:
        for _ in range(300):
            if "data_services" in tables(empty_config):  # the statement before the sleep has run
                break
            time.sleep(0.1)
        time.sleep(0.5)
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)

    row = query(empty_config, "SELECT state, statements_done, error FROM schema_migrations WHERE version = 1")[0]
    assert row["state"] == "applying" and row["error"] is None and row["statements_done"] >= 12
    migrations = load_migrations(versions)
    with pytest.raises(
        DirtyDatabase, match=r"applying V1 \(platform core\) was interrupted after \d+ of 67 statements"
    ):
        Migrator(empty_db, migrations).migrate(1)
    assert Migrator(empty_db).status().current == 0  # nothing recorded as applied

    # The operator removes what V1 had created, then says V1 is not applied.
    with admin(empty_config).cursor() as cur:
        cur.execute("SET foreign_key_checks = 0")
        for table in tables(empty_config) - {"schema_migrations", "schema_migration_history", "metadata"}:
            cur.execute(f"DROP TABLE `{table}`")
    Migrator(empty_db).resolve(1, applied=False)
    Migrator(empty_db).migrate(1)
    assert Migrator(empty_db).status().current == 1
