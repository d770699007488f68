"""Every struct of omnidb.v2.tables matches its table at V2, as information_schema reports it."""

from __future__ import annotations

import pymysql
import pytest
from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.errors import _CHECK_FIELDS, InvalidInput, translate
from omnidb.tooling.introspect import Snapshot, snapshot
from omnidb.tooling.structcheck import check_struct
from omnidb.v2 import tables

STRUCTS = sorted(tables.TABLES.items())


@pytest.fixture(scope="module")
def schema(db_at_v2: omnidb.Database) -> Snapshot:
    with db_at_v2.connection() as conn:
        return snapshot(conn)


@pytest.mark.parametrize(("table", "struct"), STRUCTS, ids=[t for t, _ in STRUCTS])
def test_struct_matches_its_table_at_v2(table: str, struct: type, schema: Snapshot) -> None:
    # Same column names in order, Optional exactly where nullable, compatible types.
    assert check_struct(struct, schema.tables.get(table), exact=True) == []


def test_every_v2_table_has_a_struct(config_at_v2: Config) -> None:
    rows = query(
        config_at_v2,
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
        config_at_v2.database,
    )
    present = {str(r["t"]) for r in rows} - {
        "schema_migrations",
        "schema_migration_history",
        "schema_migration_lock",
        "metadata",
    }
    assert present == set(tables.TABLES)


def test_every_check_names_a_column_of_its_table_as_the_field_of_its_error(
    config_at_v2: Config, schema: Snapshot
) -> None:
    # A refused CHECK becomes InvalidInput whose field is the column to fix: chk_<table>_<column>, the
    # JSON_VALID check MariaDB names after its column, or a multi-column CHECK's entry in the map.
    # (MariaDB's information_schema; MySQL 8 names no constraint in 3819's field: docs/mysql-compat.md.)
    checks = query(
        config_at_v2,
        "SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS t, LEVEL AS level FROM information_schema.CHECK_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA = %s",
        config_at_v2.database,
    )
    assert len(checks) > 40
    for check in checks:
        name, table = str(check["name"]), str(check["t"])
        named = f"{table}.{name}" if check["level"] == "Column" else name  # as MariaDB's 4025 names it
        message = f"CONSTRAINT `{named}` failed for `{config_at_v2.database}`.`{table}`"
        error = translate(pymysql.err.OperationalError(4025, message))
        assert isinstance(error, InvalidInput)
        field, columns = error.field, {column.name for column in schema.tables[table].columns}
        assert field in columns or (field is None and _CHECK_FIELDS.get(name, "") is None), (name, field)
