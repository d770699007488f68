"""Config vars (table ``config_vars``). Queries: ``queries/v1/config_vars.sql``.

An app's environment variables. Values are kept out of repr: they often hold secrets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import ConfigVar

#: Columns update_config_var may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"value", "is_secret", "description"})

_config_vars = Resource(
    ConfigVar,
    version=1,
    singular="config_var",
    plural="config_vars",
    filters=("app_id", "is_secret"),
    updatable=UPDATABLE,
    parents={"app_id": "app"},
)


def get_config_var_by_id(db: Executor, config_var_id: int) -> ConfigVar:
    """Return config var ``config_var_id``. Raises ``NotFound`` if there is none."""
    return _config_vars.get(db, config_var_id)


def list_config_vars(
    db: Executor, page: int = 0, per_page: int = 20, *, app_id: int | None = None, is_secret: bool | None = None
) -> list[ConfigVar]:
    """Return one page of config vars, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _config_vars.page(db, page, per_page, {"app_id": app_id, "is_secret": is_secret})


def count_config_vars(db: Executor, *, app_id: int | None = None, is_secret: bool | None = None) -> int:
    """Return how many config vars ``list_config_vars`` pages through with the same filters."""
    return _config_vars.count(db, {"app_id": app_id, "is_secret": is_secret})


def create_config_var(
    db: Executor, *, app_id: int, key: str, value: str, is_secret: bool | None = None, description: str | None = None
) -> ConfigVar:
    """Insert a config var and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app), ``InvalidInput``
    (a bad value).
    """
    return _config_vars.create(
        db, {"app_id": app_id, "key": key, "value": value, "is_secret": is_secret, "description": description}
    )


def update_config_var(
    db: Executor, config_var_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> ConfigVar:
    """Change only the given columns (names from ``UPDATABLE``) of config var ``config_var_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such config var, ``Conflict`` on a duplicate unique key.
    """
    return _config_vars.update(db, config_var_id, changes, expected_updated_at=expected_updated_at)


def delete_config_var(db: Executor, config_var_id: int) -> None:
    """Delete config var ``config_var_id``. Raises ``NotFound`` if there is none."""
    _config_vars.delete(db, config_var_id)


def get_config_var_by_key(db: Executor, app_id: int, key: str) -> ConfigVar:
    """Return config var ``key`` of app ``app_id``. Raises ``NotFound``."""
    return _config_vars.select_one(db, "get_config_var_by_key", f"{key!r} of app {app_id}", app_id=app_id, key=key)


def set_config_var(db: Executor, app_id: int, key: str, value: str, *, is_secret: bool | None = None) -> ConfigVar:
    """Create config var ``key`` of app ``app_id``, or replace its value; return it as stored."""
    return _config_vars.upsert(db, "set_config_var", app_id=app_id, key=key, value=value, is_secret=is_secret)
