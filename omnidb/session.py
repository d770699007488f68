"""Opening one session: the only place omnidb connects to a server.

Every session is set up the same way whatever the server's defaults: utf8mb4, UTC (``time_zone
'+00:00'``) and a strict ``sql_mode``, so a bad value is an error rather than a silently mangled row.
The pool (:mod:`omnidb.pool`) lends sessions; :mod:`omnidb.transaction` runs work on them.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeAlias, cast

import pymysql
import pymysql.cursors

from omnidb import cluster, registry
from omnidb.config import Config
from omnidb.errors import DRIVER_ERRORS, ConfigError, ConnectionFailed, translate

Connection: TypeAlias = "pymysql.connections.Connection[Any]"

# Both MySQL 8.0 and MariaDB 10.6+ accept every mode named here. NO_AUTO_CREATE_USER is left out:
# MySQL 8.0 removed it and refuses a sql_mode that names it (docs/mysql-compat.md).
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
#: What every session runs first, whichever driver opens it (omnidb.aio's too).
INIT_COMMAND = f"SET SESSION sql_mode = '{SQL_MODE}', SESSION time_zone = '+00:00'"
_INIT_COMMAND = INIT_COMMAND


def open_connection(config: Config) -> Connection:
    """Open one session with omnidb's settings and return it.

    On a multi-host DSN, the first host that answers and may serve (omnidb/cluster.py).
    Raises ``ConfigError`` when a file the DSN names (``ssl_ca``) cannot be read, and
    ``ConnectionFailed`` when the server cannot be reached, refuses the login, fails TLS
    verification, or offers no TLS although a TLS option is set. No message holds the password.
    """
    return cluster.open_any(config, _open_one)  # cluster hook: host list, failover, role check


def _open_one(config: Config) -> Connection:
    where = config.safe_dsn()
    _check_files(config)
    try:
        if config.driver == "mysqlclient":
            conn = _connect_mysqlclient(config)
        else:
            conn = _connect_pymysql(config, tls_context(config) if config.tls_required else None)
    except DRIVER_ERRORS as exc:
        err = translate(exc)
        tls = _tls_failure(exc)
        if tls:
            raise ConnectionFailed(f"cannot connect to {where}: TLS failed: {tls}", code=err.code) from None
        raise type(err)(f"cannot connect to {where}: {err}", code=err.code) from None
    except ssl.SSLError as exc:
        raise ConnectionFailed(f"cannot connect to {where}: TLS failed: {exc.reason or exc}") from None
    except OSError as exc:  # a driver that did not wrap a socket or file error
        raise ConnectionFailed(f"cannot connect to {where}: {exc.strerror or exc}") from None
    try:
        with translated():
            plaintext = config.tls_required and not _encrypted(conn)
    except BaseException:
        close_quietly(conn)
        raise
    if plaintext:
        # PyMySQL refuses such a server itself; mysqlclient built on MariaDB Connector/C does not,
        # so every session is checked once, before any query of the caller runs.
        close_quietly(conn)
        raise ConnectionFailed(
            f"cannot connect to {where}: the server does not offer TLS, and the DSN requires it "
            "(ssl, ssl_ca, ssl_verify_cert or ssl_verify_identity is set)",
            code=2026,
        )
    # Set even when off (None): reading it then costs no failed attribute lookup on every query.
    setattr(conn, registry.SLOW_QUERY_ATTRIBUTE, config.slow_query_ms)
    return conn


def _check_files(config: Config) -> None:
    # The drivers fail on a missing file with a bare OSError (PyMySQL) or silently skip TLS
    # (mysqlclient): name the option and the file instead.
    if config.ssl_ca and not os.access(config.ssl_ca, os.R_OK):
        reason = "no such file" if not os.path.exists(config.ssl_ca) else "not readable"
        raise ConfigError(f"DSN option ssl_ca: cannot read {config.ssl_ca}: {reason}")


def _tls_failure(exc: BaseException) -> str | None:
    """What went wrong in a TLS handshake wrapped in a driver error, or None if it was not TLS."""
    original = getattr(exc, "original_exception", None)  # PyMySQL keeps the socket error here
    if isinstance(original, ssl.SSLCertVerificationError):
        return f"certificate verify failed: {original.verify_message}"
    if isinstance(original, ssl.SSLError):
        return str(original.reason or original)
    text = str(exc.args[-1]) if exc.args else ""
    if "SSL" in text or "TLS" in text or "certificate" in text.lower():
        return text
    return None


def _encrypted(conn: Connection) -> bool:
    with conn.cursor() as cur:
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        row = cur.fetchone()
    return bool(row and row["Value"])


def is_mariadb(conn: Connection) -> bool:
    """True when the session's server is MariaDB (from the handshake: no round trip). The one test
    of which server it is; what differs is listed in docs/mysql-compat.md.
    """
    return "mariadb" in server_info(conn).lower()


def server_info(conn: Connection) -> str:
    """The server's version string from the handshake, on both drivers."""
    return str(conn.get_server_info())  # type: ignore[no-untyped-call]


