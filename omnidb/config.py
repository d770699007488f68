"""Connection settings: DSN parsing and options. The only module that reads the environment.

A DSN looks like ``mysql://user:password@host:port/dbname?option=value``. Options:

``pool_size`` (connections kept, default 10), ``pool_timeout`` (seconds to wait for a free connection,
default 30), ``connect_timeout`` (seconds, default 10), ``read_timeout`` and ``write_timeout`` (seconds
to wait for the server to answer or to take a request, default 30 each: past them the call raises
``ConnectionLost`` and the session is discarded), ``lock_timeout`` (seconds a migration waits for
another runner, default 60), ``ddl_lock_timeout`` (whole seconds each migration statement waits for a
table lock before it gives up and retries, default 5: readers of that table queue behind it meanwhile),
``unix_socket`` (path; host and port are then ignored), ``slow_query_ms``
(log every query that takes at least this long on the ``omnidb.slow`` logger; off by default);
``driver`` (``pymysql``, the default, or ``mysqlclient``, the C driver: pip install
omnidb[mysqlclient]); ``aio_driver``, the driver of :mod:`omnidb.aio` (``aiomysql``, the default, or
``asyncmy``: pip install omnidb[asyncmy]; the sync API ignores it, so one DSN serves both APIs).

TLS: ``ssl=true`` (TLS required), ``ssl_ca`` (CA certificate file; default: the system's trust
store; implies ``ssl_verify_cert``), ``ssl_verify_cert`` (refuse a server certificate no trusted CA
signed), ``ssl_verify_identity`` (and one not issued to the DSN's host; implies ``ssl_verify_cert``).
Any of them makes TLS required: a server that does not offer it is refused. With none, PyMySQL
1.2+ still encrypts when the server offers TLS, but verifies nothing, and falls back to plaintext.

The password is kept out of every ``repr``, log line and message: use :meth:`Config.safe_dsn`.
"""

from __future__ import annotations

import math
import os
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import attrs

from omnidb.clusterconfig import CLUSTER_OPTION_TYPES, check_cluster_options, split_hosts
from omnidb.errors import ConfigError

DSN_ENV = "OMNIDB_DSN"
SCHEMES = ("mysql", "mariadb")


def _not_empty(name: str, value: str | None) -> None:
    """A path option is None (not set) or a path: "" (a template's unset variable) would drop TLS."""
    if value is not None and not value:
        raise ValueError(f"{name} is empty: give it a value, or leave it out")


#: The longest time an option may give, in seconds: 365 days, the most both servers take for
#: lock_wait_timeout and PyMySQL for connect_timeout (longer ones also overflow the clock's arithmetic).
MAX_SECONDS = 31_536_000


def checked_seconds(name: str, value: Any, *, whole: bool = False) -> Any:
    """``value`` if it is a time option can take: a finite number (an int, when ``whole``) above 0
    and at most :data:`MAX_SECONDS`; else ``ConfigError`` naming ``name``. For the options given
    to the migrator and the adopter as arguments, checked as the DSN's are."""
    _checked_positive(name, value, whole=whole)
    if value > MAX_SECONDS:
        raise ConfigError(f"{name} must be at most {MAX_SECONDS:,} seconds (365 days), got {value:,}")
    return value


