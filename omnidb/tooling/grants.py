"""Least-privilege accounts: a migrator (DDL) and an application user (rows only).

Statements: ``queries/core/grants.sql``. Run as an account allowed to create users and grant.
Running it again is safe: existing accounts get the new passwords, and the application account
gets writes on tables added by migrations since.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from omnidb import registry
from omnidb.errors import DatabaseError
from omnidb.pool import Database
from omnidb.session import Connection, translated
from omnidb.tooling.databases import checked_database_name
from omnidb.transaction import writing

#: Tables the application account may read but never change.
MIGRATION_TABLES = ("schema_migrations", "schema_migration_history", "schema_migration_lock")

_ACCOUNT_EXISTS = 1396  # ER_CANNOT_USER: CREATE USER of an existing account
_NO_SUCH_GRANT = 1141  # ER_NONEXISTING_GRANT: REVOKE of a privilege the account lacks
_NO_SUCH_TABLE_GRANT = 1147  # ER_NONEXISTING_TABLE_GRANT: the same, of a table-level privilege


@attrs.frozen
class Account:
    """An account to create: name, host pattern and password (kept out of ``repr``)."""

    user: str
    password: str = attrs.field(repr=False)
    host: str = "%"


def create_accounts(
    db: Database, database: str, *, migrator: Account, application: Account, out: Callable[[str], None] | None = None
) -> None:
    """Create both accounts, or set their passwords if they exist, and grant their privileges.

    The application account gets SELECT on ``database`` and INSERT, UPDATE, DELETE on each of its
    tables that exists now, except the migration tables. Prints what it did through ``out``.
    Raises ``ConfigError`` for an unsafe database name, ``PermissionDenied`` when the DSN's account
    may not create users or grant.
    """
    say = out or (lambda line: None)
    name = checked_database_name(database)
    pattern = grant_pattern(name)
    q = registry.core()
    with writing(db) as conn:
        done = {account.user: _create_or_update(conn, account) for account in (migrator, application)}
        _grant(conn, q.grant_migrator.sql, pattern, migrator)
        _grant(conn, q.grant_migrator_scratch.sql, pattern, migrator)
        _grant(conn, q.grant_application_reads.sql, pattern, application)
        for revoke, database, absent in (
            (q.revoke_application_writes.sql, pattern, _NO_SUCH_GRANT),
            (q.revoke_application_lock_writes.sql, name, _NO_SUCH_TABLE_GRANT),
        ):
            try:
                _grant(conn, revoke, database, application)
            except DatabaseError as exc:
                if exc.code != absent:
                    raise
        tables = [str(row["table_name"]) for row in q.application_tables(conn, database=name)]
        for table in tables:
            sql = q.grant_application_writes.sql.replace("{table}", _identifier(table))
            _grant(conn, sql, name, application)
    say(f"migrator {migrator.user}@{migrator.host} ({done[migrator.user]}): all privileges on {name} "
        "(and omnidb_check_* scratch databases)")  # fmt: skip
    writes = (
        f"INSERT, UPDATE, DELETE on its {len(tables)} tables except {', '.join(MIGRATION_TABLES)}"
        if tables
        else f"no writes yet: {name} has no tables; run omnidb grants again after omnidb migrate"
    )
    say(f"application {application.user}@{application.host} ({done[application.user]}): SELECT on {name}; {writes}")


def grant_pattern(database: str) -> str:
    """``database`` as a GRANT pattern matching only itself: ``_`` and ``%`` escaped (``tenant\\_1``).

    Both servers read them as wildcards in a database-level GRANT (docs/mysql-compat.md).

    The ``%`` is doubled as well, since the statement is sent with pyformat parameters.
    """
    return database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%%")


def _create_or_update(conn: Connection, account: Account) -> str:
    q = registry.core()
    params = {"user": account.user, "host": account.host, "password": account.password}
    try:
        with translated():
            q.create_account(conn, **params)
        return "created"
    except DatabaseError as exc:
        if exc.code != _ACCOUNT_EXISTS:
            raise
    with translated():
        q.change_password(conn, **params)
    return "existed: password changed"


def _identifier(name: str) -> str:
    # Inside backticks a backtick is doubled; % is doubled for pyformat.
    return name.replace("`", "``").replace("%", "%%")


def _grant(conn: Connection, sql: str, database: str, account: Account) -> None:
    # GRANT takes the database as an identifier: the checked (and, at database level, escaped) name
    # replaces {database}.
    with conn.cursor() as cur, translated():
        cur.execute(sql.replace("{database}", database), {"user": account.user, "host": account.host})
