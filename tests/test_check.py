"""omnidb check: queries validated by the server, structs vs tables, drift, migration lint, docs/queries.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from dbtools import admin

import omnidb
from omnidb.config import Config
from omnidb.tooling.catalogue import NamedQuery, QueryKind, named_queries, render_queries
from omnidb.tooling.check import run_checks
from omnidb.tooling.introspect import diff, snapshot
from omnidb.tooling.lint import lint_migration, lint_migrations
from omnidb.tooling.migrate import Migration, Migrator
from omnidb.tooling.querycheck import check_queries
from omnidb.tooling.structcheck import check_struct, check_structs
from omnidb.v1 import tables as v1_tables

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_at_v2(empty_db: omnidb.Database) -> omnidb.Database:
    Migrator(empty_db).migrate(2)
    return empty_db


def test_the_shipped_queries_structs_and_migrations_pass(server: Config, db_at_v2: omnidb.Database) -> None:
    report = run_checks(server, live=db_at_v2)
    assert report.findings == []
    assert report.queries_checked > 350 and report.structs_checked == 65 + 65 + 67
    assert report.drift_compared is not None and "against a fresh V2" in report.drift_compared


def test_a_typo_in_a_query_is_reported_with_file_line_and_name(db_at_v2: omnidb.Database) -> None:
    broken = NamedQuery(
        "v1",
        "list_apps",
        "queries/v1/apps.sql",
        42,
        QueryKind.SELECT,
        ("org_id",),
        "",
        "SELECT nmae FROM apps WHERE org_id = :org_id",
    )
    missing_table = attrs.evolve(broken, name="count_apps", sql="SELECT COUNT(*) FROM ap")
    with db_at_v2.connection() as conn:
        findings = check_queries(conn, [broken, missing_table], {}, "v1 queries at V2")
    assert [(f.where, f.check) for f in findings] == [
        ("queries/v1/apps.sql:42 list_apps", "query"),
        ("queries/v1/apps.sql:42 count_apps", "query"),
    ]
    assert "(1054) Unknown column 'nmae'" in findings[0].message and "(1146)" in findings[1].message


def test_update_templates_are_checked_with_their_whole_whitelist(db_at_v2: omnidb.Database) -> None:
    update = next(q for q in named_queries("v1") if q.name == "update_app")
    with db_at_v2.connection() as conn:
        assert check_queries(conn, [update], {"update_app": ("name", "status")}, "x") == []
        findings = check_queries(conn, [update], {"update_app": ("name", "colour")}, "x")
    assert len(findings) == 1 and "Unknown column 'colour'" in findings[0].message


@attrs.frozen
class WrongApp:
    id: int
    org_id: int | None  # the column is NOT NULL
    name: int  # the column is a varchar
    nickname: str  # there is no such column


def test_struct_mismatches_are_reported_one_by_one(db_at_v2: omnidb.Database) -> None:
    with db_at_v2.connection() as conn:
        schema = snapshot(conn)
    problems = check_struct(WrongApp, schema.tables["apps"])
    # MariaDB reports bigint(20), MySQL 8 plain bigint
    assert re.fullmatch(
        r"WrongApp.org_id: Optional is True, but the column is bigint(\(20\))? NOT NULL \(nullable expected\)",
        problems[0],
    )
    assert any("WrongApp.name: int does not fit varchar(255)" in p for p in problems)
    assert any("WrongApp.nickname: no column apps.nickname" in p for p in problems)
    assert any("no field for column apps.status" in p for p in problems)
    findings = check_structs(schema, {"apps": WrongApp, "nope": WrongApp}, exact=True, label="t")
    assert any("its table does not exist" in f.message for f in findings)


def test_an_old_struct_against_a_newer_table_accepts_only_defaulted_extra_columns(db_at_v2: omnidb.Database) -> None:
    with db_at_v2.connection() as conn:
        schema = snapshot(conn)
    assert check_struct(v1_tables.App, schema.tables["apps"], exact=False) == []
    assert check_struct(v1_tables.App, schema.tables["apps"], exact=True) != []
    with admin(attrs.evolve(db_at_v2.config)).cursor() as cur:
        cur.execute("ALTER TABLE apps ADD COLUMN must_have INT NOT NULL")
    with db_at_v2.connection() as conn:
        problems = check_struct(v1_tables.App, snapshot(conn).tables["apps"], exact=False)
    assert problems == ["App: column apps.must_have is NOT NULL without a default, so older code cannot insert"]


def test_drift_is_reported_readably_and_fails_the_cli(
    server: Config, db_at_v2: omnidb.Database, empty_config: Config
) -> None:
    with db_at_v2.connection() as conn:
        clean = snapshot(conn)
    with admin(empty_config).cursor() as cur:
        cur.execute("ALTER TABLE apps ADD INDEX idx_hotfix (name)")
        cur.execute("ALTER TABLE apps MODIFY git_branch VARCHAR(100) NOT NULL DEFAULT 'main'")
        cur.execute("ALTER TABLE routes DROP FOREIGN KEY fk_routes_app_id")
        cur.execute("CREATE TABLE scratch_notes (id INT PRIMARY KEY)")
        cur.execute("ALTER TABLE orgs MODIFY name VARCHAR(255) NOT NULL COLLATE utf8mb4_unicode_ci")
    with db_at_v2.connection() as conn:
        lines = diff(clean, snapshot(conn))

    assert "+ index apps.idx_hotfix: (name)" in lines
    assert (
        "~ column apps.git_branch: varchar(100) NOT NULL DEFAULT main, expected varchar(255) NOT NULL DEFAULT main"
        in lines
    )
    assert "- foreign key routes.fk_routes_app_id: (app_id) -> apps (id) ON DELETE SET NULL" in lines
    assert "+ table scratch_notes: not in the expected schema" in lines
    # utf8mb4_nopad_bin on MariaDB, utf8mb4_0900_bin on MySQL
    assert any(
        re.fullmatch(r"~ column orgs\.name: collation utf8mb4_unicode_ci, expected utf8mb4_(nopad|0900)_bin", line)
        for line in lines
    )

    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    result = subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn, "check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "error: [drift]" in result.stdout and "+ index apps.idx_hotfix" in result.stdout
    assert "5 errors, 0 warnings" in result.stdout


BAD_UP = """
-- Migration: deliberately bad
ALTER TABLE apps ADD COLUMN tier VARCHAR(20) NOT NULL;
ALTER TABLE apps DROP COLUMN git_branch, ALGORITHM = INSTANT;
CREATE INDEX idx_apps_name ON apps (name);
ALTER TABLE apps ADD INDEX idx_ok (status), ALGORITHM = INPLACE, LOCK = NONE;
CREATE TABLE fresh (id BIGINT NOT NULL PRIMARY KEY);
ALTER TABLE fresh ADD COLUMN n INT NOT NULL DEFAULT 0;
DROP TABLE builds;
"""


def test_migration_lint_flags_locking_and_breaking_statements_with_reasons() -> None:
    findings = lint_migration(Migration(3, "bad", BAD_UP, ""), v1_tables.TABLES)
    messages = [(f.where, f.message.split(":")[0]) for f in findings]

    assert all(f.severity == "warning" and f.check == "migration" for f in findings)
    assert messages == [
        ("sql/versions/V3/up.sql:3", "ALTER TABLE apps names no ALGORITHM"),
        ("sql/versions/V3/up.sql:3", "ADD COLUMN apps.tier is NOT NULL without a default"),
        ("sql/versions/V3/up.sql:4", "DROP COLUMN apps.git_branch"),
        ("sql/versions/V3/up.sql:5", "CREATE INDEX names no ALGORITHM"),
        ("sql/versions/V3/up.sql:9", "DROP TABLE builds"),
    ]
    assert "the previous API version still reads it" in findings[2].message
    assert lint_migrations() == []  # the shipped migrations are clean


def test_docs_queries_md_is_up_to_date() -> None:
    expected = render_queries([q for f in ("core", "v1", "v2") for q in named_queries(f)], "markdown")
    assert (ROOT / "docs" / "queries.md").read_text() == expected, (
        "run: omnidb queries --format markdown > docs/queries.md"
    )


def test_every_query_has_a_comment_and_no_select_star() -> None:
    for folder in ("core", "v1", "v2"):
        for query in named_queries(folder):
            assert query.comment, f"{query.where} has no comment"
            assert "SELECT *" not in query.sql.upper(), f"{query.where} selects *"


def test_orphaned_foreign_key_values_of_the_live_database_are_reported(
    server: Config, db_at_v2: omnidb.Database, empty_config: Config
) -> None:
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
        cur.execute("SET foreign_key_checks = 0")  # what a key added with checks off lets through
        cur.execute("INSERT INTO apps (org_id, name, feature_id) SELECT id, 'web', 4242 FROM orgs")
        cur.execute("INSERT INTO apps (org_id, name) VALUES (999, 'lost')")

    findings = [f for f in run_checks(server, live=db_at_v2).findings if f.check == "orphan"]

    where = {f.where.split(".", 1)[1]: f.message for f in findings}
    assert sorted(where) == ["apps.fk_apps_feature", "apps.fk_apps_org_id"]
    assert where["apps.fk_apps_feature"].startswith(
        "1 rows of apps have (feature_id) pointing at no row of features (id), e.g. 4242"
    )
    assert "e.g. 999" in where["apps.fk_apps_org_id"]
    assert all(f.severity == "error" for f in findings)


def test_the_archives_a_rollback_leaves_are_warnings_not_drift(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate(2)
    Migrator(empty_db).migrate(1)  # V2's down keeps what V2 wrote in v2_archive_* tables
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE v1_archive_notes (id INT PRIMARY KEY)")  # no later version's: drift

    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    result = subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn, "check"], capture_output=True, text=True, timeout=120
    )

    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning: [drift]")]
    assert [line.split(": ")[2] for line in warnings] == [
        "+ table v2_archive_app_features",
        "+ table v2_archive_apps",
        "+ table v2_archive_features",
    ]
    assert all(line.endswith("the archive of V2's rollback (docs/migrations.md); migrating to V2 restores it")
               for line in warnings)  # fmt: skip
    assert "error: [drift]" in result.stdout and "+ table v1_archive_notes: not in the expected schema" in result.stdout
    assert result.returncode == 1 and "1 errors, 3 warnings" in result.stdout
