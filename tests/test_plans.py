"""Query plans of the big lists, on a database holding realistic volumes (the optimizer rightly
scans and sorts a table of twenty rows, so small test tables prove nothing)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dbtools import MakeDatabase, admin

import omnidb
from omnidb import registry
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, builds, deployment_logs, deployments, instance_logs, instances, metrics, orgs

ROWS = 20_000


@pytest.fixture(scope="module")
def populated(make_database: MakeDatabase) -> Iterator[tuple[omnidb.Database, dict[str, int]]]:
    """Thousands of rows per big table, and one busy parent per table that the plans are asked about."""
    config = make_database()
    db = omnidb.connect(config)
    Migrator(db).migrate(1)
    org_ids = [orgs.create_org(db, name=f"org-{i}").id for i in range(20)]
    apps.create_apps(db, ({"org_id": org_ids[i % 20], "name": f"a{i}"} for i in range(ROWS)))
    app_ids = [a.id for a in apps.list_apps_after(db, None, 100)]
    busy_app = app_ids[0]
    instances.create_instances(db, (
        {"app_id": busy_app if i % 4 == 0 else app_ids[i % 100], "guid": str(uuid.uuid4()), "instance_index": i,
         "instance_type": "container", "status": "running"} for i in range(ROWS)
    ))  # fmt: skip
    with db.transaction() as tx:
        for i in range(3000):
            builds.create_build(tx, app_id=busy_app if i % 2 == 0 else app_ids[i % 100])
    build = builds.list_builds(db, 0, 1, app_id=busy_app)[0]
    with db.transaction() as tx:
        for i in range(3000):
            deployments.create_deployment(tx, app_id=busy_app if i % 2 == 0 else build.app_id, build_id=build.id)
    deployment = deployments.list_deployments(db, 0, 1)[0]
    busy_instance = instances.list_instances_after(db, None, 1, app_id=busy_app)[0].id
    other_instances = [i.id for i in instances.list_instances_after(db, None, 50)]
    now = datetime.now(timezone.utc)
    instance_logs.append_instance_logs(db, (
        {"instance_id": busy_instance if i % 4 == 0 else other_instances[i % 50], "app_id": busy_app,
         "log_type": "app", "log_level": "info", "message": "m", "logged_at": now - timedelta(seconds=i)}
        for i in range(ROWS)
    ))  # fmt: skip
    deployment_logs.append_deployment_logs(db, (
        {"deployment_id": deployment.id, "log_type": "deployment", "log_level": "info", "message": "m",
         "logged_at": now - timedelta(seconds=i)} for i in range(3000)
    ))  # fmt: skip
    metrics.record_metrics(db, (
        {"app_id": busy_app if i % 4 == 0 else app_ids[i % 100], "metric_name": "cpu", "metric_value": 1.0,
         "recorded_at": now - timedelta(seconds=i)} for i in range(ROWS)
    ))  # fmt: skip
    with admin(config).cursor() as cur:
        cur.execute("ANALYZE TABLE apps, instances, builds, deployments, instance_logs, deployment_logs, metrics")
        cur.fetchall()
    busy = {"org": org_ids[0], "app": busy_app, "instance": busy_instance, "deployment": deployment.id}
    yield db, busy
    db.close()


LATER = {"after_time": datetime(2030, 1, 1), "after_id": 10**9}
PLANNED = [
    ("list_apps_after", {"after_id": 10**9, "org_id": "@org", "status": None, "limit": 100}),
    ("list_apps_after", {"after_id": 10**9, "org_id": None, "status": "started", "limit": 100}),
    ("list_apps_after", {"after_id": None, "org_id": None, "status": None, "limit": 100}),
    ("list_apps", {"org_id": "@org", "space_id": None, "region_id": None, "status": None, "limit": 20, "offset": 0}),
    ("list_instances_after", {"after_id": 10**9, "app_id": "@app", "status": None, "limit": 100}),
    ("list_builds_after", {"after_id": 10**9, "app_id": "@app", "status": None, "limit": 100}),
    ("list_deployments_after", {"after_id": 10**9, "app_id": "@app", "status": None, "limit": 100}),
    ("list_instance_logs_after", {**LATER, "instance_id": "@instance", "app_id": None, "limit": 100}),
    ("list_deployment_logs_after", {**LATER, "deployment_id": "@deployment", "limit": 100}),
    ("list_metrics_after", {**LATER, "app_id": "@app", "instance_id": None, "metric_name": None, "limit": 100}),
]  # fmt: skip


def _plan(db: omnidb.Database, name: str, params: dict[str, Any]) -> dict[str, Any]:
    sql = getattr(registry.version(1), name).sql
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("EXPLAIN FORMAT=JSON " + cur.mogrify(sql, params).rstrip(";"))
        row = cur.fetchone()
    assert row is not None
    return dict(json.loads(next(iter(row.values()))))


def _access_types(plan: Any) -> list[str]:
    found = []
    if isinstance(plan, dict):
        if "access_type" in plan:
            found.append(plan["access_type"])
        for value in plan.values():
            found += _access_types(value)
    elif isinstance(plan, list):
        for value in plan:
            found += _access_types(value)
    return found


@pytest.mark.parametrize(("name", "params"), PLANNED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PLANNED)])
def test_big_list_queries_use_an_index_and_never_sort_the_table(
    populated: tuple[omnidb.Database, dict[str, int]], name: str, params: dict[str, Any]
) -> None:
    db, busy = populated
    bound = {k: busy[v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in params.items()}
    plan = _plan(db, name, bound)
    text = json.dumps(plan)
    assert '"filesort"' not in text and '"using_filesort": true' not in text, text  # MariaDB / MySQL
    assert "ALL" not in _access_types(plan), text  # no full table scan
