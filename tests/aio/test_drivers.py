"""What omnidb relies on from its async driver, checked on the real server for the suite's driver
(``OMNIDB_TEST_AIO_DRIVER``: aiomysql or asyncmy; tox runs both): values convert exactly as on the
sync path (PyMySQL), errors classify alike, streaming is unbuffered, and TLS options are enforced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from decimal import Decimal
from typing import Any

import pymysql.connections
import pymysql.converters
import pytest
from dbtools import query

import omnidb
import omnidb.aio
from omnidb.aio.session import tuple_cursor
from omnidb.aio.transaction import translated
from omnidb.aio.v1 import apps, cost_budgets, orgs, providers, regions
from omnidb.config import Config, parse_dsn
from omnidb.errors import ConfigError, ConnectionFailed, ForeignKeyViolation, TransientError
from omnidb.v1 import cost_budgets as sync_cost_budgets
from omnidb.v1.tables import CostBudgetPeriod

pytestmark = pytest.mark.asyncio
AIO_DRIVER = os.environ.get("OMNIDB_TEST_AIO_DRIVER", "aiomysql")  # as tests/aio/conftest.py


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_the_suite_runs_on_the_driver_it_names(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    assert async_db_at_v2.config.aio_driver == AIO_DRIVER
    async with async_db_at_v2.connection() as conn:
        # The driver's session class (omnidb's subclass of it on aiomysql)
        assert {kind.__module__.split(".")[0] for kind in type(conn).__mro__} >= {AIO_DRIVER}
        assert tuple_cursor(conn).__module__.split(".")[0] == AIO_DRIVER
        assert tuple_cursor(conn, unbuffered=True).__name__ == "SSCursor"


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")  # a sync test under the module's asyncio mark
def test_aio_driver_is_a_dsn_option_the_sync_api_ignores(config_at_v2: Config) -> None:
    assert parse_dsn("mysql://h/db").aio_driver == "aiomysql"
    assert parse_dsn("mysql://h/db?aio_driver=asyncmy&driver=pymysql").aio_driver == "asyncmy"
    with pytest.raises(ConfigError, match=r"^aio_driver must be one of aiomysql, asyncmy, got 'trio'$"):
        parse_dsn("mysql://h/db?aio_driver=trio")
    # The sync API ignores it, even where asyncmy is not installed (checked only when omnidb.aio connects).
    with omnidb.connect(config_at_v2, aio_driver="asyncmy") as db, db.connection() as conn:
        assert isinstance(conn, pymysql.connections.Connection) or type(conn).__module__.startswith("MySQLdb")


TYPED = """SELECT CAST('2024-02-29 23:59:58.123456' AS DATETIME(6)) AS dt, CAST('2024-02-29' AS DATE) AS d,
    CAST('-838:59:59' AS TIME) AS t, CAST('12.3400' AS DECIMAL(10, 4)) AS dec4,
    CAST(18446744073709551615 AS UNSIGNED) AS big, 1.5e0 AS dbl, b'101' AS bits, x'00ff' AS bin,
    JSON_OBJECT('a', 1, 'b', JSON_ARRAY(1, 2)) AS js, NULL AS nothing, _utf8mb4'😀 ü \\\\ '' "' AS text,
    %(when)s AS p_dt, %(day)s AS p_d, %(amount)s AS p_dec, %(none)s AS p_none,
    %(yes)s AS p_bool, %(nasty)s AS p_str, %(span)s AS p_td, %(ratio)s AS p_float, %(huge)s AS p_int"""
PARAMS: dict[str, Any] = {
    "when": dt.datetime(2024, 2, 29, 23, 59, 58, 123456),
    "day": dt.date(2024, 2, 29),
    "amount": Decimal("-0.000100"),
    "none": None,
    "yes": True,
    "nasty": "'; DROP TABLE apps; -- \\ \" ` %s 😀",
    "span": dt.timedelta(hours=-1, seconds=5),
    "ratio": 0.1,
    "huge": 2**63 - 1,
}


async def test_values_convert_as_on_the_sync_path(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    sync_db = omnidb.connect(config_at_v2, driver="pymysql")
    with sync_db, sync_db.connection() as conn, conn.cursor() as cur:
        cur.execute(TYPED, PARAMS)
        expected = cur.fetchone()
    async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
        await cur.execute(TYPED, PARAMS)
        got = await cur.fetchone()
    assert got == expected
    assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in expected.items()}
    assert got["dt"] == dt.datetime(2024, 2, 29, 23, 59, 58, 123456) and got["dec4"] == Decimal("12.3400")
    assert got["bits"] == b"\x05" and got["t"] == -dt.timedelta(hours=838, minutes=59, seconds=59)
    assert got["nothing"] is None and got["p_none"] is None and got["text"] == "😀 ü \\ ' \""


async def test_decimal_enum_date_and_json_columns_round_trip_as_on_the_sync_path(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    budget = await cost_budgets.create_cost_budget(
        async_db_at_v2, org_id=org.id, budget_name="q1", budget_amount=Decimal("1234.56"),
        budget_period=CostBudgetPeriod.QUARTERLY, period_start=dt.date(2024, 1, 1),
        alert_threshold_percentage=Decimal("80.00"), alert_contacts=["ops@example.com", {"pager": 7}],
    )  # fmt: skip
    assert budget.budget_amount == Decimal("1234.56") and budget.budget_period is CostBudgetPeriod.QUARTERLY
    assert budget.alert_contacts == ["ops@example.com", {"pager": 7}] and budget.period_start == dt.date(2024, 1, 1)
    with omnidb.connect(config_at_v2, driver="pymysql") as sync_db:
        assert sync_cost_budgets.get_cost_budget_by_id(sync_db, budget.id) == budget
    assert await cost_budgets.get_cost_budget_by_id(async_db_at_v2, budget.id) == budget


async def test_a_lock_wait_timeout_is_transient_and_the_transaction_is_re_run(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    holding = asyncio.Event()
    runs = 0

    async def hold() -> None:
        async with async_db_at_v2.transaction() as tx:
            await orgs.update_org(tx, org.id, description="holder")
            holding.set()
            await asyncio.sleep(2.6)  # past the first run and one re-run of the second

    async def wait(tx: omnidb.aio.AsyncTransaction) -> None:
        nonlocal runs
        runs += 1
        async with tx.connection.cursor() as cur:
            await cur.execute("SET SESSION innodb_lock_wait_timeout = 1")
        await orgs.update_org(tx, org.id, description="waiter")

    holder = asyncio.create_task(hold())
    await holding.wait()
    with pytest.raises(TransientError, match=r"^\(1205\) Lock wait timeout exceeded") as raised:
        await async_db_at_v2.run_in_transaction(wait, retries=0)
    assert raised.value.code == 1205 and runs == 1
    await async_db_at_v2.run_in_transaction(wait, retries=3, backoff=0.4)  # re-run until the holder is done
    await holder
    assert runs >= 3 and (await orgs.get_org_by_id(async_db_at_v2, org.id)).description == "waiter"


async def test_a_parent_with_children_is_a_foreign_key_violation(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    provider = await providers.create_provider(async_db_at_v2, name=unique("p"), display_name="P")
    await regions.create_region(async_db_at_v2, provider_id=provider.id, name=unique("r"), display_name="R")
    with pytest.raises(ForeignKeyViolation, match=r"^\(1451\) Cannot delete or update a parent row") as raised:
        async with async_db_at_v2.connection() as conn, translated(), conn.cursor() as cur:
            await cur.execute("DELETE FROM providers WHERE id = %s", (provider.id,))
    assert raised.value.code == 1451


async def test_leaving_a_stream_early_leaves_a_usable_session(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    await apps.create_apps(async_db_at_v2, [{"org_id": org.id, "name": f"s-{n}"} for n in range(1500)])
    seen = 0
    async for _ in apps.iter_apps(async_db_at_v2, org_id=org.id):
        seen += 1
        if seen == 10:
            break
    await asyncio.sleep(0)  # the generator's cleanup runs
    assert await apps.count_apps(async_db_at_v2, org_id=org.id) == 1500


async def test_a_tls_option_refuses_a_server_without_tls(config_at_v2: Config) -> None:
    if query(config_at_v2, "SHOW VARIABLES LIKE 'have_ssl'") == [{"Variable_name": "have_ssl", "Value": "YES"}]:
        pytest.skip("the test server offers TLS (tests/test_tls.py covers that side with a private server)")
    with pytest.raises(ConnectionFailed, match=r"^cannot connect to .*TLS") as raised:
        await omnidb.aio.connect(config_at_v2, ssl=True)
    assert raised.value.code == 2026
    if config_at_v2.aio_driver == "aiomysql":  # asyncmy starts the handshake unasked: its error is the handshake's
        assert "the server does not offer TLS, and the DSN requires it" in str(raised.value)


async def test_bytes_and_sequence_parameters_differ_between_the_drivers(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    """omnidb passes neither (no binary column, no IN list takes a tuple), but a raw cursor may:
    aiomysql 0.3 calls escapers that PyMySQL 1.2 removed (with PyMySQL 1.1 it escapes both as
    PyMySQL does); asyncmy escapes both as PyMySQL does.
    """
    sql = "SELECT HEX(%s) AS h, 2 IN %s AS found"
    sync_db = omnidb.connect(async_db_at_v2.config, driver="pymysql")
    with sync_db, sync_db.connection() as conn, conn.cursor() as cur:
        cur.execute(sql, (b"\x00\xff'", (1, 2)))
        assert cur.fetchone() == {"h": "00FF27", "found": 1}
    async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
        # PyMySQL 1.2 left the escapers' names in place, as strings ("DO NOT IMPORT THIS!!!")
        if AIO_DRIVER == "aiomysql" and not callable(getattr(pymysql.converters, "escape_bytes_prefixed", None)):
            with pytest.raises(TypeError):
                await cur.execute(sql, (b"\x00\xff'", 1))
            with pytest.raises(TypeError, match="tuple can not be used as parameter"):
                await cur.execute(sql, ("x", (1, 2)))
        else:
            await cur.execute(sql, (b"\x00\xff'", (1, 2)))
            assert await cur.fetchone() == {"h": "00FF27", "found": 1}


async def test_a_driver_release_lacking_an_internal_gets_sessions_without_it_said_once(
    config_at_v2: Config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A release omnidb was not tested on, lacking something its sessions reach into: they work all
    the same (reads, writes, a session killed while idle replaced), with one warning naming what
    lacks and what is done without."""
    from omnidb.aio import session
    from omnidb.errors import OmniDBError
    from omnidb.session import DriverInternals

    tested = session._asyncmy_internals() if AIO_DRIVER == "asyncmy" else session.AIOMYSQL
    release = DriverInternals(AIO_DRIVER, "9.9.9", tested.tested, (*tested.internals, (None, "_proto.omnidb_gone")))
    release.consequence = tested.consequence
    if AIO_DRIVER == "asyncmy":
        monkeypatch.setattr(session, "_asyncmy_internals", lambda: release)
    else:
        monkeypatch.setattr(session, "AIOMYSQL", release)
    db = await omnidb.aio.connect(config_at_v2, pool_size=1)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        async with db.connection() as conn:
            if AIO_DRIVER == "aiomysql":
                import aiomysql

                assert type(conn) is aiomysql.Connection  # aiomysql's own class, not omnidb's
            assert not hasattr(conn, "omnidb_write_watch")
            victim = conn.thread_id()
        query(config_at_v2, f"KILL {int(victim)}")
        await asyncio.sleep(0.1)
        # The killed session found by a ping before a single-statement write (a create returning its row)
        app = await apps.create_app(db, org_id=org.id, name=unique("app"))
        assert query(config_at_v2, "SELECT name FROM apps WHERE id = %s", app.id) == [{"name": app.name}]
        async with db.connection() as conn:
            victim = conn.thread_id()
        query(config_at_v2, f"KILL {int(victim)}")
        await asyncio.sleep(0.1)
        for _ in range(3):  # found at a read's first statement, the read repeated
            assert await orgs.get_org_by_id(db, org.id) == org
    finally:
        await db.close()
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warned == [
        f"{AIO_DRIVER} 9.9.9 lacks session._proto.omnidb_gone, which omnidb's sessions use: {tested.consequence}; "
        f"omnidb was tested on {AIO_DRIVER} {tested.tested}"
    ]
    if AIO_DRIVER == "aiomysql":
        with pytest.raises(OmniDBError, match=r"^bulk loads are off: aiomysql 9.9.9 lacks session._proto.omnidb_gone"):
            await session.open_loading_session(config_at_v2)
