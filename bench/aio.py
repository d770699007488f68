"""omnidb.aio benchmarks, side by side in one run: omnidb.aio, the raw async driver (aiomysql)
building the same attrs struct by hand, and SQLAlchemy's asyncio engine (Core, the same SQL); then
omnidb.aio on each of its drivers (aio_driver=aiomysql, aio_driver=asyncmy) against that driver by
hand, the ratio per driver.

    python bench/aio.py            # needs: pip install -r bench/requirements.txt
    python bench/aio.py --quick

The server comes from --dsn or $OMNIDB_BENCH_DSN (default mysql://root@127.0.0.1:3306/); the run
creates its own database and drops it. Results are ratios of medians of alternating rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aiomysql
from common import columns_of, hand_builder

import omnidb
import omnidb.aio
from omnidb.aio.v1 import apps as aapps
from omnidb.config import Config, parse_dsn
from omnidb.tooling.databases import create_database, drop_database
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs
from omnidb.v1.tables import App

SELECT = f"SELECT {', '.join(columns_of(App))} FROM apps"  # the struct's own field names


async def rounds(sides: dict[str, Callable[[], Awaitable[Any]]], count: int, rounds: int = 5) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in sides}
    per_round = max(1, count // rounds)
    for _ in range(rounds):
        for name, fn in sides.items():
            started = time.perf_counter()
            for _ in range(per_round):
                await fn()
            samples[name].append((time.perf_counter() - started) / per_round)
    return {name: statistics.median(values) for name, values in samples.items()}


async def run(config: Config, quick: bool) -> tuple[list[str], list[str]]:
    scale = (lambda n: max(1, n // 20)) if quick else (lambda n: n)
    lines: list[str] = []
    per_driver: list[str] = []  # omnidb.aio on each driver against that driver by hand
    with omnidb.connect(config) as sync_db:
        org = orgs.create_org(sync_db, name="bench")
        one = apps.create_app(sync_db, org_id=org.id, name="one", labels={"tier": "web"})
        apps.create_apps(sync_db, ({"org_id": org.id, "name": f"p{i}", "labels": {"i": i}} for i in range(999)))
    build = hand_builder(App)
    db = await omnidb.aio.connect(config, pool_size=10)
    raw = await aiomysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password, db=config.database,
        autocommit=True, init_command="SET SESSION time_zone = '+00:00'", charset="utf8mb4",
    )  # fmt: skip
    by_id = f"{SELECT} WHERE id = %s AND deleted_at IS NULL"
    page = f"{SELECT} WHERE deleted_at IS NULL AND org_id = %s ORDER BY id DESC LIMIT 1000"

    async def raw_get() -> App:
        async with raw.cursor() as cur:
            await cur.execute(by_id, (one.id,))
            return build(await cur.fetchone())

    async def raw_page() -> list[App]:
        async with raw.cursor() as cur:
            await cur.execute(page, (org.id,))
            return [build(r) for r in await cur.fetchall()]

    sides_get: dict[str, Callable[[], Awaitable[Any]]] = {
        "omnidb.aio": lambda: aapps.get_app_by_id(db, one.id),
        "aiomysql": raw_get,
    }
    sides_page: dict[str, Callable[[], Awaitable[Any]]] = {
        "omnidb.aio": lambda: aapps.list_apps(db, 0, 1000, org_id=org.id),
        "aiomysql": raw_page,
    }
    engine = None
    try:
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(
            f"mysql+aiomysql://{config.user}:{config.password}@{config.host}:{config.port}/{config.database}",
            pool_size=10,
        )
        sa_get, sa_page = text(by_id.replace("%s", ":id")), text(page.replace("%s", ":org"))

        async def alchemy_get() -> App:
            async with engine.connect() as conn:  # type: ignore[union-attr]
                return build(tuple((await conn.execute(sa_get, {"id": one.id})).one()))

        async def alchemy_page() -> list[App]:
            async with engine.connect() as conn:  # type: ignore[union-attr]
                return [build(tuple(r)) for r in (await conn.execute(sa_page, {"org": org.id})).all()]

        sides_get["SQLAlchemy asyncio"] = alchemy_get
        sides_page["SQLAlchemy asyncio"] = alchemy_page
    except ImportError:
        lines.append("(SQLAlchemy not installed: pip install -r bench/requirements.txt)")

    assert await sides_get["omnidb.aio"]() == await raw_get()
    t = await rounds(sides_get, scale(5000))
    lines.append(_line("get_app_by_id", t, "µs", 1e6))
    t = await rounds(sides_page, scale(100))
    lines.append(_line("list_apps(per_page=1000)", t, "ms", 1e3))

    # The two async drivers omnidb can use (aio_driver=...), raw on the same query, and omnidb.aio on
    # asyncmy against asyncmy by hand: the "within 1.10x of the raw driver" goal, per driver.
    try:
        import asyncmy
        from asyncmy.cursors import Cursor as AsyncmyCursor

        other = await asyncmy.connect(
            host=config.host, port=config.port, user=config.user, password=config.password,
            database=config.database, autocommit=True, init_command="SET SESSION time_zone = '+00:00'",
            charset="utf8mb4",
        )  # fmt: skip
        db_asyncmy = await omnidb.aio.connect(config, pool_size=10, aio_driver="asyncmy")

        async def asyncmy_get() -> App:
            async with other.cursor(cursor=AsyncmyCursor) as cur:
                await cur.execute(by_id, (one.id,))
                return build(await cur.fetchone())

        async def asyncmy_page() -> list[App]:
            async with other.cursor(cursor=AsyncmyCursor) as cur:
                await cur.execute(page, (org.id,))
                return [build(r) for r in await cur.fetchall()]

        t = await rounds({"aiomysql": raw_get, "asyncmy": asyncmy_get}, scale(5000))
        lines.append(
            f"| drivers, get by id by hand | - | aiomysql {t['aiomysql'] * 1e6:.1f} µs | "
            f"asyncmy {t['asyncmy'] * 1e6:.1f} µs ({t['asyncmy'] / t['aiomysql']:.2f}x aiomysql) |"
        )
        assert await aapps.get_app_by_id(db_asyncmy, one.id) == await asyncmy_get()
        assert await aapps.list_apps(db_asyncmy, 0, 1000, org_id=org.id) == await asyncmy_page()
        for label, sides, count, unit, factor in (
            ("get_app_by_id", {"omnidb.aio": lambda: aapps.get_app_by_id(db, one.id), "aiomysql": raw_get,
                               "omnidb.aio on asyncmy": lambda: aapps.get_app_by_id(db_asyncmy, one.id),
                               "asyncmy": asyncmy_get}, 5000, "µs", 1e6),
            ("list_apps(per_page=1000)", {"omnidb.aio": lambda: aapps.list_apps(db, 0, 1000, org_id=org.id),
                                          "aiomysql": raw_page,
                                          "omnidb.aio on asyncmy": lambda: aapps.list_apps(db_asyncmy, 0, 1000,
                                                                                            org_id=org.id),
                                          "asyncmy": asyncmy_page}, 100, "ms", 1e3),
        ):  # fmt: skip
            t = await rounds(sides, scale(count))
            per_driver.append(
                f"| {label} | {t['omnidb.aio'] * factor:.1f} {unit} | {t['aiomysql'] * factor:.1f} {unit} | "
                f"{t['omnidb.aio'] / t['aiomysql']:.2f}x | {t['omnidb.aio on asyncmy'] * factor:.1f} {unit} | "
                f"{t['asyncmy'] * factor:.1f} {unit} | {t['omnidb.aio on asyncmy'] / t['asyncmy']:.2f}x |"
            )
        other.close()
        await db_asyncmy.close()
    except ImportError:
        lines.append("(asyncmy not installed: pip install -r bench/requirements.txt)")

    # Throughput: 1,000 concurrent gets on a pool of 10.
    raw_pool = await aiomysql.create_pool(
        host=config.host, port=config.port, user=config.user, password=config.password, db=config.database,
        autocommit=True, maxsize=10, charset="utf8mb4",
    )  # fmt: skip

    async def pooled_raw_get() -> App:
        async with raw_pool.acquire() as conn, conn.cursor() as cur:
            await cur.execute(by_id, (one.id,))
            return build(await cur.fetchone())

    throughput = {}
    for name, fn in {"omnidb.aio": lambda: aapps.get_app_by_id(db, one.id), "aiomysql pool": pooled_raw_get}.items():
        best = []
        for _ in range(3):
            started = time.perf_counter()
            await asyncio.gather(*(fn() for _ in range(scale(1000))))
            best.append(scale(1000) / (time.perf_counter() - started))
        throughput[name] = max(best)
    ratio = throughput["aiomysql pool"] / throughput["omnidb.aio"]
    lines.append(
        f"| 1,000 concurrent gets, pool of 10 | {throughput['omnidb.aio']:,.0f}/s ({ratio:.2f}x) | "
        f"{throughput['aiomysql pool']:,.0f}/s | - |"
    )
    raw_pool.close()
    await raw_pool.wait_closed()

    # Bulk writes through omnidb.aio: create_apps (multi-row INSERTs) against load_apps (one LOAD
    # DATA LOCAL INFILE on aiomysql), the same rows, alternating rounds; the rows deleted, untimed.
    count = scale(50_000)
    taken: dict[str, list[float]] = {"create_apps": [], "load_apps": []}
    writers = {"create_apps": aapps.create_apps, "load_apps": aapps.load_apps}
    for round_ in range(3):
        for name, write in writers.items():
            rows = [{"org_id": org.id, "name": f"{name}-{round_}-{i}", "git_repo": f"g{i}"} for i in range(count)]
            started = time.perf_counter()
            assert await write(db, rows) == count
            taken[name].append(time.perf_counter() - started)
            async with raw.cursor() as cur:
                await cur.execute("DELETE FROM apps WHERE name LIKE %s", (f"{name}-%",))
    create, load = (count / statistics.median(taken[name]) for name in writers)
    lines.append(
        f"| load_apps, {count:,} rows (create_apps: {create:,.0f} rows/s) | {load:,.0f} rows/s "
        f"({create / load:.2f}x create_apps' time) | - | - |"
    )
    raw.close()
    await db.close()
    if engine is not None:
        await engine.dispose()
    return lines, per_driver


def _line(label: str, t: dict[str, float], unit: str, factor: float) -> str:
    base = t["aiomysql"]
    cells = [t.get(name) for name in ("omnidb.aio", "aiomysql", "SQLAlchemy asyncio")]
    shown = " | ".join("-" if v is None else f"{v * factor:.1f} {unit} ({v / base:.2f}x)" for v in cells)
    return f"| {label} | {shown} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("OMNIDB_BENCH_DSN", "mysql://root@127.0.0.1:3306/"))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    server = parse_dsn(args.dsn).with_database(None)
    name = f"omnidb_bench_{uuid.uuid4().hex[:10]}"
    create_database(server, name)
    try:
        with omnidb.connect(server.with_database(name)) as db:
            Migrator(db).migrate(1)
        lines, per_driver = asyncio.run(run(server.with_database(name), args.quick))
    finally:
        drop_database(server, name)
    print("| benchmark | omnidb.aio | aiomysql by hand | SQLAlchemy asyncio (Core) |")
    print("| --- | --- | --- | --- |")
    print("\n".join(lines))
    if per_driver:
        print()
        print(
            "| benchmark | omnidb.aio (aiomysql) | aiomysql by hand | ratio | omnidb.aio (asyncmy) | asyncmy by hand | ratio |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        print("\n".join(per_driver))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
