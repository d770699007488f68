"""omnidb.aio's bulk loads (``load_<r>s``): the sync loads' file, checks and errors, on each async driver."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from dbtools import query

import omnidb.aio
from omnidb.aio.v1 import apps, metrics, orgs
from omnidb.aio.v2 import apps as v2_apps
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, OmniDBError

pytestmark = pytest.mark.asyncio
TRICKY = ["tab\there", "new\nline", "back\\slash", "nul\0byte", "\\N", "ünïcødé ✓"]


async def test_a_load_stores_what_create_stores(async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config) -> None:
    inserted = await orgs.create_org(async_db_at_v2, name=f"i-{uuid.uuid4().hex[:8]}")
    loaded = await orgs.create_org(async_db_at_v2, name=f"l-{uuid.uuid4().hex[:8]}")
    rows = [{"name": f"a{i}", "display_name": text, "labels": {"t": text}} for i, text in enumerate(TRICKY)]

    assert await apps.create_apps(async_db_at_v2, [{**r, "org_id": inserted.id} for r in rows]) == len(rows)
    assert await apps.load_apps(async_db_at_v2, [{**r, "org_id": loaded.id} for r in rows]) == len(rows)
    assert await v2_apps.load_apps(async_db_at_v2, [{"org_id": loaded.id, "name": "fn", "app_type": "function"}]) == 1

    sql = (
        "SELECT name, display_name, CAST(labels AS CHAR) AS labels FROM apps "
        "WHERE org_id = %s AND name LIKE 'a%%' ORDER BY name"
    )
    assert query(config_at_v2, sql, loaded.id) == query(config_at_v2, sql, inserted.id)
    assert (await v2_apps.get_app_by_name(async_db_at_v2, loaded.id, "fn")).app_type == "function"
    now = datetime.now(timezone.utc)
    sample = {"app_id": None, "metric_name": "cpu", "metric_value": 0.5, "recorded_at": now, "labels": None}
    app = await apps.get_app_by_name(async_db_at_v2, loaded.id, "a0")
    assert await metrics.load_metrics(async_db_at_v2, [{**sample, "app_id": app.id}]) == 1


async def test_a_bad_load_inserts_nothing(async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config) -> None:
    org = await orgs.create_org(async_db_at_v2, name=f"b-{uuid.uuid4().hex[:8]}")
    count = "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s"
    with pytest.raises(Conflict, match=r"app already exists: \(1062\) Duplicate entry"):
        await apps.load_apps(async_db_at_v2, [{"org_id": org.id, "name": "x"}, {"org_id": org.id, "name": "x"}])
    with pytest.raises(InvalidInput, match="load_apps: row 1 has no column nmae"):
        await apps.load_apps(async_db_at_v2, [{"org_id": org.id, "name": "y"}, {"org_id": org.id, "nmae": "z"}])
    assert query(config_at_v2, count, org.id) == [{"n": 0}]
    async with async_db_at_v2.transaction() as tx:
        with pytest.raises(OmniDBError, match="load_apps runs in a transaction of its own"):
            await apps.load_apps(tx, [{"org_id": org.id, "name": "y"}])  # type: ignore[arg-type]
