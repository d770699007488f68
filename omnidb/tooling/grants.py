"""Least-privilege accounts: a migrator (DDL) and an application user (rows only).

Statements: ``queries/core/grants.sql``. Run as an account allowed to create users and grant.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from omnidb import registry
from omnidb.pool import Database
from omnidb.session import Connection
from omnidb.tooling.databases import checked_database_name
from omnidb.transaction import writing


@attrs.frozen
class Account:
    """An account to create: name, host pattern and password (kept out of ``repr``)."""

    user: str
    password: str = attrs.field(repr=False)
    host: str = "%"


def create_accounts(
    db: Database, database: str, *, migrator: Account, application: Account, out: Callable[[str], None] | None = None
) -> None:
    """Create both accounts (if missing) and grant them their privileges on ``database``."""
    say = out or (lambda line: None)
    name = checked_database_name(database)
    q = registry.core()
    with writing(db) as conn:
        for account in (migrator, application):
            q.create_account(conn, user=account.user, host=account.host, password=account.password)
        _grant(conn, q.grant_migrator.sql, name, migrator)
        _grant(conn, q.grant_migrator_scratch.sql, name, migrator)
        _grant(conn, q.grant_application.sql, name, application)
    say(f"migrator {migrator.user}@{migrator.host}: all privileges on {name} (and omnidb_check_* scratch databases)")
    say(f"application {application.user}@{application.host}: SELECT, INSERT, UPDATE, DELETE on {name}")


def _grant(conn: Connection, sql: str, database: str, account: Account) -> None:
    # GRANT takes the database as an identifier: the checked name replaces {database}.
    with conn.cursor() as cur:
        cur.execute(sql.replace("{database}", database), {"user": account.user, "host": account.host})
