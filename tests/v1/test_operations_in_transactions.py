"""An operation of several statements run in the caller's transaction is written whole or not at all,
even when the caller catches its error and commits the rest of the block (a savepoint,
``omnidb.transaction.one_operation``); what the block wrote before it stays.

Sync modules only: a caller's sync transaction cannot be lent to an async session (tests/flavour.py);
tests/aio/test_aio.py runs the async twin.
"""

from __future__ import annotations

from dbtools import query
from v1 import factories as f

import omnidb
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound
from omnidb.v1 import alerts, apps, orgs, users
from omnidb.v1.tables import AlertStatus


def count(config: Config, sql: str, *args: object) -> int:
    return int(query(config, f"SELECT COUNT(*) AS n FROM {sql}", *args)[0]["n"])


def test_a_bulk_insert_sent_as_several_inserts_is_undone_whole_in_the_callers_transaction(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    org = f.org(db_at_v1_or_v2)
    # ~1.4 MB of rows: PyMySQL's executemany sends them as two multi-row INSERTs, the duplicate in the second
    rows = [{"org_id": org.id, "name": f"r{i}", "display_name": "x" * 200} for i in range(6000)]
    for last, error in (
        ({"org_id": org.id, "name": "r0"}, Conflict),
        ({"org_id": org.id, "name": "y" * 300}, InvalidInput),
    ):
        with db_at_v1_or_v2.transaction() as tx:
            before = orgs.create_org(tx, name=f"before-{org.id}-{error.__name__}")
            try:
                apps.create_apps(tx, [*rows, last])
                raise AssertionError("the bulk insert was not refused")
            except error:
                pass
            after = apps.create_app(tx, org_id=org.id, name=f"after-{error.__name__}")
        assert count(config_at_v1_or_v2, "apps WHERE org_id = %s", org.id) == 1 + (error is InvalidInput)
        assert count(config_at_v1_or_v2, "orgs WHERE id = %s", before.id) == 1
        assert count(config_at_v1_or_v2, "apps WHERE id = %s", after.id) == 1


def test_a_domain_operation_that_fails_halfway_leaves_nothing_in_the_callers_transaction(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, other, user = f.alert(db_at_v1_or_v2), f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    with db_at_v1_or_v2.transaction() as tx:
        note = orgs.create_org(tx, name=f"kept-{alert.id}")
        try:  # the escalation row is written, then its history entry names a user that does not exist
            alerts.escalate_alert(tx, alert.id, 1, "email", performed_by=987654321)
            raise AssertionError("the escalation was not refused")
        except ParentNotFound:
            pass
        try:  # the first alert is resolved (and its history written), then the second is missing
            alerts.set_alerts_status(tx, [other.id, 987654321], AlertStatus.RESOLVED)
            raise AssertionError("the status change was not refused")
        except NotFound:
            pass
        alerts.acknowledge_alert(tx, other.id, user.id)  # the transaction goes on
    assert count(config_at_v1_or_v2, "alert_escalations WHERE alert_id = %s", alert.id) == 0
    assert count(config_at_v1_or_v2, "alert_history WHERE alert_id = %s", alert.id) == 0
    assert query(config_at_v1_or_v2, "SELECT status FROM alerts WHERE id = %s", other.id) == [
        {"status": "acknowledged"}
    ]
    assert count(config_at_v1_or_v2, "alert_history WHERE alert_id = %s", other.id) == 1  # the acknowledgment's
    assert count(config_at_v1_or_v2, "orgs WHERE id = %s", note.id) == 1


def test_operations_that_succeed_in_the_callers_transaction_commit_with_it_and_nest(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    alert, user = f.alert(db_at_v1_or_v2), f.user(db_at_v1_or_v2)
    with db_at_v1_or_v2.transaction() as tx:
        alerts.escalate_alert(tx, alert.id, 1, "email", performed_by=user.id)
        users.change_password(tx, user.id, "h" * 60, "s" * 16)
        alerts.resolve_alert(tx, alert.id)
        assert not tx.in_operation
    assert [
        h["action"]
        for h in query(config_at_v1_or_v2, "SELECT action FROM alert_history WHERE alert_id = %s ORDER BY id", alert.id)
    ] == ["escalate", "resolve"]
    assert query(config_at_v1_or_v2, "SELECT password_hash FROM users WHERE id = %s", user.id) == [
        {"password_hash": "h" * 60}
    ]
