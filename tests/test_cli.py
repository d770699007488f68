"""The `omnidb` command, run as a real process: output, exit codes, one-line errors, no passwords."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest
from dbtools import admin, query, tables

import omnidb as omnidb_pkg
from omnidb.config import Config
from omnidb.tooling.migrate import Migrator

COMMANDS = ["migrate", "rollback", "status", "resolve", "seed", "adopt"]
PASSWORD_VARIABLES = ("OMNIDB_MIGRATOR_PASSWORD", "OMNIDB_APP_PASSWORD")


def dsn_of(config: Config, password: str | None = None) -> str:
    auth = config.user + (
        f":{password}" if password is not None else (f":{config.password}" if config.password else "")
    )
    return f"mysql://{auth}@{config.host}:{config.port}/{config.database or ''}"


def omnidb(*args: str, dsn: str | None = None) -> subprocess.CompletedProcess[str]:
    # Nothing of the runner's: a DSN or a password in its environment would change what runs
    env = {k: v for k, v in os.environ.items() if k not in ("OMNIDB_DSN", *PASSWORD_VARIABLES)}
    if dsn is not None:
        env["OMNIDB_DSN"] = dsn
    return subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,  # never a terminal: nothing may wait for a prompt's answer
    )


def test_status_of_a_database_a_later_omnidb_migrated_exits_1_saying_so(empty_config: Config) -> None:
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:  # what a later omnidb with a V3 records
        cur.execute("CREATE TEMPORARY TABLE later AS SELECT * FROM schema_migrations WHERE version = 2")
        cur.execute("UPDATE later SET version = 3, name = 'from a later release'")
        cur.execute("INSERT INTO schema_migrations SELECT * FROM later")
    status = omnidb("status", dsn=dsn)
    assert status.returncode == 1, status.stdout
    assert "state:     NEWER: migrated to V3 by a later omnidb, which this one (V0..V2) can neither" in status.stdout
    assert "state:     clean" not in status.stdout
    shown = json.loads(omnidb("status", "--json", dsn=dsn).stdout)
    assert shown["newer"] is True and shown["healthy"] is False


def test_status_and_doctor_of_a_database_holding_a_table_v1_creates_say_migrate_refuses_it(
    empty_config: Config,
) -> None:
    dsn = dsn_of(empty_config)
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE notifications (id INT PRIMARY KEY)")
    status = omnidb("status", dsn=dsn)
    assert status.returncode == 1, status.stdout
    assert "state:     COLLIDES: omnidb cannot migrate it: it already holds tables that V1 creates" in status.stdout
    assert "state:     clean" not in status.stdout and "UPSTREAM" not in status.stdout
    shown = json.loads(omnidb("status", "--json", dsn=dsn).stdout)
    assert shown["collides"] is True and shown["healthy"] is False and "notifications" in shown["advice"]
    with omnidb_pkg.connect(empty_config) as db:  # the Python API says what the CLI says
        report = Migrator(db).status()
    assert not report.healthy and report.upstream is None
    assert report.collides is not None and "notifications" in report.collides
    doctor = omnidb("doctor", dsn=dsn)
    assert "omnidb cannot migrate it: it already holds tables that V1 creates" in doctor.stdout
    assert "run omnidb migrate" not in doctor.stdout
    migrate = omnidb("migrate", dsn=dsn)
    assert migrate.returncode == 1 and "notifications; rename or move them first" in migrate.stderr


def _versions(config: Config) -> list[tuple[int, str]]:
    rows = query(config, "SELECT version, state FROM schema_migrations ORDER BY version")
    return [(int(str(r["version"])), str(r["state"])) for r in rows]


@pytest.mark.parametrize(
    ("edit", "listed"),
    [
        ("DELETE FROM schema_migrations WHERE version = 1", "(V2)"),
        (
            "INSERT INTO schema_migrations (version, name, checksum, state) VALUES (0, 'by hand', '', 'applied')",
            "(V0, V1, V2)",
        ),
        (
            "INSERT INTO schema_migrations (version, name, checksum, state) VALUES (-1, 'by hand', '', 'applied')",
            "(V-1, V1, V2)",
        ),
    ],
    ids=["v1-deleted", "v0-inserted", "v-1-inserted"],
)
def test_status_and_doctor_of_schema_migrations_edited_by_hand_say_so_and_status_exits_1(
    empty_config: Config, edit: str, listed: str
) -> None:
    """A row of schema_migrations deleted (or a version 0 or -1 inserted) by hand: status said `clean`
    and exited 0, `"healthy": true`, while migrate and rollback refused the database."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:
        cur.execute(edit)
    before = (tables(empty_config), _versions(empty_config))
    said = f"recorded versions are not contiguous from V1 {listed}: the schema_migrations table was edited by hand"

    status = omnidb("status", dsn=dsn)
    assert status.returncode == 1, status.stdout
    assert f"state:     INCONSISTENT: {said}" in status.stdout
    assert "state:     clean" not in status.stdout
    shown = json.loads(omnidb("status", "--json", dsn=dsn).stdout)
    assert shown["healthy"] is False and said in shown["inconsistent"]
    with omnidb_pkg.connect(empty_config) as db:  # the Python API says what the CLI says
        report = Migrator(db).status()
    assert not report.healthy and report.inconsistent is not None and said in report.inconsistent
    doctor = omnidb("doctor", dsn=dsn)
    assert said in doctor.stdout and "schema_migrations edited by hand (see problems)" in doctor.stdout
    assert "run omnidb migrate" not in doctor.stdout
    for command in (["migrate"], ["rollback", "--to", "1"]):
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
    assert (tables(empty_config), _versions(empty_config)) == before


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            "UPDATE schema_migrations SET state = 'applying', statements_done = -5 WHERE version = 2",
            "V2 records -5 of 16 statements done",
        ),
        (
            "UPDATE schema_migrations SET state = 'applying', statements_done = 17 WHERE version = 2",
            "V2 records 17 of 16 statements done",
        ),
        (
            "UPDATE schema_migrations SET state = 'applying', statements_done = 3, statement_started = 9 "
            "WHERE version = 2",
            "V2 records 3 of 16 statements done, statement 9 in flight",
        ),
        (
            "UPDATE schema_migrations SET state = 'applying' WHERE version = 1",
            "half-done versions V1 (of V1..V2): a run leaves at most one, the newest",
        ),
    ],
    ids=["done-below-0", "done-past-total", "in-flight-not-next", "half-done-not-newest"],
)
def test_progress_edited_by_hand_is_inconsistent_and_resume_refuses_it(
    empty_config: Config, edit: str, said: str
) -> None:
    """resume took statements_done = -5 at its word: it ran statements -4 to -2 (Python counted them from
    the end of the script) and left V2 dirty. Progress no run could have written is refused as
    edited by hand, by status and by every command that would act on it, before any change."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:
        cur.execute(edit)
    history = "SELECT COUNT(*) AS n FROM schema_migration_history"
    before = (tables(empty_config), _versions(empty_config), query(empty_config, history))
    expected = f"{said}: the schema_migrations table was edited by hand"

    status = omnidb("status", dsn=dsn)
    assert status.returncode == 1 and f"INCONSISTENT: {expected}" in status.stdout, status.stdout
    for command in (["resume"], ["migrate"], ["rollback", "--to", "1"]):
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and expected in refused.stderr, (command, refused.stdout, refused.stderr)
    assert (tables(empty_config), _versions(empty_config), query(empty_config, history)) == before


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command: str | None) -> None:
    result = omnidb(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "Usage: omnidb" in result.stdout
    assert len(result.stdout.splitlines()) > 4


def test_adopt_s_lock_timeout_help_says_it_bounds_each_statement_s_wait_too() -> None:
    shown = " ".join(omnidb("adopt", "--help").stdout.split())
    assert "also how long each statement waits for a table in use" in shown
    assert "also how long" not in " ".join(omnidb("migrate", "--help").stdout.split())


@pytest.mark.parametrize(
    ("value", "shown"), [("1e10", "10000000000.0 is not in the range"), ("nan", "nan is not a number")]
)
def test_a_lock_timeout_past_a_year_or_not_a_number_is_a_usage_error(
    empty_config: Config, value: str, shown: str
) -> None:
    result = omnidb("migrate", "--lock-timeout", value, dsn=dsn_of(empty_config))
    assert result.returncode == 2 and f"Invalid value for '--lock-timeout': {shown}" in result.stderr
    assert "Traceback" not in result.stderr
    assert query(empty_config, "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                 empty_config.database) == [{"n": 0}]  # fmt: skip


def test_migrate_status_seed_rollback_round_trip(empty_config: Config) -> None:
    dsn = dsn_of(empty_config)
    first = omnidb("migrate", dsn=dsn)
    assert first.returncode == 0, first.stderr
    assert "migrated up to V1 (platform core)" in first.stdout and "migrated up to V2" in first.stdout

    again = omnidb("--dsn", dsn, "migrate")
    assert again.returncode == 0 and "is at V2: nothing to do" in again.stdout

    status = omnidb("status", dsn=dsn)
    assert status.returncode == 0
    assert "version:   V2 (latest shipped: V2)" in status.stdout
    assert "state:     clean" in status.stdout and "pending:   none" in status.stdout
    assert "sha256:" in status.stdout and "UTC" in status.stdout

    seeded = omnidb("seed", dsn=dsn)
    assert seeded.returncode == 0 and "loaded sample data" in seeded.stdout
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps") == [{"n": 12}]
    assert query(empty_config, "SELECT COUNT(*) AS n FROM instances") == [{"n": 11}]
    refused = omnidb("seed", dsn=dsn)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"omnidb: error: {empty_config.database} already holds platform data: not seeding it "
        "(use --force to load anyway)"
    )
    forced = omnidb("seed", "--force", dsn=dsn)  # the same names again: the whole load rolled back
    assert forced.returncode == 1 and len(forced.stderr.strip().splitlines()) == 1
    assert forced.stderr.startswith(
        f"omnidb: error: the sample data collides with rows {empty_config.database} holds ("
    )
    assert forced.stderr.strip().endswith("Duplicate entry 'aws' for key 'uq_providers_name'): nothing was loaded")
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps") == [{"n": 12}]

    back = omnidb("rollback", "--to", "1", dsn=dsn)
    assert back.returncode == 0, back.stderr
    report = json.loads(omnidb("status", "--json", dsn=dsn).stdout)
    assert report["current"] == 1 and report["pending"] == [2] and report["dirty"] is False
    assert [v["version"] for v in report["applied"]] == [1]
    assert report["applied"][0]["applied_at"].endswith("+00:00")  # ISO 8601, the offset given

    refused_down = omnidb("rollback", "--to", "0", dsn=dsn)
    assert refused_down.returncode == 1
    assert "rolling back V1 would destroy data" in refused_down.stderr
    assert query(empty_config, "SELECT COUNT(*) AS n FROM apps") == [{"n": 12}]


def test_a_migration_whose_reader_goes_away_runs_to_the_end(empty_config: Config) -> None:
    """omnidb migrate | head -1: the pipe breaks after the first line; the run goes on without output."""
    env = {k: v for k, v in os.environ.items() if k != "OMNIDB_DSN"}
    run = subprocess.Popen(
        [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn_of(empty_config), "migrate"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.readline()
    run.stdout.close()  # the reader goes away
    assert run.wait(timeout=120) == 0
    assert first and run.stderr.read() == b""
    run.stderr.close()
    assert query(empty_config, "SELECT MAX(version) AS v FROM schema_migrations") == [{"v": 2}]


def test_dry_run_changes_nothing(empty_config: Config) -> None:
    result = omnidb("migrate", "--dry-run", dsn=dsn_of(empty_config))
    assert result.returncode == 0
    assert "CREATE TABLE apps" in result.stdout
    assert tables(empty_config) == set()


def test_create_makes_a_missing_database(server: Config) -> None:
    name = "omnidb_test_cli_create"
    target = server.with_database(name)
    try:
        result = omnidb("migrate", "--create", "--to", "1", dsn=dsn_of(target))
        assert result.returncode == 0, result.stderr
        assert "apps" in tables(target)
    finally:
        with admin(server).cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def test_create_to_a_version_not_shipped_creates_nothing(server: Config) -> None:
    name = f"omnidb_test_cli_unknown_{os.getpid()}"
    result = omnidb("migrate", "--create", "--to", "5", dsn=dsn_of(server.with_database(name)))
    assert result.returncode == 1 and "omnidb: error: unknown version 5: this omnidb ships V0..V2" in result.stderr
    assert query(server, "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", name) == [
        {"n": 0}
    ]


def test_create_with_dry_run_or_plan_shows_a_missing_database_s_creation_and_creates_nothing(
    server: Config, empty_config: Config
) -> None:
    name = f"omnidb_test_cli_new_{os.getpid()}"
    target = server.with_database(name)
    for flag in ("--dry-run", "--plan"):
        result = omnidb("migrate", "--create", flag, "--to", "1", dsn=dsn_of(target))
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == f"-- would create database {name} (utf8mb4), which does not exist yet"
        assert lines[1].startswith("-- would migrate up to V1 (platform core): ")
        assert "would migrate up to V2" not in result.stdout
        assert lines[-1] == "-- dry run: nothing was changed"
        # the rest as a dry run of that database, created and empty, prints it (--plan too: on tables
        # still to be created there is nothing to plan)
        assert lines[1:] == omnidb("migrate", "--dry-run", "--to", "1", dsn=dsn_of(empty_config)).stdout.splitlines()
    assert query(server, f"SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'") == [
        {"n": 0}
    ]


@pytest.mark.parametrize(
    ("args", "dsn", "expected"),
    [
        (["status"], None, "omnidb: error: no database given: pass a DSN or set OMNIDB_DSN"),
        (
            ["status"],
            "mysql://root:hunter2@127.0.0.1:1/x",
            "omnidb: error: cannot connect to mysql://root:***@127.0.0.1:1/x: (2003)",
        ),
        (["status"], "mysql://root:hunter2@[::1/x", "omnidb: error: invalid DSN"),
        (["migrate", "--to", "9"], "SERVER", "omnidb: error: unknown version 9: this omnidb ships V0..V2"),
        (["rollback", "--to", "1"], "SERVER", "is at V0: use `omnidb migrate --to 1`"),
        (["rollback", "--to", "3"], "SERVER", "is at V0: this omnidb ships V0..V2"),
        (["status"], "SERVER/omnidb_no_such_database", "(1049) Unknown database 'omnidb_no_such_database'"),
        (["status"], "SERVER_NO_DB", "omnidb: error: the DSN names no database"),
    ],
)
def test_errors_are_one_line_without_traceback_or_password(
    args: list[str], dsn: str | None, expected: str, empty_config: Config, server: Config
) -> None:
    if dsn == "SERVER":
        dsn = dsn_of(empty_config)
    elif dsn == "SERVER_NO_DB":
        dsn = dsn_of(server)
    elif dsn and dsn.startswith("SERVER/"):
        dsn = dsn_of(server.with_database(dsn.split("/", 1)[1]))
    result = omnidb(*args, dsn=dsn)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr


def test_resolve_refuses_both_outcomes_and_neither(empty_config: Config) -> None:
    """Recording the wrong state is worse than none: both flags are a usage error, not the last wins."""
    for flags, expected in (
        (["--applied", "--not-applied"], "--applied and --not-applied contradict each other: give one"),
        (["--not-applied", "--applied"], "--applied and --not-applied contradict each other: give one"),
        ([], "say where VERSION stands: --applied or --not-applied"),
    ):
        result = omnidb("resolve", "1", *flags, dsn=dsn_of(empty_config))
        assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert tables(empty_config) == set()  # nothing ran


def test_another_tools_schema_migrations_is_named_by_every_command_and_left_alone(empty_config: Config) -> None:
    """golang-migrate's table (version, dirty): every command failed on the server's "(1054) Unknown
    column 'name'", and resume, resolve and adopt made omnidb's other bookkeeping tables beside it."""
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, dirty TINYINT(1) NOT NULL)")
        cur.execute("INSERT INTO schema_migrations VALUES (3, 0)")
    dsn = dsn_of(empty_config)
    said = (
        f"omnidb: error: {empty_config.database}: its schema_migrations table is not omnidb's (columns version, "
        "dirty; omnidb's has version, name, checksum, state, statements_total, statements_done, ...): another "
        "migration tool's? Point the DSN at the database omnidb manages, or rename that table; omnidb changes "
        "nothing here until then"
    )
    for command in (
        ["status"], ["doctor"], ["migrate", "--dry-run"], ["migrate", "--plan"], ["migrate"], ["rollback", "--to", "0"],
        ["seed"], ["resume"], ["resolve", "1", "--applied"], ["adopt", "--dry-run"], ["adopt"], ["check"],
    ):  # fmt: skip
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and refused.stderr.strip().splitlines()[-1] == said, (command, refused.stderr)
    assert tables(empty_config) == {"schema_migrations"}
    assert query(empty_config, "SELECT * FROM schema_migrations") == [{"version": 3, "dirty": 0}]


