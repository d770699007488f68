"""Builds (table ``builds``). Queries: ``queries/v1/builds.sql``.

Builds of an app's source into a runnable artifact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.errors import InvalidInput
from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Build, BuildStatus

#: Columns update_build may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "source_version",
        "commit_sha",
        "commit_message",
        "author",
        "status",
        "build_pack_used",
        "build_image",
        "build_arguments",
        "log_url",
        "artifact_url",
        "artifact_checksum",
        "artifact_size",
        "error_message",
        "started_at",
        "completed_at",
        "build_duration",
    }
)

_builds = Resource(
    Build,
    version=1,
    singular="build",
    plural="builds",
    filters=("app_id", "status"),
    updatable=UPDATABLE,
    parents={"app_id": "app"},
)


def get_build_by_id(db: Executor, build_id: int) -> Build:
    """Return build ``build_id``. Raises ``NotFound`` if there is none."""
    return _builds.get(db, build_id)


def list_builds(
    db: Executor, page: int = 0, per_page: int = 20, *, app_id: int | None = None, status: BuildStatus | None = None
) -> list[Build]:
    """Return one page of builds, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _builds.page(db, page, per_page, {"app_id": app_id, "status": status})


def count_builds(db: Executor, *, app_id: int | None = None, status: BuildStatus | None = None) -> int:
    """Return how many builds ``list_builds`` pages through with the same filters."""
    return _builds.count(db, {"app_id": app_id, "status": status})


def create_build(
    db: Executor,
    *,
    app_id: int,
    source_version: str | None = None,
    commit_sha: str | None = None,
    commit_message: str | None = None,
    author: str | None = None,
    status: BuildStatus | None = None,
    build_pack_used: str | None = None,
    build_image: str | None = None,
    build_arguments: dict[str, Any] | None = None,
    log_url: str | None = None,
    artifact_url: str | None = None,
    artifact_checksum: str | None = None,
    artifact_size: int | None = None,
    error_message: str | None = None,
    started_at: datetime | None = None,
    completed_at: datetime | None = None,
    build_duration: int | None = None,
) -> Build:
    """Insert a build and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app), ``InvalidInput``
    (a bad value).
    """
    return _builds.create(
        db,
        {
            "app_id": app_id,
            "source_version": source_version,
            "commit_sha": commit_sha,
            "commit_message": commit_message,
            "author": author,
            "status": status,
            "build_pack_used": build_pack_used,
            "build_image": build_image,
            "build_arguments": build_arguments,
            "log_url": log_url,
            "artifact_url": artifact_url,
            "artifact_checksum": artifact_checksum,
            "artifact_size": artifact_size,
            "error_message": error_message,
            "started_at": started_at,
            "completed_at": completed_at,
            "build_duration": build_duration,
        },
    )


def update_build(db: Executor, build_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> Build:
    """Change only the given columns (names from ``UPDATABLE``) of build ``build_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such build.
    """
    return _builds.update(db, build_id, changes, expected_updated_at=expected_updated_at)


def delete_build(db: Executor, build_id: int) -> None:
    """Delete build ``build_id``. Raises ``NotFound`` if there is none."""
    _builds.delete(db, build_id)


_FINAL = frozenset({BuildStatus.SUCCEEDED, BuildStatus.FAILED, BuildStatus.CANCELED})


def start_build(db: Executor, build_id: int) -> Build:
    """Move build ``build_id`` from pending to building. Raises ``Conflict`` from any other status."""
    return _builds.act(db, "start_build", build_id, verb="start")


def finish_build(
    db: Executor,
    build_id: int,
    status: BuildStatus,
    *,
    error_message: str | None = None,
    artifact_url: str | None = None,
    artifact_checksum: str | None = None,
    artifact_size: int | None = None,
) -> Build:
    """End build ``build_id`` as succeeded, failed or canceled; stamps ``completed_at`` and the duration.

    Raises ``InvalidInput`` for a status that does not end a build, ``Conflict`` if it has ended.
    """
    if BuildStatus(status) not in _FINAL:
        raise InvalidInput(
            f"finish_build: status must be succeeded, failed or canceled, got {status!r}", field="status"
        )
    return _builds.act(
        db,
        "finish_build",
        build_id,
        verb="finish",
        status=status,
        error_message=error_message,
        artifact_url=artifact_url,
        artifact_checksum=artifact_checksum,
        artifact_size=artifact_size,
    )


def list_builds_after(
    db: Executor,
    after_id: int | None = None,
    limit: int = 100,
    *,
    app_id: int | None = None,
    status: BuildStatus | None = None,
) -> list[Build]:
    """Keyset pagination: up to ``limit`` builds with ids below ``after_id``, newest first.

    Pass the last id of a page to get the next one (None: start at the newest). A deep page costs
    what the first one does, unlike ``list_builds(page=...)``, whose OFFSET reads past every row
    before it.
    """
    return _builds.page_after(db, limit, {"after_id": after_id}, {"app_id": app_id, "status": status})
