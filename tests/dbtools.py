"""Side-channel helpers for tests: plain driver sessions to set up and inspect what the server holds."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pymysql
import pymysql.cursors

from omnidb.config import Config
from omnidb.sqlfiles import sql_file

#: The type of the ``make_database`` fixture: each call creates a fresh empty database.
MakeDatabase = Callable[[], Config]
#: What ``catalog`` returns: for each kind of object, its rows of names (and type or table).
Catalog = dict[str, set[tuple[str, ...]]]


def admin(config: Config) -> pymysql.connections.Connection:  # type: ignore[type-arg]
    """A plain autocommit driver session, for setting up and inspecting outside omnidb."""
    return pymysql.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        database=config.database,
        autocommit=True,
        cursorclass=pymysql.cursors.DictCursor,
    )


@contextmanager
def account(config: Config, privileges: str, prefix: str) -> Iterator[tuple[str, str]]:
    """A throwaway account (``<prefix>_<random>``, any host) granted ``privileges`` on the database
    of ``config``: its name and password, for the block; dropped after."""
    name, password = f"{prefix}_{uuid.uuid4().hex[:8]}", f"{prefix.title()}-{uuid.uuid4().hex}"
    side = admin(config)
    try:
        with side.cursor() as cur:
            cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (name, password))
            cur.execute(f"GRANT {privileges} ON `{config.database}`.* TO %s@'%%'", (name,))
        yield name, password
    finally:
        with side.cursor() as cur:
            cur.execute("DROP USER IF EXISTS %s@'%%'", (name,))
        side.close()


def query(config: Config, sql: str, *args: object) -> list[dict[str, object]]:
    """Run one statement on a side session and return its rows (for asserting on what is stored)."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args or None)
            return list(cur.fetchall())
    finally:
        conn.close()


def tables(config: Config) -> set[str]:
    """Base tables of the database, as information_schema reports them."""
    rows = query(
        config,
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE'",
        config.database,
    )
    return {str(r["t"]) for r in rows}


def columns(config: Config, table: str) -> dict[str, dict[str, object]]:
    """Columns of ``table`` keyed by name, with their information_schema description."""
    rows = query(
        config,
        "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
        config.database,
        table,
    )
    return {str(r["name"]): r for r in rows}


def catalog(config: Config) -> Catalog:
    """Tables, views, routines, triggers and events of the database, as information_schema reports them."""
    found = {
        "views": "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s",
        "routines": "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s",
        "triggers": "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS "
        "WHERE TRIGGER_SCHEMA = %s",
        "events": "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s",
    }
    objects = {
        kind: {tuple(str(v) for v in row.values()) for row in query(config, sql, config.database)}
        for kind, sql in found.items()
    }
    return {"tables": {(name,) for name in tables(config)}, **objects}


def mariadb_client(config: Config, *options: str) -> list[str]:
    """The mariadb command line client's argv for the database; pass the password as MYSQL_PWD."""
    where = [f"-h{config.host}", f"-P{config.port}", f"-u{config.user}"]
    return ["mariadb", *where, *options, str(config.database)]


def versions_with(tmp_path: Path, script: str, statement: str, *, before: str = "", after: str = "") -> Path:
    """A private copy of sql/versions (``tmp_path/versions``) with ``statement`` added to ``script``
    (``"V2/up.sql"``) as a statement of its own, just before the first ``before`` or just after the
    first ``after``. An anchor the script no longer holds fails here: the test would otherwise run
    the shipped script and prove nothing.
    """
    root = tmp_path / "versions"
    shutil.copytree(sql_file("versions"), root)
    path = root / script
    text, anchor = path.read_text(), before or after
    assert anchor and anchor in text, f"{script} holds no {anchor!r}"
    path.write_text(text.replace(anchor, f"{statement}\n\n{anchor}" if before else f"{anchor}\n\n{statement}", 1))
    return root


@contextmanager
def holding_apps(config: Config) -> Iterator[int]:
    """An open transaction that read apps, on a session of its own: it holds the metadata lock of
    apps, which every DDL on apps waits for, until the block ends (rolled back). Yields its
    connection id.
    """
    blocker = admin(config)
    try:
        with blocker.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute("SELECT COUNT(*) FROM apps")
        yield blocker.thread_id()
    finally:
        blocker.rollback()
        blocker.close()
