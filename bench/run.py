"""omnidb benchmarks, side by side with hand-written PyMySQL in the same process, server and data.

    python bench/run.py                          # prints a progress line per benchmark, then a table
    python bench/run.py --write docs/performance.md
    python bench/run.py --quick                  # smaller counts, for a smoke run

The server comes from --dsn or $OMNIDB_BENCH_DSN (default mysql://root@127.0.0.1:3306/); the run
creates its own database (omnidb_bench_<random>) and drops it. Results are ratios of the two sides
measured in alternating rounds (median of the rounds), not timed assertions.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymysql
from common import columns_of, hand_builder, rounds

import omnidb
from omnidb.config import Config, parse_dsn
from omnidb.convert import structure
from omnidb.tooling.databases import create_database, drop_database
from omnidb.tooling.migrate import Migrator, load_migrations
from omnidb.tooling.sqlscript import split_statements
from omnidb.v1 import apps, orgs
from omnidb.v1.tables import App

APP_COLUMNS = ", ".join(columns_of(App))
raw_app = hand_builder(App)


def _struct_source(table: str, *names: str) -> str:
    """The source of the classes of ``omnidb/v1/_structs/<table>.py`` (all, or ``names``): what a
    hand-written layer would write for itself."""
    path = Path(omnidb.__file__).parent / "v1" / "_structs" / f"{table}.py"
    lines = path.read_text().splitlines()
    found = [
        n for n in ast.parse("\n".join(lines)).body if isinstance(n, ast.ClassDef) and (not names or n.name in names)
    ]
    first = [n.decorator_list[0].lineno if n.decorator_list else n.lineno for n in found]
    return "\n\n".join("\n".join(lines[start - 1 : n.end_lineno]) for start, n in zip(first, found, strict=True))


def raw_connection(config: Config, **extra: Any) -> pymysql.connections.Connection:  # type: ignore[type-arg]
    return pymysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password, database=config.database,
        charset="utf8mb4", autocommit=True, init_command="SET SESSION time_zone = '+00:00'", **extra,
    )  # fmt: skip


class Bench:
    def __init__(self, server: Config, quick: bool, only: set[str] | None = None) -> None:
        self.server = server
        self.quick = quick
        self.only = only
        self.name = f"omnidb_bench_{uuid.uuid4().hex[:10]}"
        self.config = server.with_database(self.name)
        self.results: list[tuple[str, str, str, str]] = []  # benchmark, omnidb, baseline, ratio / target

    def scale(self, full: int) -> int:
        return max(1, full // 20) if self.quick else full

    def say(self, line: str) -> None:
        print(line, flush=True)

    def run(self) -> None:
        create_database(self.server, self.name)
        try:
            db = omnidb.connect(self.config, pool_size=4)
            Migrator(db).migrate(1)
            raw = raw_connection(self.config)
            for name, step in BENCHMARKS.items():
                if self.only is None or name in self.only:
                    step(self, db, raw)
            raw.close()
            db.close()
        finally:
            drop_database(self.server, self.name)

    def startup(self) -> None:
        """Import and first query, each in fresh processes, alternating: omnidb imports ``omnidb.v1.apps``,
        connects and runs ``get_app_by_id`` once; the baseline imports PyMySQL and attrs, defines the
        same struct and its enums (their source, from ``omnidb/v1/_structs/``), connects and runs one
        SELECT building the struct by hand. Timed inside each process, from before the first import to
        the struct in hand (interpreter start-up, the same for both, left out).
        """
        dsn = f"mysql://{self.config.user}@{self.config.host}:{self.config.port}/{self.name}"
        app_id = apps.create_app(omnidb.connect(self.config), org_id=orgs.create_org(omnidb.connect(self.config),
                                 name="startup").id, name="startup").id  # fmt: skip
        probe = (
            "import time; t0 = time.perf_counter(); import omnidb.v1.apps as apps, omnidb; t1 = time.perf_counter(); "
            f"db = omnidb.connect({dsn!r}); t2 = time.perf_counter(); apps.get_app_by_id(db, {app_id}); "
            "t3 = time.perf_counter(); apps.get_app_by_id(db, 1); t4 = time.perf_counter(); "
            "print(t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3)"
        )
        c = self.config
        baseline = (
            f"import sys, time; t0 = time.perf_counter(); sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
            "import enum, json\nfrom datetime import datetime, timezone\nfrom typing import Any\n"
            "import attrs, pymysql\nfrom common import hand_builder\n"
            f"{_struct_source('_shared', 'DeploymentStrategy')}\n{_struct_source('apps')}\n"
            "t1 = time.perf_counter()\n"
            f"conn = pymysql.connect(host={c.host!r}, port={c.port}, user={c.user!r}, password={c.password!r}, "
            f"database={self.name!r}, charset='utf8mb4', autocommit=True, "
            "init_command=\"SET SESSION time_zone = '+00:00'\")\n"
            "t2 = time.perf_counter()\nbuild = hand_builder(App)\n"
            "with conn.cursor() as cur:\n"
            f"    cur.execute({'SELECT ' + APP_COLUMNS + ' FROM apps WHERE id = %s AND deleted_at IS NULL'!r}, "
            f"({app_id},))\n"
            "    build(cur.fetchone())\n"
            "t3 = time.perf_counter()\nprint(t1 - t0, t2 - t1, t3 - t2, t3 - t0, 0)\n"
        )
        runs: dict[str, list[list[float]]] = {"omnidb": [], "raw": []}
        # Both sides import compiled modules, as from an installed wheel (pip compiles them at install
        # time): a first, untimed run of each writes the bytecode to a cache of its own, also where the
        # environment says PYTHONDONTWRITEBYTECODE (a checkout's modules are otherwise compiled anew by
        # every process, ~25 ms for omnidb's, which no installation pays).
        with tempfile.TemporaryDirectory(prefix="omnidb-bench-pycache-") as cache:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = cache
            for rep in range(1 + (3 if self.quick else 9)):
                for side, code in (("omnidb", probe), ("raw", baseline)):
                    out = subprocess.run(
                        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
                    )
                    if rep:
                        runs[side].append([float(x) for x in out.stdout.split()])
        o, r = ({k: statistics.median(run[i] for run in runs[side]) for i, k in enumerate(
            ("import", "connect", "first", "total", "second"))} for side in ("omnidb", "raw"))  # fmt: skip
        ratio = o["total"] / r["total"]
        self.results.append(("import + connect + first get by id (fresh process)",
                             f"{o['total'] * 1e3:.0f} ms (import {o['import'] * 1e3:.0f}, connect {o['connect'] * 1e3:.0f}, "
                             f"first get {o['first'] * 1e3:.0f}; the second {o['second'] * 1e3:.1f})",
                             f"{r['total'] * 1e3:.0f} ms (import pymysql and attrs, define App {r['import'] * 1e3:.0f}, "
                             f"connect {r['connect'] * 1e3:.0f}, SELECT {r['first'] * 1e3:.0f})",
                             f"{ratio:.2f} (target <= 1.5)"))  # fmt: skip
        self.say(f"[0/5] import + first query: omnidb {o['total'] * 1e3:.0f} ms (import {o['import'] * 1e3:.0f}, connect "
                 f"{o['connect'] * 1e3:.0f}, first get {o['first'] * 1e3:.0f}), raw {r['total'] * 1e3:.0f} ms, ratio {ratio:.2f}")  # fmt: skip

    def get_by_id(self, db: omnidb.Database, raw: Any) -> None:
        n = self.scale(10_000)
        org = orgs.create_org(db, name="bench")
        app = apps.create_app(db, org_id=org.id, name="one", labels={"tier": "web"})
        sql = f"SELECT {APP_COLUMNS} FROM apps WHERE id = %s AND deleted_at IS NULL"

        def by_hand() -> None:
            with raw.cursor() as cur:
                cur.execute(sql, (app.id,))
                raw_app(cur.fetchone())

        t = rounds({"omnidb": lambda: apps.get_app_by_id(db, app.id), "raw": by_hand}, n)
        ratio = t["omnidb"] / t["raw"]
        self.results.append((f"get_app_by_id x {n:,}", f"{t['omnidb'] * 1e6:.0f} µs/call",
                             f"{t['raw'] * 1e6:.0f} µs/call", f"{ratio:.2f} (target <= 1.03)"))  # fmt: skip
        self.pymysql_read = t["omnidb"]
        self.say(
            f"[1/5] get_app_by_id: omnidb {t['omnidb'] * 1e6:.0f} µs, raw {t['raw'] * 1e6:.0f} µs, ratio {ratio:.2f}"
        )
        self.org_id = org.id

    def list_page(self, db: omnidb.Database, raw: Any) -> None:
        n = self.scale(200)
        apps.create_apps(db, ({"org_id": self.org_id, "name": f"l{i}", "labels": {"i": i}} for i in range(1000)))
        sql = f"SELECT {APP_COLUMNS} FROM apps WHERE deleted_at IS NULL AND org_id = %s ORDER BY id DESC LIMIT 1000"

        def by_hand() -> None:
            with raw.cursor() as cur:
                cur.execute(sql, (self.org_id,))
                [raw_app(row) for row in cur.fetchall()]

        t = rounds({"omnidb": lambda: apps.list_apps(db, 0, 1000, org_id=self.org_id), "raw": by_hand}, n)
        ratio = t["omnidb"] / t["raw"]
        self.pymysql_page = t["omnidb"]
        self.results.append((f"list_apps(per_page=1000) x {n}", f"{t['omnidb'] * 1e3:.1f} ms/page",
                             f"{t['raw'] * 1e3:.1f} ms/page", f"{ratio:.2f} (target <= 1.08)"))  # fmt: skip
        # Where the time goes: hydrating 1,000 fetched rows, cattrs against plain tuples and by hand.
        dict_cursor = raw.cursor(pymysql.cursors.DictCursor)
        dict_cursor.execute(sql, (self.org_id,))
        dict_rows = dict_cursor.fetchall()
        with raw.cursor() as cur:
            cur.execute(sql, (self.org_id,))
            tuple_rows = cur.fetchall()
        h = rounds(
            {
                "cattrs": lambda: [structure(r, App) for r in dict_rows],
                "by hand": lambda: [raw_app(r) for r in tuple_rows],
                "tuples": lambda: [tuple(r) for r in tuple_rows],
            },
            self.scale(200),
        )
        self.results.append(("hydrating 1,000 rows", f"cattrs {h['cattrs'] * 1e3:.2f} ms",
                             f"by hand {h['by hand'] * 1e3:.2f} ms, tuples {h['tuples'] * 1e3:.2f} ms",
                             f"{h['cattrs'] / h['by hand']:.2f} vs by hand"))  # fmt: skip
        self.say(f"[2/5] list_apps: ratio {ratio:.2f}; hydration of 1,000 rows: cattrs {h['cattrs'] * 1e3:.2f} ms, "
                 f"by hand {h['by hand'] * 1e3:.2f} ms, tuples {h['tuples'] * 1e3:.2f} ms")  # fmt: skip

    def c_driver(self) -> None:
        """Reads by id and pages of 1,000 again, through mysqlclient on both sides."""
        try:
            import MySQLdb
        except ImportError:
            self.say("[2b] mysqlclient is not installed: pip install omnidb[mysqlclient] to measure the C driver")
            return
        db = omnidb.connect(self.config, driver="mysqlclient", pool_size=4)
        raw = MySQLdb.connect(host=self.config.host, port=self.config.port, user=self.config.user,
                              password=self.config.password, database=self.name, charset="utf8mb4", autocommit=True,
                              init_command="SET SESSION time_zone = '+00:00'")  # fmt: skip
        app_id = apps.list_apps(db, 0, 1, org_id=self.org_id)[0].id
        one = f"SELECT {APP_COLUMNS} FROM apps WHERE id = %s AND deleted_at IS NULL"
        page = f"SELECT {APP_COLUMNS} FROM apps WHERE deleted_at IS NULL AND org_id = %s ORDER BY id DESC LIMIT 1000"

        def one_by_hand() -> None:
            cur = raw.cursor()
            cur.execute(one, (app_id,))
            raw_app(cur.fetchone())

        def page_by_hand() -> None:
            cur = raw.cursor()
            cur.execute(page, (self.org_id,))
            [raw_app(row) for row in cur.fetchall()]

        t = rounds({"omnidb": lambda: apps.get_app_by_id(db, app_id), "raw": one_by_hand}, self.scale(10_000))
        p = rounds(
            {"omnidb": lambda: apps.list_apps(db, 0, 1000, org_id=self.org_id), "raw": page_by_hand}, self.scale(200)
        )
        self.results.append(("get_app_by_id, mysqlclient", f"{t['omnidb'] * 1e6:.0f} µs/call",
                             f"{t['raw'] * 1e6:.0f} µs/call (hand-written mysqlclient)",
                             f"{t['omnidb'] / t['raw']:.2f}; {self.pymysql_read / t['omnidb']:.2f}x faster than omnidb on PyMySQL"))  # fmt: skip
        self.results.append(("list_apps(per_page=1000), mysqlclient", f"{p['omnidb'] * 1e3:.1f} ms/page",
                             f"{p['raw'] * 1e3:.1f} ms/page (hand-written mysqlclient)",
                             f"{p['omnidb'] / p['raw']:.2f}; {self.pymysql_page / p['omnidb']:.2f}x faster than omnidb on PyMySQL"))  # fmt: skip
        self.say(f"[2b] mysqlclient: get_app_by_id {t['omnidb'] * 1e6:.0f} µs (ratio {t['omnidb'] / t['raw']:.2f}), "
                 f"list_apps {p['omnidb'] * 1e3:.1f} ms (ratio {p['omnidb'] / p['raw']:.2f})")  # fmt: skip
        # One create through the C driver: what the server alone takes for the statement create_app
        # sends (with nothing but org_id and name, create_app_required_returning), against the bare
        # two-column INSERT: the floor under any client's create returning the row.
        returning = apps._apps.query("create_app_required_returning")
        build = hand_builder(App)
        names = itertools.count()
        org_id = orgs.create_org(db, name="c-driver creates").id  # apart from the org the pages read

        def insert_by_hand() -> None:
            with raw.cursor() as cur:
                cur.execute("INSERT INTO apps (org_id, name) VALUES (%s, %s)", (org_id, f"ci{next(names)}"))

        def returning_by_hand() -> None:  # INSERT ... RETURNING: MariaDB, where the bench runs
            with raw.cursor() as cur:
                cur.execute(returning.sql, {"org_id": org_id, "name": f"cr{next(names)}"})
                build(cur.fetchone())

        c = rounds(
            {
                "omnidb": lambda: apps.create_app(db, org_id=org_id, name=f"co{next(names)}"),
                "insert": insert_by_hand,
                "returning": returning_by_hand,
            },
            self.scale(3_000),
            10,
        )
        self.results.append(("create_app, mysqlclient", f"{c['omnidb'] * 1e6:.0f} µs/row",
                             f"INSERT of two columns by hand: {c['insert'] * 1e6:.0f} µs; create_app's "
                             f"INSERT ... RETURNING by hand, App built: {c['returning'] * 1e6:.0f} µs",
                             f"{c['omnidb'] / c['insert']:.2f} vs the two-column INSERT; {c['returning'] / c['insert']:.2f} "
                             f"for the statement by hand (the floor); {c['omnidb'] / c['returning']:.2f} vs it"))  # fmt: skip
        self.say(f"[2b] mysqlclient: create_app {c['omnidb'] * 1e6:.0f} µs, two-column INSERT by hand "
                 f"{c['insert'] * 1e6:.0f} µs, create_app's statement by hand {c['returning'] * 1e6:.0f} µs "
                 f"({c['returning'] / c['insert']:.2f}x the INSERT)")  # fmt: skip
        raw.close()
        db.close()

    def writes(self, db: omnidb.Database, raw: Any) -> None:
        singles, bulk = self.scale(5_000), self.scale(100_000)
        org = orgs.create_org(db, name="writes")
        # One create, returning the struct, against one INSERT by hand (autocommit, the new id only)
        # and against the statement create_app sends, by hand (INSERT ... RETURNING, the App built by
        # hand): with nothing but the required org_id and name, create_app_required_returning. And a
        # create that gives one more column (a display name), which sends the full statement
        # (create_app_returning, 29 columns), against that statement by hand. In alternating rounds
        # of a tenth of the rows each.
        short = apps._apps.query("create_app_required_returning")
        full = apps._apps.query("create_app_returning")
        blank = dict.fromkeys(full.parameters or ())  # type: ignore[attr-defined]
        build = hand_builder(App)
        times: dict[str, list[float]] = {"omnidb": [], "insert": [], "short": [], "omnidb full": [], "full": []}
        per_round = max(1, singles // 10)
        for round_ in range(10):
            for side in times:
                names = [f"s{side}{round_}-{i}" for i in range(per_round)]
                started = time.perf_counter()
                if side == "omnidb":
                    for name in names:
                        apps.create_app(db, org_id=org.id, name=name)
                elif side == "omnidb full":
                    for name in names:
                        apps.create_app(db, org_id=org.id, name=name, display_name=name)
                elif side == "insert":
                    with raw.cursor() as cur:
                        for name in names:
                            cur.execute("INSERT INTO apps (org_id, name) VALUES (%s, %s)", (org.id, name))
                elif side == "short":
                    with raw.cursor() as cur:
                        for name in names:
                            cur.execute(short.sql, {"org_id": org.id, "name": name})
                            build(cur.fetchone())
                else:
                    with raw.cursor() as cur:
                        for name in names:
                            cur.execute(full.sql, {**blank, "org_id": org.id, "name": name, "display_name": name})
                            build(cur.fetchone())
                times[side].append((time.perf_counter() - started) / per_round)
        one, insert, same, wide, wide_by_hand = (
            statistics.median(times[side]) for side in ("omnidb", "insert", "short", "omnidb full", "full")
        )
        single_rate = 1 / one
        self.results.append((f"create_app(org_id, name) x {singles:,} (one INSERT ... RETURNING each, autocommit)",
                             f"{one * 1e6:,.0f} µs/row ({single_rate:,.0f} rows/s)",
                             f"INSERT of two columns by hand, the new id only: {insert * 1e6:,.0f} µs; "
                             f"create_app's statement (create_app_required_returning) by hand, App built: "
                             f"{same * 1e6:,.0f} µs",
                             f"{one / insert:.2f} (target <= 1.3); {one / same:.2f} vs the same statement"))  # fmt: skip
        self.results.append((f"create_app(org_id, name, display_name) x {singles:,}",
                             f"{wide * 1e6:,.0f} µs/row",
                             f"its statement (create_app_returning, 29 columns) by hand, App built: "
                             f"{wide_by_hand * 1e6:,.0f} µs",
                             f"{wide / insert:.2f} vs the two-column INSERT; {wide / wide_by_hand:.2f} vs the same "
                             "statement"))  # fmt: skip
        self.say(f"[3/5] create_app: {one * 1e6:,.0f} µs, INSERT by hand {insert * 1e6:,.0f} µs (ratio "
                 f"{one / insert:.2f}), the same INSERT ... RETURNING by hand {same * 1e6:,.0f} µs ({one / same:.2f}); "
                 f"with a display name {wide * 1e6:,.0f} µs ({wide / insert:.2f}), its statement by hand "
                 f"{wide_by_hand * 1e6:,.0f} µs ({wide / wide_by_hand:.2f})")  # fmt: skip
        bulk_rate = 0.0
        for count in (self.scale(10_000), bulk):
            bulk_rate, raw_rate = self.bulk_side_by_side(db, raw, count)
            self.results.append((f"create_apps, {count:,} rows", f"{bulk_rate:,.0f} rows/s",
                                 f"executemany {raw_rate:,.0f} rows/s (the same INSERT and rows, by hand)",
                                 f"{raw_rate / bulk_rate:.2f} (target <= 1.10)"))  # fmt: skip
            self.say(f"[3/5] create_apps x {count:,}: {bulk_rate:,.0f} rows/s, executemany by hand {raw_rate:,.0f} rows/s, "
                     f"ratio {raw_rate / bulk_rate:.2f}")  # fmt: skip
        self.loads_side_by_side(db, bulk, bulk_rate, single_rate)

    def loads_side_by_side(self, db: omnidb.Database, count: int, bulk_rate: float, single_rate: float) -> None:
        """``load_apps`` (rows checked, written to its file, LOAD DATA LOCAL) against a LOAD DATA LOCAL by
        hand of a file already written (the statement alone), the same rows, alternating; the rows
        are deleted after each round (not timed).
        """
        org = orgs.create_org(db, name=f"loads {uuid.uuid4().hex[:8]}")
        rows = [{"org_id": org.id, "name": f"d{i}", "git_repo": f"g{i}"} for i in range(count)]
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, newline="") as handle:
            for row in rows:
                handle.write(f"{row['org_id']}\t{row['name']}\t{row['git_repo']}\n")
            path = handle.name
        loader = raw_connection(self.config, local_infile=True)

        def by_hand() -> None:
            with loader.cursor() as cur:
                cur.execute(
                    "LOAD DATA LOCAL INFILE %s INTO TABLE apps CHARACTER SET utf8mb4 "
                    "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (org_id, name, git_repo)",
                    (path,),
                )

        def delete() -> None:
            with loader.cursor() as cur:
                cur.execute("DELETE FROM apps WHERE org_id = %s", (org.id,))

        t = rounds({"omnidb": lambda: apps.load_apps(db, rows), "raw": by_hand}, 3, 3, after=delete)
        loader.close()
        os.unlink(path)
        load_rate, raw_rate = count / t["omnidb"], count / t["raw"]
        self.results.append((f"load_apps, {count:,} rows", f"{load_rate:,.0f} rows/s",
                             f"LOAD DATA LOCAL INFILE by hand {raw_rate:,.0f} rows/s (the statement alone, file written)",
                             f"{raw_rate / load_rate:.2f} (target <= 1.5); {load_rate / bulk_rate:.2f}x create_apps, "
                             f"{load_rate / single_rate:.0f}x single creates"))  # fmt: skip
        self.say(f"[3/5] load_apps x {count:,}: {load_rate:,.0f} rows/s, LOAD DATA by hand {raw_rate:,.0f} rows/s, "
                 f"ratio {raw_rate / load_rate:.2f}")  # fmt: skip

    def bulk_side_by_side(self, db: omnidb.Database, raw: Any, count: int) -> tuple[float, float]:
        """Rows per second of ``create_apps`` and of PyMySQL's ``executemany`` by hand with the same
        INSERT (the text of ``create_apps_bulk``, placeholders positional) and the same rows, in one
        transaction each, alternating; the rows are deleted after each round (not timed).
        """
        org = orgs.create_org(db, name=f"bulk {count} {uuid.uuid4().hex[:8]}")
        columns = ("org_id", "space_id", "region_id", "name", "display_name", "git_repo", "container_image_url",
                   "labels")  # fmt: skip
        sql = f"INSERT INTO apps ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        rows = [{"org_id": org.id, "name": f"b{i}", "git_repo": f"g{i}"} for i in range(count)]
        tuples = [tuple(row.get(column) for column in columns) for row in rows]

        def by_hand() -> None:
            raw.begin()
            with raw.cursor() as cur:
                cur.executemany(sql, tuples)
            raw.commit()

        def delete() -> None:
            with raw.cursor() as cur:
                cur.execute("DELETE FROM apps WHERE org_id = %s", (org.id,))

        # 10,000 rows take ~0.25 s: rounds that short swing by 10-20% here, so more of them.
        n = 3 if self.quick or count > 20_000 else 15
        t = rounds({"omnidb": lambda: apps.create_apps(db, rows), "raw": by_hand}, n, n, after=delete)
        return count / t["omnidb"], count / t["raw"]

    def deep_pages(self, db: omnidb.Database, raw: Any) -> None:
        total = self.scale(1_000_000)
        have = apps.count_apps(db)
        digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " \
                 "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"  # fmt: skip
        with raw.cursor() as cur:
            cur.execute(
                "INSERT INTO apps (org_id, name) SELECT %s, CONCAT('p', n) FROM (SELECT a.d + 10*b.d + 100*c.d + "
                f"1000*e.d + 10000*f.d + 100000*g.d AS n FROM {digits} a, {digits} b, {digits} c, {digits} e, "
                f"{digits} f, {digits} g) AS nums WHERE n < %s",
                (self.org_id, total - have),
            )
            cur.execute("ANALYZE TABLE apps")
        page, per_page = min(9_000, total // 100 - 1), 100
        deep_id = apps.list_apps(db, page - 1, per_page)[-1].id  # where the keyset walk would stand
        t = rounds(
            {
                "page 0": lambda: apps.list_apps(db, 0, per_page),
                f"page {page} OFFSET": lambda: apps.list_apps(db, page, per_page),
                f"page {page} keyset": lambda: apps.list_apps_after(db, deep_id, per_page),
            },
            self.scale(50),
        )
        first, offset, keyset = t["page 0"], t[f"page {page} OFFSET"], t[f"page {page} keyset"]
        self.results.append((f"page {page:,} of {total:,} apps, 100 per page", f"keyset {keyset * 1e3:.2f} ms",
                             f"page 0 {first * 1e3:.2f} ms; OFFSET {offset * 1e3:.1f} ms",
                             f"keyset {keyset / first:.2f}x page 0 (target <= 2); OFFSET {offset / first:.0f}x"))  # fmt: skip
        self.say(
            f"[4/5] deep page {page}: page 0 {first * 1e3:.2f} ms, OFFSET {offset * 1e3:.1f} ms, keyset {keyset * 1e3:.2f} ms"
        )
        self.total_apps = total

    def streaming(self, db: omnidb.Database, raw: Any) -> None:
        """Walking every app: iter_apps (unbuffered cursor) against a raw unbuffered cursor, and the
        peak memory of the walk (tracemalloc) at a tenth of the rows and at all of them.
        """
        sql = f"SELECT {APP_COLUMNS} FROM apps WHERE deleted_at IS NULL ORDER BY id DESC"

        def by_hand(limit: int | None = None) -> int:
            seen = 0
            with raw.cursor(pymysql.cursors.SSCursor) as cur:
                cur.execute(sql)
                for row in cur:
                    raw_app(row)
                    seen += 1
                    if limit is not None and seen >= limit:
                        break
            return seen

        def walk(limit: int | None = None) -> int:
            seen = 0
            for _ in apps.iter_apps(db):
                seen += 1
                if limit is not None and seen >= limit:
                    break
            return seen

        t = rounds({"omnidb": walk, "raw": by_hand}, 2, rounds=2)
        total = walk()

        def peak(fn: Any, limit: int) -> float:
            tracemalloc.start()
            fn(limit)
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return top / 1024 / 1024

        small, full = peak(walk, total // 10), peak(walk, total)
        self.results.append((f"iter_apps over {total:,} apps", f"{t['omnidb']:.2f} s; peak {full:.1f} MiB "
                             f"({small:.1f} MiB at a tenth of the rows)", f"{t['raw']:.2f} s (SSCursor by hand)",
                             f"{t['omnidb'] / t['raw']:.2f} (target <= 1.2; memory flat)"))  # fmt: skip
        self.say(f"[4b] iter_apps over {total:,}: {t['omnidb']:.2f} s vs {t['raw']:.2f} s by hand; "
                 f"peak {small:.1f} MiB at {total // 10:,} rows, {full:.1f} MiB at {total:,}")  # fmt: skip

    def migration(self, db: omnidb.Database) -> None:
        started = time.perf_counter()
        Migrator(db).migrate(2)
        whole = time.perf_counter() - started
        Migrator(db).migrate(1)
        # Again statement by statement, to show which parts are instant and which build an index.
        timings = []
        with db.connection() as conn, conn.cursor() as cur:
            for statement in split_statements(load_migrations()[1].up_sql):
                begun = time.perf_counter()
                cur.execute(statement.sql)
                timings.append((time.perf_counter() - begun, statement.summary))
        slowest = sorted(timings, reverse=True)[:2]
        instant = sum(s for s, _ in timings) - sum(s for s, _ in slowest)
        detail = "; ".join(f"{s * 1e3:.0f} ms {text}" for s, text in slowest)
        self.results.append((f"migrate V1 -> V2 on {self.total_apps:,} apps", f"{whole:.2f} s in all", detail,
                             "target < 1 s"))  # fmt: skip
        self.say(
            f"[5/5] V1 -> V2 on {self.total_apps:,} apps: {whole:.2f} s ({detail}; the rest {instant * 1e3:.0f} ms)"
        )

    def markdown(self, command: str) -> str:
        with pymysql.connect(host=self.server.host, port=self.server.port, user=self.server.user,
                             password=self.server.password) as conn, conn.cursor() as cur:  # fmt: skip
            cur.execute("SELECT VERSION()")
            version = cur.fetchone()[0]
        lines = [
            "| benchmark | omnidb | hand-written PyMySQL / baseline | ratio |",
            "| --- | --- | --- | --- |",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.results),
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PyMySQL {importlib.metadata.version('PyMySQL')}, cattrs {importlib.metadata.version('cattrs')}, "
            f"aiosql {importlib.metadata.version('aiosql')}; server {version}. Command: `{command}`.",
        ]
        return "\n".join(lines) + "\n"


# The benchmarks in the order they run (``--only`` picks some by these names).
BENCHMARKS: dict[str, Callable[[Bench, omnidb.Database, Any], None]] = {
    "startup": lambda b, db, raw: b.startup(),
    "get": Bench.get_by_id,
    "page": Bench.list_page,
    "c-driver": lambda b, db, raw: b.c_driver(),
    "writes": Bench.writes,
    "deep-pages": Bench.deep_pages,
    "streaming": Bench.streaming,
    "migration": lambda b, db, raw: b.migration(db),
}
# What a benchmark reads of those before it: the pages read the org and the app the reads by id
# made, and the C driver's line compares with both of their PyMySQL figures. ``--only`` runs these too.
NEEDS: dict[str, tuple[str, ...]] = {"page": ("get",), "c-driver": ("get", "page")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("OMNIDB_BENCH_DSN", "mysql://root@127.0.0.1:3306/"))
    parser.add_argument("--quick", action="store_true", help="a twentieth of the counts")
    parser.add_argument("--only", help=f"comma-separated benchmarks to run, of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--write", type=Path, help="replace the results section of this markdown file")
    args = parser.parse_args()
    started = time.perf_counter()
    only = set(args.only.split(",")) if args.only else None
    if only and only - set(BENCHMARKS):
        parser.error(
            f"unknown benchmark(s): {', '.join(sorted(only - set(BENCHMARKS)))}; known: {', '.join(BENCHMARKS)}"
        )
    if only:
        only |= {need for name in only for need in NEEDS.get(name, ())}
    if only and args.write:
        parser.error("--write replaces the whole results table: run every benchmark (no --only)")
    bench = Bench(parse_dsn(args.dsn).with_database(None), args.quick, only)
    bench.run()
    command = "python bench/run.py" + (" --quick" if args.quick else "")
    table = bench.markdown(command)
    print()
    print(table)
    print(f"total {time.perf_counter() - started:.0f} s")
    if args.write:
        text = args.write.read_text()
        begin, end = "<!-- results -->", "<!-- /results -->"
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        args.write.write_text(f"{head}{begin}\n{table}{end}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
