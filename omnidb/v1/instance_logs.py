"""Instance logs (table ``instance_logs``). Queries: ``queries/v1/instance_logs.sql``.

Log lines of running instances. Append-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import InstanceLog, InstanceLogLogLevel, InstanceLogLogType

_instance_logs = Resource(
    InstanceLog,
    version=1,
    singular="instance_log",
    plural="instance_logs",
    filters=("instance_id", "app_id", "log_level", "since", "until"),
    parents={"instance_id": "instance", "app_id": "app"},
)


def get_instance_log_by_id(db: Executor, instance_log_id: int) -> InstanceLog:
    """Return instance log ``instance_log_id``. Raises ``NotFound`` if there is none."""
    return _instance_logs.get(db, instance_log_id)


def list_instance_logs(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    instance_id: int | None = None,
    app_id: int | None = None,
    log_level: InstanceLogLogLevel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[InstanceLog]:
    """Return one page of instance logs, newest first.

    Filters left None match everything; ``since``/``until`` bound ``logged_at``.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _instance_logs.page(
        db,
        page,
        per_page,
        {"instance_id": instance_id, "app_id": app_id, "log_level": log_level, "since": since, "until": until},
    )


def count_instance_logs(
    db: Executor,
    *,
    instance_id: int | None = None,
    app_id: int | None = None,
    log_level: InstanceLogLogLevel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Return how many instance logs ``list_instance_logs`` pages through with the same filters."""
    return _instance_logs.count(
        db, {"instance_id": instance_id, "app_id": app_id, "log_level": log_level, "since": since, "until": until}
    )


def create_instance_log(
    db: Executor,
    *,
    instance_id: int,
    app_id: int,
    message: str,
    log_type: InstanceLogLogType | None = None,
    log_level: InstanceLogLogLevel | None = None,
    source: str | None = None,
    metadata: dict[str, Any] | None = None,
    logged_at: datetime | None = None,
) -> InstanceLog:
    """Insert an instance log and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, instance),
    ``InvalidInput`` (a bad value).
    """
    return _instance_logs.create(
        db,
        {
            "instance_id": instance_id,
            "app_id": app_id,
            "log_type": log_type,
            "log_level": log_level,
            "message": message,
            "source": source,
            "metadata": metadata,
            "logged_at": logged_at,
        },
    )


def delete_instance_log(db: Executor, instance_log_id: int) -> None:
    """Delete instance log ``instance_log_id``. Raises ``NotFound`` if there is none."""
    _instance_logs.delete(db, instance_log_id)


def list_instance_logs_after(
    db: Executor,
    after: InstanceLog | None = None,
    limit: int = 100,
    *,
    instance_id: int | None = None,
    app_id: int | None = None,
) -> list[InstanceLog]:
    """Keyset pagination: up to ``limit`` instance logs older than ``after``, newest first.

    ``after`` is the last row of the previous page (None: start at the newest). Rows come newest
    ``logged_at`` first, ties broken by id; a deep page costs what the first one does.
    """
    cursor = {"after_time": after.logged_at if after else None, "after_id": after.id if after else None}
    return _instance_logs.page_after(db, limit, cursor, {"instance_id": instance_id, "app_id": app_id})


def append_instance_logs(db: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many instance log lines in one transaction, in multi-row INSERTs; return how many were

    inserted. Each row gives instance_id, app_id, log_type, log_level, message and logged_at
    (aware); source and metadata are optional. A row with an unknown or missing required column is
    ``InvalidInput``, and nothing is inserted.
    """
    return _instance_logs.bulk(
        db, rows, required=("instance_id", "app_id", "log_type", "log_level", "message", "logged_at")
    )
