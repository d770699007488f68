"""The migration runner against a real server: up, down, idempotence, dirty state, checksums, locks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from dbtools import MakeDatabase, account, admin, columns, holding_apps, query, tables

import omnidb
from omnidb import registry
from omnidb.config import Config
from omnidb.errors import (
    ChecksumMismatch,
    ConfigError,
    DirtyDatabase,
    MigrationBlocked,
    MigrationError,
    MigrationLocked,
    ParentNotFound,
    TransientError,
)
from omnidb.sqlfiles import sql_file
from omnidb.tooling.adopt import Adopter
from omnidb.tooling.check import run_checks
from omnidb.tooling.clusterlock import LockLost
from omnidb.tooling.migrate import Direction, Migrator, Status, Step, init_schema, load_migrations, lock_name
from omnidb.tooling.migration_plan import plan as plan_migration
from omnidb.tooling.sqlscript import split_statements
from omnidb.v1 import apps
from omnidb.v1 import tables as v1_tables

V1_TABLES = set(v1_tables.TABLES)
GLOBAL_TABLES = {"schema_migrations", "schema_migration_history", "schema_migration_lock", "metadata"}
V2_TABLES = {"features", "app_features"}
V2_ARCHIVES = {"v2_archive_apps", "v2_archive_features", "v2_archive_app_features"}


@pytest.fixture
def versions_copy(tmp_path: Path) -> Path:
    """A private copy of sql/versions that a test may break."""
    root = tmp_path / "versions"
    shutil.copytree(sql_file("versions"), root)
    return root


def history(config: Config) -> list[tuple[int, str, str]]:
    rows = query(config, "SELECT version, direction, outcome FROM schema_migration_history ORDER BY id")
    return [(int(str(r["version"])), str(r["direction"]), str(r["outcome"])) for r in rows]


def test_up_from_empty_to_v1_creates_v1_tables(empty_db: omnidb.Database, empty_config: Config) -> None:
    steps = Migrator(empty_db).migrate(1)

    assert [(s.migration.version, s.direction) for s in steps] == [(1, "up")]
    assert tables(empty_config) == V1_TABLES | GLOBAL_TABLES
    assert "app_type" not in columns(empty_config, "apps")
    rows = query(
        empty_config, "SELECT version, state, checksum, statements_done, statements_total FROM schema_migrations"
    )
    assert rows == [
        {
            "version": 1,
            "state": "applied",
            "checksum": load_migrations()[0].checksum,
            "statements_done": 66,
            "statements_total": 66,
        }
    ]


def test_up_from_empty_to_latest_applies_v1_then_v2(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate()

    assert tables(empty_config) == V1_TABLES | GLOBAL_TABLES | V2_TABLES
    app_type = columns(empty_config, "apps")["app_type"]
    assert app_type["type"] == "varchar(50)" and app_type["nullable"] == "NO"
    assert str(app_type["dflt"]).strip("'") == "standard"
    assert columns(empty_config, "apps")["feature_id"]["nullable"] == "YES"
    fks = query(
        empty_config,
        "SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'apps' AND REFERENCED_TABLE_NAME = 'features'",
    )
    assert fks == [{"name": "fk_apps_feature"}]
    assert history(empty_config) == [(1, "up", "succeeded"), (2, "up", "succeeded")]
    assert Migrator(empty_db).status().current == 2


def test_down_to_v1_then_to_v0_removes_exactly_what_up_added(empty_db: omnidb.Database, empty_config: Config) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(2)

    migrator.migrate(1)
    # V2's tables are kept as archives (see test_v2_data_survives_a_round_trip_through_v1).
    assert tables(empty_config) == V1_TABLES | GLOBAL_TABLES | V2_ARCHIVES
    assert {"app_type", "feature_id"}.isdisjoint(columns(empty_config, "apps"))
    assert migrator.status().current == 1

    migrator.migrate(0)
    assert tables(empty_config) == GLOBAL_TABLES
    assert query(empty_config, "SELECT version FROM schema_migrations") == []
    assert history(empty_config)[-2:] == [(2, "down", "succeeded"), (1, "down", "succeeded")]


def test_running_again_at_the_same_version_does_nothing(empty_db: omnidb.Database, empty_config: Config) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate()
    before = history(empty_config)

    assert migrator.migrate() == []
    assert omnidb.tooling.migrate.init_schema(empty_db, 2) == []
    assert history(empty_config) == before


def test_a_database_holding_a_table_v1_creates_is_refused_before_anything_runs(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """One `notifications` table of another application: migrate called it an upstream database to
    adopt, and adopt said it was not one (V1's CREATE TABLE would fail there and leave it dirty)."""
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE notifications (id INT PRIMARY KEY)")
    with pytest.raises(
        MigrationError,
        match=r"cannot be migrated: it already holds tables that V1 creates, not made by omnidb: notifications; "
        r"rename or move them first",
    ):
        Migrator(empty_db).migrate()
    assert tables(empty_config) == {"notifications"}


def unchanged(config: Config) -> tuple[object, ...]:
    """What a refused run must leave as it was: the tables, the recorded versions, the history and
    apps' columns (V2 adds two)."""
    present = tables(config)
    if "schema_migrations" not in present:  # a fresh database: nothing recorded yet
        return present, [], [], []
    versions = query(config, "SELECT version, state, statements_done, checksum FROM schema_migrations ORDER BY version")
    return present, versions, history(config), sorted(columns(config, "apps")) if "apps" in present else []


@pytest.mark.parametrize(
    ("start", "table", "statement"),
    [
        (
            1,
            "app_features",
            r"statement 4 of 16 \(V2/up.sql line \d+\) makes: RENAME TABLE v2_archive_app_features TO app_features",
        ),
        (
            1,
            "features",
            r"statement 2 of 16 \(V2/up.sql line \d+\) makes: RENAME TABLE v2_archive_features TO features",
        ),
        (
            0,
            "features",
            r"statement 2 of 16 \(V2/up.sql line \d+\) makes: RENAME TABLE v2_archive_features TO features",
        ),
    ],
    ids=["app_features-at-V1", "features-at-V1", "features-at-V0"],
)
def test_a_table_a_later_version_makes_that_exists_already_is_refused_before_anything_runs(
    empty_db: omnidb.Database, empty_config: Config, start: int, table: str, statement: str
) -> None:
    """At V1, another application's `app_features`: status said clean, the dry run said it would
    migrate, and migrate failed at V2's statement 4 (1050) with features and the archive made, dirty.
    From V0, the refusal comes before V1 runs."""
    if start:
        Migrator(empty_db).migrate(start)
    with admin(empty_config).cursor() as cur:
        cur.execute(f"CREATE TABLE {table} (id INT PRIMARY KEY, note TEXT)")
    before = unchanged(empty_config)
    refusal = (
        rf"^{empty_config.database} cannot be migrated to V2: it already holds tables that the migration creates or "
        rf"renames a table to, and that its scripts do not expect: {table} \(which {statement}\)\. They are not "
        r"omnidb's: rename, move or drop them first, then run it again\. Nothing was changed\.$"
    )

    with pytest.raises(MigrationError, match=refusal):
        Migrator(empty_db).migrate(dry_run=True)
    with pytest.raises(MigrationError, match=refusal):
        plan_migration(Migrator(empty_db))
    with pytest.raises(MigrationError, match=refusal):
        Migrator(empty_db).migrate()
    assert unchanged(empty_config) == before
    assert Migrator(empty_db).status().dirty is None

    with admin(empty_config).cursor() as cur:  # once it is moved away, V2 applies
        cur.execute(f"RENAME TABLE {table} TO moved_{table}")
    Migrator(empty_db).migrate()
    assert tables(empty_config) == V1_TABLES | GLOBAL_TABLES | V2_TABLES | {f"moved_{table}"}


def test_the_archives_a_v2_rollback_left_are_taken_back_not_refused(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """V2's up.sql makes the v2_archive_* tables with IF NOT EXISTS: it expects them after a rollback."""
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    migrator.migrate(1)
    assert V2_ARCHIVES - {"v2_archive_apps"} <= tables(empty_config)
    assert [s.migration.version for s in migrator.migrate(dry_run=True)] == [2]
    migrator.migrate(2)
    assert tables(empty_config) == V1_TABLES | GLOBAL_TABLES | V2_TABLES


@pytest.mark.parametrize("elsewhere", [False, True], ids=["same-database", "other-database"])
def test_a_rollback_is_refused_while_a_table_it_keeps_has_a_foreign_key_into_one_it_drops(
    empty_db: omnidb.Database, empty_config: Config, make_database: MakeDatabase, elsewhere: bool
) -> None:
    """`ext_notes` (not omnidb's) with a foreign key into orgs: `rollback --to 0` dropped 57 tables,
    then failed at `DROP TABLE orgs` (1451), dirty. Into features (renamed by V2's down.sql, dropped by
    V1's) from another database, the same."""
    Migrator(empty_db).migrate(2)
    other = make_database() if elsewhere else empty_config
    try:
        parent, column = ("features", "feature_id") if elsewhere else ("orgs", "org_id")
        with admin(other).cursor() as cur:
            cur.execute(
                f"CREATE TABLE ext_notes (id INT PRIMARY KEY, {column} BIGINT, CONSTRAINT fk_ext_notes_parent "
                f"FOREIGN KEY ({column}) REFERENCES `{empty_config.database}`.{parent} (id))"
            )
        before = unchanged(empty_config)
        holder = f"{other.database}.ext_notes" if elsewhere else "ext_notes"
        dropped_by = (
            r"statement 1 of 67 \(V1/down.sql line \d+\)"
            if elsewhere
            else r"statement \d+ of 67 \(V1/down.sql line \d+\)"
        )
        refusal = (
            rf"^{empty_config.database} cannot be rolled back to V0: foreign keys of tables it keeps reference "
            rf"tables it drops, so a DROP TABLE would fail halfway \(1451\) and leave the database dirty: "
            rf"{holder}\.fk_ext_notes_parent \({column}\) references {parent} \(id\), which {dropped_by} drops\. "
            rf"Drop each such foreign key first \(ALTER TABLE {holder} DROP FOREIGN KEY fk_ext_notes_parent\), or the "
            r"table holding it, then run it again\. Nothing was changed\.$"
        )

        with pytest.raises(MigrationError, match=refusal):
            Migrator(empty_db).migrate(0, dry_run=True)
        with pytest.raises(MigrationError, match=refusal):
            Migrator(empty_db).migrate(0)
        assert unchanged(empty_config) == before
        assert Migrator(empty_db).status().dirty is None

        Migrator(empty_db).migrate(1)  # V2's rollback drops no table: it archives
        with admin(other).cursor() as cur:  # once the key is dropped, the rollback goes through
            cur.execute("ALTER TABLE ext_notes DROP FOREIGN KEY fk_ext_notes_parent")
        Migrator(empty_db).migrate(0)
        assert tables(empty_config) == GLOBAL_TABLES | (set() if elsewhere else {"ext_notes"})
    finally:  # a key into this database from another would stop the fixture dropping this one
        with admin(other).cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS ext_notes")


def test_unknown_version_is_refused_by_name(empty_db: omnidb.Database) -> None:
    with pytest.raises(MigrationError, match=r"unknown version 9: this omnidb ships V0..V2"):
        Migrator(empty_db).migrate(9)


def test_dry_run_prints_statements_and_changes_nothing(empty_db: omnidb.Database, empty_config: Config) -> None:
    lines: list[str] = []
    steps = Migrator(empty_db, out=lines.append).migrate(dry_run=True)

    assert [s.migration.version for s in steps] == [1, 2]
    text = "\n".join(lines)
    assert "CREATE TABLE apps" in text and "ADD COLUMN app_type" in text
    assert text.endswith("-- dry run: nothing was changed")
    assert tables(empty_config) == set()


def _break_statement(root: Path, version: int, after: str, bad: str) -> None:
    up = root / f"V{version}" / "up.sql"
    text = up.read_text()
    assert after in text
    up.write_text(text.replace(after, after + "\n\n" + bad + "\n", 1))


def _break_v2_at_statement_3(root: Path) -> None:
    """V2 with a bad third statement: the features table exists when it fails (1146)."""
    _break_statement(
        root, 2, "RENAME TABLE v2_archive_features TO features;", "INSERT INTO no_such_table (x) VALUES (1);"
    )


def test_failure_halfway_leaves_a_dirty_mark_that_refuses_further_runs(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    _break_v2_at_statement_3(versions_copy)
    migrations = load_migrations(versions_copy)
    migrator = Migrator(empty_db, migrations)

    with pytest.raises(MigrationError) as failed:
        migrator.migrate()

    message = str(failed.value)
    assert "up to V2 (app types and features) failed at statement 3 of 17" in message
    assert "INSERT INTO no_such_table (x) VALUES (1)" in message
    assert "server said: (1146)" in message and "omnidb resolve 2" in message
    row = query(
        empty_config, "SELECT state, statements_done, failed_statement, error FROM schema_migrations WHERE version = 2"
    )[0]
    assert row["state"] == "applying" and row["statements_done"] == 2
    assert "statement 3 of 17" in str(row["failed_statement"]) and "1146" in str(row["error"])
    assert history(empty_config)[-1] == (2, "up", "failed")
    status = migrator.status()
    assert status.current == 1 and status.dirty is not None and status.dirty.version == 2

    for attempt in (lambda: migrator.migrate(), lambda: migrator.migrate(0), lambda: Migrator(empty_db).migrate()):
        with pytest.raises(DirtyDatabase, match=r"dirty: applying V2 .* failed at statement 3 of 17"):
            attempt()


def test_resume_by_an_account_that_may_not_create_the_scratch_database_says_what_to_grant(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    """It said only "(1044) Access denied for user ... to database 'omnidb_check_...'"."""
    _break_v2_at_statement_3(versions_copy)
    migrations = load_migrations(versions_copy)
    with pytest.raises(MigrationError):
        Migrator(empty_db, migrations).migrate()
    with account(empty_config, "ALL", "mig") as (user, password):
        refused = (
            rf"^cannot tell whether statement 3 of up to V2 \(app types and features\) completed: deciding needs a "
            rf"scratch database omnidb_check_<random>, which {user} may not create \(.*1044.*\); grant it with "
            r"`omnidb grants` \(the migrator account\), or repair by hand and run `omnidb resolve 2`"
        )
        limited = omnidb.connect(attrs.evolve(empty_config, user=user, password=password))
        with limited, pytest.raises(MigrationError, match=refused):
            Migrator(limited, migrations).resume()


def test_resume_refuses_before_going_on_when_a_later_statement_would_collide(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    """V1 failed at its second statement; meanwhile another application made `roles`, which V1's
    statement 6 creates: resume stopped there, dirty again, with statements 2-5 done."""
    users_made = (
        "INDEX idx_users_status (status)\n) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;"
    )
    _break_statement(versions_copy, 1, users_made, "SET @helpers = (SELECT COUNT(*) FROM helper);")
    migrations = load_migrations(versions_copy)
    with pytest.raises(MigrationError, match=r"failed at statement 2 of \d+"):
        Migrator(empty_db, migrations).migrate(1)
    with admin(empty_config).cursor() as cur:  # the operator's repair, and another application's table
        cur.execute("CREATE TABLE helper (id INT PRIMARY KEY)")
        cur.execute("CREATE TABLE roles (id INT PRIMARY KEY)")
    before = unchanged(empty_config)

    with pytest.raises(MigrationError, match=r"already holds tables .*: roles \(which statement 6 of \d+ \(V1/up.sql"):
        Migrator(empty_db, migrations).resume()
    assert unchanged(empty_config) == before

    with admin(empty_config).cursor() as cur:
        cur.execute("RENAME TABLE roles TO their_roles")
    assert Migrator(empty_db, migrations).resume() is not None
    assert history(empty_config)[-1] == (1, "up", "succeeded")


def test_resume_of_a_rollback_that_died_in_a_drop_table_finishes_it(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """Statement 4 of V1's rollback (DROP TABLE resource_pricing) was sent and had not run: resume's
    check of the statements after it saw resource_pricing kept, its foreign keys into tables dropped
    later blocking, and refused (a review of the check before this commit)."""
    migrator = Migrator(empty_db)
    migrator.migrate(1)
    step = Step(migrator._migration(1), Direction.DOWN)
    books = registry.core()
    with empty_db.connection() as conn:  # the dead run: three statements done, the fourth in flight
        books.start_revert(conn, version=1, statements_total=len(step.statements))
        for number in (1, 2, 3):
            with conn.cursor() as cur:
                cur.execute(step.statements[number - 1].sql)
            books.mark_statement_done(conn, version=1, statements_done=number)
        books.mark_statement_started(conn, version=1, statement=4)
    assert "DROP TABLE resource_pricing" in step.statements[3].sql

    assert Migrator(empty_db).resume() is not None
    assert Migrator(empty_db).status().current == 0
    assert tables(empty_config) <= GLOBAL_TABLES


def test_operator_resolves_a_dirty_version_after_repairing_by_hand(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    _break_v2_at_statement_3(versions_copy)
    with pytest.raises(MigrationError):
        Migrator(empty_db, load_migrations(versions_copy)).migrate()
    # The operator undoes the two statements that ran, then says V2 is not applied.
    with admin(empty_config).cursor() as cur:
        cur.execute("DROP TABLE features")
    with pytest.raises(MigrationError, match="only a dirty version can be resolved"):
        Migrator(empty_db).resolve(1, applied=True)

    Migrator(empty_db).resolve(2, applied=False)

    assert history(empty_config)[-1] == (2, "resolve", "succeeded")
    Migrator(empty_db).migrate()  # the shipped, correct V2 now applies
    assert Migrator(empty_db).status().current == 2


def test_checksum_mismatch_names_the_version(empty_db: omnidb.Database, versions_copy: Path) -> None:
    Migrator(empty_db).migrate(1)
    up = versions_copy / "V1" / "up.sql"
    up.write_text(up.read_text().replace("'main'", "'master'"))
    migrator = Migrator(empty_db, load_migrations(versions_copy))

    assert migrator.status().checksum_mismatches == [1]
    with pytest.raises(ChecksumMismatch, match=r"V1 was applied from an up.sql with checksum \w{12}, but"):
        migrator.migrate()


def test_rollback_guard_refuses_to_destroy_v1_data_unless_confirmed(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(1)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")

    for dry_run in (True, False):  # a dry run refuses as the run does: guards only read
        with pytest.raises(
            MigrationError, match=r"rolling back V1 would destroy data: `SELECT .*` returned 1, not 0; preserve"
        ):
            migrator.migrate(0, dry_run=dry_run)
    lines: list[str] = []
    Migrator(empty_db, out=lines.append).migrate(0, dry_run=True, allow_data_loss=True)
    assert lines[0].startswith("warning: rolling back V1 would destroy data") and lines[0].endswith("as confirmed")
    assert migrator.status().current == 1
    assert query(empty_config, "SELECT name FROM orgs") == [{"name": "acme"}]

    migrator.migrate(0, allow_data_loss=True)
    assert tables(empty_config) == GLOBAL_TABLES


def test_a_rollback_to_v0_refuses_to_drop_the_features_of_v2(empty_db: omnidb.Database, empty_config: Config) -> None:
    """Every V1 table empty, one V2 feature: V2's down.sql archives it, V1's drops the archive."""
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO features (name, description) VALUES ('gpu', 'GPU workers')")

    # From V2: refused before V2 is rolled back.
    with pytest.raises(
        MigrationError,
        match=r"^rolling back V1 would destroy data: `SELECT EXISTS \(SELECT 1 FROM features\) AS has_rows` returned "
        r"1, not 0 \(checked before rolling back V2: nothing was changed\); preserve",
    ):
        migrator.migrate(0)
    assert migrator.status().current == 2 and query(empty_config, "SELECT name FROM features") == [{"name": "gpu"}]

    # From V1, once V2 is rolled back: refused while its archive holds the feature.
    migrator.migrate(1)
    with pytest.raises(MigrationError, match=r"^rolling back V1 would destroy data: `.*FROM v2_archive_features\)"):
        migrator.migrate(0)
    assert query(empty_config, "SELECT name FROM v2_archive_features") == [{"name": "gpu"}]

    migrator.migrate(0, allow_data_loss=True)
    assert tables(empty_config) == GLOBAL_TABLES


def test_a_rollback_of_two_versions_checks_both_before_the_first(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
    with pytest.raises(MigrationError, match=r"`SELECT EXISTS \(SELECT 1 FROM orgs\) AS has_rows` returned 1, not 0 "):
        migrator.migrate(0)
    assert migrator.status().current == 2
    assert history(empty_config)[-1] == (2, "up", "succeeded")  # V2 was not rolled back


def test_a_paused_rollback_is_not_continued_when_a_later_step_s_guard_refuses(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
    with holding_apps(empty_config), pytest.raises(MigrationBlocked):  # V2's down.sql waits for apps
        Migrator(empty_db, ddl_lock_timeout=1, ddl_retries=0).migrate(1)
    paused = migrator.status().unfinished
    assert paused is not None and paused.condition.value == "paused" and paused.direction.value == "down"

    with pytest.raises(
        MigrationError,
        match=r"FROM orgs\) AS has_rows` returned 1, not 0 \(checked before going on with V2's paused rollback\)",
    ):
        migrator.migrate(0)
    still = migrator.status().unfinished
    assert still is not None and still.statements_done == paused.statements_done  # V2's rollback did not go on
    for dry_run in (True, False):  # going up would not finish the paused rollback: refused, dry run too
        with pytest.raises(MigrationError, match=r"Finish it first: `omnidb migrate --to 1`"):
            migrator.migrate(2, dry_run=dry_run)


def test_a_guard_on_a_missing_table_passes_and_a_broken_guard_is_named(
    empty_db: omnidb.Database, versions_copy: Path
) -> None:
    guards = versions_copy / "V1" / "guards.sql"
    guards.write_text("-- guard: SELECT EXISTS (SELECT 1 FROM no_such_table) AS has_rows\n", encoding="utf-8")
    migrator = Migrator(empty_db, load_migrations(versions_copy))
    migrator.migrate(1)
    assert [step.direction.value for step in migrator.migrate(0)] == ["down"]

    broken = shutil.copytree(versions_copy, versions_copy.parent / "broken")  # load_migrations caches by folder
    (broken / "V1" / "guards.sql").write_text("-- guard: SELECT COUNT(no_such_column) FROM orgs\n", encoding="utf-8")
    migrator = Migrator(empty_db, load_migrations(broken))
    migrator.migrate(1)
    with pytest.raises(
        MigrationError, match=r"^V1: the guard `SELECT COUNT\(no_such_column\) FROM orgs` failed: .*1054"
    ):
        migrator.migrate(0)
    assert migrator.status().current == 1


def test_v2_data_survives_a_round_trip_through_v1(empty_db: omnidb.Database, empty_config: Config) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
        cur.execute("INSERT INTO features (name, description) VALUES ('gpu', 'GPU workers')")
        cur.execute(
            "INSERT INTO apps (org_id, name, app_type, feature_id) SELECT o.id, 'ml', 'batch', f.id "
            "FROM orgs AS o, features AS f"
        )
        cur.execute("INSERT INTO apps (org_id, name) SELECT id, 'web' FROM orgs")
        cur.execute(
            "INSERT INTO app_features (app_id, feature_id, enabled, settings) "
            "SELECT a.id, f.id, 0, '{\"gpus\": 2}' FROM apps AS a, features AS f WHERE a.name = 'ml'"
        )
    snapshot = "SELECT name, app_type, feature_id FROM apps ORDER BY id"
    before = (query(empty_config, snapshot), query(empty_config, "SELECT * FROM features"),
              query(empty_config, "SELECT * FROM app_features"))  # fmt: skip

    migrator.migrate(1)
    assert query(empty_config, "SELECT app_id, app_type FROM v2_archive_apps") == [{"app_id": 1, "app_type": "batch"}]
    migrator.migrate(2)

    after = (query(empty_config, snapshot), query(empty_config, "SELECT * FROM features"),
             query(empty_config, "SELECT * FROM app_features"))  # fmt: skip
    assert after == before
    assert V2_ARCHIVES.isdisjoint(tables(empty_config))


def test_a_held_lock_makes_a_second_runner_wait_then_give_up(empty_db: omnidb.Database, empty_config: Config) -> None:
    holder = admin(empty_config)
    with holder.cursor() as cur:
        cur.execute("SELECT GET_LOCK(%s, 0) AS got, CONNECTION_ID() AS id", (lock_name(str(empty_config.database)),))
        held = cur.fetchone()
        assert held["got"] == 1

    said: list[str] = []
    with pytest.raises(MigrationLocked, match=rf"\(connection {held['id']}\) held the lock for more than 0.5s"):
        Migrator(empty_db, lock_timeout=0.5, out=said.append).migrate()
    holder.close()
    assert "apps" not in tables(empty_config)
    # said before the wait, not only after it
    assert said == [
        f"waiting up to 0.5s for the migration lock of {empty_config.database}, held by connection {held['id']} "
        "(another migration, rollback, resume, adoption or seed)"
    ]


RUNNER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import omnidb
    from omnidb.tooling.migrate import Migrator, load_migrations
    db = omnidb.connect(sys.argv[1])
    steps = Migrator(db, load_migrations(Path(sys.argv[2]))).migrate()
    print(len(steps))
    """
)


def test_two_concurrent_runner_processes_apply_each_version_once(
    empty_config: Config, versions_copy: Path, tmp_path: Path
) -> None:
    # Slow V1 down so the two runs overlap: the second must wait for the lock, then find nothing to do.
    _break_statement(
        versions_copy,
        1,
        "-- =============================================================================\n\n",
        "DO SLEEP(1.5);",
    )
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    runners = [
        subprocess.Popen(
            [sys.executable, str(script), dsn, str(versions_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [r.communicate(timeout=120) for r in runners]

    assert [r.returncode for r in runners] == [0, 0], results
    assert sorted(out.strip() for out, _ in results) == ["0", "2"]
    assert history(empty_config) == [(1, "up", "succeeded"), (2, "up", "succeeded")]


class _Overtaken(Migrator):
    """A runner that another runner overtakes between its first read of the database and its checks."""

    overtaken = False

    def status(self) -> Status:
        read = super().status()
        if not self.overtaken:
            self.overtaken = True
            Migrator(self.db).migrate()
        return read


def test_a_runner_overtaken_before_its_checks_finds_the_other_runs_tables_no_collision(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    # Its first read saw an empty database; the tables found next are the other runner's, which the
    # check under the lock then sees recorded: nothing to do, no refusal (this failed one run in three
    # with one runner per node of a Galera cluster).
    assert _Overtaken(empty_db).migrate() == []
    assert history(empty_config) == [(1, "up", "succeeded"), (2, "up", "succeeded")]


def test_status_read_as_a_run_ends_calls_it_neither_dirty_nor_running(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """The rows read while V2 was applying, the lock holder read after the run let go: status said
    INTERRUPTED (dirty), and `migrate --dry-run` refused, of a run that had just succeeded."""
    Migrator(empty_db).migrate()
    runner = admin(empty_config)  # the run: holds the lock while V2 is recorded as applying
    with runner.cursor() as cur:
        cur.execute("SELECT GET_LOCK(%s, 0) AS got", (lock_name(str(empty_config.database)),))
        cur.execute("UPDATE schema_migrations SET state = 'applying' WHERE version = 2")

    def run_ends() -> None:
        with runner.cursor() as cur:
            cur.execute("UPDATE schema_migrations SET state = 'applied' WHERE version = 2")
            cur.execute("DO RELEASE_LOCK(%s)", (lock_name(str(empty_config.database)),))

    class Ending:
        """The queries, with the run ending right after the rows are read."""

        def __init__(self, queries: object) -> None:
            self.queries, self.ended = queries, False

        def __getattr__(self, name: str) -> object:
            return getattr(self.queries, name)

        def list_recorded_versions(self, conn: object) -> list[object]:
            rows = list(self.queries.list_recorded_versions(conn))  # type: ignore[attr-defined]
            if not self.ended:
                self.ended = True
                run_ends()
            return rows

    migrator = Migrator(empty_db)
    migrator._q = Ending(migrator._q)  # type: ignore[assignment]
    status = migrator.status()
    runner.close()
    assert status.dirty is None and status.unfinished is None and status.current == 2


def test_a_run_whose_lock_was_taken_over_stops_before_its_next_statement(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """Its heartbeat found the lock row taken over (its lease ran out): it went on sending V1's
    statements while the runner that took the lock over saw V1 interrupted, and could resume it."""

    class Overtaken(Migrator):
        def _run_statement(self, run: Any, step: Any, history_id: int, number: int, *args: Any, **kw: Any) -> None:
            if number == 3:  # another runner takes the lock over; the heartbeat finds it so
                with admin(empty_config).cursor() as cur:
                    cur.execute("UPDATE schema_migration_lock SET token = REPEAT('e', 32)")
                run.lock.lost.set()
            super()._run_statement(run, step, history_id, number, *args, **kw)

    with pytest.raises(LockLost, match=r"was taken over while this run held it .*stopping before the next statement"):
        Overtaken(empty_db).migrate(1)
    assert query(empty_config, "SELECT version, state, statements_done FROM schema_migrations") == [
        {"version": 1, "state": "applying", "statements_done": 2}
    ]
    # Released only if still its own: the row of the runner that took it over stays.
    assert query(empty_config, "SELECT token FROM schema_migration_lock") == [{"token": "e" * 32}]


def test_a_rollback_overtaken_by_a_deeper_one_does_not_migrate_up(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """`rollback --to 1` read V2; a `rollback --to 0` ran before it took the lock; it then applied V1."""

    class Overtaken(Migrator):
        def _locked(self) -> Any:
            Migrator(self.db).migrate(0)
            return super()._locked()

    Migrator(empty_db).migrate()
    with pytest.raises(MigrationError, match=r"a rollback goes down, but .* is at V0 now .*: nothing was done"):
        Overtaken(empty_db).migrate(1, down_only=True)
    assert history(empty_config)[-2:] == [(2, "down", "succeeded"), (1, "down", "succeeded")]
    assert Migrator(empty_db).status().current == 0


def test_the_reads_before_a_runs_lock_are_sent_again_after_a_deadlock() -> None:
    """On Galera, another node's DDL applied here aborts a session holding a conflicting metadata
    lock (1213): a read of the catalog before the lock failed the run."""
    from omnidb.tooling.migrate import _retried

    tries: list[int] = []

    def read(fails: int) -> None:
        tries.append(1)
        if len(tries) <= fails:
            raise TransientError("(1213) Deadlock found when trying to get lock; try restarting transaction")

    _retried(lambda: read(2))
    assert len(tries) == 3
    tries.clear()
    with pytest.raises(TransientError, match="1213"):
        _retried(lambda: read(3))
    assert len(tries) == 3


def test_migrations_need_a_database_in_the_dsn(server: Config) -> None:
    db = omnidb.connect(server)
    try:
        with pytest.raises(MigrationError, match="names no database"):
            Migrator(db)
    finally:
        db.close()


def test_version_folders_must_be_contiguous(versions_copy: Path) -> None:
    (versions_copy / "V2").rename(versions_copy / "V3")
    with pytest.raises(MigrationError, match=r"must be V1..V2 with no gaps, found V1, V3"):
        load_migrations(versions_copy)


def test_a_migration_failing_with_foreign_key_checks_off_leaves_no_pooled_session_without_them(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    # V2 fails right after `SET SESSION foreign_key_checks = 0`, through the application's own pool.
    _break_statement(
        versions_copy, 2, "SET SESSION foreign_key_checks = 0;", "INSERT INTO no_such_table (x) VALUES (1);"
    )
    init_schema(empty_db, 1)
    with pytest.raises(MigrationError, match=r"failed at statement \d+ of \d+"):
        init_schema(empty_db, migrations=load_migrations(versions_copy))

    for _ in range(empty_db.connections_open + 1):  # whichever pooled session comes next
        with pytest.raises(ParentNotFound, match="org 424242 not found"):
            apps.create_app(empty_db, org_id=424242, name="orphan")
        with empty_db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@SESSION.foreign_key_checks AS checks")
            assert cur.fetchone() == {"checks": 1}
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps") == [{"n": 0}]


def test_features_dropped_while_at_v1_leave_no_orphaned_feature_id_and_are_recorded(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(2)
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
        cur.execute("INSERT INTO features (name) VALUES ('gpu'), ('ssd')")
        cur.execute(
            "INSERT INTO apps (org_id, name, app_type, feature_id) "
            "SELECT o.id, CONCAT('app-', f.name), 'batch', f.id FROM orgs AS o, features AS f"
        )
        cur.execute("INSERT INTO app_features (app_id, feature_id) SELECT id, feature_id FROM apps")
    migrator.migrate(1)
    with admin(empty_config).cursor() as cur:
        cur.execute("DROP TABLE v2_archive_features")  # the operator's choice: the archives are plain tables

    migrator.migrate(2)

    assert query(empty_config, "SELECT name, app_type, feature_id FROM apps ORDER BY id") == [
        {"name": "app-gpu", "app_type": "batch", "feature_id": None},
        {"name": "app-ssd", "app_type": "batch", "feature_id": None},
    ]
    assert query(empty_config, "SELECT COUNT(*) AS n FROM app_features") == [{"n": 0}]  # as ON DELETE CASCADE
    record = query(empty_config, "SELECT `key`, value FROM metadata WHERE `key` LIKE 'v2.orphaned_feature_ids.%'")
    assert len(record) == 1 and json.loads(str(record[0]["value"])) == {"1": 1, "2": 2}
    assert run_checks(empty_config.with_database(None), live=empty_db).findings == []


def test_an_edited_down_sql_is_a_checksum_mismatch_that_refuses_the_rollback(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    Migrator(empty_db).migrate(2)
    down = versions_copy / "V2" / "down.sql"
    down.write_text(down.read_text().replace("DROP COLUMN app_type", "DROP COLUMN app_type, DROP COLUMN name"))
    migrator = Migrator(empty_db, load_migrations(versions_copy))

    status = migrator.status()
    assert status.down_checksum_mismatches == [2] and status.checksum_mismatches == [] and not status.healthy
    with pytest.raises(ChecksumMismatch, match=r"V2 was applied with a down.sql of checksum \w{12}, but the shipped"):
        migrator.migrate(1)
    assert "name" in columns(empty_config, "apps") and migrator.status().current == 2
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    shipped = subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn, "status"], capture_output=True, text=True, timeout=60
    )
    assert shipped.returncode == 0 and "state:     clean" in shipped.stdout  # the shipped files match


OLD_DB_INIT = """
CREATE TABLE schema_migrations (
    version BIGINT NOT NULL, name VARCHAR(255) NOT NULL, checksum CHAR(64) NOT NULL,
    state ENUM('applying', 'applied', 'reverting') NOT NULL,
    statements_total INT NOT NULL DEFAULT 0, statements_done INT NOT NULL DEFAULT 0,
    failed_statement TEXT NULL, error TEXT NULL, applied_at DATETIME(6) NULL, execution_ms BIGINT NULL,
    applied_by VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (version)
)
"""


def test_bookkeeping_written_by_the_previous_omnidb_is_read_then_upgraded(
    empty_db: omnidb.Database, empty_config: Config, versions_copy: Path
) -> None:
    # A database at V2 as the previous release left it: its bookkeeping table, and an up.sql that a
    # later revision (with the same schema) supersedes.
    Migrator(empty_db).migrate(2)
    first_v2 = load_migrations()[1].checksum
    up = versions_copy / "V2" / "up.sql"
    up.write_text(up.read_text() + f"\n-- supersedes: sha256:{first_v2}\n")
    migrations = load_migrations(versions_copy)
    assert migrations[1].superseded == frozenset({first_v2}) and migrations[1].checksum != first_v2
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE legacy AS SELECT * FROM schema_migrations")
        cur.execute("DROP TABLE schema_migrations")
        cur.execute(OLD_DB_INIT)
        cur.execute(
            "INSERT INTO schema_migrations (version, name, checksum, state, statements_total, statements_done, "
            "applied_at) SELECT version, name, checksum, state, statements_total, statements_done, applied_at "
            "FROM legacy"
        )
        cur.execute("DROP TABLE legacy")

    status = Migrator(empty_db, migrations).status()  # read-only: it reads the old table as it is
    assert status.current == 2 and status.healthy and "down_checksum" not in columns(empty_config, "schema_migrations")

    lines: list[str] = []
    assert Migrator(empty_db, migrations, out=lines.append).migrate() == []
    rows = query(empty_config, "SELECT version, checksum, down_checksum FROM schema_migrations ORDER BY version")
    assert [(r["checksum"], r["down_checksum"]) for r in rows] == [(m.checksum, m.down_checksum) for m in migrations]
    assert any("earlier revision of up.sql" in line for line in lines)
    assert Migrator(empty_db, migrations).status().healthy


def _live_v1_tables(config: Config) -> set[str]:
    """The tables migrating to V1 created, read from information_schema (not from a hand list)."""
    return tables(config) - GLOBAL_TABLES


def test_every_v1_table_is_guarded_against_a_rollback(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate(1)
    live = _live_v1_tables(empty_config)
    guards = load_migrations()[0].guards
    guarded = {name for guard in guards for name in re.findall(r"\bFROM\s+`?(\w+)`?", guard)}

    assert len(live) == len(v1_tables.TABLES)
    assert sorted(live - guarded) == [], "every V1 table that can hold rows needs a `-- guard:` line in V1/down.sql"


def _one_row(config: Config, table: str) -> dict[str, object]:
    """Values for a row of ``table``: each NOT NULL column without a default gets a value of its type."""
    rows = query(
        config,
        "SELECT COLUMN_NAME AS name, DATA_TYPE AS type, COLUMN_TYPE AS column_type FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s AND IS_NULLABLE = 'NO' AND COLUMN_DEFAULT IS NULL "
        "AND EXTRA NOT LIKE '%%auto_increment%%'",
        table,
    )
    values: dict[str, object] = {}
    for row in rows:
        kind, name = str(row["type"]), str(row["name"])
        if kind == "enum":
            values[name] = str(row["column_type"]).split("'")[1]
        elif kind in ("datetime", "date", "timestamp"):
            values[name] = "2026-01-01"
        elif kind in ("char", "varchar", "text", "longtext") and name not in ("value",):
            values[name] = f"{table}-{name}"
        elif kind in ("char", "varchar", "text", "longtext"):
            values[name] = "v"
        else:
            values[name] = 1
    if table == "notification_acknowledgments":  # exactly one of its two targets (a CHECK)
        values["notification_id"] = 1
    return values


def test_rollback_to_0_refuses_while_any_single_v1_table_holds_a_row(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    migrator = Migrator(empty_db)
    migrator.migrate(1)
    conn = admin(empty_config)
    with conn.cursor() as cur:
        cur.execute("SET SESSION foreign_key_checks = 0")  # one row alone, with parents that do not exist
    try:
        for table in sorted(_live_v1_tables(empty_config)):
            row = _one_row(empty_config, table)
            columns_sql = ", ".join(f"`{c}`" for c in row)
            with conn.cursor() as cur:
                cur.execute(
                    f"INSERT INTO `{table}` ({columns_sql}) VALUES ({', '.join(['%s'] * len(row))})",
                    tuple(row.values()),
                )
            with pytest.raises(
                MigrationError, match=rf"rolling back V1 would destroy data: `.*\b{table}\b.*` returned 1, not 0"
            ):
                migrator.migrate(0)
            with conn.cursor() as cur:
                cur.execute(f"DELETE FROM `{table}`")
    finally:
        conn.close()
    assert migrator.status().current == 1

    migrator.migrate(0)  # every table empty again: the rollback goes through without confirmation
    assert tables(empty_config) == GLOBAL_TABLES


def test_data_statements_under_a_lock_tables_of_a_shipped_script_give_the_same_result_run_twice() -> None:
    """resume runs them again (session_prelude): a plain INSERT would then add its rows twice."""
    for migration in load_migrations():
        for direction in ("up", "down"):
            held = False
            for statement in split_statements(getattr(migration, f"{direction}_sql")):
                code = " ".join(line for line in statement.sql.splitlines() if not line.lstrip().startswith("--"))
                word = code.split(None, 1)[0].upper() if code.strip() else ""
                if word == "LOCK":
                    held = True
                elif word == "UNLOCK":
                    held = False
                elif held and word == "INSERT":
                    assert "ON DUPLICATE KEY UPDATE" in code.upper() or "INSERT IGNORE" in code.upper(), (
                        f"V{migration.version}/{direction}.sql line {statement.line}: an INSERT under LOCK TABLES "
                        "is run again by resume; use REPLACE or INSERT ... ON DUPLICATE KEY UPDATE"
                    )


def test_a_paused_run_names_at_most_five_blockers_and_counts_the_rest() -> None:
    from omnidb.tooling.migrate import describe_blockers

    blockers = [
        {"connection_id": n, "user": "app", "host": "10.0.0.5:4000", "db": "omni" if n < 3 else None,
         "command": "Sleep", "transaction_seconds": 30, "query": None}
        for n in range(1, 8)
    ]  # fmt: skip
    told = describe_blockers(blockers)
    assert told.startswith("connection 1 (app@10.0.0.5:4000 using omni, transaction open 30s, idle)")
    assert "connection 5 (app@10.0.0.5:4000 using no database" in told and "connection 6" not in told
    assert told.endswith(", and 2 more open transactions")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"lock_timeout": float("nan")}, "lock_timeout must be a finite number, got nan"),
        ({"lock_timeout": -5}, "lock_timeout must be positive, got -5"),
        ({"ddl_lock_timeout": 40_000_000}, "ddl_lock_timeout must be at most 31,536,000 seconds"),
        ({"ddl_lock_timeout": 1.5}, "ddl_lock_timeout must be a whole number, got 1.5"),
    ],
)
def test_the_runner_s_timeouts_are_checked_as_the_dsn_s(
    empty_db: omnidb.Database, given: dict[str, float], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        Migrator(empty_db, **given)  # type: ignore[arg-type]
    if "lock_timeout" in given:
        with pytest.raises(ConfigError, match=message):
            Adopter(empty_db, lock_timeout=given["lock_timeout"])
