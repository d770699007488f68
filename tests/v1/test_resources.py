"""Every v1 resource module through the same paces: create, get, list, count, update, delete, errors.

Assertions are on what the database holds (read on a side session), not only on what functions return.
"""

from __future__ import annotations

import enum
import importlib
from types import ModuleType
from typing import Any

import attrs
import pytest
from dbtools import query
from v1.factories import FACTORIES

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput, NotFound
from omnidb.resource import Resource

MODULES = sorted(FACTORIES)


def resource_of(module: ModuleType) -> Resource[Any]:
    found = [v for v in vars(module).values() if isinstance(v, Resource)]
    assert len(found) == 1
    return found[0]


def table_of(module: ModuleType) -> str:
    struct = resource_of(module).struct
    tables = importlib.import_module("omnidb.v1.tables").TABLES
    return next(name for name, cls in tables.items() if cls is struct)


def stored(config: Config, table: str, row_id: int) -> dict[str, object] | None:
    rows = query(config, f"SELECT * FROM `{table}` WHERE id = %s", row_id)
    return rows[0] if rows else None


def module_named(name: str) -> ModuleType:
    return importlib.import_module(f"omnidb.v1.{name}")


@pytest.mark.parametrize("name", MODULES)
def test_create_returns_the_stored_row_and_get_reads_it_back(
    name: str, db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    module, singular = module_named(name), resource_of(module_named(name)).singular
    created = FACTORIES[name](db_at_v1_or_v2)

    row = stored(config_at_v1_or_v2, table_of(module), created.id)
    assert row is not None
    assert row["created_at"] is not None and created.created_at.tzinfo is not None
    for field in attrs.fields(type(created)):
        value = getattr(created, field.name)
        if isinstance(value, (int, str)) and not isinstance(value, bool) and field.name in row:
            assert row[field.name] == getattr(value, "value", value), field.name
    assert getattr(module, f"get_{singular}_by_id")(db_at_v1_or_v2, created.id) == created


@pytest.mark.parametrize("name", MODULES)
def test_list_and_count_see_the_new_row(name: str, db_at_v1_or_v2: omnidb.Database) -> None:
    module, res = module_named(name), resource_of(module_named(name))
    created = FACTORIES[name](db_at_v1_or_v2)

    newest = getattr(module, f"list_{res.plural}")(db_at_v1_or_v2, 0, 5)
    assert created in newest
    assert getattr(module, f"count_{res.plural}")(db_at_v1_or_v2) >= 1


@pytest.mark.parametrize("name", MODULES)
def test_get_of_a_missing_id_raises_not_found_naming_resource_and_id(
    name: str, db_at_v1_or_v2: omnidb.Database
) -> None:
    res = resource_of(module_named(name))
    with pytest.raises(NotFound, match=rf"^{res.label} 987654321 not found$"):
        getattr(module_named(name), f"get_{res.singular}_by_id")(db_at_v1_or_v2, 987654321)


def _a_change(created: Any, updatable: frozenset[str]) -> tuple[str, Any]:
    """One whitelisted column and a new valid value for it."""
    for field in attrs.fields(type(created)):
        if field.name not in updatable or field.name.endswith("_id"):
            continue
        current = getattr(created, field.name)
        if isinstance(current, bool):
            return field.name, not current
        if isinstance(current, enum.Enum):
            return field.name, next(member for member in type(current) if member is not current)
        if isinstance(current, int):
            return field.name, current + 1
        if isinstance(current, float):
            return field.name, current + 0.5
        if isinstance(current, str) and not hasattr(current, "value") and field.name not in ("email",):
            return field.name, current[:40] + "-x"
        if current is None and field.type in ("str | None", str | None):
            return field.name, "set"
    raise AssertionError(f"no simple updatable column on {type(created).__name__}")


UPDATABLE_MODULES = [m for m in MODULES if hasattr(module_named(m), "UPDATABLE")]


@pytest.mark.parametrize("name", UPDATABLE_MODULES)
def test_update_changes_only_the_given_column_and_moves_updated_at(
    name: str, db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    module, res = module_named(name), resource_of(module_named(name))
    created = FACTORIES[name](db_at_v1_or_v2)
    column, value = _a_change(created, module.UPDATABLE)
    before = stored(config_at_v1_or_v2, table_of(module), created.id)
    assert before is not None

    updated = getattr(module, f"update_{res.singular}")(db_at_v1_or_v2, created.id, **{column: value})

    after = stored(config_at_v1_or_v2, table_of(module), created.id)
    assert after is not None
    assert getattr(updated, column) == value
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {column, "updated_at"}
    assert after["updated_at"] > before["updated_at"]  # type: ignore[operator]


@pytest.mark.parametrize("name", UPDATABLE_MODULES)
def test_update_refuses_no_fields_and_unknown_fields_and_writes_nothing(
    name: str, db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    module, res = module_named(name), resource_of(module_named(name))
    created = FACTORIES[name](db_at_v1_or_v2)
    update = getattr(module, f"update_{res.singular}")
    before = stored(config_at_v1_or_v2, table_of(module), created.id)

    with pytest.raises(InvalidInput, match=rf"update_{res.singular}: no fields given; updatable: "):
        update(db_at_v1_or_v2, created.id)
    # Only whitelisted columns are parameters: anything else is a TypeError (and a mypy error).
    with pytest.raises(TypeError, match=rf"update_{res.singular}\(\) got an unexpected keyword argument 'id'"):
        update(db_at_v1_or_v2, created.id, id=5, **dict([_a_change(created, module.UPDATABLE)]))
    with pytest.raises(TypeError, match="unexpected keyword argument 'created_at'"):
        update(db_at_v1_or_v2, created.id, created_at=None)
    with pytest.raises(InvalidInput, match=rf"update_{res.singular}: id cannot be updated") as raised:
        res.update(db_at_v1_or_v2, created.id, {"id": 5})  # the mechanism under it refuses too, for dynamic callers
    assert raised.value.field == "id"
    with pytest.raises(NotFound, match=f"{res.label} 987654321 not found"):
        update(db_at_v1_or_v2, 987654321, **dict([_a_change(created, module.UPDATABLE)]))
    assert stored(config_at_v1_or_v2, table_of(module), created.id) == before


DELETABLE_MODULES = [m for m in MODULES if hasattr(module_named(m), f"delete_{resource_of(module_named(m)).singular}")]


@pytest.mark.parametrize("name", DELETABLE_MODULES)
def test_delete_soft_deletes_or_removes_and_a_second_delete_is_not_found(
    name: str, db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    module, res = module_named(name), resource_of(module_named(name))
    created = FACTORIES[name](db_at_v1_or_v2)
    delete = getattr(module, f"delete_{res.singular}")

    delete(db_at_v1_or_v2, created.id)

    row = stored(config_at_v1_or_v2, table_of(module), created.id)
    if "deleted_at" in attrs.fields_dict(type(created)):
        assert row is not None and row["deleted_at"] is not None  # soft: the row stays
    else:
        assert row is None
    with pytest.raises(NotFound):
        getattr(module, f"get_{res.singular}_by_id")(db_at_v1_or_v2, created.id)
    assert created not in getattr(module, f"list_{res.plural}")(db_at_v1_or_v2, 0, 1000)
    with pytest.raises(NotFound, match=f"{res.label} {created.id} not found"):
        delete(db_at_v1_or_v2, created.id)


def test_audit_logs_are_append_only() -> None:
    module = module_named("audit_logs")
    assert not hasattr(module, "update_audit_log") and not hasattr(module, "delete_audit_log")
