"""Every attrs struct of omnidb.v1.tables matches its table as information_schema reports it."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.tooling.introspect import Snapshot, snapshot
from omnidb.tooling.structcheck import check_struct
from omnidb.v1 import tables

STRUCTS = sorted(tables.TABLES.items())


@pytest.fixture(scope="module")
def schema(db_at_v1_or_v2: omnidb.Database) -> tuple[Snapshot, int]:
    """The database as information_schema reports it, and its schema version (V1 or V2)."""
    with db_at_v1_or_v2.connection() as conn:
        return snapshot(conn), db_at_v1_or_v2.schema_version()


@pytest.mark.parametrize(("table", "struct"), STRUCTS, ids=[t for t, _ in STRUCTS])
def test_struct_matches_its_table(table: str, struct: type, schema: tuple[Snapshot, int]) -> None:
    # Same column names in order, Optional exactly where nullable, compatible types; on V2 the table
    # may have more columns (appended by V2, each with a default), which v1 queries never select.
    found, version = schema
    assert check_struct(struct, found.tables.get(table), exact=version == 1) == []


def test_every_v1_table_has_a_struct(config_at_v1_or_v2: Config) -> None:
    rows = query(
        config_at_v1_or_v2,
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
        config_at_v1_or_v2.database,
    )
    ignored = {"schema_migrations", "schema_migration_history", "schema_migration_lock", "metadata"} | {
        "features",
        "app_features",
    }
    present = {str(r["t"]) for r in rows} - ignored
    assert present == set(tables.TABLES)


@pytest.mark.parametrize(
    ("struct", "secret"),
    [
        (tables.User, "password_hash"),
        (tables.User, "salt"),
        (tables.ApiKey, "key_hash"),
        (tables.ConfigVar, "value"),
        (tables.UserPii, "first_name"),
        (tables.UserPii, "last_name"),
        (tables.UserPii, "full_name"),
        (tables.UserSession, "session_token"),
        (tables.UserSession, "refresh_token"),
        (tables.OrgMember, "invitation_token"),
        (tables.Worker, "ssh_key"),
        (tables.HostCred, "password_encrypted"),
        (tables.HostCred, "key_encrypted"),
        (tables.HostCred, "secret_encrypted"),
        (tables.DataService, "connection_string"),
        (tables.ServiceBinding, "credentials"),
        (tables.Domain, "ssl_key_path"),
        (tables.Domain, "ssl_cert_data"),
    ],
)
def test_secrets_stay_out_of_repr(struct: type, secret: str) -> None:
    field = attrs.fields_dict(struct)[secret]
    assert field.repr is False


def test_every_foreign_key_is_named_and_has_an_index_leading_with_its_column(config_at_v1_or_v2: Config) -> None:
    fks = query(
        config_at_v1_or_v2,
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE "
        "WHERE TABLE_SCHEMA = %s AND REFERENCED_TABLE_NAME IS NOT NULL",
        config_at_v1_or_v2.database,
    )
    leading = {
        (str(r["t"]), str(r["c"]))
        for r in query(
            config_at_v1_or_v2,
            "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = %s AND SEQ_IN_INDEX = 1",
            config_at_v1_or_v2.database,
        )
    }
    assert len(fks) >= 123  # every V1 foreign key (V2 adds fk_apps_feature and two on app_features)
    for fk in fks:
        table, column = str(fk["t"]), str(fk["c"])
        assert (table, column) in leading, f"{table}.{column} has no index leading with it"
        if table in tables.TABLES:
            assert fk["name"] == f"fk_{table}_{column}" or fk["name"] == "fk_apps_feature"


def test_every_table_is_innodb_utf8mb4(config_at_v1_or_v2: Config) -> None:
    rows = query(
        config_at_v1_or_v2,
        "SELECT TABLE_NAME AS t, ENGINE AS engine, TABLE_COLLATION AS collation FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = %s",
        config_at_v1_or_v2.database,
    )
    assert rows and all(r["engine"] == "InnoDB" and str(r["collation"]).startswith("utf8mb4") for r in rows)


def test_docs_schema_md_lists_every_v1_table() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    assert [t for t in tables.TABLES if f"| `{t}` |" not in text] == []


def test_each_hard_delete_names_the_tables_its_foreign_keys_cascade_to(config_at_v1_or_v2: Config) -> None:
    """delete_<r>'s docstring says what else goes with the row (``cascades``): what the schema says,
    children of children included, for every resource deleted for good; a soft delete cascades
    nothing. Every table named is one of a resource."""
    from omnidb.v2.declarations import RESOURCES

    cascading: dict[str, set[str]] = {}
    for row in query(
        config_at_v1_or_v2,
        "SELECT REFERENCED_TABLE_NAME AS parent, TABLE_NAME AS child FROM information_schema.REFERENTIAL_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA = DATABASE() AND DELETE_RULE = 'CASCADE'",
    ):
        cascading.setdefault(str(row["parent"]), set()).add(str(row["child"]))
    tables_here = "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    present = {str(row["t"]) for row in query(config_at_v1_or_v2, tables_here)}

    def reached(table: str) -> set[str]:
        found, pending = set(), [table]
        while pending:
            for child in cascading.get(pending.pop(), set()) - found:
                found.add(child)
                pending.append(child)
        return found

    known = {resource.table for resource in RESOURCES.values()}
    for resource in RESOURCES.values():
        assert set(resource.cascades) <= known, resource.table
        if resource.table not in present:
            continue  # a V2 table on a V1 database
        expected = set() if resource.soft_delete or not resource.deletable else reached(resource.table)
        assert set(resource.cascades) & present == expected, resource.table
