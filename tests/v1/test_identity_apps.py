"""Domain operations of identity, tenancy, platform, infrastructure and applications, on a real server.

Each test makes its own rows and asserts on what the database holds, including after a refusal.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dbtools import query
from v1 import factories

import omnidb
from omnidb.config import Config
from omnidb.errors import AccountLocked, AuthenticationFailed, Conflict, InvalidInput, NotFound
from omnidb.v1 import apps, builds, deployments, instances, permissions, roles, users
from omnidb.v1.domain.users import MAX_FAILED_LOG_INS
from omnidb.v1.tables import BuildStatus, UserStatus


def user_row(config: Config, user_id: int) -> dict[str, object]:
    return query(
        config,
        "SELECT login_attempts, locked_until, last_login_at, password_hash, salt, two_factor_enabled "
        "FROM users WHERE id = %s",
        user_id,
    )[0]


# -- sign-in with lockout ---------------------------------------------------------------------------------


def test_log_in_with_the_right_hash_stamps_the_login_and_clears_failures(
    db: omnidb.Database, v1_config: Config
) -> None:
    user = factories.user(db, password_hash="right", status=UserStatus.ACTIVE)
    with pytest.raises(AuthenticationFailed):
        users.log_in(db, user.email, "wrong")
    assert user_row(v1_config, user.id)["login_attempts"] == 1

    signed_in = users.log_in(db, user.email, "right")

    row = user_row(v1_config, user.id)
    assert row["login_attempts"] == 0 and row["last_login_at"] is not None and row["locked_until"] is None
    assert signed_in.login_attempts == 0 and signed_in.last_login_at is not None


def test_unknown_email_and_wrong_hash_fail_alike_and_never_show_the_hash(db: omnidb.Database) -> None:
    user = factories.user(db, password_hash="right")
    with pytest.raises(AuthenticationFailed) as unknown:
        users.log_in(db, "nobody-" + user.email, "right")
    with pytest.raises(AuthenticationFailed) as wrong:
        users.log_in(db, user.email, "s3cret-attempt")
    assert str(unknown.value) == str(wrong.value) == "wrong e-mail or password"
    assert "s3cret-attempt" not in str(wrong.value) and "right" not in str(wrong.value)


def test_five_failures_lock_the_account_for_fifteen_minutes(db: omnidb.Database, v1_config: Config) -> None:
    user = factories.user(db, password_hash="right")
    for _ in range(MAX_FAILED_LOG_INS - 1):
        with pytest.raises(AuthenticationFailed):
            users.log_in(db, user.email, "wrong")
    assert user_row(v1_config, user.id)["locked_until"] is None

    with pytest.raises(AuthenticationFailed):
        users.log_in(db, user.email, "wrong")

    row = user_row(v1_config, user.id)
    assert row["login_attempts"] == 5
    now = query(v1_config, "SELECT UTC_TIMESTAMP(6) AS now")[0]["now"]
    assert isinstance(row["locked_until"], datetime) and isinstance(now, datetime)
    assert timedelta(minutes=14) < row["locked_until"] - now <= timedelta(minutes=15)

    # Locked: even the right hash is refused, with a clear error, and nothing is written.
    with pytest.raises(AccountLocked, match=rf"user {user.id} is locked until .* after 5 failed sign-ins") as exc:
        users.log_in(db, user.email, "right")
    assert isinstance(exc.value, Conflict) and exc.value.locked_until is not None
    assert user_row(v1_config, user.id) == row


def test_an_expired_lock_lets_the_user_in_and_a_success_resets_it(db: omnidb.Database, v1_config: Config) -> None:
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    user = factories.user(db, password_hash="right", login_attempts=5, locked_until=past)

    users.log_in(db, user.email, "right")

    row = user_row(v1_config, user.id)
    assert row["login_attempts"] == 0 and row["locked_until"] is None


def test_failures_after_an_expired_lock_count_afresh(db: omnidb.Database, v1_config: Config) -> None:
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    user = factories.user(db, password_hash="right", login_attempts=5, locked_until=past)

    with pytest.raises(AuthenticationFailed):
        users.log_in(db, user.email, "wrong")

    row = user_row(v1_config, user.id)
    assert row["login_attempts"] == 1 and row["locked_until"] is None
    with pytest.raises(AuthenticationFailed):
        users.log_in(db, user.email, "wrong")
    assert user_row(v1_config, user.id)["login_attempts"] == 2
    users.log_in(db, user.email, "right")  # not locked again by the old count


@pytest.mark.parametrize(
    ("fields", "state"),
    [({"active": False}, "inactive"), ({"status": UserStatus.SUSPENDED}, "suspended")],
)
def test_inactive_or_suspended_users_cannot_sign_in(
    db: omnidb.Database, v1_config: Config, fields: dict[str, object], state: str
) -> None:
    user = factories.user(db, password_hash="right", **fields)
    before = user_row(v1_config, user.id)
    with pytest.raises(Conflict, match=f"user {user.id} is {state}: cannot sign in"):
        users.log_in(db, user.email, "right")
    assert user_row(v1_config, user.id) == before


@pytest.mark.parametrize(("email", "password_hash", "field"), [("", "h", "email"), ("a@b.test", "", "password_hash")])
def test_log_in_refuses_empty_credentials(db: omnidb.Database, email: str, password_hash: str, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        users.log_in(db, email, password_hash)
    assert exc.value.field == field


# -- password change and two-factor -----------------------------------------------------------------------


def test_change_password_replaces_hash_and_salt_and_unlocks(db: omnidb.Database, v1_config: Config) -> None:
    later = datetime.now(timezone.utc) + timedelta(minutes=10)
    user = factories.user(db, password_hash="old", salt="old-salt", login_attempts=5, locked_until=later)

    changed = users.change_password(db, user.id, "new", "new-salt")

    row = user_row(v1_config, user.id)
    assert (row["password_hash"], row["salt"], row["login_attempts"], row["locked_until"]) == (
        "new",
        "new-salt",
        0,
        None,
    )
    assert "new" not in repr(changed)
    users.log_in(db, user.email, "new")


def test_change_password_refusals(db: omnidb.Database, v1_config: Config) -> None:
    user = factories.user(db, password_hash="old")
    with pytest.raises(NotFound, match="user 999999999 not found"):
        users.change_password(db, 999_999_999, "new", "salt")
    with pytest.raises(InvalidInput) as exc:
        users.change_password(db, user.id, "", "salt")
    assert exc.value.field == "password_hash"
    with pytest.raises(InvalidInput) as exc:
        users.change_password(db, user.id, "new", "")
    assert exc.value.field == "salt"
    assert user_row(v1_config, user.id)["password_hash"] == "old"


def test_two_factor_turns_on_and_off_and_refuses_the_state_it_is_in(db: omnidb.Database, v1_config: Config) -> None:
    user = factories.user(db)
    assert users.set_two_factor(db, user.id, True).two_factor_enabled is True
    assert user_row(v1_config, user.id)["two_factor_enabled"] == 1
    with pytest.raises(Conflict, match=f"user {user.id} has two-factor sign-in enabled already"):
        users.set_two_factor(db, user.id, True)
    assert users.set_two_factor(db, user.id, False).two_factor_enabled is False
    assert user_row(v1_config, user.id)["two_factor_enabled"] == 0
    with pytest.raises(Conflict, match="disabled already"):
        users.set_two_factor(db, user.id, False)
    with pytest.raises(NotFound):
        users.set_two_factor(db, 999_999_999, True)
    with pytest.raises(InvalidInput) as exc:
        users.set_two_factor(db, user.id, 1)  # type: ignore[arg-type]
    assert exc.value.field == "enabled"


# -- effective roles and permissions ----------------------------------------------------------------------


def test_user_access_lists_roles_and_permissions_once_each(db: omnidb.Database) -> None:
    user = factories.user(db)
    admin, viewer, unrelated = factories.role(db), factories.role(db), factories.role(db)
    read, write, other = (factories.permission(db, action=a) for a in ("read", "write", "delete"))
    for role, permission in ((admin, read), (admin, write), (viewer, read), (unrelated, other)):
        factories.role_permission(db, role_id=role.id, permission_id=permission.id)
    factories.user_role(db, user_id=user.id, role_id=admin.id)
    factories.user_role(db, user_id=user.id, role_id=viewer.id)
    org = factories.org(db)
    factories.user_role(db, user_id=user.id, role_id=viewer.id, scope_type="organization", scope_id=org.id)

    access = users.get_user_access(db, user.id)

    assert [r.id for r in access.roles] == [viewer.id, admin.id]
    assert [p.id for p in access.permissions] == [write.id, read.id]
    assert access.allows("app", "write") and not access.allows("app", "delete")
    assert roles.list_roles_of_user(db, user.id) == access.roles
    assert permissions.list_permissions_of_user(db, user.id) == access.permissions
    assert users.get_user_access(db, factories.user(db).id).roles == []
    with pytest.raises(NotFound, match="user 999999999 not found"):
        users.get_user_access(db, 999_999_999)


# -- apps, instances, builds, deployments -----------------------------------------------------------------


def test_apps_with_instance_counts_pages_like_list_apps(db: omnidb.Database) -> None:
    org = factories.org(db)
    empty, two, one = (factories.app(db, org_id=org.id) for _ in range(3))
    for target, n in ((two, 2), (one, 1)):
        for _ in range(n):
            factories.instance(db, app_id=target.id)
    apps.delete_app(db, factories.app(db, org_id=org.id).id)

    page = instances.list_apps_with_instance_counts(db, org_id=org.id)

    assert [(row.app.id, row.instance_count) for row in page] == [(one.id, 1), (two.id, 2), (empty.id, 0)]
    assert [row.app for row in page] == apps.list_apps(db, org_id=org.id)
    second = instances.list_apps_with_instance_counts(db, page=1, per_page=2, org_id=org.id)
    assert [(row.app.id, row.instance_count) for row in second] == [(empty.id, 0)]
    with pytest.raises(InvalidInput) as exc:
        instances.list_apps_with_instance_counts(db, per_page=0)
    assert exc.value.field == "per_page"


def test_app_with_instances(db: omnidb.Database) -> None:
    app = factories.app(db)
    made = [factories.instance(db, app_id=app.id, instance_index=i) for i in (2, 0, 1)]

    found = instances.get_app_with_instances(db, app.id)

    assert found.app == app
    assert [i.id for i in found.instances] == [made[1].id, made[2].id, made[0].id]
    apps.delete_app(db, app.id)
    with pytest.raises(NotFound, match=f"app {app.id} not found"):
        instances.get_app_with_instances(db, app.id)


def test_deployment_with_its_build(db: omnidb.Database) -> None:
    deployment = factories.deployment(db)
    found = deployments.get_deployment_with_build(db, deployment.id)
    assert found.deployment == deployment and found.build == builds.get_build_by_id(db, deployment.build_id)
    with pytest.raises(NotFound, match="deployment 999999999 not found"):
        deployments.get_deployment_with_build(db, 999_999_999)


def test_latest_successful_build_and_latest_deployment_of_an_app(db: omnidb.Database) -> None:
    app = factories.app(db)
    with pytest.raises(NotFound, match=f"build that succeeded for app {app.id} not found"):
        builds.get_latest_successful_build(db, app.id)
    with pytest.raises(NotFound, match=f"deployment of app {app.id} not found"):
        deployments.get_latest_deployment(db, app.id)
    old = factories.build(db, app_id=app.id, status=BuildStatus.SUCCEEDED)
    good = factories.build(db, app_id=app.id, status=BuildStatus.SUCCEEDED)
    factories.build(db, app_id=app.id, status=BuildStatus.FAILED)
    factories.build(db, app_id=factories.app(db).id, status=BuildStatus.SUCCEEDED)
    first = factories.deployment(db, app_id=app.id, build_id=old.id)
    last = factories.deployment(db, app_id=app.id, build_id=good.id)

    assert builds.get_latest_successful_build(db, app.id).id == good.id
    assert deployments.get_latest_deployment(db, app.id).id == last.id != first.id
