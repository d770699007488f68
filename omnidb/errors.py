"""The omnidb error hierarchy, and the one table that maps MySQL error codes onto it.

Catch by meaning (``except omnidb.errors.NotFound``), not by driver class. A wrapped server error keeps
its MySQL error number in ``.code`` and the original exception in ``__cause__``.
"""

from __future__ import annotations

import re
from typing import Any

import pymysql


def _driver_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(base errors, interface errors) of PyMySQL and, when installed, mysqlclient.

    aiomysql raises PyMySQL's classes. asyncmy (the other ``omnidb.aio`` driver) has classes of its own
    with the same ``(code, message)`` arguments: ``omnidb.aio`` adds them with
    :func:`add_driver_errors` when it first uses asyncmy, so that ``import omnidb`` never imports
    asyncmy (and asyncio) where it is installed but not used.
    """
    try:  # the optional C driver (pip install omnidb[mysqlclient])
        import MySQLdb
    except ImportError:  # pragma: no cover - depends on the installation
        return (pymysql.err.MySQLError,), (pymysql.err.InterfaceError,)
    return (pymysql.err.MySQLError, MySQLdb.MySQLError), (pymysql.err.InterfaceError, MySQLdb.InterfaceError)


#: The exception base classes of the drivers omnidb can use. Code that may meet an error of a driver
#: added later (:func:`add_driver_errors`) reads it as ``errors.DRIVER_ERRORS`` when it catches.
DRIVER_ERRORS, _INTERFACE_ERRORS = _driver_errors()


def add_driver_errors(base: type[Exception], interface: type[Exception]) -> None:
    """Count a driver's error classes (its base class, its interface error class) as driver errors:
    translated, given their MySQL code, caught wherever ``errors.DRIVER_ERRORS`` is. Idempotent."""
    global DRIVER_ERRORS, _INTERFACE_ERRORS
    if base not in DRIVER_ERRORS:
        DRIVER_ERRORS = (*DRIVER_ERRORS, base)
        _INTERFACE_ERRORS = (*_INTERFACE_ERRORS, interface)


class OmniDBError(Exception):
    """Base class of every error omnidb raises on purpose."""

    code: int | None = None

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class ConfigError(OmniDBError):
    """A DSN or option is malformed: nothing was sent to a server."""


class ConnectionFailed(OmniDBError):
    """The server could not be reached, refused the credentials, or lacks the database."""


class ConnectionLost(OmniDBError):
    """The connection died under a call (server gone, session killed); nothing uncommitted survived."""


class TimedOut(ConnectionLost):
    """No reply within ``read_timeout``, or a request the server did not take within
    ``write_timeout``: the session was discarded, and the server may still be running the statement.
    Told where the driver says so (PyMySQL, omnidb.aio) or, on mysqlclient, for a read on the pool
    that lasted ``read_timeout``; elsewhere on mysqlclient it is a plain ``ConnectionLost``."""


class PoolTimeout(OmniDBError):
    """Every pooled connection stayed in use for longer than ``pool_timeout``."""


class NotFound(OmniDBError):
    """A row (or a metadata key, or a parent row) does not exist, or is soft-deleted."""

    def __init__(self, resource: str, key: Any, *, code: int | None = None) -> None:
        super().__init__(f"{resource} {key} not found", code=code)
        self.resource = resource
        self.key = key


class Conflict(OmniDBError):
    """The write collides with existing data: a duplicate unique key, or a lost update."""


class ForeignKeyViolation(OmniDBError):
    """A foreign key refused the write: a missing parent (1452) or existing children (1451)."""


class ParentNotFound(NotFound, ForeignKeyViolation):
    """A write named a parent row (``org_id=...``) that does not exist (MySQL 1452)."""


class AuthenticationFailed(OmniDBError):
    """A sign-in named an unknown e-mail or a wrong password (the message never says which)."""


class AccountLocked(Conflict):
    """A sign-in of a user locked by repeated failures; ``.locked_until`` says until when."""

    def __init__(self, message: str, *, locked_until: Any = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


class InvalidInput(OmniDBError):
    """A value was refused before or by the server (wrong type, too long, bad enum, bad page)."""

    def __init__(self, message: str, *, field: str | None = None, code: int | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class PermissionDenied(OmniDBError):
    """The account lacks a privilege for the statement (MySQL 1142, 1143, 1227)."""


class TransientError(OmniDBError):
    """A deadlock (1213) or lock wait timeout (1205): the whole transaction may be retried."""


class MigrationError(OmniDBError):
    """A migration could not be planned or applied; the message says which version and statement."""


class ScriptError(MigrationError):
    """A SQL script cannot be split: a malformed DELIMITER line, or a client command that is not SQL."""


class DirtyDatabase(MigrationError):
    """A previous migration stopped halfway; an operator must resolve it before any other runs."""


class ChecksumMismatch(MigrationError):
    """An applied version's up.sql on disk differs from the one that was applied."""


