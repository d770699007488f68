"""omnidb adopt: an upstream OmniOrchestrator database brought under omnidb, in place, as V1.

The upstream database comes from tests/fixtures/upstream_shaped.sql (written by this project from the
facts of upstream's schema). With OMNIDB_UPSTREAM_SQL naming a directory that holds upstream's own
db_init.sql and sample_data.sql, one more test adopts the real thing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from dbtools import MakeDatabase, admin, query, tables
from test_cli import dsn_of, omnidb
from upstreamdb import (
    drift_outside_not_carried,
    make_upstream,
    new_tables,
    row_counts,
    show_create,
    upstream_metadata_table,
)

import omnidb as omnidb_pkg
from omnidb.config import Config
from omnidb.errors import DirtyDatabase, MigrationError
from omnidb.tooling import adoptgen
from omnidb.tooling.adopt import PROGRESS_KEY, Adopter, AdoptionError, load_script
from omnidb.tooling.check import run_checks
from omnidb.tooling.clusterlock import LockLost
from omnidb.tooling.doctor import diagnose
from omnidb.tooling.migrate import Migrator
from omnidb.tooling.upstream import ADOPTED_NAME
from omnidb.v1 import apps, instances, metrics, orgs, permissions, providers, regions, users
from omnidb.v1.tables import AppStatus, UserStatus

UNKNOWN = datetime(1970, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def upstream_config(make_database: MakeDatabase) -> Config:
    """A fresh database shaped like upstream's, holding the fixture's rows."""
    return make_upstream(make_database())


@pytest.fixture
def upstream_db(upstream_config: Config) -> Iterator[omnidb_pkg.Database]:
    db = omnidb_pkg.connect(upstream_config)
    yield db
    db.close()


def drift(server: Config, db: omnidb_pkg.Database) -> list[str]:
    """Drift of ``db`` against a fresh copy of its version, outside what V1 does not carry yet."""
    report = run_checks(server, live=db)
    return drift_outside_not_carried([f.message for f in report.errors if f.check.value == "drift"])


def test_the_shipped_script_is_what_the_generator_writes(server: Config) -> None:
    # V1 changed without regenerating? python -m omnidb.tooling.adoptgen > sql/adopt/upstream_v1.sql
    repository = Path(__file__).resolve().parent.parent  # not the installed copy tox tests against
    shipped = (repository / "sql" / "adopt" / "upstream_v1.sql").read_text(encoding="utf-8")
    assert adoptgen.generate(server, repository / "tests" / "fixtures" / "upstream_shaped.sql") == shipped


def test_a_dry_run_prints_the_plan_and_changes_nothing(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    before_tables, before_rows = show_create(upstream_config), row_counts(upstream_config)
    lines: list[str] = []

    assert Adopter(upstream_db, out=lines.append).adopt(dry_run=True) is None

    text = "\n".join(lines)
    assert "an upstream OmniOrchestrator database (63 tables)" in text
    assert "phase 1 values" in text and "phase 4 add-keys" in text
    assert "ALTER TABLE users" in text and "DROP FOREIGN KEY orgmember_ibfk_1" in text
    assert text.endswith("-- dry run: nothing was changed")
    assert show_create(upstream_config) == before_tables
    assert row_counts(upstream_config) == before_rows
    assert "schema_migrations" not in tables(upstream_config)

    result = omnidb("adopt", "--dry-run", dsn=dsn_of(upstream_config))
    assert result.returncode == 0, result.stderr
    assert "statement 1 of" in result.stdout and show_create(upstream_config) == before_tables


def test_an_upstream_database_is_adopted_with_every_row_and_value(
    server: Config, upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    before = row_counts(upstream_config)
    lines: list[str] = []

    report = Adopter(upstream_db, out=lines.append).adopt()

    assert report is not None and all(check.ok for check in report.checks)
    # every upstream table accounted for, row for row (metadata: without the runner's progress key)
    assert {c.table: c.rows_after for c in report.checks} == before
    created = {t: 0 for t in new_tables()}  # V1's tables upstream does not have, created empty
    assert created and row_counts(upstream_config) == {
        **before,
        **created,
        "schema_migrations": 1,
        "schema_migration_history": 1,
        "schema_migration_lock": 0,  # the runner's cluster-wide lock, held by nobody afterwards
    }
    carried = {c.table for c in report.checks if c.values_before is not None}
    assert {"users", "apps", "metrics", "permissions_role", "metadata"} <= carried
    assert "adopted " + upstream_config.database in lines[-1]

    # recorded as V1, adopted; history keeps the run with the script's checksum
    status = Migrator(upstream_db).status()
    assert status.current == 1 and status.dirty is None and not status.checksum_mismatches
    assert status.recorded[0].name == ADOPTED_NAME
    history = query(upstream_config, "SELECT direction, outcome, checksum FROM schema_migration_history")
    assert history == [{"direction": "up", "outcome": "succeeded", "checksum": load_script().checksum}]
    assert query(upstream_config, "SELECT value FROM metadata WHERE `key` = %s", PROGRESS_KEY) == []
    assert query(upstream_config, "SELECT value FROM metadata WHERE `key` = 'omni_schema_version'") == [{"value": "1"}]

    # the same tables as a fresh V1: no drift, no compressed row format left
    assert drift(server, upstream_db) == []
    options = query(
        upstream_config,
        "SELECT ROW_FORMAT AS f, CREATE_OPTIONS AS o, TABLE_COLLATION AS c FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = %s AND TABLE_NAME IN ('metrics', 'instance_logs', 'metadata')",
        upstream_config.database,
    )
    assert all(o["f"] == "Dynamic" and not o["o"] and o["c"] == "utf8mb4_unicode_ci" for o in options)

    # v1 reads work on the adopted rows, and the odd values became the documented ones
    ada, bob = users.get_user_by_id(upstream_db, 1), users.get_user_by_id(upstream_db, 2)
    assert ada.email == "ada@example.com" and ada.password_hash == "hash-1"
    assert bob.status is UserStatus.PENDING and bob.last_login_at is None
    assert bob.created_at == bob.updated_at == datetime(2024, 2, 2, 8, tzinfo=timezone.utc)
    assert orgs.get_org_by_name(upstream_db, "acme").plan.value == "free"
    assert providers.get_provider_by_id(upstream_db, 2).provider_type.value == "cloud"
    assert regions.get_region_by_id(upstream_db, 1).provider_id == 1
    assert regions.get_region_by_id(upstream_db, 2).region_class == "edge"
    web = apps.get_app_by_id(upstream_db, 1)
    assert web.status is AppStatus.STOPPED and web.updated_at == web.created_at and web.labels == {"tier": "web"}
    assert apps.count_apps(upstream_db, org_id=1) == 2
    instance = instances.get_instance_by_id(upstream_db, 1)
    assert instance.worker_id == 1 and instance.stopped_at is None
    assert instance.started_at == datetime(2024, 2, 1, 1, tzinfo=timezone.utc)
    assert metrics.get_metric_by_id(upstream_db, 2).recorded_at == UNKNOWN
    assert permissions.get_permission_by_id(upstream_db, 2).resource_type == ""
    assert users.update_user(upstream_db, 2, status=UserStatus.ACTIVE).status is UserStatus.ACTIVE

    # and adopting again does nothing
    assert Adopter(upstream_db).adopt() is None
    again: list[str] = []
    Adopter(upstream_db, out=again.append).adopt(dry_run=True)
    assert again == [f"-- {upstream_config.database} was adopted already: nothing would run"]

    # V2 and back keep every row
    after = row_counts(upstream_config)
    Migrator(upstream_db).migrate(2)
    Migrator(upstream_db).migrate(1)
    Migrator(upstream_db).migrate(2)
    assert Migrator(upstream_db).status().current == 2
    counts = row_counts(upstream_config)
    assert all(counts[t] == n for t, n in after.items() if not t.startswith("schema_migration"))
    assert apps.get_app_by_id(upstream_db, 1).labels == {"tier": "web"}
    assert drift(server, upstream_db) == []


def test_a_database_that_is_not_upstreams_is_refused_and_left_alone(
    make_database: MakeDatabase, upstream_config: Config
) -> None:
    foreign = make_database()
    side = admin(foreign)
    with side.cursor() as cur:
        cur.execute("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)")
        cur.execute("INSERT INTO customers VALUES (1, 'x')")
    side.close()
    # and one that is upstream's but lacks a column and a table
    side = admin(upstream_config)
    with side.cursor() as cur:
        cur.execute("ALTER TABLE users DROP COLUMN salt")
        cur.execute("DROP TABLE nodes")
    side.close()

    for config, expected in (
        (foreign, "it holds none of upstream's tables"),
        (upstream_config, "missing tables: nodes; missing columns: users.salt"),
    ):
        before = show_create(config), row_counts(config)
        db = omnidb_pkg.connect(config)
        try:
            with pytest.raises(AdoptionError, match="cannot be adopted") as refused:
                Adopter(db).adopt()
            assert expected in str(refused.value) and "Nothing was changed" in str(refused.value)
        finally:
            db.close()
        assert (show_create(config), row_counts(config)) == before
        result = omnidb("adopt", dsn=dsn_of(config))
        assert result.returncode == 1 and expected in result.stderr

    # a database omnidb already manages is refused too
    managed = make_database()
    db = omnidb_pkg.connect(managed)
    try:
        Migrator(db).migrate(1)
        with pytest.raises(AdoptionError, match="already managed by omnidb") as refused:
            Adopter(db).adopt()
        assert "missing columns" not in str(refused.value)  # omnidb's V1 is not upstream's, by design
    finally:
        db.close()


def test_an_adoption_holds_the_replicated_lock_on_sessions_of_its_own(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    """It held only this server's GET_LOCK, on a pooled session: a migration on another node of a
    cluster could run at once, and its SET SESSION lock_wait_timeout went on to the next borrower."""
    held: list[dict[str, object]] = []

    class Watched(Adopter):
        def _run_statement(self, conn: Any, item: Any) -> int:
            if not held:
                held.extend(query(upstream_config, "SELECT owner, token FROM schema_migration_lock"))
            return int(super()._run_statement(conn, item))

    with upstream_db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT @@SESSION.lock_wait_timeout AS wait")
        before = cur.fetchone()
    assert Watched(upstream_db, lock_timeout=7).adopt() is not None
    assert len(held) == 1 and "pid" in str(held[0]["owner"])
    assert query(upstream_config, "SELECT COUNT(*) AS n FROM schema_migration_lock") == [{"n": 0}]
    for _ in range(upstream_db.connections_open + 1):  # whichever pooled session comes next
        with upstream_db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@SESSION.lock_wait_timeout AS wait")
            assert cur.fetchone() == before != {"wait": 7}


def test_an_adoption_whose_lock_was_taken_over_stops_before_its_next_statement(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    """Its lease ran out (a long ALTER stalled the heartbeat on Galera) and another `omnidb adopt`
    took the lock over and resumed the adoption: the first went on sending statements all the same."""

    class Overtaken(Adopter):
        def _run_statement(self, conn: Any, item: Any) -> int:
            if item.number == 1:  # another runner takes the lock over; the heartbeat finds it so
                with admin(upstream_config).cursor() as cur:
                    cur.execute("UPDATE schema_migration_lock SET token = REPEAT('e', 32)")
                assert self._lock is not None
                self._lock.lost.set()
            return int(super()._run_statement(conn, item))

    with pytest.raises(LockLost, match=r"was taken over while this run held it"):
        Overtaken(upstream_db).adopt()
    assert query(upstream_config, "SELECT state, statements_done FROM schema_migrations") == [
        {"state": "applying", "statements_done": 1}
    ]
    # The runner that took it over (here, on this server, after the first's session ended) finishes it.
    report = Adopter(upstream_db).adopt()
    assert report is not None and all(check.ok for check in report.checks)


def test_rows_that_would_stop_an_adoption_halfway_are_named_before_anything_changes(
    server: Config, upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    side = admin(upstream_config)
    with side.cursor() as cur:  # upstream loads data with foreign key checks off: rows may point nowhere
        cur.execute("SET FOREIGN_KEY_CHECKS = 0")
        cur.execute("INSERT INTO orgmember (id, org_id, user_id, role) VALUES (3, 1, 99, 'member')")
        cur.execute("INSERT INTO metrics (id, app_id, metric_name, metric_value) VALUES (3, 77, 'cpu', 1)")
    before = show_create(upstream_config), row_counts(upstream_config)

    with pytest.raises(AdoptionError) as refused:
        Adopter(upstream_db).adopt()
    message = str(refused.value)
    assert "orgmember.user_id: 1 rows point to no users row (fk_orgmember_user_id)" in message
    assert "metrics.app_id: 1 rows point to no apps row (fk_metrics_app_id)" in message
    assert "Nothing was changed" in message
    assert (show_create(upstream_config), row_counts(upstream_config)) == before
    lines: list[str] = []
    Adopter(upstream_db, out=lines.append).adopt(dry_run=True)
    assert "-- WOULD REFUSE: orgmember.user_id: 1 rows point to no users row (fk_orgmember_user_id)" in lines

    with side.cursor() as cur:
        cur.execute("DELETE FROM orgmember WHERE id = 3")
        cur.execute("UPDATE metrics SET app_id = NULL WHERE id = 3")
    side.close()
    report = Adopter(upstream_db).adopt()
    assert report is not None and all(c.ok for c in report.checks)
    assert drift(server, upstream_db) == []


def test_a_failed_adoption_says_where_it_stopped_and_finishes_when_run_again(
    server: Config, upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    before = row_counts(upstream_config)
    side = admin(upstream_config)
    with side.cursor() as cur:  # an object in the way of what V1 adds
        cur.execute("CREATE INDEX uq_workers_region_id_name ON workers (name)")

    with pytest.raises(AdoptionError) as stopped:
        Adopter(upstream_db).adopt()
    message = str(stopped.value)
    assert "stopped at statement" in message and "phase 3 tables, table workers" in message
    assert "Duplicate key name 'uq_workers_region_id_name'" in message
    assert "run `omnidb adopt` again: it goes on from statement" in message

    # everyone says so, and nothing else runs
    status = omnidb("status", dsn=dsn_of(upstream_config))
    assert status.returncode == 1 and "adoption of an upstream OmniOrchestrator database stopped" in status.stdout
    with pytest.raises(DirtyDatabase, match="run `omnidb adopt` again"):
        Migrator(upstream_db).migrate()
    assert any("omnidb adopt" in p for p in diagnose(upstream_db).problems)
    assert not any("run omnidb migrate" in p for p in diagnose(upstream_db).problems)  # it would refuse
    seed = omnidb("seed", dsn=dsn_of(upstream_config))
    assert (
        seed.returncode == 1
        and "cannot be seeded: V1 is unfinished (a run is on it, or left it half-done)" in seed.stderr
    )

    with side.cursor() as cur:
        cur.execute("DROP INDEX uq_workers_region_id_name ON workers")
    side.close()
    lines: list[str] = []
    report = Adopter(upstream_db, out=lines.append).adopt()
    assert report is not None and all(c.ok for c in report.checks)
    assert lines[0].startswith("resuming the adoption") and "it stopped at statement" in lines[0]
    assert {c.table: c.rows_after for c in report.checks} == before
    assert Migrator(upstream_db).status().current == 1
    assert drift(server, upstream_db) == []


def test_a_stopped_adoption_whose_backup_was_restored_is_cleared_and_adopted_again(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    """The backup restored in place keeps omnidb's bookkeeping (a dump of upstream's tables does not
    hold it): resolve --not-applied was refused, and with the row gone status called the database
    INCONSISTENT, omnidb's tables with their rows deleted, and adopt refused it."""
    side = admin(upstream_config)
    with side.cursor() as cur:  # an object in the way of what V1 adds: the adoption stops halfway
        cur.execute("CREATE INDEX uq_workers_region_id_name ON workers (name)")
    with pytest.raises(AdoptionError, match="stopped at statement"):
        Adopter(upstream_db).adopt()
    ours = {"schema_migrations", "schema_migration_history", "schema_migration_lock"}
    with side.cursor() as cur:  # the backup taken before it, restored in place
        cur.execute("SET SESSION foreign_key_checks = 0")
        for table in tables(upstream_config) - ours:
            cur.execute(f"DROP TABLE `{table}`")
    side.close()
    make_upstream(upstream_config)
    dsn = dsn_of(upstream_config)

    applied = omnidb("resolve", "1", "--applied", dsn=dsn)
    assert applied.returncode == 1 and "`omnidb resolve 1 --not-applied`" in applied.stderr
    cleared = omnidb("resolve", "1", "--not-applied", dsn=dsn)
    assert cleared.returncode == 0, cleared.stderr
    status = omnidb("status", dsn=dsn)
    assert "state:     UPSTREAM" in status.stdout and "INCONSISTENT" not in status.stdout, status.stdout
    report = Adopter(upstream_db).adopt()
    assert report is not None and all(c.ok for c in report.checks)
    assert Migrator(upstream_db).status().current == 1