def test_another_applications_metadata_table_is_refused_before_anything_is_made(empty_config: Config) -> None:
    """db_init.sql keeps a table named metadata as it is (CREATE TABLE IF NOT EXISTS): status said
    clean, dry runs passed, and migrate failed on its first write to it, leaving three tables made."""
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE metadata (k INT PRIMARY KEY)")
    dsn = dsn_of(empty_config)
    said = (
        f"omnidb: error: {empty_config.database}: its metadata table is not omnidb's (columns k; omnidb's "
        "key-value store has key and value): another application's? Rename it, or point the DSN at the "
        "database omnidb manages; omnidb changes nothing here until then"
    )
    for command in (["status"], ["migrate", "--dry-run"], ["migrate", "--plan"], ["migrate"], ["resume"], ["seed"]):
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and refused.stderr.strip().splitlines()[-1] == said, (command, refused.stderr)
    assert tables(empty_config) == {"metadata"}


def test_a_table_dropped_by_hand_is_refused_before_the_run_it_would_stop_halfway(empty_config: Config) -> None:
    """apps dropped by hand at V1: status, dry runs and plans passed, and migrate failed at V2's
    first statement on apps, V2 dirty. The same for a rollback of V2 missing app_features."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", "--to", "1", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:
        cur.execute("SET SESSION foreign_key_checks = 0")
        cur.execute("DROP TABLE apps")
    before = (tables(empty_config), _versions(empty_config))
    said = "cannot be migrated to V2: tables its scripts alter, drop or rename are missing: apps (which statement "
    for command in (["migrate", "--dry-run"], ["migrate", "--plan"], ["migrate"]):
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and said in refused.stderr, (command, refused.stderr)
        assert "Nothing was changed." in refused.stderr
    assert (tables(empty_config), _versions(empty_config)) == before

    with admin(empty_config).cursor() as cur:  # back to a whole V1, then V2, less app_features
        cur.execute(f"DROP DATABASE `{empty_config.database}`")
        cur.execute(f"CREATE DATABASE `{empty_config.database}`")
    assert omnidb("migrate", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:
        cur.execute("DROP TABLE app_features")
    before = (tables(empty_config), _versions(empty_config))
    refused = omnidb("rollback", "--to", "1", dsn=dsn)
    assert refused.returncode == 1
    assert "cannot be rolled back to V1: tables its scripts alter, drop or rename are missing: app_features" in (
        refused.stderr
    )
    assert (tables(empty_config), _versions(empty_config)) == before


def test_every_version_row_deleted_is_inconsistent_not_an_upstream_database_to_adopt(empty_config: Config) -> None:
    """A V2 database whose schema_migrations rows were all deleted: status called it upstream's and
    said to adopt it, and adopt then refused it (omnidb's columns are not upstream's)."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    query(empty_config, "DELETE FROM schema_migrations")
    before = tables(empty_config)
    said = (
        "schema_migrations records no version, yet schema_migration_history lists 2 omnidb runs here and the "
        "database holds 63 of V1's tables in omnidb's shape, not upstream's: the schema_migrations table was "
        "edited by hand"
    )

    status = omnidb("status", dsn=dsn)
    assert status.returncode == 1 and f"state:     INCONSISTENT: {said}" in status.stdout, status.stdout
    assert "UPSTREAM" not in status.stdout and "omnidb adopt" not in status.stdout
    for command in (["migrate"], ["migrate", "--dry-run"], ["rollback", "--to", "0"], ["resume"], ["adopt"]):
        refused = omnidb(*command, dsn=dsn)
        assert refused.returncode == 1 and said.split(": the")[0] in refused.stderr, (command, refused.stderr)
    assert tables(empty_config) == before and query(empty_config, "SELECT * FROM schema_migrations") == []


