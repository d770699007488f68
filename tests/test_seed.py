"""omnidb seed: the sample data loads at V1 and at V2, fills every table, and keeps to the foreign keys."""

from __future__ import annotations

import threading
import time

import attrs
import pytest
from dbtools import account, admin, query, tables

import omnidb
from omnidb.config import Config
from omnidb.errors import MigrationError, MigrationLocked
from omnidb.tooling.migrate import Migrator, lock_name
from omnidb.tooling.seed import load_sample_data, sample_data_files

GLOBAL_TABLES = {"schema_migrations", "schema_migration_history", "schema_migration_lock", "metadata"}


def empty_tables(config: Config) -> list[str]:
    """Tables of the schema (read from information_schema) that hold no row."""
    return sorted(t for t in tables(config) - GLOBAL_TABLES if not query(config, f"SELECT 1 FROM `{t}` LIMIT 1"))


@pytest.mark.parametrize("version", [1, 2])
def test_seed_fills_every_table_of_the_version(empty_db: omnidb.Database, empty_config: Config, version: int) -> None:
    Migrator(empty_db).migrate(version)

    rows = load_sample_data(empty_db)

    assert rows > 300
    assert empty_tables(empty_config) == []
    # the server checked every foreign key on insert; nothing points at a missing row
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps WHERE deleted_at IS NULL")[0]["n"] == 12


def test_v2_sample_data_loads_only_at_v2() -> None:
    assert [p.name for p in sample_data_files(1)] == ["sample_data.sql"]
    assert [p.parent.name + "/" + p.name for p in sample_data_files(2)][1:] == ["V2/sample_data.sql"]


def test_v2_sample_data_sets_app_types_and_flags(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate(2)
    load_sample_data(empty_db)

    assert query(
        empty_config,
        "SELECT a.name, a.app_type, f.name AS feature FROM apps AS a "
        "LEFT JOIN features AS f ON f.id = a.feature_id WHERE a.app_type <> 'standard' ORDER BY a.name",
    ) == [
        {"name": "etl", "app_type": "batch", "feature": "gpu"},
        {"name": "mailer", "app_type": "worker", "feature": None},
    ]
    assert query(empty_config, "SELECT COUNT(*) AS n FROM app_features")[0]["n"] == 4


def test_seeded_v2_database_rolls_back_to_v1_and_forward_keeping_the_v2_rows(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    Migrator(empty_db).migrate(2)
    load_sample_data(empty_db)
    flags = query(empty_config, "SELECT app_id, feature_id, enabled, settings FROM app_features ORDER BY id")

    Migrator(empty_db).migrate(1)
    Migrator(empty_db).migrate(2)

    assert query(empty_config, "SELECT app_id, feature_id, enabled, settings FROM app_features ORDER BY id") == flags


def test_seed_waits_for_a_migration_run_and_loads_nothing_while_one_holds_the_lock(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """A rollback that found the tables empty must not drop what a seed loaded meanwhile: the seed
    took no lock, so it could load between a rollback's guards and its DROP TABLE."""
    Migrator(empty_db).migrate(1)
    runner = admin(empty_config)  # a migration run, holding the lock
    with runner.cursor() as cur:
        cur.execute("SELECT GET_LOCK(%s, 0) AS got", (lock_name(str(empty_config.database)),))
    hurried = omnidb.connect(attrs.evolve(empty_config, lock_timeout=0.5))
    try:
        with pytest.raises(MigrationLocked, match=r"held the lock for more than 0.5s"):
            load_sample_data(hurried)
        assert query(empty_config, "SELECT COUNT(*) AS n FROM orgs") == [{"n": 0}]
        runner.close()  # the run ends
        assert load_sample_data(hurried) > 300
    finally:
        hurried.close()


def test_seed_waits_for_a_live_run_to_end_then_loads(empty_db: omnidb.Database, empty_config: Config) -> None:
    """A rollback of V2 under way: the seed refused at once ("V2 is unfinished"), where its help says
    it waits for a migration run."""
    Migrator(empty_db).migrate(2)
    runner = admin(empty_config)  # the run: holds the lock while V2 is being reverted
    with runner.cursor() as cur:
        cur.execute("SELECT GET_LOCK(%s, 0) AS got", (lock_name(str(empty_config.database)),))
        cur.execute("UPDATE schema_migrations SET state = 'reverting' WHERE version = 2")

    def run_ends() -> None:  # as the rollback does: V2 forgotten, the lock let go
        time.sleep(1)
        with runner.cursor() as cur:
            cur.execute("DELETE FROM schema_migrations WHERE version = 2")
            cur.execute("DO RELEASE_LOCK(%s)", (lock_name(str(empty_config.database)),))

    ending = threading.Thread(target=run_ends)
    ending.start()
    try:
        assert load_sample_data(empty_db) > 300
    finally:
        ending.join()
        runner.close()
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps WHERE deleted_at IS NULL")[0]["n"] == 12


def test_seed_by_an_account_that_may_not_take_the_migration_lock_says_which_account_to_use(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    Migrator(empty_db).migrate(1)
    with account(empty_config, "SELECT, INSERT, UPDATE, DELETE", "app") as (user, password):
        limited = omnidb.connect(attrs.evolve(empty_config, user=user, password=password))
        with limited, pytest.raises(MigrationError, match=rf"{user} may not: run it with the migrator's account"):
            load_sample_data(limited)
    assert query(empty_config, "SELECT COUNT(*) AS n FROM orgs") == [{"n": 0}]
