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
    done: dict[Account, str] = {}
    try:
        with writing(db) as conn:
            for account in (migrator, application):
                done[account] = _create_or_update(conn, account)
            granted = _grant_all(conn, name, migrator, application)
    except BaseException as exc:
        # CREATE USER and GRANT commit at once: an account this run made goes again, so a refused
        # run leaves no half-made pair (a password changed on an existing one stays).
        _drop_created([account for account, how in done.items() if how == "created"], db, exc)
        raise
    app = f"application {application.user}@{application.host}"
    say(f"migrator {migrator.user}@{migrator.host} ({done[migrator]}): all privileges on {name} "
        "(and omnidb_check_* scratch databases)")  # fmt: skip
    say(f"{app} ({done[application]}): SELECT on {name}; {_tables_line(name, granted.tables)}")
    if granted.revoked:
        say(f"{app}: revoked {', '.join(granted.revoked)} on {name}, given outside omnidb grants")
    if not granted.visible:
        say(f"warning: {app}: the DSN's account cannot read other accounts' privileges (it needs SELECT on "
            "the mysql schema): privileges given to the application by hand were not looked for")  # fmt: skip
    elif granted.held:
        say(f"warning: {app} still holds {'; '.join(granted.held)}: not least privilege; revoke them by hand "
            "(omnidb grants leaves global, other databases' and table privileges alone)")  # fmt: skip


def _drop_created(accounts: list[Account], db: Database, failure: BaseException) -> None:
    """Drop ``accounts`` on a session of their own (the failed one may be lost); one that cannot be
    dropped is named in a note on ``failure``, which the caller raises."""
    for account in accounts:
        try:
            with db.connection() as conn, translated():
                registry.core().drop_account(conn, user=account.user, host=account.host)
        except Exception as exc:  # the original failure is the one to raise
            note = getattr(failure, "add_note", None)  # Python 3.11+
            if note is not None:
                note(f"omnidb grants created {account.user}@{account.host} and could not drop it ({exc}): "
                     "drop it by hand")  # fmt: skip


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
    # The server keeps host names in lower case: LocalHost and localhost are one account.
    if (migrator.user, migrator.host.lower()) == (application.user, application.host.lower()):
        raise ConfigError(f"the migrator and the application are one account ({migrator.user}@{migrator.host}): "
                          "give them two names, or the application's grants take the migrator's away")  # fmt: skip


@attrs.frozen
class _Granted:
    tables: list[str]  # the tables the application may write
    revoked: list[str]  # privileges on the database taken back
    held: list[str]  # what else bears on the database, left to the DBA
    visible: bool  # whether the server showed the application's privileges at all


#: What omnidb grants gives the application, by table (the migration tables: SELECT only).
_ROW_PRIVILEGES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})


def _grant_all(conn: Connection, name: str, migrator: Account, application: Account) -> _Granted:
    """Grant both accounts their privileges on database ``name``; take back from the application
    the database-wide writes and lock-table writes of earlier omnidb grants, and the privileges on
    ``name`` beyond rows given to it by hand (never SELECT: the application keeps reading
    throughout); name what else it holds."""
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
    rows = [
        (str(row["privilege"]), str(row["scope"]), row["grantable"] == "YES")
        for row in q.account_privileges(conn, user=application.user, host=application.host.lower(), database=name)
    ]
    revoked, held = _sorted_out(rows, stored, name)
    if revoked:
        sql = q.revoke_application_privileges.sql.replace("{privileges}", ", ".join(revoked))
        _grant(conn, sql, pattern, application)
    tables = [str(row["table_name"]) for row in q.application_tables(conn, database=name)]
    for table in tables:
        sql = q.grant_application_writes.sql.replace("{table}", _identifier(table))
        _grant(conn, sql, name, application)
    visible = any(row[:2] == ("SELECT", stored) for row in rows)  # the SELECT just given
    return _Granted(tables, revoked, held, visible)


def _sorted_out(rows: list[tuple[str, str, bool]], stored: str, name: str) -> tuple[list[str], list[str]]:
    """Of the application's ``(privilege, scope, grantable)`` rows: the privileges on the database's
    own pattern ``stored`` to revoke (each one omnidb knows, GRANT OPTION included), and what else
    is more than rows, as ``"<privilege> on <scope>"``: global privileges, privileges beyond SELECT
    on another pattern matching the database, table privileges beyond rows (beyond SELECT on the
    migration tables), and every GRANT OPTION."""
    revoked: list[str] = []
    held: list[str] = []
    passes_on = False  # WITH GRANT OPTION on the database's own pattern
    migration_tables = {f"{name}.{table}" for table in MIGRATION_TABLES}
    for privilege, scope, grantable in rows:
        if scope == stored:
            if privilege in _PRIVILEGES:
                revoked.append(privilege)
            elif privilege not in _ROW_PRIVILEGES:
                held.append(f"{privilege} on {scope}")
            passes_on = passes_on or grantable
            continue
        if scope == "*.*":
            extra = privilege != "USAGE"
        elif scope.startswith(f"{name}."):  # a table of the database
            extra = privilege not in (("SELECT",) if scope in migration_tables else _ROW_PRIVILEGES)
        else:  # another database pattern that matches it
            extra = privilege != "SELECT"
        if extra:
            held.append(f"{privilege} on {scope}")
        if grantable:
            held.append(f"GRANT OPTION on {scope}")
    return list(dict.fromkeys(revoked + ["GRANT OPTION"] * passes_on)), list(dict.fromkeys(held))


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