class MigrationLocked(MigrationError):
    """Another runner held the migration lock for longer than the configured wait."""


class MigrationBlocked(MigrationError):
    """A migration statement kept waiting for a table lock other sessions hold; nothing is half-done."""


class SchemaVersionMismatch(OmniDBError):
    """Code written for one schema version was used on a database at another."""


# -- cluster (issue 13) ------------------------------------------------------------------------------


class NodeUnavailable(ConnectionLost):
    """The server is up but may not serve: a Galera node not Synced or outside the primary component
    (1047), a commit its cluster refused (1180), or a server whose role does not allow the work (a
    replica asked to write). The session is dropped and the next one goes to another host."""


class ReadOnlyServer(OmniDBError):
    """The server refuses writes: ``read_only`` is on (MySQL 1290, 1836), or it is a replica."""


class DatabaseError(OmniDBError):
    """A server error with no more specific meaning; ``.code`` holds the MySQL error number."""


# MySQL/MariaDB error number -> omnidb class. Client-side numbers (2xxx) come from the driver.
# Where the two servers use different numbers for one meaning, both are here: docs/mysql-compat.md.
_CODE_TABLE: dict[int, type[OmniDBError]] = {
    1062: Conflict,  # ER_DUP_ENTRY
    1586: Conflict,  # ER_DUP_ENTRY_WITH_KEY_NAME
    1451: ForeignKeyViolation,  # ER_ROW_IS_REFERENCED_2: children still point at the row
    1452: ForeignKeyViolation,  # ER_NO_REFERENCED_ROW_2: the parent does not exist
    1048: InvalidInput,  # ER_BAD_NULL_ERROR
    1264: InvalidInput,  # ER_WARN_DATA_OUT_OF_RANGE
    1265: InvalidInput,  # WARN_DATA_TRUNCATED (e.g. a value outside an ENUM)
    1292: InvalidInput,  # ER_TRUNCATED_WRONG_VALUE (bad date/time)
    1366: InvalidInput,  # ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
    1406: InvalidInput,  # ER_DATA_TOO_LONG
    1364: InvalidInput,  # ER_NO_DEFAULT_FOR_FIELD
    3140: InvalidInput,  # ER_INVALID_JSON_TEXT (MySQL)
    3819: InvalidInput,  # ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
    4025: InvalidInput,  # ER_CONSTRAINT_FAILED (MariaDB CHECK, also JSON_VALID on MariaDB JSON columns)
    1205: TransientError,  # ER_LOCK_WAIT_TIMEOUT
    1213: TransientError,  # ER_LOCK_DEADLOCK
    1142: PermissionDenied,  # ER_TABLEACCESS_DENIED_ERROR
    1143: PermissionDenied,  # ER_COLUMNACCESS_DENIED_ERROR
    1227: PermissionDenied,  # ER_SPECIFIC_ACCESS_DENIED_ERROR
    1044: ConnectionFailed,  # ER_DBACCESS_DENIED_ERROR
    1045: ConnectionFailed,  # ER_ACCESS_DENIED_ERROR
    1698: ConnectionFailed,  # ER_ACCESS_DENIED_NO_PASSWORD_ERROR (MariaDB: unknown account)
    1049: ConnectionFailed,  # ER_BAD_DB_ERROR
    2002: ConnectionFailed,  # CR_CONNECTION_ERROR (Connector/C: no server on the socket)
    2003: ConnectionFailed,  # CR_CONN_HOST_ERROR
    2005: ConnectionFailed,  # CR_UNKNOWN_HOST
    2026: ConnectionFailed,  # CR_SSL_CONNECTION_ERROR
    2006: ConnectionLost,  # CR_SERVER_GONE_ERROR
    2013: ConnectionLost,  # CR_SERVER_LOST
    1927: ConnectionLost,  # ER_CONNECTION_KILLED (MariaDB)
    4031: ConnectionLost,  # ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+)
    # cluster (issue 13)
    1047: NodeUnavailable,  # ER_UNKNOWN_COM_ERROR: Galera "WSREP has not yet prepared node for application use"
    1180: NodeUnavailable,  # ER_ERROR_DURING_COMMIT: Galera could not replicate the commit
    1290: ReadOnlyServer,  # ER_OPTION_PREVENTS_STATEMENT (--read-only)
    1836: ReadOnlyServer,  # ER_READ_ONLY_MODE
}

