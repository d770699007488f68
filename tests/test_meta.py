"""The metadata key-value store against the real server."""

from __future__ import annotations

import pytest
from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput, NotFound
from omnidb.meta import delete_meta_value, get_meta_value, list_meta, set_meta_value
from omnidb.tooling.migrate import Migrator


@pytest.fixture
def meta_db(empty_db: omnidb.Database) -> omnidb.Database:
    Migrator(empty_db).migrate(0)  # db_init.sql alone: the store exists at every version
    return empty_db


def test_set_get_replace_list_delete(meta_db: omnidb.Database, empty_config: Config) -> None:
    set_meta_value(meta_db, "cluster.name", "prod-eu")
    set_meta_value(meta_db, "api.min_version", "1")
    assert get_meta_value(meta_db, "cluster.name") == "prod-eu"

    set_meta_value(meta_db, "cluster.name", "prod-eu-2 ✓")
    assert get_meta_value(meta_db, "cluster.name") == "prod-eu-2 ✓"
    assert query(empty_config, "SELECT COUNT(*) AS n FROM metadata") == [{"n": 2}]
    assert [(e.key, e.value) for e in list_meta(meta_db)] == [("api.min_version", "1"), ("cluster.name", "prod-eu-2 ✓")]

    delete_meta_value(meta_db, "cluster.name")
    with pytest.raises(NotFound, match=r"metadata key 'cluster\.name' not found"):
        get_meta_value(meta_db, "cluster.name")
    with pytest.raises(NotFound):
        delete_meta_value(meta_db, "cluster.name")


@pytest.mark.parametrize("key", ["", "k" * 256])
def test_bad_keys_are_invalid_input(meta_db: omnidb.Database, key: str) -> None:
    with pytest.raises(InvalidInput, match="metadata keys are 1 to 255 characters"):
        set_meta_value(meta_db, key, "v")


def test_values_must_be_text(meta_db: omnidb.Database) -> None:
    with pytest.raises(InvalidInput, match="metadata values are text, got int"):
        set_meta_value(meta_db, "n", 5)  # type: ignore[arg-type]


def test_keys_and_values_python_cannot_send_are_invalid_input(meta_db: omnidb.Database) -> None:
    """A lone surrogate raised UnicodeEncodeError from the driver; 20 MiB lost the connection (2006)."""
    with pytest.raises(InvalidInput, match="key: not valid Unicode text") as exc:
        set_meta_value(meta_db, "k\udc00", "v")
    assert exc.value.field == "key"
    with pytest.raises(InvalidInput, match="value: not valid Unicode text"):
        set_meta_value(meta_db, "k", "v\udc00")
    with pytest.raises(InvalidInput, match=r"value: the value is 20\.0 MiB; omnidb sends at most"):
        set_meta_value(meta_db, "k", "x" * (20 * 1024 * 1024))
    assert list_meta(meta_db) == []