def test_a_write_between_two_runs_fails_verification_and_everyone_says_restore_the_backup(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    side = admin(upstream_config)
    with side.cursor() as cur:  # the first run stops halfway (as in the test above)
        cur.execute("CREATE INDEX uq_workers_region_id_name ON workers (name)")
    with pytest.raises(AdoptionError):
        Adopter(upstream_db).adopt()
    with side.cursor() as cur:  # the application writes while the adoption is stopped
        cur.execute("INSERT INTO tasks (app_id, command, status) VALUES (1, 'late write', 'succeeded')")
        cur.execute("DROP INDEX uq_workers_region_id_name ON workers")
    side.close()

    with pytest.raises(AdoptionError, match=r"every statement .* ran, but verification failed: .*tasks"):
        Adopter(upstream_db).adopt()
    status = omnidb("status", dsn=dsn_of(upstream_config))
    assert status.returncode == 1 and "ran every statement, but its verification failed" in status.stdout
    assert "restore the backup taken before" in status.stdout and "finishes from where it stopped" not in status.stdout
    lines: list[str] = []
    with pytest.raises(AdoptionError, match="verification failed"):
        Adopter(upstream_db, out=lines.append).adopt()
    assert lines[0] == f"every statement of the adoption of {upstream_db.name} had run: verifying again"


def test_a_table_still_in_use_stops_the_adoption_after_the_lock_timeout(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    reader = admin(upstream_config)
    with reader.cursor() as cur:  # an open transaction that read users holds its metadata lock
        cur.execute("START TRANSACTION")
        cur.execute("SELECT COUNT(*) FROM users")
    try:
        with pytest.raises(AdoptionError, match=r"phase 3 tables, table users\): ALTER TABLE users") as stopped:
            Adopter(upstream_db, lock_timeout=1).adopt()
        assert "Lock wait timeout exceeded" in str(stopped.value)
    finally:
        reader.rollback()
        reader.close()
    report = Adopter(upstream_db).adopt()
    assert report is not None and all(c.ok for c in report.checks)


def test_an_adoption_killed_mid_statement_finishes_when_run_again(
    server: Config, upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    before = row_counts(upstream_config)
    script = load_script()
    # the worst moment: the server finished an ALTER TABLE, the runner died before recording it
    victim = next(s for s in script.statements if s.phase == 3 and s.table == "apps" and s.done_if)
    program = f"""
import os, signal
import omnidb
from omnidb.tooling.adopt import Adopter
original = Adopter._run_statement
def run(self, conn, item):
    if item.number == {victim.number}:
        with conn.cursor() as cur:
            cur.execute(item.statement.sql)
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, conn, item)
Adopter._run_statement = run
Adopter(omnidb.connect({dsn_of(upstream_config)!r})).adopt()
"""
    killed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL

    recorded = query(upstream_config, "SELECT state, statements_done, error FROM schema_migrations")
    assert recorded == [{"state": "applying", "statements_done": victim.number - 1, "error": None}]
    status = omnidb("status", dsn=dsn_of(upstream_config))
    assert f"was interrupted after {victim.number - 1} of {len(script.statements)} statements" in status.stdout

    result = omnidb("adopt", dsn=dsn_of(upstream_config))
    assert result.returncode == 0, result.stderr
    assert f"statement {victim.number} of {len(script.statements)} (apps): already done, skipped" in result.stdout
    assert "values equal" in result.stdout and "VALUES DIFFER" not in result.stdout
    assert Migrator(upstream_db).status().current == 1
    assert {t: n for t, n in row_counts(upstream_config).items() if t in before} == before
    assert drift(server, upstream_db) == []


def test_status_doctor_and_migrate_point_an_upstream_database_to_adopt(
    upstream_config: Config, upstream_db: omnidb_pkg.Database
) -> None:
    before = show_create(upstream_config)

    status = omnidb("status", dsn=dsn_of(upstream_config))
    assert status.returncode == 1
    assert "UPSTREAM: this is an upstream OmniOrchestrator database (63 of its 63 tables)" in status.stdout
    assert "state:     clean" not in status.stdout  # the one state line is the upstream one
    assert "`omnidb adopt`" in status.stdout
    as_json = json.loads(omnidb("status", "--json", dsn=dsn_of(upstream_config)).stdout)
    assert as_json["upstream"] is True and "omnidb adopt" in as_json["advice"] and as_json["healthy"] is False
    report = Migrator(upstream_db).status()  # the Python API says what the CLI says
    assert not report.healthy and report.collides is None
    assert report.upstream is not None and "omnidb adopt" in report.upstream

    found = diagnose(upstream_db)
    assert any("omnidb adopt" in p for p in found.problems)
    assert not any("run omnidb migrate" in p for p in found.problems)
    assert "upstream OmniOrchestrator (run omnidb adopt)" in omnidb("doctor", dsn=dsn_of(upstream_config)).stdout
    seed = omnidb("seed", dsn=dsn_of(upstream_config))
    assert seed.returncode == 1 and "cannot be seeded: this is an upstream OmniOrchestrator" in seed.stderr
    assert "omnidb adopt" in seed.stderr and "omnidb migrate" not in seed.stderr

    with pytest.raises(MigrationError, match="cannot be migrated: this is an upstream OmniOrchestrator"):
        Migrator(upstream_db).migrate()
    migrate = omnidb("migrate", dsn=dsn_of(upstream_config))
    assert migrate.returncode == 1 and "omnidb adopt" in migrate.stderr and "dirty" not in migrate.stderr
    # resume ran db_init.sql (bookkeeping tables, metadata's collation) and said "nothing to resume"
    resume = omnidb("resume", dsn=dsn_of(upstream_config))
    assert resume.returncode == 1 and "cannot be migrated: this is an upstream OmniOrchestrator" in resume.stderr
    assert show_create(upstream_config) == before  # not even schema_migrations was created


UPSTREAM_SQL = os.environ.get("OMNIDB_UPSTREAM_SQL")


@pytest.mark.skipif(not UPSTREAM_SQL, reason="OMNIDB_UPSTREAM_SQL names no directory with upstream's SQL files")
def test_upstreams_own_schema_and_sample_data_are_adopted(server: Config, make_database: MakeDatabase) -> None:
    folder = Path(str(UPSTREAM_SQL))
    config = make_upstream(
        make_database(),
        (folder / "db_init.sql").read_text(encoding="utf-8"),
        (folder / "sample_data.sql").read_text(encoding="utf-8"),
        upstream_metadata_table(),
    )
    before = row_counts(config)
    db = omnidb_pkg.connect(config)
    try:
        lines: list[str] = []
        report = Adopter(db, out=lines.append).adopt()
        assert report is not None and all(c.ok for c in report.checks), "\n".join(lines)
        print("\nupstream's db_init.sql + sample_data.sql, adopted:")
        for check in report.checks:
            print(f"  {check.describe()}")
        print(f"  values mapped in phase 1: {report.mapped_rows}")
        assert {c.table: c.rows_after for c in report.checks} == before
        assert drift(server, db) == []
        assert users.count_users(db) == before["users"]
        assert len(apps.list_apps(db, page=0, per_page=1000)) == before["apps"]
        assert orgs.count_orgs(db) == before["orgs"]
        Migrator(db).migrate(2)
        Migrator(db).migrate(1)
        assert {t: n for t, n in row_counts(config).items() if t in before} == before
    finally:
        db.close()
