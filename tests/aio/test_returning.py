"""``create_<r>`` on omnidb.aio in one ``INSERT ... RETURNING`` on MariaDB 10.5+, as in the sync API
(tests/v1/test_apps.py): counted from the server's own statement counters.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from dbtools import query

import omnidb.aio
from omnidb.aio.v1 import apps, orgs
from omnidb.aio.v2 import apps as apps_v2
from omnidb.config import Config
from omnidb.errors import Conflict, ParentNotFound

pytestmark = pytest.mark.asyncio

COUNTERS = ("Com_insert", "Com_select", "Com_begin", "Com_commit")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def status(db: omnidb.aio.AsyncDatabase) -> dict[str, int]:
    async with db.connection() as conn, conn.cursor() as cur:
        names = ", ".join(f"'{name}'" for name in COUNTERS)  # aiomysql takes no tuple parameter
        await cur.execute(f"SHOW SESSION STATUS WHERE Variable_name IN ({names})")
        return {str(r["Variable_name"]): int(r["Value"]) for r in await cur.fetchall()}


async def is_mariadb(db: omnidb.aio.AsyncDatabase) -> bool:
    async with db.connection() as conn:
        return "mariadb" in conn.get_server_info().lower()


@pytest.mark.parametrize("module", [apps, apps_v2], ids=["v1", "v2"])
async def test_create_is_one_statement_on_mariadb(config_at_v2: Config, module: object) -> None:
    """INSERT ... RETURNING: no BEGIN, no read-back, no COMMIT (MariaDB 10.5+; MySQL needs all four)."""
    create_app = module.create_app  # type: ignore[attr-defined]
    get_app_by_id = module.get_app_by_id  # type: ignore[attr-defined]
    db = await omnidb.aio.connect(config_at_v2, pool_size=1)  # one session: its counters are ours
    try:
        org = await orgs.create_org(db, name=unique("org"))
        mariadb = await is_mariadb(db)
        await db.schema_version()  # read (and cached) before counting: V2's functions check it
        before = await status(db)
        app = await create_app(db, org_id=org.id, name="one-statement", labels={"a": 1})
        after = await status(db)
        assert app.name == "one-statement" and app.labels == {"a": 1} and app.instances == 1
        assert app == await get_app_by_id(db, app.id)  # as stored: defaults and timestamps included
    finally:
        await db.close()
    sent = {name: after[name] - before[name] for name in COUNTERS}
    expected = {"Com_insert": 1, "Com_select": 0, "Com_begin": 0, "Com_commit": 0}
    assert sent == (expected if mariadb else {"Com_insert": 1, "Com_select": 1, "Com_begin": 1, "Com_commit": 1})


async def test_returning_create_refuses_as_the_sync_one_and_writes_nothing(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    with pytest.raises(
        Conflict, match=r"^app already exists: \(1062\) Duplicate entry '\d+-web' for key 'uq_apps_org_id_name'"
    ):
        await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    with pytest.raises(ParentNotFound, match=r"^org 987654321 not found$") as raised:
        await apps.create_app(async_db_at_v2, org_id=987654321, name="orphan")
    assert raised.value.code == 1452
    assert query(config_at_v2, "SELECT name FROM apps WHERE org_id = %s", org.id) == [{"name": "web"}]
    assert async_db_at_v2.connections_open >= 1  # refused writes do not cost the session


async def test_returning_create_joins_the_transaction(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    with pytest.raises(RuntimeError, match="undo"):
        async with async_db_at_v2.transaction() as tx:
            app = await apps.create_app(tx, org_id=org.id, name="in-tx")
            assert app == await apps.get_app_by_id(tx, app.id)  # visible inside
            raise RuntimeError("undo")
    assert query(config_at_v2, "SELECT id FROM apps WHERE org_id = %s", org.id) == []


async def test_an_idle_session_the_server_closed_is_not_used_for_the_insert(
    config_at_v2: Config,
) -> None:
    db = await omnidb.aio.connect(config_at_v2, pool_size=2)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        async with db.connection() as conn:
            victim = int(conn.thread_id())
        query(config_at_v2, f"KILL {victim}")
        await asyncio.sleep(0.2)  # the loop reads the end of the stream off the idle session
        app = await apps.create_app(db, org_id=org.id, name="after-kill")
        assert app == await apps.get_app_by_id(db, app.id)
        assert query(config_at_v2, "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s", org.id) == [{"n": 1}]
    finally:
        await db.close()


@pytest.mark.parametrize("module", [apps, apps_v2], ids=["v1", "v2"])
async def test_a_create_of_the_required_columns_alone_sends_the_short_form(
    config_at_v2: Config, module: object, caplog: pytest.LogCaptureFixture
) -> None:
    """As in the sync API (tests/v1/test_returning.py): every query logged names itself."""
    create_app = module.create_app  # type: ignore[attr-defined]
    get_app_by_id = module.get_app_by_id  # type: ignore[attr-defined]
    db = await omnidb.aio.connect(config_at_v2, slow_query_ms=0)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        mariadb = await is_mariadb(db)
        await db.schema_version()
        caplog.set_level(logging.WARNING, logger="omnidb.slow")
        sent = []
        for given in ({}, {"display_name": None}, {"display_name": "Web"}):
            caplog.clear()
            app = await create_app(db, org_id=org.id, name=unique("app"), **given)
            sent.append([r.getMessage().split()[2] for r in caplog.records if r.name == "omnidb.slow"])
            assert app == await get_app_by_id(db, app.id) and app.display_name == given.get("display_name")
    finally:
        await db.close()
    if mariadb:
        assert [names[0] for names in sent] == [
            "create_app_required_returning",
            "create_app_required_returning",
            "create_app_returning",
        ]
