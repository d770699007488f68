"""omnidb migrate --plan: how each statement runs (instant, in place, copy) and the rows it touches."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from dbtools import holding_apps

import omnidb
from omnidb.config import Config
from omnidb.errors import MigrationBlocked, MigrationError
from omnidb.tooling.migrate import Condition, Direction, Migrator, Step, load_migrations, session_prelude
from omnidb.tooling.migration_plan import classify, plan
from omnidb.v1 import apps, orgs


@pytest.mark.parametrize(
    ("sql", "how", "table"),
    [
        ("CREATE TABLE IF NOT EXISTS features (id INT)", "instant", "features"),
        ("ALTER TABLE apps ADD COLUMN x INT, ALGORITHM = INSTANT", "instant", "apps"),
        ("ALTER TABLE apps\n    ADD INDEX i (x),\n    ALGORITHM = INPLACE, LOCK = NONE", "in place", "apps"),
        ("ALTER TABLE apps MODIFY COLUMN name TEXT", "copy", "apps"),
        ("ALTER TABLE apps ADD INDEX i (x)", "in place", "apps"),
        ("UPDATE apps SET x = 1", "data change", "apps"),
        ("DELETE FROM app_features WHERE 1", "data change", "app_features"),
        ("SET SESSION foreign_key_checks = 0", "session", None),
        ("RENAME TABLE a TO b", "instant", "a"),
    ],
)
def test_statements_are_classified(sql: str, how: str, table: str | None) -> None:
    assert classify(sql)[:2] == (how, table)


def test_the_plan_of_v2_on_a_v1_database_with_apps(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate(1)
    org = orgs.create_org(empty_db, name="plan")
    apps.create_apps(empty_db, [{"org_id": org.id, "name": f"a{i}"} for i in range(300)])
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute("ANALYZE TABLE apps")
    planned, role = plan(Migrator(empty_db))
    assert role is not None and not role.galera
    kinds = {(p.how, p.table) for p in planned}
    assert ("instant", "apps") in kinds and ("in place", "apps") in kinds and ("data change", "apps") in kinds
    index = next(p for p in planned if "ADD INDEX idx_apps_app_type" in p.summary)
    assert index.how == "in place"
    assert index.rows is not None and index.rows >= 100
    assert Migrator(empty_db).status().current == 1  # nothing ran
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    result = subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "migrate", "--plan"],
        env={**os.environ, "OMNIDB_DSN": dsn},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "-- up to V2" in result.stdout and "in place" in result.stdout and "instant" in result.stdout


def test_the_plan_of_a_paused_version_starts_where_the_run_resumes(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    Migrator(empty_db).migrate(1)
    with holding_apps(empty_config), pytest.raises(MigrationBlocked):  # V2's ALTER TABLE apps waits for it
        Migrator(empty_db, ddl_lock_timeout=1, ddl_retries=0).migrate(2)
    paused = Migrator(empty_db).status().unfinished
    assert paused is not None and paused.condition is Condition.PAUSED
    planned, _ = plan(Migrator(empty_db))
    ran = paused.statements_done
    statements = Step(load_migrations()[1], Direction.UP).statements
    replayed = [statements.index(s) + 1 for s in session_prelude(statements[:ran])]  # what resume replays first
    assert [p.number for p in planned] == [*replayed, *range(ran + 1, len(statements) + 1)]
    assert ran >= 1  # statements 1.. ran are not planned again


def test_the_plan_of_a_database_migrate_refuses_is_refused_too(empty_db: omnidb.Database, empty_config: Config) -> None:
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE notifications (id INT PRIMARY KEY)")
    with pytest.raises(MigrationError, match="it already holds tables that V1 creates"):
        plan(Migrator(empty_db))
