"""Opening one session: the only place omnidb connects to a server.

Every session is set up the same way whatever the server's defaults: utf8mb4, UTC (``time_zone
'+00:00'``) and a strict ``sql_mode``, so a bad value is an error rather than a silently mangled row.
The pool (:mod:`omnidb.pool`) lends sessions; :mod:`omnidb.transaction` runs work on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeAlias, cast

import pymysql
import pymysql.cursors

from omnidb import cluster, registry
from omnidb.config import Config
from omnidb.errors import DRIVER_ERRORS, translate

Connection: TypeAlias = "pymysql.connections.Connection[Any]"

# Both MySQL 8.0 and MariaDB 10.6+ accept every mode named here. NO_AUTO_CREATE_USER is left out:
# MySQL 8.0 removed it and refuses a sql_mode that names it.
SQL_MODE = ",".join(
    [
        "STRICT_TRANS_TABLES",
        "STRICT_ALL_TABLES",
        "NO_ZERO_IN_DATE",
        "NO_ZERO_DATE",
        "ERROR_FOR_DIVISION_BY_ZERO",
        "NO_ENGINE_SUBSTITUTION",
        "ONLY_FULL_GROUP_BY",
    ]
)
_INIT_COMMAND = f"SET SESSION sql_mode = '{SQL_MODE}', SESSION time_zone = '+00:00'"


def open_connection(config: Config) -> Connection:
    """Open one session with omnidb's settings; raise ``ConnectionFailed`` (never the password).

    On a multi-host DSN, the first host that answers and may serve (omnidb/cluster.py).
    """
    return cluster.open_any(config, _open_one)  # cluster hook: host list, failover, role check


def _open_one(config: Config) -> Connection:
    try:
        conn = _connect_mysqlclient(config) if config.driver == "mysqlclient" else _connect_pymysql(config)
    except DRIVER_ERRORS as exc:
        err = translate(exc)
        where = config.safe_dsn()
        raise type(err)(f"cannot connect to {where}: {err}", code=err.code) from None
    if config.slow_query_ms is not None:
        setattr(conn, registry.SLOW_QUERY_ATTRIBUTE, config.slow_query_ms)
    return conn


def _connect_pymysql(config: Config) -> Connection:
    return pymysql.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        database=config.database,
        unix_socket=config.unix_socket,
        charset="utf8mb4",
        autocommit=True,
        connect_timeout=config.connect_timeout,
        init_command=_INIT_COMMAND + cluster.session_settings(config),
        cursorclass=pymysql.cursors.DictCursor,
        # UPDATE reports rows matched, not rows changed: an update that sets a value the row
        # already holds still proves the row exists.
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        ssl_ca=config.ssl_ca,
        ssl_verify_cert=config.ssl_verify_cert if config.ssl_ca else None,
        ssl_verify_identity=config.ssl_verify_identity if config.ssl_ca else None,
    )


def _connect_mysqlclient(config: Config) -> Connection:
    """The same session through mysqlclient (MySQLdb), the C driver: same settings, same behaviour."""
    import MySQLdb
    import MySQLdb.constants.CLIENT
    import MySQLdb.cursors

    options: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "user": config.user,
        "password": config.password,
        "charset": "utf8mb4",
        "autocommit": True,
        "connect_timeout": max(1, round(config.connect_timeout)),
        "init_command": _INIT_COMMAND + cluster.session_settings(config),
        "cursorclass": MySQLdb.cursors.DictCursor,
        "client_flag": MySQLdb.constants.CLIENT.FOUND_ROWS,
    }
    if config.database:
        options["database"] = config.database
    if config.unix_socket:
        options["unix_socket"] = config.unix_socket
    if config.ssl_ca:
        options["ssl"] = {"ca": config.ssl_ca}
        options["ssl_mode"] = (
            "VERIFY_IDENTITY" if config.ssl_verify_identity else "VERIFY_CA" if config.ssl_verify_cert else "REQUIRED"
        )
    # mysqlclient's connection offers every method and attribute omnidb uses on PyMySQL's.
    return cast(Connection, MySQLdb.connect(**options))


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


def rollback_quietly(conn: Connection) -> bool:
    try:
        conn.rollback()
        return True
    except Exception:
        return False


def close_quietly(conn: Connection) -> None:
    with suppress(Exception):
        conn.close()
