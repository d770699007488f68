"""Creating and dropping whole databases (``omnidb migrate --create``, ``omnidb check``'s scratch
database, the test harness). Operator tooling: the runtime never creates databases.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from omnidb.config import Config
from omnidb.errors import ConfigError, OmniDBError, PermissionDenied
from omnidb.pool import Database
from omnidb.session import open_connection, translated

#: Prefix of throwaway databases (``omnidb check``, ``omnidb resume``); ``omnidb grants`` lets the
#: migrator account create and drop databases with it.
SCRATCH_PREFIX = "omnidb_check_"

_DATABASE_NAME = re.compile(r"^[A-Za-z0-9_$-]{1,64}$")


def create_database(config: Config, name: str) -> None:
    """Create database ``name`` (utf8mb4) on the server of ``config`` if it does not exist."""
    _database_ddl(
        config,
        f"CREATE DATABASE IF NOT EXISTS `{_checked_name(name)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    )


def drop_database(config: Config, name: str) -> None:
    """Drop database ``name`` on the server of ``config`` if it exists."""
    _database_ddl(config, f"DROP DATABASE IF EXISTS `{_checked_name(name)}`")


@contextmanager
def scratch_database(server: Config) -> Iterator[Database]:
    """A pool on a new empty database ``omnidb_check_<random>`` on ``server``, dropped afterwards."""
    name = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:12]}"
    try:
        create_database(server, name)
    except OmniDBError as exc:
        if exc.code not in (1044, 1227):  # ER_DBACCESS_DENIED, ER_SPECIFIC_ACCESS_DENIED
            raise
        raise PermissionDenied(
            f"{exc}: omnidb check and resume build a scratch database ({SCRATCH_PREFIX}<random>); run them with "
            "the migrator's account, which omnidb grants lets create and drop those",
            code=exc.code,
        ) from exc
    db = Database(server.with_database(name))
    try:
        yield db
    finally:
        db.close()
        drop_database(server, name)


def checked_database_name(name: str) -> str:
    """``name`` if it is a safe database name (1 to 64 letters, digits, _, $ or -); else ``ConfigError``."""
    return _checked_name(name)


def _checked_name(name: str) -> str:
    # The only statements built in Python: an identifier cannot be a bound parameter, so the name is
    # checked against a strict pattern before it is quoted (a hyphen needs the backquotes, which it
    # always gets; a backquote, a quote or a dot never pass).
    if not _DATABASE_NAME.match(name):
        raise ConfigError(f"database names are 1 to 64 letters, digits, _, $ or -; not {name!r}")
    return name


def _database_ddl(config: Config, sql: str) -> None:
    conn = open_connection(config.with_database(None))
    try:
        with conn.cursor() as cur, translated():
            cur.execute(sql)
    finally:
        conn.close()
