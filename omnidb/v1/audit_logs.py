"""Audit logs (table ``audit_logs``). Queries: ``queries/v1/audit_logs.sql``.

Who did what to which resource. Append-only: no update or delete query exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import AuditLog, AuditLogStatus

_audit_logs = Resource(
    AuditLog,
    version=1,
    singular="audit_log",
    plural="audit_logs",
    filters=("user_id", "org_id", "app_id", "action", "resource_type", "since", "until"),
    parents={"user_id": "user", "org_id": "org", "app_id": "app"},
)


def get_audit_log_by_id(db: Executor, audit_log_id: int) -> AuditLog:
    """Return audit log ``audit_log_id``. Raises ``NotFound`` if there is none."""
    return _audit_logs.get(db, audit_log_id)


def list_audit_logs(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    user_id: int | None = None,
    org_id: int | None = None,
    app_id: int | None = None,
    action: str | None = None,
    resource_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditLog]:
    """Return one page of audit logs, newest first.

    Filters left None match everything; ``since``/``until`` bound ``created_at``.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _audit_logs.page(
        db,
        page,
        per_page,
        {
            "user_id": user_id,
            "org_id": org_id,
            "app_id": app_id,
            "action": action,
            "resource_type": resource_type,
            "since": since,
            "until": until,
        },
    )


def count_audit_logs(
    db: Executor,
    *,
    user_id: int | None = None,
    org_id: int | None = None,
    app_id: int | None = None,
    action: str | None = None,
    resource_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Return how many audit logs ``list_audit_logs`` pages through with the same filters."""
    return _audit_logs.count(
        db,
        {
            "user_id": user_id,
            "org_id": org_id,
            "app_id": app_id,
            "action": action,
            "resource_type": resource_type,
            "since": since,
            "until": until,
        },
    )


def create_audit_log(
    db: Executor,
    *,
    action: str,
    resource_type: str,
    user_id: int | None = None,
    org_id: int | None = None,
    app_id: int | None = None,
    resource_id: str | None = None,
    before_state: dict[str, Any] | None = None,
    after_state: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
    request_id: str | None = None,
    status: AuditLogStatus | None = None,
) -> AuditLog:
    """Insert an audit log and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, org, user),
    ``InvalidInput`` (a bad value).
    """
    return _audit_logs.create(
        db,
        {
            "user_id": user_id,
            "org_id": org_id,
            "app_id": app_id,
            "action": action,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "before_state": before_state,
            "after_state": after_state,
            "details": details,
            "ip_address": ip_address,
            "user_agent": user_agent,
            "request_id": request_id,
            "status": status,
        },
    )
