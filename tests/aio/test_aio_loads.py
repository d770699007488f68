"""omnidb.aio's bulk loads (``load_<r>s``): the sync loads' file, checks and errors, on each async
driver (a LOAD DATA LOCAL on aiomysql, the INSERTs on asyncmy)."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from dbtools import query
from pymysql.constants import CLIENT

import omnidb.aio
from omnidb.aio.resource import AsyncResource
from omnidb.aio.v1 import apps, metrics, orgs
from omnidb.aio.v2 import apps as v2_apps
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, OmniDBError

pytestmark = pytest.mark.asyncio
AIO_DRIVER = os.environ.get("OMNIDB_TEST_AIO_DRIVER", "aiomysql")  # as tests/aio/conftest.py
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


async def test_on_aiomysql_the_load_is_a_load_data_of_a_private_file_on_asyncmy_the_inserts(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    org = await orgs.create_org(async_db_at_v2, name=f"f-{uuid.uuid4().hex[:8]}")
    seen: list[tuple[str, int]] = []
    real_query = AsyncResource.query

    def spy(resource: AsyncResource[Any], name: str) -> Any:
        seen.extend((name, os.stat(f).st_mode & 0o777) for f in tmp_path.iterdir())
        return real_query(resource, name)

    monkeypatch.setattr(AsyncResource, "query", spy)
    assert await apps.load_apps(async_db_at_v2, [{"org_id": org.id, "name": "x"}]) == 1
    with pytest.raises(Conflict):
        await apps.load_apps(async_db_at_v2, [{"org_id": org.id, "name": "x"}])
    assert list(tmp_path.iterdir()) == []  # removed, whatever happened
    # The file exists when the LOAD's query is looked up; on asyncmy no file is ever written.
    assert seen == ([("load_apps_bulk", 0o600)] * 2 if AIO_DRIVER == "aiomysql" else [])


@pytest.mark.skipif(AIO_DRIVER != "aiomysql", reason="only aiomysql sessions may send a file")
async def test_a_session_sends_no_file_but_the_one_its_load_wrote(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config, tmp_path: Path
) -> None:
    from omnidb.aio.session import open_loading_session

    mine, other = tmp_path / "mine.tsv", tmp_path / "secret.txt"
    mine.write_text("1\n")
    other.write_text("the server must never see this\n")
    load = "LOAD DATA LOCAL INFILE %s INTO TABLE aio_lines"
    async with async_db_at_v2.connection() as pooled, pooled.cursor() as cur:
        await cur.execute("CREATE TABLE IF NOT EXISTS aio_lines (line TEXT)")
    for allowed in (None, str(mine)):  # outside a load, and during a load of another file
        conn = await open_loading_session(config_at_v2)
        try:
            conn.omnidb_load_file = allowed
            async with conn.cursor() as cur:
                with pytest.raises(OmniDBError, match=r"refused to send the local file .*secret\.txt"):
                    await cur.execute(load, (str(other),))
            assert conn.closed  # broken off: the server was waiting for the file
        finally:
            conn.close()
    async with async_db_at_v2.connection() as pooled:
        assert not pooled.client_flag & CLIENT.LOCAL_FILES  # the capability only a load's own session has
    conn = await open_loading_session(config_at_v2)
    try:
        conn.omnidb_load_file = str(mine)
        async with conn.cursor() as cur:
            await cur.execute(load, (str(mine),))
            await cur.execute("SELECT COUNT(*) AS n FROM aio_lines")
            assert (await cur.fetchone())["n"] == 1  # the file itself goes
            await cur.execute("DROP TABLE aio_lines")
    finally:
        conn.close()