# "column 'name'" (most messages) or "column `db`.`table`.`name`" (MariaDB's 1366)
_COLUMN = re.compile(r"column (?:'([^']+)'|(?:`[^`]*`\.)*`([^`]+)`)", re.IGNORECASE)

#: MariaDB's CHECK failure (4025): CONSTRAINT `chk_apps_instances` failed for `db`.`apps`.
_CONSTRAINT = re.compile(r"CONSTRAINT `([^`]+)` failed for (?:`[^`]*`\.)?`([^`]+)`")


#: The CHECKs over more than one column: the field each names, the one a caller would fix (None
#: when no one column is at fault). Every other CHECK is ``chk_<table>_<column>``;
#: ``tests/v2/test_tables.py`` holds every CHECK of the schema to this.
_CHECK_FIELDS: dict[str, str | None] = {
    "chk_autoscaling_rules_instances": "max_instances",  # min_instances <= max_instances
    "chk_usage_costs_span": "usage_end",  # usage_end >= usage_start
    "chk_notification_acknowledgments_one_target": None,  # exactly one of two notifications
}


#: What each CHECK over more than one column asks, said after the server's message (which names the
#: constraint only): the caller may have changed either column.
_CHECK_RULES: dict[str, str] = {
    "chk_autoscaling_rules_instances": "min_instances must not exceed max_instances",
    "chk_usage_costs_span": "usage_end must not be before usage_start",
    "chk_notification_acknowledgments_one_target": "exactly one of notification_id and role_notification_id",
}


def _check_rule(server_message: str) -> str | None:
    found = _CONSTRAINT.search(server_message)
    return _CHECK_RULES.get(found.group(1)) if found is not None else None


def _checked_column(server_message: str) -> str | None:
    """The column a failed CHECK names: ``chk_<table>_<column>`` (omnidb's naming, sql/versions/), or
    ``<table>.<column>`` (the JSON_VALID check MariaDB adds to a JSON column), or for a CHECK over
    several columns the one :data:`_CHECK_FIELDS` gives."""
    found = _CONSTRAINT.search(server_message)
    if found is None:
        return None
    name, table = found.groups()
    if name in _CHECK_FIELDS:
        return _CHECK_FIELDS[name]
    for prefix in (f"chk_{table}_", f"{table}."):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return None


#: What to check when no server answered, over TCP (the driver's 2003) or on a socket.
HOST_HINT = "is the server running, and are host and port right?"
SOCKET_HINT = "is the server running, and is the socket path right?"

_HINTS: dict[int, str] = {
    1045: "check the DSN's user and password (with / ? # @ % in them percent-encoded)",
    1049: "create it (omnidb migrate --create), or check the database name in the DSN",
    1317: "another session's KILL QUERY (or KILL) interrupted the statement, or the server is shutting down",
    2002: SOCKET_HINT,
    2003: HOST_HINT,
    2013: "no answer within read_timeout/write_timeout, or the session was killed or the server stopped; "
    "the session was discarded",
}
_READ_TIMED_OUT = "the server may still be running the statement; the session was discarded"


