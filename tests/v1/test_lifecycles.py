"""Domain actions of the other resources: builds, deployments, instances, logs, metrics, users, keys."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import flavour
import pytest
from dbtools import query
from v1 import factories

import omnidb
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, NotFound
from omnidb.v1.tables import (
    BuildStatus,
    DeploymentStatus,
    InstanceHealthStatus,
    InstanceLogLogLevel,
    InstanceStatus,
)

# The sync modules, or their async twins (pytest --flavour aio): tests/flavour.py.
(
    api_keys,
    builds,
    config_vars,
    deployment_logs,
    deployments,
    domains,
    instance_logs,
    instances,
    metrics,
    users,
    workers,
) = flavour.modules(
    1,
    "api_keys",
    "builds",
    "config_vars",
    "deployment_logs",
    "deployments",
    "domains",
    "instance_logs",
    "instances",
    "metrics",
    "users",
    "workers",
)


def test_a_build_goes_pending_building_succeeded_with_timestamps(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    build = factories.build(db_at_v1_or_v2)
    assert build.status is BuildStatus.PENDING and build.started_at is None

    started = builds.start_build(db_at_v1_or_v2, build.id)
    assert started.status is BuildStatus.BUILDING and started.started_at is not None
    time.sleep(1.1)
    done = builds.finish_build(
        db_at_v1_or_v2, build.id, BuildStatus.SUCCEEDED, artifact_url="s3://a/b", artifact_size=42
    )

    assert done.status is BuildStatus.SUCCEEDED and done.completed_at is not None
    assert done.completed_at > started.started_at and done.build_duration is not None and done.build_duration >= 1
    row = query(config_at_v1_or_v2, "SELECT status, artifact_url, artifact_size FROM builds WHERE id = %s", build.id)[0]
    assert row == {"status": "succeeded", "artifact_url": "s3://a/b", "artifact_size": 42}


def test_refused_build_transitions_are_conflicts_naming_the_status(db_at_v1_or_v2: omnidb.Database) -> None:
    build = factories.build(db_at_v1_or_v2)
    builds.finish_build(db_at_v1_or_v2, build.id, BuildStatus.FAILED, error_message="compiler crashed")

    with pytest.raises(Conflict, match=f"build {build.id} is failed: cannot start it"):
        builds.start_build(db_at_v1_or_v2, build.id)
    with pytest.raises(Conflict, match=f"build {build.id} is failed: cannot finish it"):
        builds.finish_build(db_at_v1_or_v2, build.id, BuildStatus.SUCCEEDED)
    with pytest.raises(InvalidInput, match="status must be succeeded, failed or canceled"):
        builds.finish_build(db_at_v1_or_v2, build.id, BuildStatus.BUILDING)
    with pytest.raises(NotFound, match="build 987654321 not found"):
        builds.start_build(db_at_v1_or_v2, 987654321)
    assert builds.get_build_by_id(db_at_v1_or_v2, build.id).error_message == "compiler crashed"


def test_a_deployment_goes_pending_in_progress_deployed(db_at_v1_or_v2: omnidb.Database) -> None:
    deployment = factories.deployment(db_at_v1_or_v2)
    assert deployments.start_deployment(db_at_v1_or_v2, deployment.id).status is DeploymentStatus.IN_PROGRESS
    done = deployments.finish_deployment(db_at_v1_or_v2, deployment.id, DeploymentStatus.DEPLOYED)
    assert done.status is DeploymentStatus.DEPLOYED and done.completed_at is not None
    assert done.deployment_duration is not None
    with pytest.raises(Conflict, match="is deployed: cannot start it"):
        deployments.start_deployment(db_at_v1_or_v2, deployment.id)
    assert deployments.list_deployments(db_at_v1_or_v2, app_id=deployment.app_id) == [done]
    assert (
        deployments.list_deployments(db_at_v1_or_v2, build_id=deployment.build_id, status=DeploymentStatus.FAILED) == []
    )


def test_instance_status_stamps_start_and_stop_and_lists_by_app_and_status(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    first = factories.instance(db_at_v1_or_v2, app_id=app.id, instance_index=0)
    second = factories.instance(db_at_v1_or_v2, app_id=app.id, instance_index=1)

    running = instances.set_instance_status(db_at_v1_or_v2, first.id, InstanceStatus.RUNNING)
    assert running.started_at is not None and running.stopped_at is None
    crashed = instances.set_instance_status(db_at_v1_or_v2, first.id, InstanceStatus.CRASHED)
    assert crashed.stopped_at is not None and crashed.started_at == running.started_at
    healthy = instances.record_instance_health(db_at_v1_or_v2, second.id, InstanceHealthStatus.HEALTHY, cpu_usage=12.5)
    assert healthy.health_status is InstanceHealthStatus.HEALTHY and healthy.cpu_usage == 12.5
    assert healthy.last_health_check is not None

    assert instances.list_instances(db_at_v1_or_v2, app_id=app.id) == [healthy, crashed]
    assert instances.list_instances(db_at_v1_or_v2, app_id=app.id, status=InstanceStatus.CRASHED) == [crashed]
    assert instances.count_instances(db_at_v1_or_v2, app_id=app.id, status=InstanceStatus.STARTING) == 1
    with pytest.raises(Conflict, match="instance already exists"):
        factories.instance(db_at_v1_or_v2, app_id=app.id, instance_index=1)


def test_logs_append_and_read_back_by_time_range(db_at_v1_or_v2: omnidb.Database) -> None:
    instance = factories.instance(db_at_v1_or_v2)
    base = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    lines = [
        instance_logs.create_instance_log(
            db_at_v1_or_v2, instance_id=instance.id, app_id=instance.app_id, message=f"line {i}",
            log_level=InstanceLogLogLevel.ERROR if i == 2 else None, logged_at=base + timedelta(minutes=i),
        )
        for i in range(5)
    ]  # fmt: skip

    window = instance_logs.list_instance_logs(
        db_at_v1_or_v2, instance_id=instance.id, since=base + timedelta(minutes=1), until=base + timedelta(minutes=4)
    )
    assert [line.message for line in window] == ["line 3", "line 2", "line 1"]
    assert instance_logs.list_instance_logs(
        db_at_v1_or_v2, app_id=instance.app_id, log_level=InstanceLogLogLevel.ERROR
    ) == [lines[2]]
    assert (
        instance_logs.count_instance_logs(db_at_v1_or_v2, instance_id=instance.id, since=base + timedelta(minutes=3))
        == 2
    )
    assert lines[0].logged_at == base
    with pytest.raises(InvalidInput, match="since: naive datetime"):
        instance_logs.list_instance_logs(db_at_v1_or_v2, since=datetime(2026, 1, 1))


def test_deployment_logs_and_metrics_by_time_range(db_at_v1_or_v2: omnidb.Database) -> None:
    deployment = factories.deployment(db_at_v1_or_v2)
    early = datetime(2026, 2, 1, tzinfo=timezone.utc)
    deployment_logs.create_deployment_log(db_at_v1_or_v2, deployment_id=deployment.id, message="old", logged_at=early)
    recent = deployment_logs.create_deployment_log(db_at_v1_or_v2, deployment_id=deployment.id, message="new")
    assert deployment_logs.list_deployment_logs(
        db_at_v1_or_v2, deployment_id=deployment.id, since=early + timedelta(days=1)
    ) == [recent]

    app = factories.app(db_at_v1_or_v2)
    for minute, value in enumerate([1.0, 2.0, 3.0]):
        metrics.create_metric(
            db_at_v1_or_v2,
            app_id=app.id,
            metric_name="rps",
            metric_value=value,
            recorded_at=early + timedelta(minutes=minute),
        )
    metrics.create_metric(db_at_v1_or_v2, app_id=app.id, metric_name="cpu", metric_value=9.0, recorded_at=early)
    samples = metrics.list_metrics(db_at_v1_or_v2, app_id=app.id, metric_name="rps", since=early + timedelta(minutes=1))
    assert [s.metric_value for s in samples] == [3.0, 2.0]


def test_users_by_email_logins_and_secrets_out_of_repr(db_at_v1_or_v2: omnidb.Database) -> None:
    user = factories.user(db_at_v1_or_v2, password_hash="argon2-secret-hash", salt="pepper-salt")
    assert users.get_user_by_email(db_at_v1_or_v2, user.email) == user
    assert "argon2-secret-hash" not in repr(user) and "pepper-salt" not in repr(user)
    assert users.record_failed_login(db_at_v1_or_v2, user.id).login_attempts == 1
    logged_in = users.record_login(db_at_v1_or_v2, user.id)
    assert logged_in.login_attempts == 0 and logged_in.last_login_at is not None
    with pytest.raises(NotFound, match=r"user 'nobody@example\.test' not found"):
        users.get_user_by_email(db_at_v1_or_v2, "nobody@example.test")


def test_api_keys_by_prefix_revoke_once(db_at_v1_or_v2: omnidb.Database) -> None:
    key = factories.api_key(db_at_v1_or_v2, scopes=["apps.read"])
    assert api_keys.get_api_key_by_prefix(db_at_v1_or_v2, key.prefix) == key and key.scopes == ["apps.read"]
    revoker = factories.user(db_at_v1_or_v2)
    revoked = api_keys.revoke_api_key(db_at_v1_or_v2, key.id, revoked_by=revoker.id)
    assert revoked.revoked is True and revoked.revoked_at is not None and revoked.revoked_by == revoker.id
    with pytest.raises(Conflict, match=f"api key {key.id} is revoked: cannot revoke it"):
        api_keys.revoke_api_key(db_at_v1_or_v2, key.id)
    assert api_keys.touch_api_key(db_at_v1_or_v2, key.id).last_used_at is not None
    assert "hash" not in repr(key).replace("key_hash", "")


def test_config_vars_upsert_and_lookup(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    app = factories.app(db_at_v1_or_v2)
    first = config_vars.set_config_var(db_at_v1_or_v2, app.id, "DATABASE_URL", "mysql://one", is_secret=True)
    second = config_vars.set_config_var(db_at_v1_or_v2, app.id, "DATABASE_URL", "mysql://two")
    assert second.id == first.id and second.value == "mysql://two" and second.is_secret is True
    assert config_vars.get_config_var_by_key(db_at_v1_or_v2, app.id, "DATABASE_URL") == second
    assert "mysql://two" not in repr(second)
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM config_vars WHERE app_id = %s", app.id) == [{"n": 1}]
    with pytest.raises(NotFound, match=f"config var 'NOPE' of app {app.id} not found"):
        config_vars.get_config_var_by_key(db_at_v1_or_v2, app.id, "NOPE")


def test_worker_heartbeat_and_domain_verification(db_at_v1_or_v2: omnidb.Database) -> None:
    worker = factories.worker(db_at_v1_or_v2)
    beat = workers.record_worker_heartbeat(db_at_v1_or_v2, worker.id, cpu_available=1.5)
    assert beat.last_heartbeat is not None and beat.cpu_available == 1.5
    assert beat.memory_available == worker.memory_available
    domain = factories.domain(db_at_v1_or_v2)
    verified = domains.mark_domain_verified(db_at_v1_or_v2, domain.id)
    assert verified.verified is True and verified.verification_status.value == "verified"
