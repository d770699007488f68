"""Plans of every list of a large owner, at 100,000 rows of one owner: each reads an index in its
ORDER BY order, never sorts, never intersects indexes, never scans the table.

One org owns 100,000 apps; one app owns 100,000 instances, builds, deployments, log lines, metric
samples and audit entries (a smaller org and app hold the rest). The queries are the shipped named
queries, each with only its owner filter set, as the API pages through them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from dbtools import MakeDatabase, admin

import omnidb
from omnidb import registry
from omnidb.tooling.migrate import Migrator

pytestmark = pytest.mark.slow

BIG = 100_000
DIGITS = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " \
         "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"  # fmt: skip
NUMBERS = (
    f"(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n "
    f"FROM {DIGITS} AS a, {DIGITS} AS b, {DIGITS} AS c, {DIGITS} AS e, {DIGITS} AS f) AS numbers"
)
FILL = [
    "INSERT INTO orgs (name) VALUES ('big'), ('small')",
    f"INSERT INTO apps (org_id, name) SELECT 1, CONCAT('a', n) FROM {NUMBERS}",
    f"INSERT INTO apps (org_id, name) SELECT 2, CONCAT('b', n) FROM {NUMBERS} WHERE n < 1000",
    f"INSERT INTO instances (app_id, guid, instance_index, instance_type) "
    f"SELECT IF(n % 10 = 0, 2, 1), UUID(), n, 'container' FROM {NUMBERS}",
    f"INSERT INTO builds (app_id) SELECT IF(n % 10 = 0, 2, 1) FROM {NUMBERS}",
    f"INSERT INTO deployments (app_id, build_id) SELECT IF(n % 10 = 0, 2, 1), 1 FROM {NUMBERS}",
    f"INSERT INTO instance_logs (instance_id, app_id, message, logged_at) "
    f"SELECT IF(n % 10 = 0, 2, 1), 1, 'm', NOW(6) - INTERVAL n SECOND FROM {NUMBERS}",
    f"INSERT INTO metrics (app_id, instance_id, metric_name, metric_value, recorded_at) "
    f"SELECT IF(n % 10 = 0, 2, 1), 1, 'cpu', 1.0, NOW(6) - INTERVAL n SECOND FROM {NUMBERS}",
    f"INSERT INTO audit_logs (org_id, app_id, action, resource_type) "
    f"SELECT IF(n % 10 = 0, 2, 1), IF(n % 10 = 0, 2, 1), 'update', 'app' FROM {NUMBERS}",
    "ANALYZE TABLE orgs, apps, instances, builds, deployments, instance_logs, metrics, audit_logs",
]


@pytest.fixture(scope="module")
def big(make_database: MakeDatabase) -> Iterator[omnidb.Database]:
    config = make_database()
    db = omnidb.connect(config)
    Migrator(db).migrate(1)
    conn = admin(config)
    with conn.cursor() as cur:
        for statement in FILL:
            cur.execute(statement)
            cur.fetchall()
    conn.close()
    yield db
    db.close()


def _params(name: str, owner: dict[str, Any]) -> dict[str, Any]:
    query = getattr(registry.version(1), name)
    values: dict[str, Any] = dict.fromkeys(query.parameters)
    values.update({k: v for k, v in owner.items() if k in values})
    if "limit" in values:
        values["limit"] = 1000
    if "offset" in values:
        values["offset"] = 0
    if "after_id" in values:
        values["after_id"] = 10**12
    if "after_time" in values:
        values["after_time"] = datetime(2100, 1, 1)
    return values


OWNED = [
    ("apps", {"org_id": 1}),
    ("instances", {"app_id": 1}),
    ("builds", {"app_id": 1}),
    ("deployments", {"app_id": 1}),
    ("instance_logs", {"instance_id": 1}),
    ("instance_logs", {"app_id": 1}),
    ("metrics", {"app_id": 1}),
    ("audit_logs", {"org_id": 1}),
    ("audit_logs", {"app_id": 1}),
]
CASES = [
    (f"list_{table}{suffix}", owner)
    for table, owner in OWNED
    for suffix in ("", "_after")
    if hasattr(registry.version(1), f"list_{table}{suffix}")
    and set(owner) <= set(getattr(registry.version(1), f"list_{table}{suffix}").parameters)
]


@pytest.mark.parametrize(("name", "owner"), CASES, ids=[f"{n}-{next(iter(o))}" for n, o in CASES])
def test_a_page_of_a_large_owner_reads_an_index_in_order(
    big: omnidb.Database, name: str, owner: dict[str, Any]
) -> None:
    sql = getattr(registry.version(1), name).sql
    with big.connection() as conn, conn.cursor() as cur:
        cur.execute("EXPLAIN FORMAT=JSON " + cur.mogrify(sql, _params(name, owner)).rstrip(";"))
        row = cur.fetchone()
    assert row is not None
    text = next(iter(row.values()))
    plan = json.loads(text)
    assert '"filesort"' not in text and '"using_filesort": true' not in text, text
    assert "index_merge" not in text, text
    assert '"access_type": "ALL"' not in text, text
    assert '"key":' in json.dumps(plan), text  # an index serves it
