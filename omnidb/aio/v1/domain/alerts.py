"""Alerts beyond CRUD: acknowledge, resolve, escalate, change the status of many, auto-resolve old ones,
and statistics by severity and status.

Every change is recorded in ``alert_history`` (the action, who, the status before and after) in the
same transaction as the change itself: both are written, or, when anything is refused, neither.
A transition reads the alert's status under a row lock (``lock_alert``), so two callers cannot both
acknowledge or resolve the same alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, AsyncTransaction, run_read, writing
from omnidb.aio.v1.declarations import ALERT_ACKNOWLEDGMENTS, ALERT_ESCALATIONS, ALERT_HISTORY, ALERTS
from omnidb.aio.v1.domain._joined import bound, create, transaction_of
from omnidb.convert import check_id, structure
from omnidb.errors import Conflict, InvalidInput, NotFound
from omnidb.v1.tables import Alert, AlertEscalation, AlertSeverity, AlertStatus
from omnidb.v1.views import AlertStatistics

__all__ = [
    "acknowledge_alert",
    "alert_statistics",
    "auto_resolve_alerts",
    "escalate_alert",
    "resolve_alert",
    "set_alerts_status",
]

#: Statuses of an alert still needing attention; the others close it.
OPEN = frozenset({AlertStatus.ACTIVE, AlertStatus.ACKNOWLEDGED})
#: The most ids ``set_alerts_status`` takes in one call.
MAX_BULK = 1000


async def _locked(conn: AsyncConnection, alert_id: int) -> Alert:
    row = await registry.version(1).lock_alert(conn, id=alert_id)
    if row is None:
        raise NotFound("alert", alert_id)
    return structure(row, Alert)


def _refuse(alert: Alert, verb: str) -> Conflict:
    return Conflict(f"alert {alert.id} is {alert.status.value}: cannot {verb} it")


async def _record(
    tx: AsyncTransaction,
    alert: Alert,
    action: str,
    new_state: dict[str, Any],
    performed_by: int | None,
    notes: str | None,
) -> None:
    await create(
        ALERT_HISTORY,
        tx,
        {
            "alert_id": alert.id,
            "action": action,
            "performed_by": performed_by,
            "previous_state": {"status": alert.status.value},
            "new_state": new_state,
            "notes": notes,
        },
    )


async def _set_status(
    tx: AsyncTransaction, alert: Alert, status: AlertStatus, action: str, performed_by: int | None, notes: str | None
) -> None:
    """Record the change in alert_history, then make it; ``performed_by`` becomes ``resolved_by`` when it closes."""
    await _record(tx, alert, action, {"status": status.value}, performed_by, notes)
    async with writing(tx) as conn:
        await registry.version(1).set_alert_status(conn, id=alert.id, status=status.value, resolved_by=performed_by)


async def acknowledge_alert(db: AsyncExecutor, alert_id: int, user_id: int, *, notes: str | None = None) -> Alert:
    """User ``user_id`` acknowledges active alert ``alert_id``: an ``alert_acknowledgments`` row (with
    ``notes``), status ``acknowledged``, and a history entry ``acknowledge``; return the alert after it.

    Raises ``NotFound`` (no such alert), ``ParentNotFound`` (no such user), ``Conflict`` naming the status
    unless the alert is active, ``InvalidInput`` for a bad id or notes.
    """
    alert_id, user_id = check_id("alert_id", alert_id), check_id("user_id", user_id)
    notes = bound("notes", str | None, notes)
    async with transaction_of(db) as tx, writing(tx) as conn:
        alert = await _locked(conn, alert_id)
        if alert.status is not AlertStatus.ACTIVE:
            raise _refuse(alert, "acknowledge")
        await create(ALERT_ACKNOWLEDGMENTS, tx, {"alert_id": alert_id, "user_id": user_id, "notes": notes})
        await _set_status(tx, alert, AlertStatus.ACKNOWLEDGED, "acknowledge", user_id, notes)
        return await ALERTS.fetch(conn, alert_id)


async def resolve_alert(
    db: AsyncExecutor, alert_id: int, *, resolved_by: int | None = None, notes: str | None = None
) -> Alert:
    """Resolve active or acknowledged alert ``alert_id``: status ``resolved``, ``resolved_at`` now,
    ``resolved_by``, and a history entry ``resolve``; return the alert after it.

    Raises ``NotFound`` (no such alert), ``ParentNotFound`` (no such user ``resolved_by``), ``Conflict``
    naming the status when it is already resolved or auto_resolved.
    """
    alert_id = check_id("alert_id", alert_id)
    resolved_by = None if resolved_by is None else check_id("resolved_by", resolved_by)
    notes = bound("notes", str | None, notes)
    async with transaction_of(db) as tx, writing(tx) as conn:
        alert = await _locked(conn, alert_id)
        if alert.status not in OPEN:
            raise _refuse(alert, "resolve")
        await _set_status(tx, alert, AlertStatus.RESOLVED, "resolve", resolved_by, notes)
        return await ALERTS.fetch(conn, alert_id)


async def escalate_alert(
    db: AsyncExecutor,
    alert_id: int,
    escalation_level: int,
    escalation_method: str,
    *,
    escalated_to: list[Any] | None = None,
    response_required_by: datetime | None = None,
    performed_by: int | None = None,
    notes: str | None = None,
) -> AlertEscalation:
    """Escalate open alert ``alert_id`` to ``escalation_level`` (1 or more) by ``escalation_method``
    (``email``, ``sms``, ``webhook``...) to ``escalated_to``: an ``alert_escalations`` row and a history
    entry ``escalate`` (its new state names the level); the status does not change. Return the escalation.

    Raises ``NotFound`` (no such alert), ``ParentNotFound`` (no such user ``performed_by``), ``Conflict``
    naming the status when the alert is closed, ``InvalidInput`` for a level below 1 or a bad value.
    """
    alert_id = check_id("alert_id", alert_id)
    level = bound("escalation_level", int, escalation_level)
    if level < 1:
        raise InvalidInput(f"escalation_level must be 1 or more, got {level}", field="escalation_level")
    performed_by = None if performed_by is None else check_id("performed_by", performed_by)
    notes = bound("notes", str | None, notes)
    async with transaction_of(db) as tx, writing(tx) as conn:
        alert = await _locked(conn, alert_id)
        if alert.status not in OPEN:
            raise _refuse(alert, "escalate")
        escalation = await create(
            ALERT_ESCALATIONS,
            tx,
            {
                "alert_id": alert_id,
                "escalation_level": level,
                "escalation_method": escalation_method,
                "escalated_to": escalated_to,
                "response_required_by": response_required_by,
            },
        )
        new_state = {"status": alert.status.value, "escalation_level": level}
        await _record(tx, alert, "escalate", new_state, performed_by, notes)
        return escalation


async def set_alerts_status(
    db: AsyncExecutor,
    alert_ids: Iterable[int],
    status: AlertStatus | str,
    *,
    performed_by: int | None = None,
    notes: str | None = None,
) -> int:
    """Set the status of every alert of ``alert_ids`` (at most 1000) in one transaction, each change
    recorded in alert_history (action ``set_status``); return how many alerts changed (those already at
    ``status`` are left as they are). Closing statuses stamp ``resolved_at`` and ``resolved_by``.

    Raises ``InvalidInput`` (no ids, too many, a bad id or status), ``NotFound`` naming the first missing
    alert, ``ParentNotFound`` (no such user ``performed_by``); then nothing is written.
    """
    if isinstance(alert_ids, (str, bytes)) or not isinstance(alert_ids, Iterable):
        raise InvalidInput("alert_ids: expected a list of alert ids", field="alert_ids")
    ids = sorted({check_id("alert_ids", alert_id) for alert_id in alert_ids})  # one lock order: no deadlocks
    if not ids:
        raise InvalidInput("alert_ids: no alert ids given", field="alert_ids")
    if len(ids) > MAX_BULK:
        raise InvalidInput(f"alert_ids: at most {MAX_BULK} ids at once, got {len(ids)}", field="alert_ids")
    new = AlertStatus(bound("status", AlertStatus, status))
    performed_by = None if performed_by is None else check_id("performed_by", performed_by)
    notes = bound("notes", str | None, notes)
    changed = 0
    async with transaction_of(db) as tx, writing(tx) as conn:
        for alert_id in ids:
            alert = await _locked(conn, alert_id)
            if alert.status is new:
                continue
            await _set_status(tx, alert, new, "set_status", performed_by, notes)
            changed += 1
    return changed


async def auto_resolve_alerts(
    db: AsyncExecutor, raised_before: datetime, *, org_id: int | None = None, notes: str | None = None
) -> int:
    """Close every active or acknowledged alert raised before ``raised_before`` (of org ``org_id``, when
    given) as ``auto_resolved``, each with a history entry ``auto_resolve``; return how many.

    Raises ``InvalidInput`` for a naive or missing ``raised_before``.
    """
    q = registry.version(1)
    params = {
        "raised_before": bound("raised_before", datetime, raised_before),
        "org_id": None if org_id is None else check_id("org_id", org_id),
    }
    notes = bound("notes", str | None, notes)
    async with transaction_of(db) as tx, writing(tx) as conn:
        locked = len([row async for row in q.lock_alerts_to_auto_resolve(conn, **params)])
        recorded = await q.record_auto_resolve_history(conn, notes=notes, **params)
        resolved = int(await q.auto_resolve_alerts(conn, **params))
        if not locked == recorded == resolved:  # the rows are locked: nothing can change in between
            raise Conflict(f"auto_resolve_alerts: {locked} alerts locked, {recorded} recorded, {resolved} resolved")
        return resolved


async def alert_statistics(
    db: AsyncExecutor,
    *,
    org_id: int | None = None,
    app_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> AlertStatistics:
    """How many alerts (of org ``org_id``, app ``app_id``, raised in [``since``, ``until``)) there are by
    severity, by status and by both; every severity and status is counted, 0 when none has it.

    Raises ``InvalidInput`` for a bad id or a naive datetime.
    """
    params = {
        "org_id": None if org_id is None else check_id("org_id", org_id),
        "app_id": None if app_id is None else check_id("app_id", app_id),
        "since": bound("since", datetime | None, since),
        "until": bound("until", datetime | None, until),
    }
    query = registry.version(1).count_alerts_by_severity_and_status

    async def read(conn: AsyncConnection) -> list[Any]:
        return [row async for row in query(conn, **params)]

    rows = await run_read(db, read)
    by_severity = dict.fromkeys(AlertSeverity, 0)
    by_status = dict.fromkeys(AlertStatus, 0)
    both: dict[tuple[AlertSeverity, AlertStatus], int] = {}
    for row in rows:
        severity, status, count = AlertSeverity(row["severity"]), AlertStatus(row["status"]), int(row["alerts"])
        by_severity[severity] += count
        by_status[status] += count
        both[(severity, status)] = count
    return AlertStatistics(sum(by_status.values()), by_severity, by_status, both)
