"""Least-privilege accounts: a migrator (DDL) and an application user (rows only).

Statements: ``queries/core/grants.sql``. Run as an account allowed to create users and grant.
Running it again is safe: existing accounts get the new passwords, and the application account
gets writes on tables added by migrations since.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from omnidb import registry
from omnidb.errors import ConfigError, DatabaseError
from omnidb.pool import Database
from omnidb.session import Connection, translated
from omnidb.tooling.databases import checked_database_name
from omnidb.transaction import writing

#: Tables the application account may read but never change.
MIGRATION_TABLES = ("schema_migrations", "schema_migration_history", "schema_migration_lock")

_ACCOUNT_EXISTS = 1396  # ER_CANNOT_USER: CREATE USER of an existing account
_NO_SUCH_GRANT = 1141  # ER_NONEXISTING_GRANT: REVOKE of a privilege the account lacks
_NO_SUCH_TABLE_GRANT = 1147  # ER_NONEXISTING_TABLE_GRANT: the same, of a table-level privilege
#: The database-level privileges both servers know; one the server reports is revoked by name only
#: when it is one of these (a name from the server goes into the REVOKE's text).
_PRIVILEGES = frozenset(
    {
        "ALTER", "ALTER ROUTINE", "CREATE", "CREATE ROUTINE", "CREATE TEMPORARY TABLES", "CREATE VIEW",
        "DELETE HISTORY", "DROP", "EVENT", "EXECUTE", "GRANT OPTION", "INDEX", "LOCK TABLES", "REFERENCES",
        "SHOW CREATE ROUTINE", "SHOW VIEW", "TRIGGER",
    }
)  # fmt: skip


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
    _check_accounts(migrator, application)
    q = registry.core()
    with writing(db) as conn:
        done: dict[Account, str] = {}
        try:
            for account in (migrator, application):
                done[account] = _create_or_update(conn, account)
            revoked = _grant_all(conn, name, migrator, application)
        except BaseException:
            # CREATE USER and GRANT commit at once: an account this run made goes again, so a
            # refused run leaves no half-made pair (a password changed on an existing one stays).
            for account in (migrator, application):
                if done.get(account) == "created":
                    with translated():
                        q.drop_account(conn, user=account.user, host=account.host)
            raise
        held = [f"{row['privilege']} on {row['scope']}" for row in q.account_extra_privileges(
            conn, user=application.user, host=application.host, database=name)]  # fmt: skip
    tables_line = _tables_line(name, revoked.tables)
    say(f"migrator {migrator.user}@{migrator.host} ({done[migrator]}): all privileges on {name} "
        "(and omnidb_check_* scratch databases)")  # fmt: skip
    say(f"application {application.user}@{application.host} ({done[application]}): SELECT on {name}; "
        f"{tables_line}")  # fmt: skip
    if revoked.extra:
        say(f"application {application.user}@{application.host}: revoked {', '.join(revoked.extra)} on {name}, "
            "given outside omnidb grants")  # fmt: skip
    if held:
        say(f"warning: application {application.user}@{application.host} still holds {'; '.join(held)}: "
            "not least privilege; revoke them by hand (omnidb grants leaves other databases' and global "
            "privileges alone)")  # fmt: skip


def _check_accounts(migrator: Account, application: Account) -> None:
    """``ConfigError`` for an account that would not be what the caller meant, before any change."""
    for role, account in (("migrator", migrator), ("application", application)):
        if not account.user:
            raise ConfigError(f"the {role} account needs a user name: an empty one is the anonymous account, "
                              "which any user name logs in as")  # fmt: skip
        if not account.password:
            raise ConfigError(f"the {role} account {account.user} needs a password: without one anybody "
                              f"reaching the server from {account.host} could log in as it")  # fmt: skip
        if not account.host:
            raise ConfigError(f"the {role} account {account.user} needs a host pattern ('%' for any host)")
    if (migrator.user, migrator.host) == (application.user, application.host):
        raise ConfigError(f"the migrator and the application are one account ({migrator.user}@{migrator.host}): "
                          "give them two names, or the application's grants take the migrator's away")  # fmt: skip


@attrs.frozen
class _Revoked:
    tables: list[str]  # the tables the application may write
    extra: list[str]  # database-level privileges taken back


def _grant_all(conn: Connection, name: str, migrator: Account, application: Account) -> _Revoked:
    """Grant both accounts their privileges on database ``name``; take back from the application
    the database-wide writes and lock-table writes of earlier omnidb grants, and the privileges on
    ``name`` beyond rows that were given to it by hand (never SELECT: the application keeps reading
    throughout)."""
    q = registry.core()
    pattern = grant_pattern(name)
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
    stored = pattern.replace("%%", "%")  # the pattern as the server shows it (no pyformat doubling)
    extra = [
        str(row["privilege"])
        for row in q.account_extra_privileges(conn, user=application.user, host=application.host, database=name)
        if row["scope"] == stored and row["privilege"] in _PRIVILEGES
    ]
    if extra:
        _grant(
            conn, q.revoke_application_privileges.sql.replace("{privileges}", ", ".join(extra)), pattern, application
        )
    tables = [str(row["table_name"]) for row in q.application_tables(conn, database=name)]
    for table in tables:
        sql = q.grant_application_writes.sql.replace("{table}", _identifier(table))
        _grant(conn, sql, name, application)
    return _Revoked(tables, extra)


def _tables_line(name: str, tables: list[str]) -> str:
    if not tables:
        return f"no writes yet: {name} has no tables; run omnidb grants again after omnidb migrate"
    return f"INSERT, UPDATE, DELETE on its {len(tables)} tables except {', '.join(MIGRATION_TABLES)}"


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
