"""The floor of a create that returns its row: what the server and the C driver alone take for an
``INSERT ... RETURNING`` of 1 to 33 columns of an app, against the two-column INSERT, beside
omnidb's ``create_app`` in the same run.

    python bench/returning_floor.py              # 10-20 seconds
    python bench/returning_floor.py --count 6000 --rounds 15

Every hand-written side runs through mysqlclient (the C driver, whose client-side cost is the
smallest) but the prepared ones, autocommit, the new rows' names fresh, in alternating rounds
(median of the rounds):

- the INSERT of ``org_id`` and ``name`` alone, the baseline;
- the same INSERT returning ``id``, the first 8 and 16 columns of an app, and all 33: the last is
  ``create_app_required_returning``, the statement ``create_app(org_id=..., name=...)`` sends;
- with the ``mariadb`` package installed (MariaDB Connector/Python, not in bench/requirements.txt:
  it builds against Connector/C), the two-column INSERT and the 33-column one as server-side
  prepared statements (binary protocol), prepared once and executed again;
- omnidb's ``create_app`` on PyMySQL and on mysqlclient (the App built).

Ratios are to the two-column INSERT. The server comes from --dsn or $OMNIDB_BENCH_DSN; the run
creates its own database and drops it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Callable
from typing import Any

import MySQLdb
from common import columns_of, rounds

import omnidb
from omnidb.config import parse_dsn
from omnidb.tooling.databases import create_database, drop_database
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs
from omnidb.v1.tables import App


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", default=os.environ.get("OMNIDB_BENCH_DSN", "mysql://root@127.0.0.1:3306/"))
    parser.add_argument("--count", type=int, default=3000, help="creates per side (default 3000)")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds (default 10)")
    args = parser.parse_args()
    server = parse_dsn(args.dsn).with_database(None)
    config = server.with_database(f"omnidb_floor_{os.urandom(5).hex()}")
    create_database(server, config.database or "")
    try:
        with omnidb.connect(config) as db:
            Migrator(db).migrate(1)
        figures = measure(config, args.count, args.rounds)
    finally:
        drop_database(server, config.database or "")
    base = figures["INSERT (org_id, name)"]
    print("| statement | µs | ratio to the two-column INSERT |")
    print("| --- | --- | --- |")
    for side, seconds in figures.items():
        print(f"| {side} | {seconds * 1e6:,.0f} | {seconds / base:.2f} |")
    return 0


def measure(config: Any, count: int, round_count: int) -> dict[str, float]:
    names = itertools.count()
    pymysql_db = omnidb.connect(config)
    mysqlclient_db = omnidb.connect(config, driver="mysqlclient")
    org_id = orgs.create_org(pymysql_db, name="floor").id
    c_session = MySQLdb.connect(
        host=config.host, port=config.port, user=config.user, password=config.password or "",
        database=config.database, charset="utf8mb4", autocommit=True,
    )  # fmt: skip
    insert = "INSERT INTO apps (org_id, name) VALUES (%s, %s)"
    columns = columns_of(App)

    def by_c_driver(sql: str) -> Callable[[], None]:
        def run() -> None:
            cur = c_session.cursor()
            cur.execute(sql, (org_id, f"c{next(names)}"))
            cur.fetchall()
            cur.close()

        return run

    sides: dict[str, Callable[[], Any]] = {"INSERT (org_id, name)": by_c_driver(insert)}
    for width in (1, 8, 16, len(columns)):
        shown = "id" if width == 1 else f"{width} columns"
        sides[f"INSERT ... RETURNING {shown}"] = by_c_driver(f"{insert} RETURNING {', '.join(columns[:width])}")
    prepared, close_prepared = _prepared_sides(config, org_id, names, insert, columns)
    sides.update(prepared)
    sides["omnidb create_app, PyMySQL"] = lambda: apps.create_app(pymysql_db, org_id=org_id, name=f"o{next(names)}")
    sides["omnidb create_app, mysqlclient"] = lambda: apps.create_app(
        mysqlclient_db, org_id=org_id, name=f"m{next(names)}"
    )
    try:
        return rounds(sides, count, round_count)
    finally:
        c_session.close()
        close_prepared()
        pymysql_db.close()
        mysqlclient_db.close()


def _prepared_sides(
    config: Any, org_id: int, names: Any, insert: str, columns: list[str]
) -> tuple[dict[str, Callable[[], None]], Callable[[], None]]:
    """The two-column INSERT and the 33-column INSERT ... RETURNING as prepared statements through
    MariaDB Connector/Python, when it is installed (none otherwise, said on stderr), and what
    closes their session."""
    try:
        import mariadb  # type: ignore[import-not-found]
    except ImportError:
        print("(mariadb not installed: no prepared-statement sides; pip install mariadb)", file=sys.stderr)
        return {}, lambda: None
    session = mariadb.connect(
        host=config.host, port=config.port, user=config.user, password=config.password or "",
        database=config.database, autocommit=True,
    )  # fmt: skip
    plain, returning = session.cursor(prepared=True), session.cursor(prepared=True)
    insert_qmark = insert.replace("%s", "?")
    returning_sql = f"{insert_qmark} RETURNING {', '.join(columns)}"

    def run_plain() -> None:
        plain.execute(insert_qmark, (org_id, f"p{next(names)}"))

    def run_returning() -> None:
        returning.execute(returning_sql, (org_id, f"r{next(names)}"))
        returning.fetchall()

    sides = {
        "INSERT (org_id, name), prepared": run_plain,
        f"INSERT ... RETURNING {len(columns)} columns, prepared": run_returning,
    }
    return sides, session.close


if __name__ == "__main__":
    sys.exit(main())