def test_a_plan_is_refused_where_a_rollback_guard_stops_the_run_and_not_given_with_dry_run(
    empty_config: Config,
) -> None:
    """--plan --to 0 of a seeded database listed DROP TABLE users as instant, exit 0, where the run (and
    --dry-run) refuse; --plan with --dry-run was accepted, and the plan won."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    assert omnidb("seed", dsn=dsn).returncode == 0
    before = (tables(empty_config), _versions(empty_config))

    both = omnidb("migrate", "--dry-run", "--plan", dsn=dsn)
    assert both.returncode == 2 and "--plan and --dry-run do not go together: give one" in both.stderr
    for dry in ("--plan", "--dry-run"):
        refused = omnidb("migrate", dry, "--to", "0", dsn=dsn)
        assert refused.returncode == 1, (dry, refused.stdout)
        assert "would destroy data" in refused.stderr and "--allow-data-loss" in refused.stderr, refused.stderr
    confirmed = omnidb("migrate", "--plan", "--to", "0", "--allow-data-loss", dsn=dsn)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "warning: rolling back V1 would destroy data" in confirmed.stdout and "DROP TABLE users" in confirmed.stdout
    assert (tables(empty_config), _versions(empty_config)) == before


def test_a_reader_gone_leaves_status_doctor_and_plan_exiting_as_they_would(empty_config: Config) -> None:
    """`omnidb status | head -1` of a healthy database exited 1 (click's end on a broken pipe), which
    status means as unhealthy, or 0, as the race went. The pipe is closed before anything is written."""
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", dsn=dsn).returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("OMNIDB_DSN", *PASSWORD_VARIABLES)}
    env["OMNIDB_DSN"] = dsn
    for command in (["status"], ["status", "--json"], ["migrate", "--plan"], ["migrate", "--dry-run"]):
        run = subprocess.Popen(
            [sys.executable, "-m", "omnidb.tooling.cli", *command],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        assert run.stdout is not None
        run.stdout.close()  # the reader went away before the first line
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, (command, err)
        assert b"Traceback" not in err and b"Broken pipe" not in err


def test_json_reports_that_fail_still_print_a_json_document(empty_config: Config) -> None:
    """status --json and doctor --json printed nothing on stdout when the server could not be reached
    (or the DSN was bad): a monitor parsing the output got no document at all."""
    for dsn, said in (
        ("mysql://root@127.0.0.1:1/x?connect_timeout=2", "(2003)"),
        ("mysql://root@127.0.0.1/x?pool_size=zero", "pool_size"),
    ):
        for command in ("status", "doctor"):
            failed = omnidb(command, "--json", dsn=dsn)
            assert failed.returncode == 1
            shown = json.loads(failed.stdout)
            assert shown["healthy"] is False and said in shown["error"] and shown["problems"] == [shown["error"]]
            assert f"omnidb: error: {shown['error']}" in failed.stderr


def test_resume_and_a_refused_resolve_on_an_empty_database_leave_it_empty(empty_config: Config) -> None:
    """resume said "nothing to resume" and made four tables (the lock's, and db_init.sql's three); a
    refused resolve left the lock's. (migrate --to 0 makes db_init.sql's: V0 is those.)"""
    dsn = dsn_of(empty_config)
    done = omnidb("resume", dsn=dsn)
    assert done.returncode == 0 and "no unfinished migration, nothing to resume" in done.stdout, done.stderr
    refused = omnidb("resolve", "1", "--applied", dsn=dsn)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "omnidb: error: V1 is not recorded: only a dirty version can be resolved"
    assert tables(empty_config) == set()


def test_resolve_refuses_an_adoption_that_did_not_finish(empty_config: Config) -> None:
    """`resolve 1 --applied` recorded a half-done adoption as cleanly applied, V1's checksum and all:
    its rows were never counted and compared, and migrate then went on to V2 over them."""
    from omnidb.tooling.upstream import ADOPTED_NAME

    dsn = dsn_of(empty_config)
    assert omnidb("migrate", "--to", "1", dsn=dsn).returncode == 0
    with admin(empty_config).cursor() as cur:  # what an adoption stopped at statement 128 of 253 records
        cur.execute(
            "UPDATE schema_migrations SET name = %s, state = 'applying', statements_done = 128, "
            "statements_total = 253 WHERE version = 1",
            (ADOPTED_NAME,),
        )
    before = query(empty_config, "SELECT * FROM schema_migrations")

    refused = omnidb("resolve", "1", "--applied", dsn=dsn)

    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.strip() == (
        "omnidb: error: V1 is an adoption that did not finish: run omnidb adopt again, which finishes it and "
        "checks every row it converted (or, after restoring the backup taken before it, `omnidb resolve 1 "
        "--not-applied`); resolve --applied records only the repair of a shipped script"
    )
    assert query(empty_config, "SELECT * FROM schema_migrations") == before


def test_grants_takes_passwords_from_the_environment_and_names_them_when_missing(empty_config: Config) -> None:
    suffix = f"{os.getpid()}"
    users = (f"clim_{suffix}", f"clia_{suffix}")
    args = ["grants", "--migrator-user", users[0], "--app-user", users[1], "--host", "127.0.0.1"]
    missing = omnidb(*args, dsn=dsn_of(empty_config))  # no terminal (stdin is not one) and no variable
    assert missing.returncode == 2
    assert "no password for migrator: give --migrator-password or set $OMNIDB_MIGRATOR_PASSWORD" in missing.stderr
    env = {"OMNIDB_MIGRATOR_PASSWORD": "Mig-0123456789", "OMNIDB_APP_PASSWORD": "App-0123456789"}
    try:
        made = subprocess.run(
            [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn_of(empty_config), *args],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
            env={**{k: v for k, v in os.environ.items() if k not in PASSWORD_VARIABLES}, **env},
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        assert "0123456789" not in made.stdout + made.stderr
        found = query(empty_config, f"SELECT User AS u FROM mysql.user WHERE User IN ('{users[0]}', '{users[1]}')")
        assert sorted(row["u"] for row in found) == sorted(users)
    finally:
        with admin(empty_config).cursor() as cur:
            for user in users:
                cur.execute("DROP USER IF EXISTS %s@'127.0.0.1'", (user,))


def test_ctrl_c_at_a_password_prompt_is_one_line_and_changes_nothing(empty_config: Config) -> None:
    """On a real terminal (a pty): grants asks for the migrator's password; Ctrl-C there ends it with
    omnidb's one line and exit 130, not click's bare "Aborted!", before any account exists."""
    user = f"clic_{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("OMNIDB_DSN", *PASSWORD_VARIABLES)}
    argv = [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn_of(empty_config), "grants",
            "--migrator-user", user, "--app-user", f"{user}a", "--host", "127.0.0.1"]  # fmt: skip
    pid, terminal = pty.fork()  # the child's controlling terminal: the prompt reads it, Ctrl-C comes from it
    if pid == 0:
        os.execve(sys.executable, argv, env)
    seen = b""
    try:
        deadline = time.monotonic() + 60
        while b"Migrator password" not in seen:
            assert time.monotonic() < deadline, seen
            if select.select([terminal], [], [], 1)[0]:
                seen += os.read(terminal, 1024)
        os.write(terminal, b"\x03")  # the terminal's interrupt character: SIGINT to the command
        while True:
            try:
                chunk = os.read(terminal, 1024)
            except OSError:  # EIO: the command ended and closed its side
                break
            if not chunk:
                break
            seen += chunk
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    text = seen.decode()
    assert os.waitstatus_to_exitcode(status) == 130, text
    assert "omnidb: error: interrupted at the migrator password prompt; nothing was changed" in text
    assert "Aborted!" not in text and "Traceback" not in text
    assert query(empty_config, f"SELECT User FROM mysql.user WHERE User LIKE '{user}%'") == []


def test_wrong_password_is_not_echoed(empty_config: Config) -> None:
    result = omnidb("status", dsn=dsn_of(empty_config, password="hunter2"))
    assert result.returncode == 1
    assert "(1045) Access denied" in result.stderr and "hunter2" not in result.stderr + result.stdout
    assert "check the DSN's user and password (with / ? # @ % in them percent-encoded)" in result.stderr


def test_a_missing_file_in_the_dsn_is_a_one_line_error(server: Config) -> None:
    dsn = f"mysql://{server.user}@{server.host}:{server.port}/omnidb_x?ssl_ca=/nonexistent/ca.pem"
    for args in (["status"], ["doctor"], ["migrate", "--create"]):
        result = omnidb("--dsn", dsn, *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr == "omnidb: error: DSN option ssl_ca: cannot read /nonexistent/ca.pem: no such file\n"


def test_ctrl_c_during_a_migration_says_what_to_do_next(empty_config: Config) -> None:
    dsn = dsn_of(empty_config)
    assert omnidb("migrate", "--to", "1", dsn=dsn).returncode == 0
    holder = admin(empty_config)  # a reader's open transaction: V2's ALTER of apps waits for it
    env = {k: v for k, v in os.environ.items() if k not in ("OMNIDB_DSN", *PASSWORD_VARIABLES)}
    env["OMNIDB_DSN"] = dsn + "?ddl_lock_timeout=60"
    try:
        with holder.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute("SELECT COUNT(*) FROM apps")
        run = subprocess.Popen(
            [sys.executable, "-m", "omnidb.tooling.cli", "migrate"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not query(empty_config, "SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = %s AND "
                        "STATE LIKE 'Waiting for table metadata lock'", empty_config.database):  # fmt: skip
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()
            time.sleep(0.1)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
    finally:
        holder.close()

    assert run.returncode == 130, err
    assert err.strip().splitlines()[-1] == (
        "omnidb: error: interrupted: a statement may have been cut short; `omnidb status` shows where the run "
        "stopped, and `omnidb resume` finishes a version it left dirty"
    )
    assert "Traceback" not in err and "Aborted!" not in err
    status = omnidb("status", dsn=dsn)
    assert "interrupted" in status.stdout or "paused" in status.stdout, status.stdout
    resumed = omnidb("resume", dsn=dsn)
    assert resumed.returncode == 0, resumed.stderr
    assert query(empty_config, "SELECT MAX(version) AS v FROM schema_migrations") == [{"v": 2}]
