"""Every struct of omnidb.v2.tables matches its table at V2, as information_schema reports it."""

from __future__ import annotations

import pytest
from dbtools import query

import omnidb
from omnidb.config import Config
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