def tls_context(config: Config) -> ssl.SSLContext:
    """The TLS settings for PyMySQL: the DSN's CA, else the system's trust store.

    Raises ``ConfigError`` when the ``ssl_ca`` file holds no usable certificate.
    """
    try:
        context = ssl.create_default_context(cafile=config.ssl_ca)
    except ssl.SSLError as exc:
        raise ConfigError(f"DSN option ssl_ca: {config.ssl_ca} holds no usable CA certificate ({exc.reason})") from None
    context.check_hostname = config.ssl_verify_identity
    context.verify_mode = ssl.CERT_REQUIRED if config.verifies_certificate else ssl.CERT_NONE
    return context


def _connect_pymysql(config: Config, tls: ssl.SSLContext | None) -> Connection:
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
        read_timeout=config.read_timeout,
        write_timeout=config.write_timeout,
        init_command=_INIT_COMMAND + cluster.session_settings(config),
        cursorclass=pymysql.cursors.DictCursor,
        # UPDATE reports rows matched, not rows changed: an update that sets a value the row
        # already holds still proves the row exists.
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        # An SSLContext makes PyMySQL require TLS (1.2+ refuses a plaintext server before the login).
        ssl=tls,
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
        # The C client counts whole seconds.
        "connect_timeout": max(1, round(config.connect_timeout)),
        "read_timeout": max(1, round(config.read_timeout)),
        "write_timeout": max(1, round(config.write_timeout)),
        "init_command": _INIT_COMMAND + cluster.session_settings(config),
        "cursorclass": MySQLdb.cursors.DictCursor,
        "client_flag": MySQLdb.constants.CLIENT.FOUND_ROWS,
    }
    if config.database:
        options["database"] = config.database
    if config.unix_socket:
        options["unix_socket"] = config.unix_socket
    if config.tls_required:
        # Verification without ssl_ca uses the system's trust store, where Python's OpenSSL finds
        # it (honouring SSL_CERT_FILE and SSL_CERT_DIR); Connector/C would otherwise verify nothing.
        if config.ssl_ca:
            options["ssl"] = {"ca": config.ssl_ca}
        else:
            options["ssl"] = _system_trust_store() if config.verifies_certificate else {}
        options["ssl_mode"] = (
            "VERIFY_IDENTITY"
            if config.ssl_verify_identity
            else "VERIFY_CA"
            if config.verifies_certificate
            else "REQUIRED"
        )
    # mysqlclient's connection offers every method and attribute omnidb uses on PyMySQL's.
    return cast(Connection, MySQLdb.connect(**options))


def _system_trust_store() -> dict[str, str]:
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return {"ca": paths.cafile}
    return {"capath": paths.capath or "/etc/ssl/certs"}


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise driver errors raised in the block as their omnidb class (:func:`omnidb.errors.translate`)."""
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