def _timeout_hint(code: int | None, server_message: str) -> str | None:
    """The hint of a driver's own timeout, None for anything else. As PyMySQL words them: a 2013
    "... during query (timed out)" (its socket read timed out; not the network's ETIMEDOUT, "(...
    Connection timed out)"), a 2006 "... gone away (TimeoutError('timed out'))"; omnidb.aio's
    write_timeout says which itself, on either code. mysqlclient's 2013 does not tell a timeout
    from a lost server (see :func:`read_timed_out`)."""
    if code not in (2006, 2013):
        return None
    if "took no request within write_timeout" in server_message:
        return "the session was discarded"
    if code == 2013 and server_message.endswith("(timed out)"):
        return f"no answer within read_timeout: {_READ_TIMED_OUT}"
    if code == 2006 and "TimeoutError('timed out')" in server_message:
        return "the server took no request within write_timeout; the session was discarded"
    return None


def _server_message(exc: Exception) -> str:
    """The message a driver exception carries (its second argument), or its text."""
    return str(exc.args[1]) if len(exc.args) > 1 else str(exc)


def error_code(exc: BaseException) -> int | None:
    """Return the MySQL error number carried by a driver exception, or None."""
    if isinstance(exc, OmniDBError):
        return exc.code
    if isinstance(exc, DRIVER_ERRORS) and exc.args and isinstance(exc.args[0], int):
        return exc.args[0]
    return None


def translate_any(exc: BaseException) -> str:
    """The message of an omnidb error, or of a driver error as :func:`translate` would word it."""
    if isinstance(exc, DRIVER_ERRORS):
        return str(translate(exc))
    return str(exc)


def translate(exc: Exception) -> OmniDBError:
    """Map a driver exception to its omnidb class, keeping the code and the server's message.

    Foreign key failures on a missing parent become ``NotFound``-compatible by the caller, which
    knows the resource; here they stay ``ForeignKeyViolation``.
    """
    code = error_code(exc)
    server_message = _server_message(exc)
    cls = _CODE_TABLE.get(code or -1, DatabaseError)
    if isinstance(exc, _INTERFACE_ERRORS) and not code:
        # PyMySQL raises InterfaceError(0, '') on a session it closed after losing it.
        cls, server_message, code = ConnectionLost, "the connection is closed (it was lost earlier)", None
    text = f"({code}) {server_message}" if code is not None else server_message
    hint = _HINTS.get(code or -1)
    timeout = _timeout_hint(code, server_message)
    if timeout is not None:
        cls, hint = TimedOut, timeout
    if hint:
        text = f"{text}: {hint}"
    if cls is InvalidInput and (rule := _check_rule(server_message)) is not None:
        text = f"{text}: {rule}"
    if cls is InvalidInput:
        column = _COLUMN.search(server_message)
        field = (column.group(1) or column.group(2)) if column else _checked_column(server_message)
        err: OmniDBError = InvalidInput(text, field=field, code=code)
    else:
        err = cls(text, code=code)
    err.__cause__ = exc
    return err


def read_timed_out(exc: Exception, seconds: float) -> TimedOut:
    """``exc``, a driver's lost connection, as :class:`TimedOut`: for a read whose session was lent
    ``seconds`` (its ``read_timeout``) or more before it failed, where the driver's words do not
    tell a timeout (mysqlclient)."""
    code = error_code(exc)
    err = TimedOut(
        f"({code}) {_server_message(exc)}: no answer within read_timeout={seconds:g}s: {_READ_TIMED_OUT}", code=code
    )
    err.__cause__ = exc
    return err


def is_lost(exc: BaseException) -> bool:
    """True when ``exc`` says a session's connection was lost (not merely left unusable); sync and
    async pools alike."""
    if isinstance(exc, ConnectionLost):
        return True
    return isinstance(exc, DRIVER_ERRORS) and isinstance(translate(exc), ConnectionLost)
