"""Domain operations of storage, notifications, alerts, backups and cost, against a real server.

Each test makes its own rows (unique names) and asserts on what the database holds, read on a side
session, including that a refused operation wrote nothing.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import flavour
import pytest
from dbtools import query
from v1 import factories as f

import omnidb
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound
from omnidb.v1.tables import AlertSeverity, AlertStatus, BackupStatus, StorageSnapshotStatus, StorageVolumeStatus

# The sync modules, or their async twins (pytest --flavour aio): tests/flavour.py.
(
    alerts,
    backups,
    cost_budgets,
    cost_metrics,
    cost_projections,
    notification_acknowledgments,
    notifications,
    resource_pricing,
    role_notifications,
    storage_snapshots,
    storage_volumes,
    usage_costs,
    user_notifications,
) = flavour.modules(
    1,
    "alerts",
    "backups",
    "cost_budgets",
    "cost_metrics",
    "cost_projections",
    "notification_acknowledgments",
    "notifications",
    "resource_pricing",
    "role_notifications",
    "storage_snapshots",
    "storage_volumes",
    "usage_costs",
    "user_notifications",
)

UTC = timezone.utc


def rows(config: Config, sql: str, *args: object) -> list[dict[str, Any]]:
    return query(config, sql, *args)


def history(config: Config, alert_id: int) -> list[dict[str, Any]]:
    found = rows(
        config,
        "SELECT action, performed_by, previous_state, new_state, notes FROM alert_history WHERE alert_id = %s "
        "ORDER BY id",
        alert_id,
    )
    for row in found:
        for key in ("previous_state", "new_state"):
            row[key] = json.loads(row[key]) if row[key] is not None else None
    return found


def status_of(config: Config, table: str, row_id: int) -> Any:
    return rows(config, f"SELECT status FROM `{table}` WHERE id = %s", row_id)[0]["status"]


# -- alerts ------------------------------------------------------------------------------------------------


def test_list_alerts_filters_by_org_app_severity_status_and_time_range(db_at_v1_or_v2: omnidb.Database) -> None:
    org = f.org(db_at_v1_or_v2)
    app = f.app(db_at_v1_or_v2, org_id=org.id)
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    old = f.alert(db_at_v1_or_v2, org_id=org.id, raised_at=t0, severity="info")
    mid = f.alert(db_at_v1_or_v2, org_id=org.id, app_id=app.id, raised_at=t0 + timedelta(days=1), severity="critical")
    new = f.alert(db_at_v1_or_v2, org_id=org.id, app_id=app.id, raised_at=t0 + timedelta(days=2), severity="critical")
    alerts.resolve_alert(db_at_v1_or_v2, new.id)

    assert [a.id for a in alerts.list_alerts(db_at_v1_or_v2, org_id=org.id)] == [new.id, mid.id, old.id]
    assert [a.id for a in alerts.list_alerts(db_at_v1_or_v2, app_id=app.id)] == [new.id, mid.id]
    assert [a.id for a in alerts.list_alerts(db_at_v1_or_v2, org_id=org.id, severity=AlertSeverity.CRITICAL)] == [
        new.id,
        mid.id,
    ]
    assert [a.id for a in alerts.list_alerts(db_at_v1_or_v2, org_id=org.id, status=AlertStatus.ACTIVE)] == [
        mid.id,
        old.id,
    ]
    window = alerts.list_alerts(
        db_at_v1_or_v2, org_id=org.id, since=t0 + timedelta(hours=1), until=t0 + timedelta(days=2)
    )
    assert [a.id for a in window] == [mid.id]
    assert alerts.count_alerts(db_at_v1_or_v2, org_id=org.id, status=AlertStatus.RESOLVED) == 1
    first = alerts.list_alerts_after(db_at_v1_or_v2, None, 2, org_id=org.id)
    assert [a.id for a in first] == [new.id, mid.id]
    assert [a.id for a in alerts.list_alerts_after(db_at_v1_or_v2, first[-1], 2, org_id=org.id)] == [old.id]
    with pytest.raises(InvalidInput, match="naive datetime") as raised:
        alerts.list_alerts(db_at_v1_or_v2, since=datetime(2026, 1, 1))
    assert raised.value.field == "since"


def test_acknowledge_alert_writes_the_acknowledgment_the_status_and_the_history_together(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, user = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)

    acknowledged = alerts.acknowledge_alert(db_at_v1_or_v2, alert.id, user.id, notes="looking")

    assert acknowledged.status is AlertStatus.ACKNOWLEDGED
    assert status_of(config_at_v1_or_v2, "alerts", alert.id) == "acknowledged"
    acks = rows(config_at_v1_or_v2, "SELECT user_id, notes FROM alert_acknowledgments WHERE alert_id = %s", alert.id)
    assert acks == [{"user_id": user.id, "notes": "looking"}]
    assert history(config_at_v1_or_v2, alert.id) == [
        {
            "action": "acknowledge",
            "performed_by": user.id,
            "previous_state": {"status": "active"},
            "new_state": {"status": "acknowledged"},
            "notes": "looking",
        }
    ]


def test_acknowledge_alert_refusals_name_the_state_and_write_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, user = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    alerts.acknowledge_alert(db_at_v1_or_v2, alert.id, user.id)

    with pytest.raises(Conflict, match=rf"^alert {alert.id} is acknowledged: cannot acknowledge it$"):
        alerts.acknowledge_alert(db_at_v1_or_v2, alert.id, user.id)
    other = f.alert(db_at_v1_or_v2)
    with pytest.raises(ParentNotFound, match=r"^user 987654321 not found$"):
        alerts.acknowledge_alert(db_at_v1_or_v2, other.id, 987654321)
    with pytest.raises(NotFound, match=r"^alert 987654321 not found$"):
        alerts.acknowledge_alert(db_at_v1_or_v2, 987654321, user.id)
    with pytest.raises(InvalidInput) as raised:
        alerts.acknowledge_alert(db_at_v1_or_v2, other.id, user.id, notes=5)  # type: ignore[arg-type]
    assert raised.value.field == "notes"

    assert len(history(config_at_v1_or_v2, alert.id)) == 1
    assert history(config_at_v1_or_v2, other.id) == []
    assert status_of(config_at_v1_or_v2, "alerts", other.id) == "active"
    assert rows(config_at_v1_or_v2, "SELECT id FROM alert_acknowledgments WHERE alert_id = %s", other.id) == []


def test_resolve_alert_stamps_resolution_and_history_and_refuses_a_closed_alert(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, user = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    alerts.acknowledge_alert(db_at_v1_or_v2, alert.id, user.id)

    resolved = alerts.resolve_alert(db_at_v1_or_v2, alert.id, resolved_by=user.id, notes="fixed")

    assert resolved.status is AlertStatus.RESOLVED and resolved.resolved_by == user.id
    stored = rows(config_at_v1_or_v2, "SELECT status, resolved_at, resolved_by FROM alerts WHERE id = %s", alert.id)[0]
    assert stored["status"] == "resolved" and stored["resolved_at"] is not None and stored["resolved_by"] == user.id
    assert history(config_at_v1_or_v2, alert.id)[-1] == {
        "action": "resolve",
        "performed_by": user.id,
        "previous_state": {"status": "acknowledged"},
        "new_state": {"status": "resolved"},
        "notes": "fixed",
    }
    with pytest.raises(Conflict, match=rf"^alert {alert.id} is resolved: cannot resolve it$"):
        alerts.resolve_alert(db_at_v1_or_v2, alert.id)
    other = f.alert(db_at_v1_or_v2)
    with pytest.raises(ParentNotFound, match=r"^user 987654321 not found$"):
        alerts.resolve_alert(db_at_v1_or_v2, other.id, resolved_by=987654321)
    assert len(history(config_at_v1_or_v2, alert.id)) == 2
    assert history(config_at_v1_or_v2, other.id) == [] and status_of(config_at_v1_or_v2, "alerts", other.id) == "active"


def test_escalate_alert_records_the_escalation_and_history_and_refuses_closed_alerts_and_bad_levels(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, user = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    due = datetime(2026, 12, 1, 12, tzinfo=UTC)

    escalation = alerts.escalate_alert(
        db_at_v1_or_v2, alert.id, 2, "sms", escalated_to=["oncall"], response_required_by=due, performed_by=user.id
    )

    assert escalation.alert_id == alert.id and escalation.escalation_level == 2
    stored = rows(
        config_at_v1_or_v2,
        "SELECT escalation_level, escalation_method, escalated_to, response_required_by FROM alert_escalations "
        "WHERE alert_id = %s",
        alert.id,
    )
    assert len(stored) == 1 and stored[0]["escalation_method"] == "sms"
    assert json.loads(stored[0]["escalated_to"]) == ["oncall"]
    assert stored[0]["response_required_by"] == due.replace(tzinfo=None)
    assert history(config_at_v1_or_v2, alert.id)[-1]["new_state"] == {"status": "active", "escalation_level": 2}
    assert status_of(config_at_v1_or_v2, "alerts", alert.id) == "active"

    with pytest.raises(InvalidInput, match="escalation_level must be 1 or more, got 0") as raised:
        alerts.escalate_alert(db_at_v1_or_v2, alert.id, 0, "sms")
    assert raised.value.field == "escalation_level"
    alerts.resolve_alert(db_at_v1_or_v2, alert.id)
    with pytest.raises(Conflict, match=rf"^alert {alert.id} is resolved: cannot escalate it$"):
        alerts.escalate_alert(db_at_v1_or_v2, alert.id, 3, "sms")
    assert (
        rows(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM alert_escalations WHERE alert_id = %s", alert.id)[0]["n"]
        == 1
    )
    assert [h["action"] for h in history(config_at_v1_or_v2, alert.id)] == ["escalate", "resolve"]


def test_two_callers_acknowledging_one_alert_one_wins_the_other_sees_its_status(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, first, second = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    outcome: list[BaseException | None] = []

    def other_caller() -> None:
        try:
            alerts.acknowledge_alert(db_at_v1_or_v2, alert.id, second.id)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    with db_at_v1_or_v2.transaction() as tx:
        alerts.acknowledge_alert(tx, alert.id, first.id)
        waiting = threading.Thread(target=other_caller)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # blocked on the row lock until this transaction ends
    waiting.join(30)

    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert str(outcome[0]) == f"alert {alert.id} is acknowledged: cannot acknowledge it"
    assert [h["performed_by"] for h in history(config_at_v1_or_v2, alert.id)] == [first.id]
    acks = rows(config_at_v1_or_v2, "SELECT user_id FROM alert_acknowledgments WHERE alert_id = %s", alert.id)
    assert acks == [{"user_id": first.id}]


def test_set_alerts_status_changes_many_in_one_transaction_or_none(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    a, b, c = f.alert(db_at_v1_or_v2), f.alert(db_at_v1_or_v2), f.alert(db_at_v1_or_v2)
    alerts.acknowledge_alert(db_at_v1_or_v2, c.id, f.user(db_at_v1_or_v2).id)

    with pytest.raises(NotFound, match=r"^alert 987654321 not found$"):
        alerts.set_alerts_status(db_at_v1_or_v2, [a.id, b.id, 987654321], "resolved")
    assert [status_of(config_at_v1_or_v2, "alerts", x.id) for x in (a, b)] == ["active", "active"]
    assert history(config_at_v1_or_v2, a.id) == []

    changed = alerts.set_alerts_status(
        db_at_v1_or_v2, [b.id, a.id, a.id, c.id], AlertStatus.ACKNOWLEDGED, notes="triage"
    )

    assert changed == 2  # c was acknowledged already
    assert [status_of(config_at_v1_or_v2, "alerts", x.id) for x in (a, b, c)] == ["acknowledged"] * 3
    assert history(config_at_v1_or_v2, a.id) == [
        {
            "action": "set_status",
            "performed_by": None,
            "previous_state": {"status": "active"},
            "new_state": {"status": "acknowledged"},
            "notes": "triage",
        }
    ]
    assert alerts.set_alerts_status(db_at_v1_or_v2, [a.id], "resolved") == 1
    assert rows(config_at_v1_or_v2, "SELECT resolved_at FROM alerts WHERE id = %s", a.id)[0]["resolved_at"] is not None

    for bad, field in (([], "alert_ids"), ([0], "alert_ids"), ("12", "alert_ids")):
        with pytest.raises(InvalidInput) as raised:
            alerts.set_alerts_status(db_at_v1_or_v2, bad, "resolved")  # type: ignore[arg-type]
        assert raised.value.field == field
    with pytest.raises(InvalidInput) as raised:
        alerts.set_alerts_status(db_at_v1_or_v2, [b.id], "closed")
    assert raised.value.field == "status"
    assert status_of(config_at_v1_or_v2, "alerts", b.id) == "acknowledged"


def test_auto_resolve_alerts_closes_old_open_alerts_of_the_org_with_history(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    org, other_org = f.org(db_at_v1_or_v2), f.org(db_at_v1_or_v2)
    cutoff = datetime(2026, 6, 1, tzinfo=UTC)
    old_active = f.alert(db_at_v1_or_v2, org_id=org.id, raised_at=cutoff - timedelta(days=3))
    old_acked = f.alert(db_at_v1_or_v2, org_id=org.id, raised_at=cutoff - timedelta(days=2))
    alerts.acknowledge_alert(db_at_v1_or_v2, old_acked.id, f.user(db_at_v1_or_v2).id)
    old_resolved = f.alert(db_at_v1_or_v2, org_id=org.id, raised_at=cutoff - timedelta(days=1))
    alerts.resolve_alert(db_at_v1_or_v2, old_resolved.id)
    recent = f.alert(db_at_v1_or_v2, org_id=org.id, raised_at=cutoff + timedelta(days=1))
    elsewhere = f.alert(db_at_v1_or_v2, org_id=other_org.id, raised_at=cutoff - timedelta(days=3))

    assert alerts.auto_resolve_alerts(db_at_v1_or_v2, cutoff, org_id=org.id, notes="stale") == 2

    assert status_of(config_at_v1_or_v2, "alerts", old_active.id) == "auto_resolved"
    assert status_of(config_at_v1_or_v2, "alerts", old_acked.id) == "auto_resolved"
    assert status_of(config_at_v1_or_v2, "alerts", old_resolved.id) == "resolved"
    assert status_of(config_at_v1_or_v2, "alerts", recent.id) == "active"
    assert status_of(config_at_v1_or_v2, "alerts", elsewhere.id) == "active"
    assert history(config_at_v1_or_v2, old_acked.id)[-1] == {
        "action": "auto_resolve",
        "performed_by": None,
        "previous_state": {"status": "acknowledged"},
        "new_state": {"status": "auto_resolved"},
        "notes": "stale",
    }
    assert history(config_at_v1_or_v2, recent.id) == []
    assert alerts.auto_resolve_alerts(db_at_v1_or_v2, cutoff, org_id=org.id) == 0
    with pytest.raises(InvalidInput) as raised:
        alerts.auto_resolve_alerts(db_at_v1_or_v2, datetime(2026, 6, 1))
    assert raised.value.field == "raised_before"


def test_alert_statistics_count_by_severity_and_status(db_at_v1_or_v2: omnidb.Database) -> None:
    org = f.org(db_at_v1_or_v2)
    for severity in ("critical", "critical", "warning", "info"):
        f.alert(db_at_v1_or_v2, org_id=org.id, severity=severity)
    closed = f.alert(db_at_v1_or_v2, org_id=org.id, severity="critical")
    alerts.resolve_alert(db_at_v1_or_v2, closed.id)

    stats = alerts.alert_statistics(db_at_v1_or_v2, org_id=org.id)

    assert stats.total == 5
    assert stats.by_severity == {AlertSeverity.CRITICAL: 3, AlertSeverity.WARNING: 1, AlertSeverity.INFO: 1}
    assert stats.by_status[AlertStatus.ACTIVE] == 4 and stats.by_status[AlertStatus.RESOLVED] == 1
    assert stats.by_status[AlertStatus.AUTO_RESOLVED] == 0
    assert stats.by_severity_and_status[(AlertSeverity.CRITICAL, AlertStatus.ACTIVE)] == 2
    assert (
        alerts.alert_statistics(db_at_v1_or_v2, org_id=org.id, since=datetime.now(UTC) + timedelta(days=1)).total == 0
    )


# -- notifications -----------------------------------------------------------------------------------------


def test_user_notifications_unread_counts_mark_read_one_and_all(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user, other = f.user(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    first, second, third = (f.user_notification(db_at_v1_or_v2, user_id=user.id) for _ in range(3))
    f.user_notification(db_at_v1_or_v2, user_id=other.id)

    assert user_notifications.count_unread_user_notifications(db_at_v1_or_v2, user.id) == 3
    read = user_notifications.mark_user_notification_read(db_at_v1_or_v2, first.id)
    assert read.read_status is True
    assert (
        rows(config_at_v1_or_v2, "SELECT read_status FROM user_notifications WHERE id = %s", first.id)[0]["read_status"]
        == 1
    )
    assert user_notifications.count_unread_user_notifications(db_at_v1_or_v2, user.id) == 2
    assert [
        n.id for n in user_notifications.list_user_notifications(db_at_v1_or_v2, user_id=user.id, read_status=False)
    ] == [
        third.id,
        second.id,
    ]

    assert user_notifications.mark_all_user_notifications_read(db_at_v1_or_v2, user.id) == 2
    assert user_notifications.count_unread_user_notifications(db_at_v1_or_v2, user.id) == 0
    assert user_notifications.count_unread_user_notifications(db_at_v1_or_v2, other.id) == 1
    assert user_notifications.mark_all_user_notifications_read(db_at_v1_or_v2, user.id) == 0
    with pytest.raises(NotFound, match=r"^user notification 987654321 not found$"):
        user_notifications.mark_user_notification_read(db_at_v1_or_v2, 987654321)
    with pytest.raises(InvalidInput) as raised:
        user_notifications.count_unread_user_notifications(db_at_v1_or_v2, 0)
    assert raised.value.field == "user_id"
    page = user_notifications.list_user_notifications_after(db_at_v1_or_v2, None, 2, user_id=user.id)
    assert [n.id for n in page] == [third.id, second.id]
    assert [
        n.id for n in user_notifications.list_user_notifications_after(db_at_v1_or_v2, page[-1], 2, user_id=user.id)
    ] == [first.id]


def test_general_notifications_unread_count_and_mark_read(db_at_v1_or_v2: omnidb.Database) -> None:
    user = f.user(db_at_v1_or_v2)
    note = f.notification(db_at_v1_or_v2, user_id=user.id)
    f.notification(db_at_v1_or_v2, user_id=user.id)

    assert notifications.count_unread_notifications(db_at_v1_or_v2, user.id) == 2
    assert notifications.mark_notification_read(db_at_v1_or_v2, note.id).read_status is True
    assert notifications.count_unread_notifications(db_at_v1_or_v2, user.id) == 1
    with pytest.raises(ParentNotFound, match=r"^user 987654321 not found$"):
        notifications.create_notification(db_at_v1_or_v2, message="x", user_id=987654321)


def test_role_notifications_per_role_and_as_a_user_sees_them_with_acknowledgments(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user, role, other_role = f.user(db_at_v1_or_v2), f.role(db_at_v1_or_v2), f.role(db_at_v1_or_v2)
    f.user_role(db_at_v1_or_v2, user_id=user.id, role_id=role.id)
    older = f.role_notification(db_at_v1_or_v2, role_id=role.id)
    newer = f.role_notification(db_at_v1_or_v2, role_id=role.id)
    f.role_notification(db_at_v1_or_v2, role_id=other_role.id)

    assert [n.id for n in role_notifications.list_role_notifications(db_at_v1_or_v2, role_id=role.id)] == [
        newer.id,
        older.id,
    ]
    seen = role_notifications.list_role_notifications_for_user(db_at_v1_or_v2, user.id)
    assert [(n.id, n.acknowledged_at) for n in seen] == [(newer.id, None), (older.id, None)]
    assert role_notifications.count_unacknowledged_role_notifications(db_at_v1_or_v2, user.id) == 2

    ack = notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, role_notification_id=older.id)

    assert ack.role_notification_id == older.id and ack.notification_id is None
    stored = rows(
        config_at_v1_or_v2, "SELECT user_id FROM notification_acknowledgments WHERE role_notification_id = %s", older.id
    )
    assert stored == [{"user_id": user.id}]
    seen = role_notifications.list_role_notifications_for_user(db_at_v1_or_v2, user.id)
    assert seen[1].id == older.id and seen[1].acknowledged_at is not None and seen[0].acknowledged_at is None
    assert role_notifications.count_unacknowledged_role_notifications(db_at_v1_or_v2, user.id) == 1
    counts = user_notifications.unread_notification_counts(db_at_v1_or_v2, user.id)
    assert (counts.user_notifications, counts.role_notifications, counts.notifications, counts.total) == (0, 1, 0, 1)


def test_acknowledge_notification_marks_a_user_notification_read_once_and_refuses_the_rest(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user, stranger = f.user(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    note = f.user_notification(db_at_v1_or_v2, user_id=user.id)
    role_note = f.role_notification(db_at_v1_or_v2)

    notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, notification_id=note.id)

    assert (
        rows(config_at_v1_or_v2, "SELECT read_status FROM user_notifications WHERE id = %s", note.id)[0]["read_status"]
        == 1
    )
    with pytest.raises(Conflict, match=rf"^user notification {note.id} is already acknowledged by user {user.id}$"):
        notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, notification_id=note.id)
    with pytest.raises(InvalidInput, match="addressed to another user") as raised:
        notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, stranger.id, notification_id=note.id)
    assert raised.value.field == "notification_id"
    with pytest.raises(InvalidInput, match=r"which user .* does not hold") as raised:
        notification_acknowledgments.acknowledge_notification(
            db_at_v1_or_v2, user.id, role_notification_id=role_note.id
        )
    assert raised.value.field == "role_notification_id"
    with pytest.raises(ParentNotFound, match=r"^user notification 987654321 not found$"):
        notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, notification_id=987654321)
    with pytest.raises(ParentNotFound, match=r"^role notification 987654321 not found$"):
        notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, role_notification_id=987654321)
    for target in ({"notification_id": note.id}, {"role_notification_id": role_note.id}):  # no such user
        with pytest.raises(ParentNotFound, match=r"^user 987654321 not found$"):
            notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, 987654321, **target)
    for both in ({}, {"notification_id": note.id, "role_notification_id": role_note.id}):
        with pytest.raises(InvalidInput, match="exactly one of notification_id and role_notification_id"):
            notification_acknowledgments.acknowledge_notification(db_at_v1_or_v2, user.id, **both)
    acks = rows(
        config_at_v1_or_v2,
        "SELECT user_id FROM notification_acknowledgments WHERE notification_id = %s OR role_notification_id = %s",
        note.id,
        role_note.id,
    )
    assert acks == [{"user_id": user.id}]


# -- storage -----------------------------------------------------------------------------------------------


def test_storage_volume_attach_and_detach_follow_the_status_and_refuse_otherwise(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    volume = f.storage_volume(db_at_v1_or_v2)
    assert volume.status is StorageVolumeStatus.PROVISIONED and volume.mount_path is None
    target = f.worker(db_at_v1_or_v2)
    for bad in ("", "data", "/a\x00b"):  # mounted at '' (or a NUL) before
        with pytest.raises(InvalidInput, match=r"^mount_path must be an absolute path without NUL") as refused:
            storage_volumes.attach_storage_volume(db_at_v1_or_v2, volume.id, target.id, bad)
        assert refused.value.field == "mount_path"
    assert storage_volumes.get_storage_volume_by_id(db_at_v1_or_v2, volume.id).status is StorageVolumeStatus.PROVISIONED

    mounted = storage_volumes.attach_storage_volume(db_at_v1_or_v2, volume.id, target.id, "/data")

    assert (mounted.status, mounted.worker_id, mounted.mount_path) == (StorageVolumeStatus.MOUNTED, target.id, "/data")
    stored = rows(
        config_at_v1_or_v2, "SELECT status, worker_id, mount_path FROM storage_volumes WHERE id = %s", volume.id
    )
    assert stored == [{"status": "Mounted", "worker_id": target.id, "mount_path": "/data"}]
    with pytest.raises(Conflict, match=rf"^storage volume {volume.id} is Mounted: cannot attach it$"):
        storage_volumes.attach_storage_volume(db_at_v1_or_v2, volume.id, target.id, "/other")

    released = storage_volumes.detach_storage_volume(db_at_v1_or_v2, volume.id)

    assert (released.status, released.mount_path) == (StorageVolumeStatus.RELEASED, None)
    with pytest.raises(Conflict, match=rf"^storage volume {volume.id} is Released: cannot detach it$"):
        storage_volumes.detach_storage_volume(db_at_v1_or_v2, volume.id)
    with pytest.raises(ParentNotFound, match=r"^worker 987654321 not found$"):
        storage_volumes.attach_storage_volume(db_at_v1_or_v2, volume.id, 987654321, "/data")
    assert status_of(config_at_v1_or_v2, "storage_volumes", volume.id) == "Released"

    storage_volumes.delete_storage_volume(db_at_v1_or_v2, volume.id)
    assert status_of(config_at_v1_or_v2, "storage_volumes", volume.id) == "Deleted"
    with pytest.raises(NotFound, match=rf"^storage volume {volume.id} not found$"):
        storage_volumes.attach_storage_volume(db_at_v1_or_v2, volume.id, target.id, "/data")


def test_snapshot_lifecycle_create_complete_fail_delete_and_a_volume_s_list(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    volume = f.storage_volume(db_at_v1_or_v2, size_gb=25)

    first = storage_snapshots.snapshot_storage_volume(
        db_at_v1_or_v2, volume.id, "nightly-1", description="before upgrade"
    )

    assert (first.status, first.size_gb, first.volume_id) == (StorageSnapshotStatus.CREATING, 25, volume.id)
    with pytest.raises(InvalidInput, match=r"^size_gb must be a whole number >= 0, got -1$") as negative:
        storage_snapshots.complete_storage_snapshot(db_at_v1_or_v2, first.id, size_gb=-1)
    assert negative.value.field == "size_gb"
    assert (
        storage_snapshots.get_storage_snapshot_by_id(db_at_v1_or_v2, first.id).status is StorageSnapshotStatus.CREATING
    )
    done = storage_snapshots.complete_storage_snapshot(db_at_v1_or_v2, first.id, size_gb=24)
    assert (done.status, done.size_gb) == (StorageSnapshotStatus.AVAILABLE, 24)
    assert rows(config_at_v1_or_v2, "SELECT status, size_gb FROM storage_snapshots WHERE id = %s", first.id) == [
        {"status": "Available", "size_gb": 24}
    ]
    with pytest.raises(Conflict, match=rf"^storage snapshot {first.id} is Available: cannot complete it$"):
        storage_snapshots.complete_storage_snapshot(db_at_v1_or_v2, first.id)
    with pytest.raises(Conflict, match=rf"^storage snapshot {first.id} is Available: cannot fail it$"):
        storage_snapshots.fail_storage_snapshot(db_at_v1_or_v2, first.id)

    second = storage_snapshots.snapshot_storage_volume(db_at_v1_or_v2, volume.id, "nightly-2")
    assert storage_snapshots.fail_storage_snapshot(db_at_v1_or_v2, second.id).status is StorageSnapshotStatus.DELETED
    third = storage_snapshots.snapshot_storage_volume(db_at_v1_or_v2, volume.id, "nightly-3")
    assert [s.id for s in storage_snapshots.list_volume_snapshots(db_at_v1_or_v2, volume.id)] == [
        first.id,
        second.id,
        third.id,
    ]

    storage_snapshots.delete_storage_snapshot(db_at_v1_or_v2, third.id)
    stored = rows(config_at_v1_or_v2, "SELECT status, deleted_at FROM storage_snapshots WHERE id = %s", third.id)[0]
    assert stored["status"] == "Deleted" and stored["deleted_at"] is not None
    assert [s.id for s in storage_snapshots.list_volume_snapshots(db_at_v1_or_v2, volume.id)] == [first.id, second.id]

    with pytest.raises(Conflict, match="storage snapshot already exists"):
        storage_snapshots.snapshot_storage_volume(db_at_v1_or_v2, volume.id, "nightly-1")
    with pytest.raises(ParentNotFound, match=r"^storage volume 987654321 not found$"):
        storage_snapshots.snapshot_storage_volume(db_at_v1_or_v2, 987654321, "x")
    with pytest.raises(NotFound, match=r"^storage volume 987654321 not found$"):
        storage_snapshots.list_volume_snapshots(db_at_v1_or_v2, 987654321)
    storage_volumes.update_storage_volume(db_at_v1_or_v2, volume.id, size_gb=30)
    going = f.storage_volume(db_at_v1_or_v2)
    with db_at_v1_or_v2.transaction() as tx:  # a volume being deleted: no snapshot of it
        tx.connection.cursor().execute("UPDATE storage_volumes SET status = 'Deleting' WHERE id = %s", (going.id,))
    with pytest.raises(Conflict, match=rf"^storage volume {going.id} is Deleting: cannot snapshot it$"):
        storage_snapshots.snapshot_storage_volume(db_at_v1_or_v2, going.id, "late")
    assert rows(config_at_v1_or_v2, "SELECT id FROM storage_snapshots WHERE volume_id = %s", going.id) == []


# -- backups -----------------------------------------------------------------------------------------------


def test_backup_lifecycle_start_complete_fail_and_refusals(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    app = f.app(db_at_v1_or_v2)
    started = f.backup(db_at_v1_or_v2, primary_app_id=app.id)
    assert started.status is BackupStatus.CREATING and started.size_bytes is None

    done = backups.complete_backup(db_at_v1_or_v2, started.id, 1_048_576, storage_location="s3://backups/final")

    assert (done.status, done.size_bytes, done.storage_location) == (
        BackupStatus.AVAILABLE,
        1_048_576,
        "s3://backups/final",
    )
    stored = rows(
        config_at_v1_or_v2, "SELECT status, size_bytes, storage_location FROM backups WHERE id = %s", started.id
    )
    assert stored == [{"status": "AVAILABLE", "size_bytes": 1_048_576, "storage_location": "s3://backups/final"}]
    with pytest.raises(Conflict, match=rf"^backup {started.id} is AVAILABLE: cannot complete it$"):
        backups.complete_backup(db_at_v1_or_v2, started.id, 5)
    with pytest.raises(Conflict, match=rf"^backup {started.id} is AVAILABLE: cannot fail it$"):
        backups.fail_backup(db_at_v1_or_v2, started.id, error_message="disk full")

    failing = f.backup(db_at_v1_or_v2, primary_app_id=app.id)
    with pytest.raises(InvalidInput, match="size_bytes must be a whole number >= 0") as raised:
        backups.complete_backup(db_at_v1_or_v2, failing.id, -1)
    assert raised.value.field == "size_bytes"
    failed = backups.fail_backup(db_at_v1_or_v2, failing.id, error_message="disk full")
    assert failed.status is BackupStatus.FAILED and failed.metadata == {"error": "disk full"}
    assert status_of(config_at_v1_or_v2, "backups", failing.id) == "FAILED"

    backups.delete_backup(db_at_v1_or_v2, started.id)
    assert status_of(config_at_v1_or_v2, "backups", started.id) == "DELETED"
    with pytest.raises(ParentNotFound, match=r"^app 987654321 not found$"):
        f.backup(db_at_v1_or_v2, primary_app_id=987654321)


def test_list_an_app_s_and_an_org_s_backups_with_keyset_pages(db_at_v1_or_v2: omnidb.Database) -> None:
    org = f.org(db_at_v1_or_v2)
    app_a, app_b, elsewhere = (
        f.app(db_at_v1_or_v2, org_id=org.id),
        f.app(db_at_v1_or_v2, org_id=org.id),
        f.app(db_at_v1_or_v2),
    )
    made = [f.backup(db_at_v1_or_v2, primary_app_id=app.id) for app in (app_a, app_b, app_a, app_b)]
    f.backup(db_at_v1_or_v2, primary_app_id=elsewhere.id)

    assert [b.id for b in backups.list_backups(db_at_v1_or_v2, primary_app_id=app_a.id)] == [made[2].id, made[0].id]
    assert [b.id for b in backups.list_backups_after(db_at_v1_or_v2, made[2].id, 10, primary_app_id=app_a.id)] == [
        made[0].id
    ]
    first = backups.list_org_backups(db_at_v1_or_v2, org.id, limit=3)
    assert [b.id for b in first] == [b.id for b in reversed(made)][:3]
    assert [b.id for b in backups.list_org_backups(db_at_v1_or_v2, org.id, after_id=first[-1].id, limit=3)] == [
        made[0].id
    ]
    with pytest.raises(InvalidInput) as raised:
        backups.list_org_backups(db_at_v1_or_v2, org.id, limit=0)
    assert raised.value.field == "per_page"


# -- cost --------------------------------------------------------------------------------------------------


def test_record_usage_costs_single_and_bulk_and_refuse_a_bad_row(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    provider, app = f.provider(db_at_v1_or_v2), f.app(db_at_v1_or_v2)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    one = usage_costs.create_usage_cost(
        db_at_v1_or_v2,
        provider_id=provider.id,
        cost_type="compute",
        usage_quantity=3.0,
        unit="hour",
        total_cost=Decimal("0.0300"),
        usage_start=start,
        usage_end=start + timedelta(hours=3),
        app_id=app.id,
    )
    assert one.total_cost == Decimal("0.0300")
    many = [
        {
            "provider_id": provider.id,
            "app_id": app.id,
            "cost_type": "storage",
            "usage_quantity": float(n),
            "unit": "GB",
            "total_cost": Decimal("0.5") * n,
            **({"currency": "EUR"} if n == 3 else {}),  # optional, as in create_usage_cost: USD by default
            "usage_start": start + timedelta(hours=n),
            "usage_end": start + timedelta(hours=n + 1),
        }
        for n in range(1, 4)
    ]

    assert usage_costs.record_usage_costs(db_at_v1_or_v2, many) == 3

    total = rows(
        config_at_v1_or_v2, "SELECT COUNT(*) AS n, SUM(total_cost) AS s FROM usage_costs WHERE app_id = %s", app.id
    )[0]
    assert (total["n"], total["s"]) == (4, Decimal("3.0300"))
    currencies = rows(config_at_v1_or_v2, "SELECT currency FROM usage_costs WHERE app_id = %s ORDER BY id", app.id)
    assert [c["currency"] for c in currencies] == ["USD", "USD", "USD", "EUR"]
    page = usage_costs.list_usage_costs_after(db_at_v1_or_v2, None, 2, app_id=app.id)
    assert [u.usage_start for u in page] == [start + timedelta(hours=3), start + timedelta(hours=2)]
    bad = [dict(many[0]), {**many[1], "usage_end": start - timedelta(days=1)}]
    with pytest.raises(InvalidInput, match="chk_usage_costs_span") as span:
        usage_costs.record_usage_costs(db_at_v1_or_v2, bad)
    assert span.value.field == "usage_end"  # the column to fix, not the CHECK's name
    assert "chk_usage_costs_span` failed" in str(span.value) and "usage_end must not be before usage_start" in str(
        span.value
    )  # the server names only the constraint: what it asks is said after it
    with pytest.raises(InvalidInput, match="row 1 needs unit") as raised:
        usage_costs.record_usage_costs(db_at_v1_or_v2, [many[0], {**many[1], "unit": None}])
    assert raised.value.field == "unit"
    assert rows(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM usage_costs WHERE app_id = %s", app.id)[0]["n"] == 4
    # The bulk load: the same rows; the row the table's CHECK refuses (ends before it starts) refused too.
    assert usage_costs.load_usage_costs(db_at_v1_or_v2, many) == 3
    with pytest.raises(InvalidInput):
        usage_costs.load_usage_costs(db_at_v1_or_v2, bad)
    assert rows(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM usage_costs WHERE app_id = %s", app.id)[0]["n"] == 7


def _metric(db_at_v1_or_v2: omnidb.Database, **kw: Any) -> Any:
    total = kw.pop("total", Decimal("1"))
    return f.cost_metric(db_at_v1_or_v2, unit_cost=total, total_cost=total, **kw)


def test_cost_totals_by_org_app_resource_type_and_month(db_at_v1_or_v2: omnidb.Database) -> None:
    org = f.org(db_at_v1_or_v2)
    web, worker_app = f.app(db_at_v1_or_v2, org_id=org.id), f.app(db_at_v1_or_v2, org_id=org.id)
    cpu, disk = (
        f.resource_type(db_at_v1_or_v2),
        f.resource_type(db_at_v1_or_v2, category="storage", unit_of_measurement="GB-month"),
    )
    oct_, nov = datetime(2025, 10, 5, tzinfo=UTC), datetime(2025, 11, 5, tzinfo=UTC)
    _metric(
        db_at_v1_or_v2,
        org_id=org.id,
        app_id=web.id,
        resource_type_id=cpu.id,
        start_time=oct_,
        end_time=oct_,
        total=Decimal("2.5"),
    )
    _metric(
        db_at_v1_or_v2,
        org_id=org.id,
        app_id=web.id,
        resource_type_id=disk.id,
        start_time=nov,
        end_time=nov,
        total=Decimal("1"),
    )
    _metric(db_at_v1_or_v2, org_id=org.id, app_id=worker_app.id, resource_type_id=cpu.id, start_time=nov, end_time=nov)
    _metric(
        db_at_v1_or_v2,
        org_id=org.id,
        app_id=web.id,
        resource_type_id=cpu.id,
        start_time=nov,
        end_time=nov,
        currency="EUR",
    )
    window = {"since": datetime(2025, 10, 1, tzinfo=UTC), "until": datetime(2025, 12, 1, tzinfo=UTC)}

    by_org = [t for t in cost_metrics.cost_totals_by_org(db_at_v1_or_v2, **window) if t.org_id == org.id]
    assert [(t.currency, t.total_cost, t.entries) for t in by_org] == [
        ("USD", Decimal("4.5"), 3),
        ("EUR", Decimal("1"), 1),
    ]
    by_app = cost_metrics.cost_totals_by_app(db_at_v1_or_v2, org_id=org.id, **window)
    assert [(t.app_id, t.currency, t.total_cost) for t in by_app] == [
        (web.id, "USD", Decimal("3.5")),
        (web.id, "EUR", Decimal("1")),
        (worker_app.id, "USD", Decimal("1")),
    ]
    by_type = cost_metrics.cost_totals_by_resource_type(db_at_v1_or_v2, org_id=org.id, app_id=web.id, **window)
    assert [(t.resource_type_name, t.unit_of_measurement, t.currency, t.total_cost) for t in by_type] == [
        (cpu.name, "CPU-hour", "USD", Decimal("2.5")),
        (cpu.name, "CPU-hour", "EUR", Decimal("1")),
        (disk.name, "GB-month", "USD", Decimal("1")),
    ]
    by_month = cost_metrics.cost_totals_by_month(db_at_v1_or_v2, org_id=org.id, **window)
    assert [(t.period, t.currency, t.total_cost) for t in by_month] == [
        ("2025-10", "USD", Decimal("2.5")),
        ("2025-11", "EUR", Decimal("1")),
        ("2025-11", "USD", Decimal("2")),
    ]
    assert cost_metrics.cost_totals_by_month(db_at_v1_or_v2, org_id=org.id, since=nov) == by_month[1:]
    with pytest.raises(InvalidInput, match="must be before until") as raised:
        cost_metrics.cost_totals_by_app(db_at_v1_or_v2, since=nov, until=oct_)
    assert raised.value.field == "since"


def test_budget_threshold_check_over_threshold_list_and_alerts(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    org = f.org(db_at_v1_or_v2)
    app = f.app(db_at_v1_or_v2, org_id=org.id)
    day = date(2025, 5, 20)
    monthly = f.cost_budget(
        db_at_v1_or_v2, org_id=org.id, budget_amount=Decimal("10.00"), alert_threshold_percentage=Decimal("80")
    )
    app_budget = f.cost_budget(
        db_at_v1_or_v2,
        org_id=org.id,
        app_id=app.id,
        budget_amount=Decimal("100.00"),
        budget_period="custom",
        period_start=date(2025, 5, 1),
        period_end=date(2025, 5, 31),
    )
    in_may, in_april = datetime(2025, 5, 31, 23, tzinfo=UTC), datetime(2025, 4, 30, 23, tzinfo=UTC)
    _metric(db_at_v1_or_v2, org_id=org.id, app_id=app.id, start_time=in_may, end_time=in_may, total=Decimal("8.5"))
    _metric(db_at_v1_or_v2, org_id=org.id, start_time=in_april, end_time=in_april, total=Decimal("50"))
    _metric(db_at_v1_or_v2, org_id=org.id, start_time=in_may, end_time=in_may, total=Decimal("5"), currency="EUR")

    check = cost_budgets.check_cost_budget(db_at_v1_or_v2, monthly.id, as_of=day)

    assert (check.period_start, check.period_end) == (date(2025, 5, 1), date(2025, 5, 31))
    assert (check.spent, check.percent_used, check.over_threshold, check.over_budget) == (
        Decimal("8.5"),
        Decimal("85.00"),
        True,
        False,
    )
    app_check = cost_budgets.check_cost_budget(db_at_v1_or_v2, app_budget.id, as_of=day)
    assert (app_check.spent, app_check.over_threshold) == (Decimal("8.5"), False)
    quarter = cost_budgets.update_cost_budget(db_at_v1_or_v2, monthly.id, budget_period="quarterly")
    assert cost_budgets.check_cost_budget(db_at_v1_or_v2, quarter.id, as_of=day).spent == Decimal("58.5")
    cost_budgets.update_cost_budget(db_at_v1_or_v2, monthly.id, budget_period="monthly")

    over = cost_budgets.cost_budgets_over_threshold(db_at_v1_or_v2, org_id=org.id, as_of=day)
    assert [c.budget.id for c in over] == [monthly.id]
    raised = cost_budgets.raise_cost_budget_alerts(db_at_v1_or_v2, org_id=org.id, as_of=day)
    assert len(raised) == 1 and raised[0].alert_type == "budget_threshold"
    assert raised[0].severity is AlertSeverity.WARNING and raised[0].metadata is not None
    assert raised[0].metadata["budget_id"] == monthly.id and raised[0].metadata["percent_used"] == "85.00"
    assert (
        cost_budgets.raise_cost_budget_alerts(db_at_v1_or_v2, org_id=org.id, as_of=day) == []
    )  # one open alert per budget
    stored = rows(
        config_at_v1_or_v2,
        "SELECT COUNT(*) AS n FROM alerts WHERE org_id = %s AND alert_type = 'budget_threshold'",
        org.id,
    )
    assert stored[0]["n"] == 1

    with pytest.raises(NotFound, match=r"^cost budget 987654321 not found$"):
        cost_budgets.check_cost_budget(db_at_v1_or_v2, 987654321)
    custom = f.cost_budget(db_at_v1_or_v2, org_id=org.id, budget_period="custom")
    with pytest.raises(Conflict, match=rf"^cost budget {custom.id} is custom without period_start and period_end"):
        cost_budgets.check_cost_budget(db_at_v1_or_v2, custom.id)
    with pytest.raises(InvalidInput) as bad:
        cost_budgets.check_cost_budget(db_at_v1_or_v2, monthly.id, as_of="2025-05-20")  # type: ignore[arg-type]
    assert bad.value.field == "as_of"


def test_a_check_over_two_columns_says_what_it_asks(db_at_v1_or_v2: omnidb.Database) -> None:
    """min_instances raised past max_instances: the message named only the constraint and the field
    max_instances, which the caller had not passed."""
    from omnidb.v1 import autoscaling_rules

    rule = f.autoscaling_rule(db_at_v1_or_v2, min_instances=1, max_instances=2)
    with pytest.raises(InvalidInput) as refused:
        autoscaling_rules.update_autoscaling_rule(db_at_v1_or_v2, rule.id, min_instances=5)
    assert str(refused.value).endswith(
        "CONSTRAINT `chk_autoscaling_rules_instances` failed for "
        f"`{db_at_v1_or_v2.name}`.`autoscaling_rules`: min_instances must not exceed max_instances"
    )
    assert autoscaling_rules.get_autoscaling_rule_by_id(db_at_v1_or_v2, rule.id).min_instances == 1


def test_a_budget_with_no_end_and_a_check_in_the_last_month_a_date_holds(db_at_v1_or_v2: omnidb.Database) -> None:
    """9999-12-31, the usual "no end", has no day after it: the check sums to the end of that day, and
    one such budget does not break the scan of every org's budgets."""
    org = f.org(db_at_v1_or_v2)
    endless = f.cost_budget(
        db_at_v1_or_v2,
        org_id=org.id,
        budget_amount=Decimal("10.00"),
        budget_period="custom",
        period_start=date(2025, 1, 1),
        period_end=date.max,
    )
    late = datetime(9999, 12, 31, 12, tzinfo=UTC)
    _metric(db_at_v1_or_v2, org_id=org.id, start_time=late, end_time=late, total=Decimal("4"))
    _metric(
        db_at_v1_or_v2, org_id=org.id, start_time=datetime(2025, 6, 1, tzinfo=UTC), end_time=late, total=Decimal("5")
    )

    check = cost_budgets.check_cost_budget(db_at_v1_or_v2, endless.id)
    assert (check.period_start, check.period_end, check.spent) == (date(2025, 1, 1), date.max, Decimal("9"))
    assert [c.budget.id for c in cost_budgets.cost_budgets_over_threshold(db_at_v1_or_v2, org_id=org.id)] == [
        endless.id
    ]
    monthly = f.cost_budget(db_at_v1_or_v2, org_id=org.id, budget_amount=Decimal("1.00"))
    last = cost_budgets.check_cost_budget(db_at_v1_or_v2, monthly.id, as_of=date.max)
    assert (last.period_start, last.period_end, last.spent) == (date(9999, 12, 1), date.max, Decimal("4"))
    yearly = cost_budgets.update_cost_budget(db_at_v1_or_v2, monthly.id, budget_period="yearly")
    assert cost_budgets.check_cost_budget(db_at_v1_or_v2, yearly.id, as_of=date.max).period_end == date.max


