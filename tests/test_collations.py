"""Distinct identifiers stay distinct: emoji, ß/ss, case and trailing spaces, on the real server.

Under utf8mb4_unicode_ci (the collation V1 used at first) every emoji equalled every other, 'straße'
equalled 'strasse', 'Region' equalled 'region', and (PAD SPACE) 'web ' equalled 'web': a unique key
refused the second of each pair, and a lookup found the wrong row. Identifier columns now compare byte
for byte with NO PAD (utf8mb4_nopad_bin on MariaDB, utf8mb4_0900_bin on MySQL 8.0).
"""

from __future__ import annotations

import pytest
from dbtools import admin, query

import omnidb
from omnidb.config import Config
from omnidb.meta import get_meta_value, list_meta, set_meta_value
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs
from omnidb.v1 import tables as v1_tables

#: The binary NO PAD collations identifier columns may have, per server.
EXACT = {"utf8mb4_nopad_bin", "utf8mb4_0900_bin"}

PAIRS = [
    pytest.param("🚀", "🔥", id="emoji"),
    pytest.param("straße", "strasse", id="sharp-s"),
    pytest.param("web ", "web", id="trailing-space"),
    pytest.param("Region", "region", id="case"),
]


@pytest.fixture
def v1_db(empty_db: omnidb.Database) -> omnidb.Database:
    Migrator(empty_db).migrate(1)
    return empty_db


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_distinct_app_names_are_distinct_apps(v1_db: omnidb.Database, first: str, second: str) -> None:
    org = orgs.create_org(v1_db, name="collations")
    a = apps.create_app(v1_db, org_id=org.id, name=first)
    b = apps.create_app(v1_db, org_id=org.id, name=second)  # the unique (org_id, name) key lets both in

    assert a.id != b.id
    assert apps.get_app_by_name(v1_db, org.id, first).id == a.id
    assert apps.get_app_by_name(v1_db, org.id, second).id == b.id
    assert apps.count_apps(v1_db, org_id=org.id) == 2


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_distinct_org_names_are_distinct_orgs(v1_db: omnidb.Database, first: str, second: str) -> None:
    a = orgs.create_org(v1_db, name=first)
    b = orgs.create_org(v1_db, name=second)
    assert (orgs.get_org_by_name(v1_db, first).id, orgs.get_org_by_name(v1_db, second).id) == (a.id, b.id)


def test_a_metadata_key_with_a_trailing_space_does_not_overwrite_another(empty_db: omnidb.Database) -> None:
    Migrator(empty_db).migrate(0)  # db_init.sql alone
    set_meta_value(empty_db, "Region", "eu-west-1")
    set_meta_value(empty_db, "region ", "us-east-1")
    set_meta_value(empty_db, "🚀", "rocket")
    set_meta_value(empty_db, "🔥", "fire")
    set_meta_value(empty_db, "straße", "street")
    set_meta_value(empty_db, "strasse", "street too")

    assert get_meta_value(empty_db, "Region") == "eu-west-1"
    assert get_meta_value(empty_db, "region ") == "us-east-1"
    assert get_meta_value(empty_db, "🚀") == "rocket"
    assert len(list_meta(empty_db)) == 6


def test_db_init_converts_an_old_metadata_table_once(empty_db: omnidb.Database, empty_config: Config) -> None:
    with admin(empty_config).cursor() as cur:  # the table as db_init.sql created it before
        cur.execute(
            "CREATE TABLE metadata (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, `key` VARCHAR(255) NOT NULL, "
            "value TEXT NOT NULL, created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
            "updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), "
            "UNIQUE KEY uq_metadata_key (`key`)) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci"
        )
        cur.execute("INSERT INTO metadata (`key`, value) VALUES ('Region', 'eu-west-1')")

    def key_collation() -> object:
        rows = query(
            empty_config,
            "SELECT COLLATION_NAME AS c FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'metadata' AND COLUMN_NAME = 'key'",
        )
        return rows[0]["c"]

    assert key_collation() == "utf8mb4_unicode_ci"
    Migrator(empty_db).migrate(0)
    assert key_collation() in EXACT
    Migrator(empty_db).migrate(0)  # idempotent: nothing left to convert
    assert key_collation() in EXACT
    set_meta_value(empty_db, "region ", "us-east-1")
    assert get_meta_value(empty_db, "Region") == "eu-west-1"


def test_every_string_column_of_a_unique_key_compares_exactly(empty_db: omnidb.Database, empty_config: Config) -> None:
    # The rule of V1 up.sql, checked on the live schema: no unique key can fold two names into one.
    Migrator(empty_db).migrate(1)
    rows = query(
        empty_config,
        "SELECT s.TABLE_NAME AS t, s.COLUMN_NAME AS c, c.COLLATION_NAME AS collation "
        "FROM information_schema.STATISTICS AS s "
        "INNER JOIN information_schema.COLUMNS AS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA "
        "AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
        "WHERE s.TABLE_SCHEMA = DATABASE() AND s.NON_UNIQUE = 0 AND c.DATA_TYPE IN ('char', 'varchar', 'text')",
    )
    in_v1 = [r for r in rows if r["t"] in v1_tables.TABLES or r["t"] == "metadata"]
    assert in_v1, "V1 has unique keys on string columns"
    assert [r for r in in_v1 if r["collation"] not in EXACT] == []
