"""omnidb next to what a Python developer would pick instead, in one run on the same data: raw
PyMySQL and raw mysqlclient building the struct by hand, SQLAlchemy Core and ORM, PugSQL, peewee.

    pip install -r bench/requirements.txt
    python bench/peers.py [--quick] [--dsn mysql://root@127.0.0.1:3306/]

Each side reads one app by id and a page of 1,000 apps of one org and returns ``omnidb.v1.tables.App``
structs (the ORM returns its own mapped objects, as an ORM user would use them). Ratios are to raw
PyMySQL, medians of alternating rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymysql
from common import columns_of, hand_builder, rounds

import omnidb
from omnidb.config import Config, parse_dsn
from omnidb.tooling.databases import create_database, drop_database
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs
from omnidb.v1.tables import App

COLUMNS = columns_of(App)
BY_ID = f"SELECT {', '.join(COLUMNS)} FROM apps WHERE id = %s AND deleted_at IS NULL"
PAGE = f"SELECT {', '.join(COLUMNS)} FROM apps WHERE deleted_at IS NULL AND org_id = %s ORDER BY id DESC LIMIT 1000"


def sides(config: Config, app_id: int, org_id: int) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """name -> (get by id, page of 1,000), each returning what its user would work with."""
    build = hand_builder(App)
    found: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {}
    db = omnidb.connect(config, pool_size=2)
    found["omnidb"] = (lambda: apps.get_app_by_id(db, app_id), lambda: apps.list_apps(db, 0, 1000, org_id=org_id))
    raw = pymysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password, database=config.database,
        charset="utf8mb4", autocommit=True, init_command="SET SESSION time_zone = '+00:00'",
    )  # fmt: skip

    def raw_get() -> App:
        with raw.cursor() as cur:
            cur.execute(BY_ID, (app_id,))
            return build(cur.fetchone())

    def raw_page() -> list[App]:
        with raw.cursor() as cur:
            cur.execute(PAGE, (org_id,))
            return [build(r) for r in cur.fetchall()]

    found["raw PyMySQL"] = (raw_get, raw_page)
    try:
        import MySQLdb

        c = MySQLdb.connect(
            host=config.host, port=config.port, user=config.user, password=config.password,
            database=config.database, charset="utf8mb4", autocommit=True,
            init_command="SET SESSION time_zone = '+00:00'",
        )  # fmt: skip
        cdb = omnidb.connect(config, driver="mysqlclient", pool_size=2)

        def c_get() -> App:
            cur = c.cursor()
            cur.execute(BY_ID, (app_id,))
            return build(cur.fetchone())

        def c_page() -> list[App]:
            cur = c.cursor()
            cur.execute(PAGE, (org_id,))
            return [build(r) for r in cur.fetchall()]

        found["raw mysqlclient"] = (c_get, c_page)
        found["omnidb (mysqlclient)"] = (
            lambda: apps.get_app_by_id(cdb, app_id),
            lambda: apps.list_apps(cdb, 0, 1000, org_id=org_id),
        )
    except ImportError:
        print("(mysqlclient not installed)")
    url = f"mysql+pymysql://{config.user}:{config.password}@{config.host}:{config.port}/{config.database}"
    try:
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Session

        engine = sa.create_engine(url, pool_size=2)
        metadata = sa.MetaData()
        table = sa.Table("apps", metadata, autoload_with=engine)
        get_stmt = sa.select(*(table.c[n] for n in COLUMNS)).where(table.c.id == sa.bindparam("id"))
        page_stmt = (
            sa.select(*(table.c[n] for n in COLUMNS))
            .where(table.c.deleted_at.is_(None), table.c.org_id == sa.bindparam("org"))
            .order_by(table.c.id.desc())
            .limit(1000)
        )

        def core_get() -> App:
            with engine.connect() as conn:
                return build(tuple(conn.execute(get_stmt, {"id": app_id}).one()))

        def core_page() -> list[App]:
            with engine.connect() as conn:
                return [build(tuple(r)) for r in conn.execute(page_stmt, {"org": org_id})]

        found["SQLAlchemy Core"] = (core_get, core_page)

        class Base(DeclarativeBase):
            pass

        class AppRow(Base):
            __table__ = table

        def orm_get() -> Any:
            with Session(engine) as session:
                return session.get(AppRow, app_id)

        def orm_page() -> list[Any]:
            with Session(engine) as session:
                query = sa.select(AppRow).where(AppRow.org_id == org_id).order_by(AppRow.id.desc()).limit(1000)
                return list(session.scalars(query))

        found["SQLAlchemy ORM"] = (orm_get, orm_page)
    except ImportError:
        print("(SQLAlchemy not installed)")
    try:
        import pugsql

        folder = Path(tempfile.mkdtemp())
        (folder / "apps.sql").write_text(
            f"-- :name get_app :one\n{BY_ID.replace('%s', ':id')}\n\n"
            f"-- :name page_apps :many\n{PAGE.replace('%s', ':org')}\n"
        )
        pug = pugsql.module(str(folder))
        pug.connect(url)

        def pug_get() -> App:
            row = pug.get_app(id=app_id)
            return build(tuple(row[n] for n in COLUMNS))

        def pug_page() -> list[App]:
            return [build(tuple(row[n] for n in COLUMNS)) for row in pug.page_apps(org=org_id)]

        found["PugSQL"] = (pug_get, pug_page)
    except ImportError:
        print("(PugSQL not installed)")
    try:
        import peewee

        pdb = peewee.MySQLDatabase(
            config.database, host=config.host, port=config.port, user=config.user, password=config.password
        )

        def pw_get() -> App:
            return build(tuple(pdb.execute_sql(BY_ID, (app_id,)).fetchone()))

        def pw_page() -> list[App]:
            return [build(tuple(r)) for r in pdb.execute_sql(PAGE, (org_id,)).fetchall()]

        found["peewee"] = (pw_get, pw_page)
    except ImportError:
        print("(peewee not installed)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("OMNIDB_BENCH_DSN", "mysql://root@127.0.0.1:3306/"))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    server = parse_dsn(args.dsn).with_database(None)
    name = f"omnidb_bench_{uuid.uuid4().hex[:10]}"
    create_database(server, name)
    config = server.with_database(name)
    gets, pages = (500, 20) if args.quick else (5000, 100)
    try:
        with omnidb.connect(config) as db:
            Migrator(db).migrate(1)
            org = orgs.create_org(db, name="peers")
            one = apps.create_app(db, org_id=org.id, name="one", labels={"tier": "web"})
            apps.create_apps(db, ({"org_id": org.id, "name": f"p{i}", "labels": {"i": i}} for i in range(999)))
        found = sides(config, one.id, org.id)
        t_get = rounds({n: f[0] for n, f in found.items()}, gets)
        t_page = rounds({n: f[1] for n, f in found.items()}, pages)
    finally:
        drop_database(server, name)
    base_get, base_page = t_get["raw PyMySQL"], t_page["raw PyMySQL"]
    print("| side | get by id | ratio | page of 1,000 | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for n in found:
        print(
            f"| {n} | {t_get[n] * 1e6:.0f} µs | {t_get[n] / base_get:.2f} | {t_page[n] * 1e3:.1f} ms | "
            f"{t_page[n] / base_page:.2f} |"
        )
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; `{' '.join(sys.argv)}`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
