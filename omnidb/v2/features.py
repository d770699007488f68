"""Features (table ``features``). Queries: ``queries/v2/features.sql``.

Platform features apps can use (V2). Soft-deletable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v2.tables import Feature

#: Columns update_feature may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "description", "enabled"})

_features = Resource(
    Feature,
    version=2,
    singular="feature",
    plural="features",
    filters=("enabled",),
    updatable=UPDATABLE,
)


def get_feature_by_id(db: Executor, feature_id: int) -> Feature:
    """Return feature ``feature_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _features.get(db, feature_id)


def list_features(db: Executor, page: int = 0, per_page: int = 20, *, enabled: bool | None = None) -> list[Feature]:
    """Return one page of features, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _features.page(db, page, per_page, {"enabled": enabled})


def count_features(db: Executor, *, enabled: bool | None = None) -> int:
    """Return how many features ``list_features`` pages through with the same filters."""
    return _features.count(db, {"enabled": enabled})


def create_feature(db: Executor, *, name: str, description: str | None = None, enabled: bool | None = None) -> Feature:
    """Insert a feature and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _features.create(db, {"name": name, "description": description, "enabled": enabled})


def update_feature(
    db: Executor, feature_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Feature:
    """Change only the given columns (names from ``UPDATABLE``) of feature ``feature_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such feature, ``Conflict`` on a duplicate unique key.
    """
    return _features.update(db, feature_id, changes, expected_updated_at=expected_updated_at)


def delete_feature(db: Executor, feature_id: int) -> None:
    """Soft-delete feature ``feature_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _features.delete(db, feature_id)