def test_cost_projection_for_a_date_and_the_price_in_effect(db_at_v1_or_v2: omnidb.Database) -> None:
    org = f.org(db_at_v1_or_v2)
    dec = f.cost_projection(db_at_v1_or_v2, org_id=org.id, start_date=date(2026, 12, 1), end_date=date(2026, 12, 31))
    f.cost_projection(db_at_v1_or_v2, org_id=org.id, start_date=date(2027, 1, 1), end_date=date(2027, 1, 31))

    assert cost_projections.get_cost_projection_for_date(db_at_v1_or_v2, org.id, None, date(2026, 12, 31)) == dec
    with pytest.raises(NotFound, match=rf"^cost projection for org {org.id}, app None, on 2026-11-30 not found$"):
        cost_projections.get_cost_projection_for_date(db_at_v1_or_v2, org.id, None, date(2026, 11, 30))

    rtype, provider = f.resource_type(db_at_v1_or_v2), f.provider(db_at_v1_or_v2)
    region = f.region(db_at_v1_or_v2, provider_id=provider.id)
    jan, jul = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    base = {"resource_type_id": rtype.id, "provider_id": provider.id}
    wide_old = f.resource_price(
        db_at_v1_or_v2, **base, unit_price=Decimal("0.10"), effective_from=jan, effective_to=jul
    )
    wide_new = f.resource_price(db_at_v1_or_v2, **base, unit_price=Decimal("0.08"), effective_from=jul)
    regional = f.resource_price(
        db_at_v1_or_v2, **base, region_id=region.id, unit_price=Decimal("0.12"), effective_from=jul
    )

    price = resource_pricing.get_resource_price
    assert price(db_at_v1_or_v2, rtype.id, provider.id, None, datetime(2026, 3, 1, tzinfo=UTC)) == wide_old
    assert price(db_at_v1_or_v2, rtype.id, provider.id, None, jul) == wide_new
    assert price(db_at_v1_or_v2, rtype.id, provider.id, region.id, datetime(2026, 3, 1, tzinfo=UTC)) == wide_old
    assert price(db_at_v1_or_v2, rtype.id, provider.id, region.id, jul) == regional
    with pytest.raises(NotFound, match=r"^resource price for resource type"):
        price(db_at_v1_or_v2, rtype.id, provider.id, None, datetime(2025, 12, 31, tzinfo=UTC))
    with pytest.raises(InvalidInput) as raised:
        price(db_at_v1_or_v2, rtype.id, provider.id, None, datetime(2026, 3, 1))
    assert raised.value.field == "at"
