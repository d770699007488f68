"""Domain operations of identity, tenancy, platform, infrastructure and applications, on a real server.

Each test makes its own rows and asserts on what the database holds, including after a refusal.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import flavour
import pytest
from dbtools import admin, query
from v1 import factories

import omnidb
from omnidb.config import Config
from omnidb.errors import (
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotFound,
    ParentNotFound,
    SchemaVersionMismatch,
)
from omnidb.v1.domain.users import MAX_FAILED_LOG_INS
from omnidb.v1.tables import (
    AppHealthCheckType,
    AppRestartPolicy,
    BuildStatus,
    DeploymentStatus,
    InstanceHealthStatus,
    RollbackStatus,
    TaskStatus,
    UserStatus,
)

# The sync modules, or their async twins (pytest --flavour aio): tests/flavour.py.
(
    apps,
    builds,
    deployments,
    health_checks,
    instances,
    permissions,
    provider_audit_logs,
    quotas,
    regions,
    roles,
    rollbacks,
    tasks,
    user_sessions,
    users,
    workers,
) = flavour.modules(
    1,
    "apps",
    "builds",
    "deployments",
    "health_checks",
    "instances",
    "permissions",
    "provider_audit_logs",
    "quotas",
    "regions",
    "roles",
    "rollbacks",
    "tasks",
    "user_sessions",
    "users",
    "workers",
)


def user_row(config: Config, user_id: int) -> dict[str, object]:
    return query(
        config,
        "SELECT login_attempts, locked_until, last_login_at, password_hash, salt, two_factor_enabled "
        "FROM users WHERE id = %s",
        user_id,
    )[0]


# -- sign-in with lockout ---------------------------------------------------------------------------------


def test_log_in_with_the_right_hash_stamps_the_login_and_clears_failures(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="right", status=UserStatus.ACTIVE)
    with pytest.raises(AuthenticationFailed):
        users.log_in(db_at_v1_or_v2, user.email, "wrong")
    assert user_row(config_at_v1_or_v2, user.id)["login_attempts"] == 1

    signed_in = users.log_in(db_at_v1_or_v2, user.email, "right")

    row = user_row(config_at_v1_or_v2, user.id)
    assert row["login_attempts"] == 0 and row["last_login_at"] is not None and row["locked_until"] is None
    assert signed_in.login_attempts == 0 and signed_in.last_login_at is not None


def test_unknown_email_and_wrong_hash_fail_alike_and_never_show_the_hash(db_at_v1_or_v2: omnidb.Database) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="right")
    with pytest.raises(AuthenticationFailed) as unknown:
        users.log_in(db_at_v1_or_v2, "nobody-" + user.email, "right")
    with pytest.raises(AuthenticationFailed) as wrong:
        users.log_in(db_at_v1_or_v2, user.email, "s3cret-attempt")
    assert str(unknown.value) == str(wrong.value) == "wrong e-mail or password"
    assert "s3cret-attempt" not in str(wrong.value) and "right" not in str(wrong.value)


def test_five_failures_lock_the_account_for_fifteen_minutes(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="right")
    for _ in range(MAX_FAILED_LOG_INS - 1):
        with pytest.raises(AuthenticationFailed):
            users.log_in(db_at_v1_or_v2, user.email, "wrong")
    assert user_row(config_at_v1_or_v2, user.id)["locked_until"] is None

    with pytest.raises(AuthenticationFailed):
        users.log_in(db_at_v1_or_v2, user.email, "wrong")

    row = user_row(config_at_v1_or_v2, user.id)
    assert row["login_attempts"] == 5
    now = query(config_at_v1_or_v2, "SELECT UTC_TIMESTAMP(6) AS now")[0]["now"]
    assert isinstance(row["locked_until"], datetime) and isinstance(now, datetime)
    assert timedelta(minutes=14) < row["locked_until"] - now <= timedelta(minutes=15)

    # Locked: even the right hash is refused, with a clear error, and nothing is written.
    with pytest.raises(AccountLocked, match=rf"user {user.id} is locked until .* after 5 failed sign-ins") as exc:
        users.log_in(db_at_v1_or_v2, user.email, "right")
    assert isinstance(exc.value, Conflict) and exc.value.locked_until is not None
    assert user_row(config_at_v1_or_v2, user.id) == row


def test_an_expired_lock_lets_the_user_in_and_a_success_resets_it(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    user = factories.user(db_at_v1_or_v2, password_hash="right", login_attempts=5, locked_until=past)

    users.log_in(db_at_v1_or_v2, user.email, "right")

    row = user_row(config_at_v1_or_v2, user.id)
    assert row["login_attempts"] == 0 and row["locked_until"] is None


def test_failures_after_an_expired_lock_count_afresh(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    user = factories.user(db_at_v1_or_v2, password_hash="right", login_attempts=5, locked_until=past)

    with pytest.raises(AuthenticationFailed):
        users.log_in(db_at_v1_or_v2, user.email, "wrong")

    row = user_row(config_at_v1_or_v2, user.id)
    assert row["login_attempts"] == 1 and row["locked_until"] is None
    with pytest.raises(AuthenticationFailed):
        users.log_in(db_at_v1_or_v2, user.email, "wrong")
    assert user_row(config_at_v1_or_v2, user.id)["login_attempts"] == 2
    users.log_in(db_at_v1_or_v2, user.email, "right")  # not locked again by the old count


@pytest.mark.parametrize(
    ("fields", "state"),
    [({"active": False}, "inactive"), ({"status": UserStatus.SUSPENDED}, "suspended")],
)
def test_inactive_or_suspended_users_cannot_sign_in(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, fields: dict[str, object], state: str
) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="right", **fields)
    before = user_row(config_at_v1_or_v2, user.id)
    with pytest.raises(Conflict, match=f"user {user.id} is {state}: cannot sign in"):
        users.log_in(db_at_v1_or_v2, user.email, "right")
    assert user_row(config_at_v1_or_v2, user.id) == before


@pytest.mark.parametrize(
    ("email", "password_hash", "field"),
    [("", "h", "email"), ("a@b.test", "", "password_hash"), ("a\udc00@b.test", "h", "email")],  # a lone surrogate
)
def test_log_in_refuses_empty_credentials(
    db_at_v1_or_v2: omnidb.Database, email: str, password_hash: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        users.log_in(db_at_v1_or_v2, email, password_hash)
    assert exc.value.field == field


def test_log_in_refuses_a_transaction_whose_rollback_would_undo_the_failure_count(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    # The AuthenticationFailed that reports a wrong hash would roll the caller's transaction back,
    # and the failure's count with it: guesses without end, never a lock.
    user = factories.user(db_at_v1_or_v2, password_hash="right")
    before = user_row(config_at_v1_or_v2, user.id)
    for password_hash in ("wrong", "right"):
        refused = pytest.raises(TypeError, match=r"users.log_in takes the Database, not a transaction")
        with db_at_v1_or_v2.transaction() as tx, refused:
            users.log_in(tx, user.email, password_hash)
    assert user_row(config_at_v1_or_v2, user.id) == before


# -- password change and two-factor -----------------------------------------------------------------------


def test_change_password_replaces_hash_and_salt_and_unlocks(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    later = datetime.now(timezone.utc) + timedelta(minutes=10)
    user = factories.user(db_at_v1_or_v2, password_hash="old", salt="old-salt", login_attempts=5, locked_until=later)

    changed = users.change_password(db_at_v1_or_v2, user.id, "new", "new-salt")

    row = user_row(config_at_v1_or_v2, user.id)
    assert (row["password_hash"], row["salt"], row["login_attempts"], row["locked_until"]) == (
        "new",
        "new-salt",
        0,
        None,
    )
    assert "new" not in repr(changed)
    users.log_in(db_at_v1_or_v2, user.email, "new")


def test_change_password_refusals(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="old")
    with pytest.raises(NotFound, match="user 999999999 not found"):
        users.change_password(db_at_v1_or_v2, 999_999_999, "new", "salt")
    with pytest.raises(InvalidInput) as exc:
        users.change_password(db_at_v1_or_v2, user.id, "", "salt")
    assert exc.value.field == "password_hash"
    with pytest.raises(InvalidInput) as exc:
        users.change_password(db_at_v1_or_v2, user.id, "new", "")
    assert exc.value.field == "salt"
    assert user_row(config_at_v1_or_v2, user.id)["password_hash"] == "old"


def test_two_factor_turns_on_and_off_and_refuses_the_state_it_is_in(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2)
    assert users.set_two_factor(db_at_v1_or_v2, user.id, True).two_factor_enabled is True
    assert user_row(config_at_v1_or_v2, user.id)["two_factor_enabled"] == 1
    with pytest.raises(Conflict, match=f"user {user.id} has two-factor sign-in enabled already"):
        users.set_two_factor(db_at_v1_or_v2, user.id, True)
    assert users.set_two_factor(db_at_v1_or_v2, user.id, False).two_factor_enabled is False
    assert user_row(config_at_v1_or_v2, user.id)["two_factor_enabled"] == 0
    with pytest.raises(Conflict, match="disabled already"):
        users.set_two_factor(db_at_v1_or_v2, user.id, False)
    with pytest.raises(NotFound):
        users.set_two_factor(db_at_v1_or_v2, 999_999_999, True)
    with pytest.raises(InvalidInput) as exc:
        users.set_two_factor(db_at_v1_or_v2, user.id, 1)  # type: ignore[arg-type]
    assert exc.value.field == "enabled"


# -- effective roles and permissions ----------------------------------------------------------------------


def test_user_access_lists_roles_and_permissions_once_each(db_at_v1_or_v2: omnidb.Database) -> None:
    user = factories.user(db_at_v1_or_v2)
    admin, viewer, unrelated = (
        factories.role(db_at_v1_or_v2),
        factories.role(db_at_v1_or_v2),
        factories.role(db_at_v1_or_v2),
    )
    read, write, other = (factories.permission(db_at_v1_or_v2, action=a) for a in ("read", "write", "delete"))
    for role, permission in ((admin, read), (admin, write), (viewer, read), (unrelated, other)):
        factories.role_permission(db_at_v1_or_v2, role_id=role.id, permission_id=permission.id)
    factories.user_role(db_at_v1_or_v2, user_id=user.id, role_id=admin.id)
    factories.user_role(db_at_v1_or_v2, user_id=user.id, role_id=viewer.id)
    org = factories.org(db_at_v1_or_v2)
    factories.user_role(db_at_v1_or_v2, user_id=user.id, role_id=viewer.id, scope_type="organization", scope_id=org.id)

    access = users.get_user_access(db_at_v1_or_v2, user.id)

    assert [r.id for r in access.roles] == [viewer.id, admin.id]
    assert [p.id for p in access.permissions] == [write.id, read.id]
    assert access.allows("app", "write") and not access.allows("app", "delete")
    assert roles.list_roles_of_user(db_at_v1_or_v2, user.id) == access.roles
    assert permissions.list_permissions_of_user(db_at_v1_or_v2, user.id) == access.permissions
    assert users.get_user_access(db_at_v1_or_v2, factories.user(db_at_v1_or_v2).id).roles == []
    with pytest.raises(NotFound, match="user 999999999 not found"):
        users.get_user_access(db_at_v1_or_v2, 999_999_999)


# -- apps, instances, builds, deployments -----------------------------------------------------------------


def test_apps_with_instance_counts_pages_like_list_apps(db_at_v1_or_v2: omnidb.Database) -> None:
    org = factories.org(db_at_v1_or_v2)
    empty, two, one = (factories.app(db_at_v1_or_v2, org_id=org.id) for _ in range(3))
    for target, n in ((two, 2), (one, 1)):
        for _ in range(n):
            factories.instance(db_at_v1_or_v2, app_id=target.id)
    apps.delete_app(db_at_v1_or_v2, factories.app(db_at_v1_or_v2, org_id=org.id).id)

    page = instances.list_apps_with_instance_counts(db_at_v1_or_v2, org_id=org.id)

    assert [(row.app.id, row.instance_count) for row in page] == [(one.id, 1), (two.id, 2), (empty.id, 0)]
    assert [row.app for row in page] == apps.list_apps(db_at_v1_or_v2, org_id=org.id)
    second = instances.list_apps_with_instance_counts(db_at_v1_or_v2, page=1, per_page=2, org_id=org.id)
    assert [(row.app.id, row.instance_count) for row in second] == [(empty.id, 0)]
    with pytest.raises(InvalidInput) as exc:
        instances.list_apps_with_instance_counts(db_at_v1_or_v2, per_page=0)
    assert exc.value.field == "per_page"


def test_app_with_instances(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    made = [factories.instance(db_at_v1_or_v2, app_id=app.id, instance_index=i) for i in (2, 0, 1)]

    found = instances.get_app_with_instances(db_at_v1_or_v2, app.id)

    assert found.app == app
    assert [i.id for i in found.instances] == [made[1].id, made[2].id, made[0].id]
    apps.delete_app(db_at_v1_or_v2, app.id)
    with pytest.raises(NotFound, match=f"app {app.id} not found"):
        instances.get_app_with_instances(db_at_v1_or_v2, app.id)


def test_deployment_with_its_build(db_at_v1_or_v2: omnidb.Database) -> None:
    deployment = factories.deployment(db_at_v1_or_v2)
    found = deployments.get_deployment_with_build(db_at_v1_or_v2, deployment.id)
    assert found.deployment == deployment and found.build == builds.get_build_by_id(db_at_v1_or_v2, deployment.build_id)
    with pytest.raises(NotFound, match="deployment 999999999 not found"):
        deployments.get_deployment_with_build(db_at_v1_or_v2, 999_999_999)


def test_latest_successful_build_and_latest_deployment_of_an_app(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    with pytest.raises(NotFound, match=f"build that succeeded for app {app.id} not found"):
        builds.get_latest_successful_build(db_at_v1_or_v2, app.id)
    with pytest.raises(NotFound, match=f"deployment of app {app.id} not found"):
        deployments.get_latest_deployment(db_at_v1_or_v2, app.id)
    old = factories.build(db_at_v1_or_v2, app_id=app.id, status=BuildStatus.SUCCEEDED)
    good = factories.build(db_at_v1_or_v2, app_id=app.id, status=BuildStatus.SUCCEEDED)
    factories.build(db_at_v1_or_v2, app_id=app.id, status=BuildStatus.FAILED)
    factories.build(db_at_v1_or_v2, app_id=factories.app(db_at_v1_or_v2).id, status=BuildStatus.SUCCEEDED)
    first = factories.deployment(db_at_v1_or_v2, app_id=app.id, build_id=old.id)
    last = factories.deployment(db_at_v1_or_v2, app_id=app.id, build_id=good.id)

    assert builds.get_latest_successful_build(db_at_v1_or_v2, app.id).id == good.id
    assert deployments.get_latest_deployment(db_at_v1_or_v2, app.id).id == last.id != first.id


def test_a_parent_id_outside_the_id_range_is_invalid_input_as_a_row_id_is(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """create_app(org_id=-1) said ParentNotFound("org -1 not found") and list_apps(org_id=0) an empty page,
    where get_app_by_id(-1) says what an id is."""
    org = factories.org(db_at_v1_or_v2)
    before = query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps")
    for bad in (-1, 0):
        with pytest.raises(InvalidInput, match=rf"^org_id: ids are whole numbers from 1, got {bad}$") as raised:
            apps.create_app(db_at_v1_or_v2, org_id=bad, name="web")
        assert raised.value.field == "org_id"
        with pytest.raises(InvalidInput, match=rf"^space_id: ids are whole numbers from 1, got {bad}$"):
            apps.create_app(db_at_v1_or_v2, org_id=org.id, name="web", space_id=bad)
        with pytest.raises(InvalidInput, match=rf"^org_id: ids are whole numbers from 1, got {bad}$"):
            apps.list_apps(db_at_v1_or_v2, org_id=bad)
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps") == before


# -- sessions ----------------------------------------------------------------------------------------------


def session_rows(config: Config, user_id: int) -> list[dict[str, object]]:
    return query(
        config, "SELECT id, session_token, is_active, last_activity FROM user_sessions WHERE user_id = %s", user_id
    )


def soon() -> datetime:
    return datetime.now(timezone.utc) + timedelta(hours=1)


def test_open_session_stores_the_token_hash_never_the_token(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2)
    token = "tok-" + uuid.uuid4().hex

    session = user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon(), ip_address="10.1.2.3")

    [row] = session_rows(config_at_v1_or_v2, user.id)
    assert row["session_token"] == hashlib.sha256(token.encode()).hexdigest() != token
    assert row["is_active"] == 1 and row["last_activity"] is not None
    assert session.session_token == row["session_token"] and token not in repr(session)
    assert row["session_token"] not in repr(session)


def test_open_session_refusals_write_nothing(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    user = factories.user(db_at_v1_or_v2)
    token = "tok-" + uuid.uuid4().hex
    with pytest.raises(InvalidInput) as exc:
        user_sessions.open_session(db_at_v1_or_v2, user.id, "short", soon())
    assert exc.value.field == "token"
    with pytest.raises(InvalidInput, match="token: not valid Unicode text") as exc:
        user_sessions.open_session(db_at_v1_or_v2, user.id, "a-long-enough-token-\udc00", soon())
    assert exc.value.field == "token"
    with pytest.raises(InvalidInput) as exc:
        user_sessions.open_session(db_at_v1_or_v2, user.id, token, datetime.now(timezone.utc) - timedelta(seconds=1))
    assert exc.value.field == "expires_at"
    with pytest.raises(ParentNotFound, match="user 999999999 not found"):
        user_sessions.open_session(db_at_v1_or_v2, 999_999_999, token, soon())
    assert session_rows(config_at_v1_or_v2, user.id) == []
    user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon())
    with pytest.raises(Conflict) as dup:
        user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon())
    assert hashlib.sha256(token.encode()).hexdigest() not in str(dup.value) and token not in str(dup.value)
    assert len(session_rows(config_at_v1_or_v2, user.id)) == 1


def test_validate_session_bumps_last_activity_and_refuses_ended_or_expired(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2)
    token = "tok-" + uuid.uuid4().hex
    opened = user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon())

    valid = user_sessions.validate_session(db_at_v1_or_v2, token)

    assert valid.id == opened.id and valid.last_activity is not None and opened.last_activity is not None
    assert valid.last_activity >= opened.last_activity
    with pytest.raises(NotFound, match="user session for that token not found"):
        user_sessions.validate_session(db_at_v1_or_v2, "tok-" + uuid.uuid4().hex)

    query(
        config_at_v1_or_v2,
        "UPDATE user_sessions SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = %s",
        opened.id,
    )
    with pytest.raises(Conflict, match=rf"user session {opened.id} expired at "):
        user_sessions.validate_session(db_at_v1_or_v2, token)

    other = "tok-" + uuid.uuid4().hex
    second = user_sessions.open_session(db_at_v1_or_v2, user.id, other, soon())
    user_sessions.invalidate_session(db_at_v1_or_v2, second.id)
    before = session_rows(config_at_v1_or_v2, user.id)
    with pytest.raises(Conflict, match=rf"user session {second.id} is invalidated"):
        user_sessions.validate_session(db_at_v1_or_v2, other)
    assert session_rows(config_at_v1_or_v2, user.id) == before


def test_a_session_is_refused_while_its_user_may_not_sign_in_and_a_deleted_user_s_can_be_ended(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """What sign-in refuses (a suspended, deactivated, inactive or deleted user) refuses the user's
    open sessions too, without touching them; sessions a deleted user left can still be ended."""
    user = factories.user(db_at_v1_or_v2)
    token = "tok-" + uuid.uuid4().hex
    session = user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon())
    for change, state in (
        ({"status": UserStatus.SUSPENDED}, "suspended"),
        ({"status": UserStatus.DEACTIVATED}, "deactivated"),
        ({"status": UserStatus.ACTIVE, "active": False}, "inactive"),
    ):
        users.update_user(db_at_v1_or_v2, user.id, **change)
        before = session_rows(config_at_v1_or_v2, user.id)
        with pytest.raises(Conflict, match=rf"^user session {session.id} is not valid: user {user.id} is {state}$"):
            user_sessions.validate_session(db_at_v1_or_v2, token)
        assert session_rows(config_at_v1_or_v2, user.id) == before  # not even last_activity
    users.update_user(db_at_v1_or_v2, user.id, active=True)
    assert user_sessions.validate_session(db_at_v1_or_v2, token).id == session.id

    users.delete_user(db_at_v1_or_v2, user.id)
    with pytest.raises(Conflict, match=rf"^user session {session.id} is not valid: user {user.id} is deleted$"):
        user_sessions.validate_session(db_at_v1_or_v2, token)
    assert [s.id for s in user_sessions.list_active_sessions(db_at_v1_or_v2, user.id)] == [session.id]
    assert user_sessions.invalidate_sessions_of_user(db_at_v1_or_v2, user.id) == 1
    assert [r["is_active"] for r in session_rows(config_at_v1_or_v2, user.id)] == [0]
    with pytest.raises(NotFound, match=r"^user 999999999 not found$"):
        user_sessions.list_active_sessions(db_at_v1_or_v2, 999_999_999)


def test_validate_session_does_not_wait_for_a_write_to_its_user(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """The touch once read the user's state in a subquery, which locked the user's row: an open write to
    it (a sign-in being recorded) held every validation of the user's sessions for up to
    innodb_lock_wait_timeout, and change_password's order of locks deadlocked with it."""
    user = factories.user(db_at_v1_or_v2)
    token = "tok-" + uuid.uuid4().hex
    session = user_sessions.open_session(db_at_v1_or_v2, user.id, token, soon())
    writer = admin(config_at_v1_or_v2)
    outcome: list[object] = []
    try:
        with writer.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute("UPDATE users SET last_login_at = UTC_TIMESTAMP(6) WHERE id = %s", (user.id,))
        validating = threading.Thread(
            target=lambda: outcome.append(user_sessions.validate_session(db_at_v1_or_v2, token))
        )
        validating.start()
        validating.join(20)
        assert not validating.is_alive(), "validate_session waited for the write to its user"
    finally:
        writer.rollback()
        writer.close()
    [valid] = outcome
    assert getattr(valid, "id", None) == session.id


