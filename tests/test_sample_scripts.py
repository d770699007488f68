"""Real scripts nobody here wrote, each loaded twice: by the mariadb client, and by split_statements.

``OMNIDB_SAMPLE_SCRIPTS`` names a copy of https://github.com/datacharmer/test_db: the MySQL "employees"
sample database, and ``sakila/`` with Sakila's schema and data. Those files are never committed here
(their licences, and policy); without the variable, or without the ``mariadb`` client, the tests skip.

Both loads must leave the same tables, views, routines, triggers and events, and the same number of
rows in every table.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dbtools import Catalog, MakeDatabase, admin, catalog, mariadb_client, query, tables

from omnidb.config import Config
from omnidb.tooling.sqlscript import split_statements

SAMPLES = os.environ.get("OMNIDB_SAMPLE_SCRIPTS", "")

pytestmark = [
    pytest.mark.skipif(
        not SAMPLES,
        reason="OMNIDB_SAMPLE_SCRIPTS is not set: point it at a copy of github.com/datacharmer/test_db",
    ),
    pytest.mark.skipif(shutil.which("mariadb") is None, reason="the mariadb client is not installed"),
]

# Where a sample names its own database (statements on the database, and names qualified by it, as
# in Sakila's actor_info view): each load gets a fresh database instead.
_OWN_DATABASE = re.compile(
    r"^(\s*(?:DROP\s+(?:SCHEMA|DATABASE)\s+IF\s+EXISTS|CREATE\s+(?:SCHEMA|DATABASE)(?:\s+IF\s+NOT\s+EXISTS)?|USE)\s+)"
    r"(?:sakila|employees)\b|\bsakila(?=\.)",
    re.IGNORECASE | re.MULTILINE,
)
# The client's `source file` command, as employees.sql uses it to load its data files.
_SOURCE = re.compile(r"^[ \t]*source[ \t]+(\S+)[ \t]*;?[ \t]*$", re.IGNORECASE | re.MULTILINE)


def sample(relative: str) -> str:
    """The text of a sample script; skips the test when the copy lacks it."""
    path = Path(SAMPLES, relative)
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path.read_text(encoding="utf-8")


def in_database(script: str, config: Config) -> str:
    """The script with its own database's name replaced by the config's."""
    return _OWN_DATABASE.sub(lambda m: f"{m.group(1) or ''}`{config.database}`", script)


def load_with_client(config: Config, script: str) -> None:
    """``mariadb db < script``: the reference behaviour."""
    client = subprocess.run(
        mariadb_client(config, "--default-character-set=utf8mb4"),
        input=script.encode(),
        capture_output=True,
        env={**os.environ, "MYSQL_PWD": config.password or ""},
        check=False,
    )
    assert client.returncode == 0, client.stderr.decode()


def load_with_splitter(config: Config, script: str) -> None:
    """Every statement of split_statements(script) in turn, on one autocommit session (as the client)."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            for statement in split_statements(script):
                cur.execute(statement.sql)
    finally:
        conn.close()


def row_counts(config: Config) -> dict[str, int]:
    """The number of rows of each table."""
    counts = {name: query(config, f"SELECT COUNT(*) AS n FROM `{name}`")[0]["n"] for name in sorted(tables(config))}
    return {name: int(str(n)) for name, n in counts.items()}


def load_both_ways(make_database: MakeDatabase, *scripts: str) -> tuple[Catalog, dict[str, int]]:
    """Load the scripts into two fresh databases, by the client and by the splitter; return the catalog
    and row counts of the splitter's load, after checking that they equal those of the client's."""
    by_client, by_splitter = make_database(), make_database()
    for script in scripts:
        load_with_client(by_client, in_database(script, by_client))
        load_with_splitter(by_splitter, in_database(script, by_splitter))
    objects, rows = catalog(by_splitter), row_counts(by_splitter)
    assert (objects, rows) == (catalog(by_client), row_counts(by_client))
    print({kind: len(found) for kind, found in objects.items()}, sum(rows.values()), "rows:", rows)
    return objects, rows


def test_sakila_loads_as_with_the_client(make_database: MakeDatabase) -> None:
    objects, rows = load_both_ways(
        make_database, sample("sakila/sakila-mv-schema.sql"), sample("sakila/sakila-mv-data.sql")
    )
    assert len(objects["tables"]) == 16 and len(objects["views"]) == 7
    assert len(objects["routines"]) == 6 and len(objects["triggers"]) == 6
    # film_text is filled by the ins_film trigger only: the triggers were in place before the data
    assert rows["actor"] == 200 and rows["film"] == 1000 and rows["film_text"] == 1000


def test_employees_loads_as_with_the_client(make_database: MakeDatabase) -> None:
    """employees.sql, its data files (`source` lines, inlined here), then objects.sql (views, routines).

    A data file absent from the copy is left out; foreign key checks are off for both loads, so that
    the files present load without the rows of those absent (dept_manager's employees).
    """
    missing: list[str] = []

    def inline(source: re.Match[str]) -> str:
        path = Path(SAMPLES, source.group(1))
        if path.is_file():
            return path.read_text(encoding="utf-8")
        missing.append(source.group(1))
        return ""

    script = "SET FOREIGN_KEY_CHECKS = 0;\n" + _SOURCE.sub(inline, sample("employees.sql"))
    objects, _ = load_both_ways(make_database, script, sample("objects.sql"))
    print("data files missing:", missing or "none")
    assert len(objects["tables"]) == 6 and len(objects["views"]) == 4 and len(objects["routines"]) == 7
