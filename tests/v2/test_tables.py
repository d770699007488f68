"""Every struct of omnidb.v2.tables matches its table at V2, as information_schema reports it."""

from __future__ import annotations

import typing

import attrs
import pytest
from dbtools import query
from structcheck import columns_of, compatible, unwrap

from omnidb.config import Config
from omnidb.v2 import tables

STRUCTS = sorted(tables.TABLES.items())


@pytest.mark.parametrize(("table", "struct"), STRUCTS, ids=[t for t, _ in STRUCTS])
def test_struct_matches_its_table_at_v2(table: str, struct: type, v2_config: Config) -> None:
    hints = typing.get_type_hints(struct)
    columns = columns_of(v2_config, table)

    assert [c["name"] for c in columns] == [f.name for f in attrs.fields(struct)]
    for column in columns:
        kind, optional = unwrap(hints[str(column["name"])])
        assert optional == (column["nullable"] == "YES"), f"{table}.{column['name']}: Optional vs nullability"
        assert compatible(kind, column), f"{table}.{column['name']}: {kind} vs {column['column_type']}"


def test_every_v2_table_has_a_struct(v2_config: Config) -> None:
    rows = query(
        v2_config, "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", v2_config.database
    )
    present = {str(r["t"]) for r in rows} - {"schema_migrations", "schema_migration_history", "metadata"}
    assert present == set(tables.TABLES)
