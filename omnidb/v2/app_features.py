"""App features (table ``app_features``). Queries: ``queries/v2/app_features.sql``.

Per-app feature flags (V2): which features each app has switched on or off, with settings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v2.tables import AppFeature

#: Columns update_app_feature may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"enabled", "settings"})

_app_features = Resource(
    AppFeature,
    version=2,
    singular="app_feature",
    plural="app_features",
    filters=("app_id", "feature_id", "enabled"),
    updatable=UPDATABLE,
    parents={"app_id": "app", "feature_id": "feature"},
)


def get_app_feature_by_id(db: Executor, app_feature_id: int) -> AppFeature:
    """Return app feature ``app_feature_id``. Raises ``NotFound`` if there is none."""
    return _app_features.get(db, app_feature_id)


def list_app_features(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    app_id: int | None = None,
    feature_id: int | None = None,
    enabled: bool | None = None,
) -> list[AppFeature]:
    """Return one page of app features, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _app_features.page(db, page, per_page, {"app_id": app_id, "feature_id": feature_id, "enabled": enabled})


def count_app_features(
    db: Executor, *, app_id: int | None = None, feature_id: int | None = None, enabled: bool | None = None
) -> int:
    """Return how many app features ``list_app_features`` pages through with the same filters."""
    return _app_features.count(db, {"app_id": app_id, "feature_id": feature_id, "enabled": enabled})


def create_app_feature(
    db: Executor, *, app_id: int, feature_id: int, enabled: bool | None = None, settings: dict[str, Any] | None = None
) -> AppFeature:
    """Insert an app feature and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, feature),
    ``InvalidInput`` (a bad value).
    """
    return _app_features.create(
        db, {"app_id": app_id, "feature_id": feature_id, "enabled": enabled, "settings": settings}
    )


def update_app_feature(
    db: Executor, app_feature_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> AppFeature:
    """Change only the given columns (names from ``UPDATABLE``) of app feature ``app_feature_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such app feature, ``Conflict`` on a duplicate unique key.
    """
    return _app_features.update(db, app_feature_id, changes, expected_updated_at=expected_updated_at)


def delete_app_feature(db: Executor, app_feature_id: int) -> None:
    """Delete app feature ``app_feature_id``. Raises ``NotFound`` if there is none."""
    _app_features.delete(db, app_feature_id)
