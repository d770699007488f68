"""Metrics (table ``metrics``). Queries: ``queries/v1/metrics.sql``.

Time series samples of apps and instances. Append-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Metric

_metrics = Resource(
    Metric,
    version=1,
    singular="metric",
    plural="metrics",
    filters=("app_id", "instance_id", "metric_name", "since", "until"),
    parents={"app_id": "app", "instance_id": "instance"},
)


def get_metric_by_id(db: Executor, metric_id: int) -> Metric:
    """Return metric ``metric_id``. Raises ``NotFound`` if there is none."""
    return _metrics.get(db, metric_id)


def list_metrics(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    app_id: int | None = None,
    instance_id: int | None = None,
    metric_name: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Metric]:
    """Return one page of metrics, newest first.

    Filters left None match everything; ``since``/``until`` bound ``recorded_at``.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _metrics.page(
        db,
        page,
        per_page,
        {"app_id": app_id, "instance_id": instance_id, "metric_name": metric_name, "since": since, "until": until},
    )


def count_metrics(
    db: Executor,
    *,
    app_id: int | None = None,
    instance_id: int | None = None,
    metric_name: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Return how many metrics ``list_metrics`` pages through with the same filters."""
    return _metrics.count(
        db, {"app_id": app_id, "instance_id": instance_id, "metric_name": metric_name, "since": since, "until": until}
    )


def create_metric(
    db: Executor,
    *,
    metric_name: str,
    metric_value: float,
    app_id: int | None = None,
    instance_id: int | None = None,
    labels: dict[str, Any] | None = None,
    recorded_at: datetime | None = None,
) -> Metric:
    """Insert a metric and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, instance),
    ``InvalidInput`` (a bad value).
    """
    return _metrics.create(
        db,
        {
            "app_id": app_id,
            "instance_id": instance_id,
            "metric_name": metric_name,
            "metric_value": metric_value,
            "labels": labels,
            "recorded_at": recorded_at,
        },
    )


def delete_metric(db: Executor, metric_id: int) -> None:
    """Delete metric ``metric_id``. Raises ``NotFound`` if there is none."""
    _metrics.delete(db, metric_id)


def list_metrics_after(
    db: Executor,
    after: Metric | None = None,
    limit: int = 100,
    *,
    app_id: int | None = None,
    instance_id: int | None = None,
    metric_name: str | None = None,
) -> list[Metric]:
    """Keyset pagination: up to ``limit`` metrics older than ``after``, newest first.

    ``after`` is the last row of the previous page (None: start at the newest). Rows come newest
    ``recorded_at`` first, ties broken by id; a deep page costs what the first one does.
    """
    cursor = {"after_time": after.recorded_at if after else None, "after_id": after.id if after else None}
    return _metrics.page_after(
        db, limit, cursor, {"app_id": app_id, "instance_id": instance_id, "metric_name": metric_name}
    )


def record_metrics(db: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many metric samples in one transaction, in multi-row INSERTs; return how many were

    inserted. Each row gives metric_name, metric_value and recorded_at (aware), and app_id and/or
    instance_id; labels are optional. A row with an unknown or missing required column is
    ``InvalidInput``, and nothing is inserted.
    """
    return _metrics.bulk(db, rows, required=("metric_name", "metric_value", "recorded_at"))