def test_list_and_invalidate_sessions_of_a_user(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    user, other_user = factories.user(db_at_v1_or_v2), factories.user(db_at_v1_or_v2)
    first, second, third = (
        user_sessions.open_session(db_at_v1_or_v2, user.id, "tok-" + uuid.uuid4().hex, soon()) for _ in range(3)
    )
    kept = user_sessions.open_session(db_at_v1_or_v2, other_user.id, "tok-" + uuid.uuid4().hex, soon())

    assert [s.id for s in user_sessions.list_active_sessions(db_at_v1_or_v2, user.id)] == [
        third.id,
        second.id,
        first.id,
    ]
    assert user_sessions.invalidate_session(db_at_v1_or_v2, second.id).is_active is False
    with pytest.raises(Conflict, match=rf"user session {second.id} is invalidated already"):
        user_sessions.invalidate_session(db_at_v1_or_v2, second.id)
    with pytest.raises(NotFound, match="user session 999999999 not found"):
        user_sessions.invalidate_session(db_at_v1_or_v2, 999_999_999)
    assert [s.id for s in user_sessions.list_active_sessions(db_at_v1_or_v2, user.id)] == [third.id, first.id]

    assert user_sessions.invalidate_sessions_of_user(db_at_v1_or_v2, user.id) == 2
    assert [r["is_active"] for r in session_rows(config_at_v1_or_v2, user.id)] == [0, 0, 0]
    assert user_sessions.list_active_sessions(db_at_v1_or_v2, other_user.id) == [
        user_sessions.get_user_session_by_id(db_at_v1_or_v2, kept.id)
    ]
    with pytest.raises(NotFound, match="user 999999999 not found"):
        user_sessions.invalidate_sessions_of_user(db_at_v1_or_v2, 999_999_999)


def test_change_password_stamps_the_change_and_ends_every_session(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="old")
    for _ in range(2):
        user_sessions.open_session(db_at_v1_or_v2, user.id, "tok-" + uuid.uuid4().hex, soon())

    changed = users.change_password(db_at_v1_or_v2, user.id, "new", "salt2")

    assert changed.password_changed_at is not None
    assert [r["is_active"] for r in session_rows(config_at_v1_or_v2, user.id)] == [0, 0]


def test_two_factor_verification(db_at_v1_or_v2: omnidb.Database) -> None:
    user = factories.user(db_at_v1_or_v2)
    with pytest.raises(Conflict, match=f"user {user.id} has two-factor sign-in disabled: cannot verify it"):
        users.verify_two_factor(db_at_v1_or_v2, user.id)
    users.set_two_factor(db_at_v1_or_v2, user.id, True)
    assert users.verify_two_factor(db_at_v1_or_v2, user.id).two_factor_verified is True
    with pytest.raises(Conflict, match="verified already"):
        users.verify_two_factor(db_at_v1_or_v2, user.id)
    assert users.set_two_factor(db_at_v1_or_v2, user.id, False).two_factor_verified is False


# -- quotas ------------------------------------------------------------------------------------------------


def test_org_usage_counts_what_quotas_limit(db_at_v1_or_v2: omnidb.Database) -> None:
    org = factories.org(db_at_v1_or_v2)
    small = factories.allocation(db_at_v1_or_v2, memory=512.0, cpu=0.5, disk=1024.0)
    big = factories.allocation(db_at_v1_or_v2, memory=2048.0, cpu=2.0, disk=4096.0)
    web = factories.app(db_at_v1_or_v2, org_id=org.id, default_allocation_id=small.id)
    factories.instance(db_at_v1_or_v2, app_id=web.id, status="running")
    factories.instance(db_at_v1_or_v2, app_id=web.id, status="running", allocation_id=big.id)
    factories.instance(db_at_v1_or_v2, app_id=web.id, status="stopped")  # holds nothing
    factories.route(db_at_v1_or_v2, app_id=web.id)
    factories.domain(db_at_v1_or_v2, org_id=org.id)
    factories.build(db_at_v1_or_v2, app_id=web.id, status=BuildStatus.BUILDING)
    factories.app(db_at_v1_or_v2)  # another org's

    usage = quotas.get_org_usage(db_at_v1_or_v2, org.id)

    assert (usage.apps, usage.instances, usage.routes, usage.domains, usage.builds_running) == (1, 2, 1, 1, 1)
    assert (usage.memory_mb, usage.cpu, usage.disk_mb) == (2560.0, 2.5, 5120.0)
    assert usage.services == 0
    with pytest.raises(NotFound, match="org 999999999 not found"):
        quotas.get_org_usage(db_at_v1_or_v2, 999_999_999)


def test_check_quota_reports_what_is_over(db_at_v1_or_v2: omnidb.Database) -> None:
    org = factories.org(db_at_v1_or_v2)
    with pytest.raises(NotFound, match=f"quota of org {org.id} not found"):
        quotas.check_quota(db_at_v1_or_v2, org.id)
    app = factories.app(db_at_v1_or_v2, org_id=org.id)
    for _ in range(3):
        factories.instance(db_at_v1_or_v2, app_id=app.id, status="running")
    factories.quota(db_at_v1_or_v2, org_id=org.id, instance_limit=5)
    assert quotas.check_quota(db_at_v1_or_v2, org.id).over == []
    newest = factories.quota(db_at_v1_or_v2, org_id=org.id, instance_limit=2, name="tight")

    report = quotas.check_quota(db_at_v1_or_v2, org.id)

    assert report.quota.id == newest.id
    assert [(o.limit, o.allowed, o.used) for o in report.over] == [("instance_limit", 2, 3)]


def test_require_within_quota_refuses_what_would_pass_a_limit(db_at_v1_or_v2: omnidb.Database) -> None:
    org = factories.org(db_at_v1_or_v2)
    app = factories.app(db_at_v1_or_v2, org_id=org.id)
    factories.instance(db_at_v1_or_v2, app_id=app.id, status="running")
    factories.quota(db_at_v1_or_v2, org_id=org.id, name="default", instance_limit=2, memory_limit=1024)

    assert quotas.require_within_quota(db_at_v1_or_v2, org.id, instances=1).over == []
    with pytest.raises(Conflict, match=rf"org {org.id} would be over instance_limit of quota 'default': 3 of 2"):
        quotas.require_within_quota(db_at_v1_or_v2, org.id, instances=2)
    with pytest.raises(Conflict, match="memory_limit"):
        quotas.require_within_quota(db_at_v1_or_v2, org.id, memory_mb=2048)
    with pytest.raises(InvalidInput) as exc:
        quotas.require_within_quota(db_at_v1_or_v2, org.id, routes=-1)
    assert exc.value.field == "routes"
    # A NaN compares false with every limit: it passed them all; a count is whole
    for amounts, field, wanted in (
        ({"memory_mb": float("nan")}, "memory_mb", "a finite number"),
        ({"instances": float("nan")}, "instances", r"a whole number \(int\)"),
        ({"instances": 1.5}, "instances", r"a whole number \(int\)"),
    ):
        with pytest.raises(InvalidInput, match=rf"{field}: expected {wanted} >= 0") as exc:
            quotas.require_within_quota(db_at_v1_or_v2, org.id, **amounts)
        assert exc.value.field == field
    with pytest.raises(Conflict, match=r": 1000003 of 2$"):  # counts as written, not 1e+06
        quotas.require_within_quota(db_at_v1_or_v2, org.id, instances=1_000_002)
    # Past any limit a quota holds (was OverflowError from math.isfinite)
    for amounts, field, shown in (
        ({"instances": 10**5000}, "instances", "a whole number of about 5001 digits"),
        ({"cpu": float("inf")}, "cpu", "inf"),
        ({"disk_mb": 2**63}, "disk_mb", "9223372036854775808"),
    ):
        with pytest.raises(InvalidInput, match=rf"^{field}: {shown} is out of range \(at most 9223372036854775807\)$"):
            quotas.require_within_quota(db_at_v1_or_v2, org.id, **amounts)


# -- rollbacks ---------------------------------------------------------------------------------------------


def deployed(db_at_v1_or_v2: omnidb.Database, **kw: object) -> Any:
    made = factories.deployment(db_at_v1_or_v2, **kw)
    return deployments.update_deployment(db_at_v1_or_v2, made.id, status=DeploymentStatus.DEPLOYED)


def rollback_rows(config: Config, app_id: int) -> list[dict[str, object]]:
    return query(config, "SELECT id, status FROM rollbacks WHERE app_id = %s ORDER BY id", app_id)


def test_record_rollback_to_an_earlier_deployment_and_move_it_along(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    good = deployed(db_at_v1_or_v2)
    bad = deployed(db_at_v1_or_v2, app_id=good.app_id)

    rollback = rollbacks.record_rollback(db_at_v1_or_v2, bad.id, good.id, reason="5xx spike", automatic=True)

    assert (rollback.app_id, rollback.from_deployment_id, rollback.to_deployment_id) == (good.app_id, bad.id, good.id)
    assert rollback.status is RollbackStatus.PENDING and rollback.automatic is True
    assert rollbacks.list_rollbacks(db_at_v1_or_v2, app_id=good.app_id) == [rollback]
    started = rollbacks.start_rollback(db_at_v1_or_v2, rollback.id)
    assert started.status is RollbackStatus.IN_PROGRESS and started.started_at is not None
    with pytest.raises(Conflict, match=f"rollback {rollback.id} is in_progress: cannot start it"):
        rollbacks.start_rollback(db_at_v1_or_v2, rollback.id)
    done = rollbacks.complete_rollback(db_at_v1_or_v2, rollback.id)
    assert done.status is RollbackStatus.COMPLETED and done.completed_at is not None
    assert done.rollback_duration is not None
    with pytest.raises(Conflict, match=f"rollback {rollback.id} is completed: cannot fail it"):
        rollbacks.fail_rollback(db_at_v1_or_v2, rollback.id, error_message="late")
    assert rollback_rows(config_at_v1_or_v2, good.app_id) == [{"id": rollback.id, "status": "completed"}]


def test_fail_a_rollback(db_at_v1_or_v2: omnidb.Database) -> None:
    good = deployed(db_at_v1_or_v2)
    bad = deployed(db_at_v1_or_v2, app_id=good.app_id)
    rollback = rollbacks.record_rollback(db_at_v1_or_v2, bad.id, good.id)
    failed = rollbacks.fail_rollback(db_at_v1_or_v2, rollback.id, error_message="image gone")
    assert failed.status is RollbackStatus.FAILED and failed.error_message == "image gone"
    with pytest.raises(Conflict, match="is failed: cannot complete it"):
        rollbacks.complete_rollback(db_at_v1_or_v2, rollback.id)


def test_record_rollback_refusals_write_nothing(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    good = deployed(db_at_v1_or_v2)
    bad = deployed(db_at_v1_or_v2, app_id=good.app_id)
    never = factories.deployment(db_at_v1_or_v2, app_id=good.app_id)  # pending: never deployed
    latest = deployed(db_at_v1_or_v2, app_id=good.app_id)
    elsewhere = deployed(db_at_v1_or_v2)

    with pytest.raises(ParentNotFound, match="deployment 999999999 not found"):
        rollbacks.record_rollback(db_at_v1_or_v2, 999_999_999, good.id)
    with pytest.raises(ParentNotFound, match="deployment 999999999 not found"):
        rollbacks.record_rollback(db_at_v1_or_v2, bad.id, 999_999_999)
    with pytest.raises(InvalidInput, match=f"is of app {elsewhere.app_id}, not of app {good.app_id}") as exc:
        rollbacks.record_rollback(db_at_v1_or_v2, bad.id, elsewhere.id)
    assert exc.value.field == "to_deployment_id"
    with pytest.raises(InvalidInput, match=f"deployment {latest.id} is not earlier than deployment {bad.id}"):
        rollbacks.record_rollback(db_at_v1_or_v2, bad.id, latest.id)
    with pytest.raises(Conflict, match=f"deployment {never.id} is pending: cannot roll back to it"):
        rollbacks.record_rollback(db_at_v1_or_v2, latest.id, never.id)
    with pytest.raises(ParentNotFound, match="user 999999999 not found"):
        rollbacks.record_rollback(db_at_v1_or_v2, bad.id, good.id, created_by=999_999_999)
    assert rollback_rows(config_at_v1_or_v2, good.app_id) == []

    first = rollbacks.record_rollback(db_at_v1_or_v2, latest.id, good.id)
    with pytest.raises(Conflict, match=f"app {good.app_id} has a rollback pending or in progress already"):
        rollbacks.record_rollback(db_at_v1_or_v2, bad.id, good.id)
    assert rollback_rows(config_at_v1_or_v2, good.app_id) == [{"id": first.id, "status": "pending"}]


# -- tasks and health --------------------------------------------------------------------------------------


def test_task_runs_from_pending_to_an_end(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    task = factories.task(db_at_v1_or_v2)
    worker = factories.worker(db_at_v1_or_v2)
    assert task.status is TaskStatus.PENDING

    running = tasks.start_task(db_at_v1_or_v2, task.id, worker_id=worker.id)
    assert running.status is TaskStatus.RUNNING and running.worker_id == worker.id and running.started_at
    with pytest.raises(Conflict, match=f"task {task.id} is running: cannot start it"):
        tasks.start_task(db_at_v1_or_v2, task.id)
    with pytest.raises(InvalidInput) as exc:
        tasks.finish_task(db_at_v1_or_v2, task.id, TaskStatus.CANCELED)
    assert exc.value.field == "status"
    finished = tasks.finish_task(db_at_v1_or_v2, task.id, TaskStatus.FAILED, exit_code=2, error_message="boom")
    assert (finished.status, finished.exit_code, finished.error_message) == (TaskStatus.FAILED, 2, "boom")
    assert finished.completed_at is not None and finished.duration is not None
    with pytest.raises(Conflict, match=f"task {task.id} is failed: cannot cancel it"):
        tasks.cancel_task(db_at_v1_or_v2, task.id)
    row = query(config_at_v1_or_v2, "SELECT status, exit_code FROM tasks WHERE id = %s", task.id)[0]
    assert row == {"status": "failed", "exit_code": 2}


def test_task_refusals(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    task = factories.task(db_at_v1_or_v2)
    with pytest.raises(Conflict, match=f"task {task.id} is pending: cannot finish it"):
        tasks.finish_task(db_at_v1_or_v2, task.id, TaskStatus.SUCCEEDED)
    with pytest.raises(ParentNotFound, match="worker 999999999 not found"):
        tasks.start_task(db_at_v1_or_v2, task.id, worker_id=999_999_999)
    with pytest.raises(NotFound, match="task 999999999 not found"):
        tasks.start_task(db_at_v1_or_v2, 999_999_999)
    assert query(config_at_v1_or_v2, "SELECT status, worker_id FROM tasks WHERE id = %s", task.id)[0] == {
        "status": "pending",
        "worker_id": None,
    }
    assert tasks.cancel_task(db_at_v1_or_v2, task.id).status is TaskStatus.CANCELED


def test_tasks_keyset_pages_newest_first(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    made = [factories.task(db_at_v1_or_v2, app_id=app.id) for _ in range(5)]
    first = tasks.list_tasks_after(db_at_v1_or_v2, limit=2, app_id=app.id)
    second = tasks.list_tasks_after(db_at_v1_or_v2, first[-1], limit=2, app_id=app.id)
    third = tasks.list_tasks_after(db_at_v1_or_v2, second[-1], limit=2, app_id=app.id)
    assert [t.id for t in first + second + third] == [t.id for t in reversed(made)]


def test_health_checks_and_provider_audit_logs_keyset_pages(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    checks = [factories.health_check(db_at_v1_or_v2, app_id=app.id) for _ in range(3)]
    page = health_checks.list_health_checks_after(db_at_v1_or_v2, limit=2, app_id=app.id)
    rest = health_checks.list_health_checks_after(db_at_v1_or_v2, page[-1].id, limit=2, app_id=app.id)
    assert [c.id for c in page + rest] == [c.id for c in reversed(checks)]

    provider = factories.provider(db_at_v1_or_v2)
    logs = [factories.provider_audit_log(db_at_v1_or_v2, provider_id=provider.id) for _ in range(3)]
    page_logs = provider_audit_logs.list_provider_audit_logs_after(db_at_v1_or_v2, limit=2, provider_id=provider.id)
    rest_logs = provider_audit_logs.list_provider_audit_logs_after(
        db_at_v1_or_v2, page_logs[-1], limit=2, provider_id=provider.id
    )
    assert [log.id for log in page_logs + rest_logs] == [log.id for log in reversed(logs)]


def test_latest_health_of_an_instance(db_at_v1_or_v2: omnidb.Database) -> None:
    instance = factories.instance(db_at_v1_or_v2)
    check = factories.health_check(db_at_v1_or_v2, app_id=instance.app_id, endpoint="/healthz")
    instances.record_instance_health(db_at_v1_or_v2, instance.id, InstanceHealthStatus.DEGRADED, cpu_usage=93.5)

    health = instances.get_instance_health(db_at_v1_or_v2, instance.id)

    assert (health.instance_id, health.app_id, health.health_status) == (instance.id, instance.app_id, "degraded")
    assert health.cpu_usage == 93.5 and health.last_health_check is not None
    assert health.checks == [check]
    with pytest.raises(NotFound, match="instance 999999999 not found"):
        instances.get_instance_health(db_at_v1_or_v2, 999_999_999)


def test_regions_of_a_provider(db_at_v1_or_v2: omnidb.Database) -> None:
    provider = factories.provider(db_at_v1_or_v2)
    east, west = factories.region(db_at_v1_or_v2), factories.region(db_at_v1_or_v2)
    factories.region(db_at_v1_or_v2)  # not served by it
    for region in (east, west):
        factories.provider_region(db_at_v1_or_v2, provider_id=provider.id, region_id=region.id)
    assert [r.id for r in regions.list_regions_of_provider(db_at_v1_or_v2, provider.id)] == [west.id, east.id]
    assert regions.list_regions_of_provider(db_at_v1_or_v2, factories.provider(db_at_v1_or_v2).id) == []


def test_a_duplicate_secret_is_not_quoted_in_the_conflict(db_at_v1_or_v2: omnidb.Database) -> None:
    made = factories.user_session(db_at_v1_or_v2)
    with pytest.raises(Conflict, match=r"user session already exists: .*<hidden>") as exc:
        factories.user_session(db_at_v1_or_v2, session_token=made.session_token)
    assert made.session_token not in str(exc.value) and exc.value.__cause__ is None
    org = factories.org(db_at_v1_or_v2)
    with pytest.raises(Conflict, match=org.name):  # not a secret: still quoted, to say which
        factories.org(db_at_v1_or_v2, name=org.name)
    # The server cuts the quoted value at 64 characters and escapes bytes: no verbatim match, so
    # a key on a secret column hides the whole value
    for token in ("L" * 90 + uuid.uuid4().hex, "SEC\x01RET-" + uuid.uuid4().hex, "SEC\u2603RET-" + uuid.uuid4().hex):
        factories.user_session(db_at_v1_or_v2, session_token=token)
        with pytest.raises(Conflict, match=r"Duplicate entry '<hidden>' for key") as exc:
            factories.user_session(db_at_v1_or_v2, session_token=token)
        assert token[:8] not in str(exc.value) and exc.value.__cause__ is None
    # A short secret (a config var's value "1") hides the quoted entry, not every "1" of the message
    var = factories.config_var(db_at_v1_or_v2, value="1")
    with pytest.raises(Conflict) as exc:
        factories.config_var(db_at_v1_or_v2, app_id=var.app_id, key=var.key, value="1")
    assert re.fullmatch(
        r"config var already exists: \(1062\) Duplicate entry '(<hidden>|[^']*)' for key '[\w.]+'", str(exc.value)
    ), exc.value


def test_concurrent_rollbacks_of_one_app_run_one_after_the_other(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    good = deployed(db_at_v1_or_v2)
    bad = deployed(db_at_v1_or_v2, app_id=good.app_id)
    outcome: list[object] = []

    def second() -> None:
        try:
            outcome.append(rollbacks.record_rollback(db_at_v1_or_v2, bad.id, good.id))
        except Conflict as exc:
            outcome.append(exc)

    with db_at_v1_or_v2.transaction() as tx:
        first = rollbacks.record_rollback(tx, bad.id, good.id)
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting for the app's row lock
    thread.join(30)

    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert rollback_rows(config_at_v1_or_v2, good.app_id) == [{"id": first.id, "status": "pending"}]


def test_a_refused_secret_value_is_not_echoed(db_at_v1_or_v2: omnidb.Database) -> None:
    user = factories.user(db_at_v1_or_v2)
    secret = 12345678901234567
    with pytest.raises(InvalidInput) as exc:
        user_sessions.create_user_session(
            db_at_v1_or_v2,
            user_id=user.id,
            session_token=secret,  # type: ignore[arg-type]
            expires_at=soon(),
        )
    assert exc.value.field == "session_token" and str(secret) not in str(exc.value)
    with pytest.raises(InvalidInput, match="12345"):  # not a secret: shown, to say what was wrong
        users.update_user(db_at_v1_or_v2, user.id, name=12345)  # type: ignore[arg-type]


# -- upstream columns of existing tables -------------------------------------------------------------------


def test_apps_take_their_upstream_columns_on_create_and_update(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    allocation = factories.allocation(db_at_v1_or_v2)
    app = factories.app(
        db_at_v1_or_v2,
        default_allocation_id=allocation.id,
        runtime="python3.12",
        health_check_type=AppHealthCheckType.HTTP,
        health_check_endpoint="/healthz",
        restart_policy=AppRestartPolicy.ON_FAILURE,
        auto_scaling_enabled=True,
        annotations={"team": "core"},
    )
    assert (app.health_check_interval, app.health_check_retries, app.canary_percentage) == (30, 3, 20)

    changed = apps.update_app(
        db_at_v1_or_v2, app.id, health_check_timeout=5, idle_timeout=60, buildpack_url="https://bp.test"
    )

    row = query(
        config_at_v1_or_v2,
        "SELECT default_allocation_id, runtime, health_check_type, health_check_endpoint, health_check_timeout, "
        "restart_policy, auto_scaling_enabled, idle_timeout, buildpack_url FROM apps WHERE id = %s",
        app.id,
    )[0]
    assert row == {
        "default_allocation_id": allocation.id,
        "runtime": "python3.12",
        "health_check_type": "http",
        "health_check_endpoint": "/healthz",
        "health_check_timeout": 5,
        "restart_policy": "on-failure",
        "auto_scaling_enabled": 1,
        "idle_timeout": 60,
        "buildpack_url": "https://bp.test",
    }
    assert changed.annotations == {"team": "core"}
    with pytest.raises(ParentNotFound, match="allocation 999999999 not found"):
        factories.app(db_at_v1_or_v2, default_allocation_id=999_999_999)


def test_workers_take_reservations_capacity_and_taints(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    worker = factories.worker(db_at_v1_or_v2, cpu_reserved=1.0, network_in_capacity=1000.0, taints=[{"key": "gpu"}])
    changed = workers.update_worker(db_at_v1_or_v2, worker.id, memory_reserved=512.0, ssh_key="-----BEGIN KEY-----")
    assert changed.taints == [{"key": "gpu"}] and changed.cpu_reserved == 1.0
    assert "BEGIN KEY" not in repr(changed)
    row = query(config_at_v1_or_v2, "SELECT memory_reserved, ssh_key FROM workers WHERE id = %s", worker.id)[0]
    assert row == {"memory_reserved": 512.0, "ssh_key": "-----BEGIN KEY-----"}


def test_v2_re_exports_the_domain_operations_behind_the_version_guard(db_at_v1_or_v2: omnidb.Database) -> None:
    from omnidb.v2 import instances as v2_instances
    from omnidb.v2 import users as v2_users

    user = factories.user(db_at_v1_or_v2, password_hash="right")
    app = factories.app(db_at_v1_or_v2)
    if db_at_v1_or_v2.schema_version() >= 2:
        assert v2_users.log_in(db_at_v1_or_v2, user.email, "right").id == user.id
        assert v2_instances.get_app_with_instances(db_at_v1_or_v2, app.id).app.id == app.id
    else:
        with pytest.raises(SchemaVersionMismatch, match="needs schema version 2"):
            v2_users.log_in(db_at_v1_or_v2, user.email, "right")
        with pytest.raises(SchemaVersionMismatch):
            v2_instances.get_app_with_instances(db_at_v1_or_v2, app.id)
