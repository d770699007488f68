"""The metadata store: system settings as key-value pairs, in every schema version.

Queries: ``queries/core/metadata.sql``; table ``metadata`` (``sql/db_init.sql``).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from omnidb import registry
from omnidb.convert import checker, structure
from omnidb.errors import InvalidInput, NotFound
from omnidb.transaction import Executor, reading, writing

MAX_KEY_LENGTH = 255


@attrs.frozen
class MetaEntry:
    """One key of the metadata store."""

    key: str
    value: str
    created_at: datetime
    updated_at: datetime


def get_meta_value(db: Executor, key: str) -> str:
    """Return the value stored under ``key``. Raises ``NotFound`` when there is none."""
    with reading(db) as conn:
        value = registry.core().get_meta_value(conn, key=_checked(key))
    if value is None:
        raise NotFound("metadata key", repr(key))
    return str(value)


def set_meta_value(db: Executor, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing what was there."""
    if not isinstance(value, str):
        raise InvalidInput(f"metadata values are text, got {type(value).__name__}", field="value")
    value = checker("value", str)(value)  # valid Unicode, and no larger than one packet takes
    with writing(db) as conn:
        registry.core().set_meta_value(conn, key=_checked(key), value=value)


def delete_meta_value(db: Executor, key: str) -> None:
    """Remove ``key``. Raises ``NotFound`` when it was not there."""
    with writing(db) as conn:
        if not registry.core().delete_meta_value(conn, key=_checked(key)):
            raise NotFound("metadata key", repr(key))


def list_meta(db: Executor) -> list[MetaEntry]:
    """Every key with its value and timestamps, sorted by key."""
    with reading(db) as conn:
        return [structure(row, MetaEntry) for row in registry.core().list_meta(conn)]


def _checked(key: str) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"metadata keys are 1 to {MAX_KEY_LENGTH} characters, got {key!r:.80}", field="key")
    return str(checker("key", str)(key))  # valid Unicode (no lone surrogate)