def _seconds(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    checked_seconds(attribute.name, value, whole=attribute.type in (int, "int"))


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    _checked_positive(attribute.name, value, whole=attribute.type in (int, "int"))


def _checked_positive(name: str, value: Any, *, whole: bool) -> None:
    # A bool is an int, and NaN compares false with everything: neither is a size or a time.
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
        raise ConfigError(f"{name} must be {'a whole number' if whole else 'a finite number'}, got {value!r}")
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")


DRIVERS = ("pymysql", "mysqlclient")


def _check_driver(driver: str) -> None:
    if driver not in DRIVERS:
        raise ConfigError(f"driver must be one of {', '.join(DRIVERS)}, got {driver!r}")
    if driver == "mysqlclient":
        try:
            import MySQLdb  # noqa: F401
        except ImportError:
            raise ConfigError(
                "driver=mysqlclient needs the mysqlclient package: pip install omnidb[mysqlclient]"
            ) from None


AIO_DRIVERS = ("aiomysql", "asyncmy")


def _check_aio_driver(driver: str) -> None:
    # Only the name: the sync API ignores the option, so a DSN shared by sync and async services
    # parses where asyncmy is not installed; omnidb.aio says it is missing when it connects.
    if driver not in AIO_DRIVERS:
        raise ConfigError(f"aio_driver must be one of {', '.join(AIO_DRIVERS)}, got {driver!r}")


def _not_negative(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ConfigError(f"{attribute.name} must be 0 or more, got {value}")


@attrs.frozen
class Config:
    """Where and how to connect. Build one with :func:`parse_dsn` or :func:`from_env`."""

    host: str = "127.0.0.1"
    port: int = 3306
    user: str = "root"
    password: str = attrs.field(default="", repr=False)
    database: str | None = None
    unix_socket: str | None = attrs.field(default=None, validator=lambda _i, a, v: _not_empty(a.name, v))
    pool_size: int = attrs.field(default=10, validator=_positive)
    pool_timeout: float = attrs.field(default=30.0, validator=_seconds)
    connect_timeout: float = attrs.field(default=10.0, validator=_seconds)
    read_timeout: float = attrs.field(default=30.0, validator=_seconds)
    write_timeout: float = attrs.field(default=30.0, validator=_seconds)
    lock_timeout: float = attrs.field(default=60.0, validator=_seconds)
    # whole seconds: the server's lock_wait_timeout takes no fraction
    ddl_lock_timeout: int = attrs.field(default=5, validator=_seconds)
    slow_query_ms: float | None = attrs.field(default=None, validator=attrs.validators.optional(_not_negative))
    driver: str = attrs.field(default="pymysql", validator=lambda _i, _a, v: _check_driver(v))
    #: the driver of omnidb.aio sessions; the sync API ignores it
    aio_driver: str = attrs.field(default="aiomysql", validator=lambda _i, _a, v: _check_aio_driver(v))
    ssl: bool = False
    ssl_ca: str | None = attrs.field(default=None, validator=lambda _i, a, v: _not_empty(a.name, v))
    ssl_verify_cert: bool = False
    ssl_verify_identity: bool = False
    # -- cluster (issue 13; omnidb/clusterconfig.py) ----------------------------------------------
    #: every "host:port" of a multi-host DSN, the first (``host``/``port``) included; () for one host
    hosts: tuple[str, ...] = ()
    role: str = "primary"
    health_check: bool = False
    host_backoff: float = 5.0
    wsrep_sync_wait: int | None = None
    write_retries: int = 0
    replicas: tuple[str, ...] = ()
    max_replica_lag: float = 5.0
    replica_wait: float = 1.0

    @property
    def tls_required(self) -> bool:
        """True when any TLS option is set: sessions must be encrypted, a plaintext server is refused."""
        return self.ssl or bool(self.ssl_ca) or self.ssl_verify_cert or self.ssl_verify_identity

    @property
    def verifies_certificate(self) -> bool:
        """True when the server's certificate must chain to a trusted CA (``ssl_ca``, else the system's).

        Giving ``ssl_ca`` asks for it too, as the mysql client's ``--ssl-ca`` does.
        """
        return self.ssl_verify_cert or self.ssl_verify_identity or bool(self.ssl_ca)

    def safe_dsn(self) -> str:
        """The DSN with the password replaced by ``***``: safe to print and log."""
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":***"
        where = f"{self.host}:{self.port}" if not self.unix_socket else "localhost"
        if self.hosts and not self.unix_socket:
            where = ",".join(self.hosts)
        dsn = f"mysql://{auth}@{where}/{self.database or ''}"
        if self.unix_socket:
            dsn += f"?unix_socket={self.unix_socket}"
        return dsn

    def with_database(self, database: str | None) -> Config:
        """The same settings pointed at another database (None: no default database)."""
        return attrs.evolve(self, database=database)


_OPTION_TYPES: dict[str, type] = {
    "pool_size": int,
    "pool_timeout": float,
    "connect_timeout": float,
    "read_timeout": float,
    "write_timeout": float,
    "lock_timeout": float,
    "ddl_lock_timeout": int,
    "unix_socket": str,
    "slow_query_ms": float,
    "driver": str,
    "aio_driver": str,
    "ssl": bool,
    "ssl_ca": str,
    "ssl_verify_cert": bool,
    "ssl_verify_identity": bool,
    **CLUSTER_OPTION_TYPES,
}

#: The options a DSN's query string may give.
DSN_OPTIONS: tuple[str, ...] = tuple(_OPTION_TYPES)


def parse_dsn(dsn: str, **overrides: Any) -> Config:
    """Parse ``mysql://user:password@host:port/dbname?opt=val`` into a :class:`Config`.

    Keyword arguments override DSN options. Raises ``ConfigError`` naming what is wrong; the message
    never contains the password, nor any part of it.
    """
    dsn = dsn.strip()
    _refuse_unencoded_userinfo(dsn)
    dsn, hosts = split_hosts(dsn)  # cluster hook: host1:port,host2:port,...
    try:
        parts = urlsplit(dsn)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"invalid DSN: {_reason(exc)} (expected {_FORM})") from None
    if not parts.scheme or "://" not in dsn:
        raise ConfigError(f"invalid DSN: it does not start with mysql:// (expected {_FORM})")
    if parts.scheme not in SCHEMES:
        raise ConfigError(f"invalid DSN: scheme must be mysql://, got {parts.scheme}:// (expected {_FORM})")
    if port == 0:
        raise ConfigError(f"invalid DSN: port 0 is no server's port (expected {_FORM})")
    if "#" in dsn:  # the password's # was refused above: this one follows the host
        # A URL's fragment, which urlsplit sets apart: the options and the rest of a database name
        # after it would be dropped without a word.
        raise ConfigError(f"invalid DSN: '#' starts nothing in a DSN; percent-encode it (%23) in a database name "
                          f"or an option's value (expected {_FORM})")  # fmt: skip
    path = unquote(parts.path.lstrip("/"))
    if "/" in path:
        raise ConfigError(f"invalid DSN: database name may not contain '/' (expected {_FORM})")
    values: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": port or 3306,
        "user": unquote(parts.username) if parts.username else "root",
        "password": unquote(parts.password) if parts.password else "",
        "database": path or None,
        "hosts": hosts,
    }
    given: set[str] = set()
    for key, raw in parse_qsl(parts.query, keep_blank_values=True):
        if key in given:  # which one would win is a guess: ?ssl_ca=a&ssl_ca=b
            raise ConfigError(f"DSN option {key} is given twice")
        given.add(key)
        values[key] = _option(key, raw)
    for key, value in overrides.items():
        if key not in attrs.fields_dict(Config):
            raise ConfigError(f"unknown connection option {key!r}; known: {', '.join(_OPTION_TYPES)}")
        values[key] = value
    check_cluster_options(values)
    try:
        return Config(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid DSN option: {exc}") from None


def from_env(dsn: str | None = None, **overrides: Any) -> Config:
    """Parse ``dsn``, or the ``OMNIDB_DSN`` environment variable when ``dsn`` is None."""
    if dsn is None:
        dsn = os.environ.get(DSN_ENV)
        if not dsn:
            raise ConfigError(f"no database given: pass a DSN or set {DSN_ENV} (expected {_FORM})")
    return parse_dsn(dsn, **overrides)


_FORM = "mysql://user:password@host:port/dbname"


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _option(key: str, raw: str) -> Any:
    kind = _OPTION_TYPES.get(key)
    if kind is None:
        raise ConfigError(f"unknown DSN option {key!r}; known: {', '.join(_OPTION_TYPES)}")
    if kind is bool:
        if raw.lower() not in _BOOLEANS:
            raise ConfigError(f"DSN option {key} must be true or false, got {raw!r}")
        return _BOOLEANS[raw.lower()]
    if kind is str and not raw:
        # ?ssl_ca= from a template whose variable was unset would otherwise connect without TLS.
        raise ConfigError(f"DSN option {key} is empty: give it a value, or leave it out")
    try:
        return kind(raw)
    except ValueError:
        wanted = {int: "a whole number", float: "a number"}.get(kind, f"a {kind.__name__}")
        raise ConfigError(f"DSN option {key} must be {wanted}, got {raw!r}") from None


_ENCODE_HINT = (
    "percent-encode / ? # @ and % in the user and password, and : in the user "
    "(%2F %3F %23 %40 %25 %3A; in Python: urllib.parse.quote(password, safe=''))"
)


def _refuse_unencoded_userinfo(dsn: str) -> None:
    """Raise ``ConfigError`` when the user or password holds a character that ends the address part.

    An unencoded ``/``, ``?`` or ``#`` in the password ends the address early, so the rest of the
    password would be read as a path, option or fragment and could be echoed in an error; an
    unencoded ``@`` makes the host ambiguous. So nothing before the last ``@`` may hold ``/ ? # @``,
    but for an ``@`` in a file path an option names (``?ssl_ca=/certs/ca@corp.pem``): then the query
    string is left out of the check, when every item of it is a known option and the ``@`` only in
    such a path. The message names neither the password nor where in it the character is.
    """
    _, sep, rest = dsn.partition("://")
    if not sep or "@" not in rest:
        return
    head, question, query = rest.partition("?")
    checked = head if question and "#" not in head and all(map(_plain_option, query.split("&"))) else rest
    if "@" in checked and any(char in checked.rpartition("@")[0] for char in "/?#@"):
        raise ConfigError(f"invalid DSN: the user or password holds a character that must be encoded: {_ENCODE_HINT}")


#: Options whose value is a file path, which may hold an ``@``.
_PATH_OPTIONS = ("ssl_ca", "unix_socket")


def _plain_option(item: str) -> bool:
    """True for ``key=value`` of a known option, with an ``@`` in it only inside an absolute path."""
    key, equals, value = item.partition("=")
    if not equals or key not in _OPTION_TYPES:
        return False
    return "@" not in value or (key in _PATH_OPTIONS and value.startswith("/"))


def _reason(exc: ValueError) -> str:
    # urllib's messages can quote the netloc, which holds the password: keep only the gist.
    text = str(exc)
    return "port must be a number from 0 to 65535" if "ort" in text else "malformed address"
