"""Running on a cluster: what a server is (primary, replica, Galera node), and whether it may write.

omnidb runs on one server, on a MariaDB Galera cluster (every node writable, writes certified
cluster-wide) and on a primary with GTID replicas. This module reads a server's role from its
variables and status (``queries/core/cluster.sql``) and refuses work it must not do:

- a write or a migration on a server with ``read_only`` on, or on a replica (a write there would
  leave an errant GTID that breaks replication at the primary's next write): ``ReadOnlyServer``;
- anything on a Galera node that is not ``Synced`` and ready (joining, donor, outside the primary
  component): ``NodeUnavailable``, a ``ConnectionLost``, so the pool drops the session and the next
  one may go to another host.

Multi-host DSNs, failover and replica routing build on it (see ``docs/cluster.md``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import attrs

from omnidb import registry
from omnidb.clusterconfig import host_port
from omnidb.errors import (
    DRIVER_ERRORS,
    ConnectionFailed,
    ConnectionLost,
    NodeUnavailable,
    OmniDBError,
    PermissionDenied,
    ReadOnlyServer,
    translate,
)

if TYPE_CHECKING:
    from omnidb.config import Config
    from omnidb.session import Connection

log = logging.getLogger("omnidb.cluster")

#: ``wsrep_local_state`` of a node that serves reads and writes.
SYNCED = 4


@attrs.frozen
class ServerRole:
    """What one server is, read from its variables and status."""

    version: str = ""
    read_only: bool = False
    galera: bool = False
    galera_ready: bool = False
    galera_state: str = ""
    galera_cluster_size: int = 0
    galera_cluster_status: str = ""
    node_name: str = ""
    replica: bool = False
    replica_io_running: bool = False
    replica_sql_running: bool = False
    seconds_behind: int | None = None
    replica_error: str = ""
    gtid_binlog_pos: str = ""
    gtid_slave_pos: str = ""
    sync_wait: int = 0
    osu_method: str = ""

    @property
    def kind(self) -> str:
        """``galera``, ``replica``, ``read-only`` or ``primary`` (a writable single server counts as one)."""
        if self.galera:
            return "galera"
        if self.replica:
            return "replica"
        return "read-only" if self.read_only else "primary"

    @property
    def synced(self) -> bool:
        """A Galera node ready for work (always True off Galera)."""
        return not self.galera or (self.galera_ready and self.galera_state == "Synced")

    def describe(self) -> str:
        """One line for messages, ``omnidb status`` and ``omnidb doctor``."""
        if self.galera:
            return (
                f"Galera node {self.node_name or '?'}: {self.galera_state or '?'}, "
                f"{'ready' if self.galera_ready else 'not ready'}, cluster {self.galera_cluster_status or '?'} "
                f"of {self.galera_cluster_size} nodes"
            )
        if self.replica:
            lag = "unknown" if self.seconds_behind is None else f"{self.seconds_behind}s"
            io, sql = ("on" if running else "off" for running in (self.replica_io_running, self.replica_sql_running))
            threads = f"IO {io}, SQL {sql}"
            return f"replica ({threads}, lag {lag})"
        return "read-only server" if self.read_only else "primary (writable)"


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


def _flag(value: Any) -> bool:
    return str(value).upper() in ("ON", "1", "YES", "TRUE")


def read_role(conn: Connection) -> ServerRole:
    """Read the role of the server behind ``conn`` (three cheap statements, no table)."""
    with translated():
        return role_of(*role_rows(conn))


def role_rows(conn: Connection) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """What :func:`role_of` reads: the server's variables and status (names lowercased) and its
    replica channels; driver errors as the driver raises them (``omnidb status`` reports them)."""
    q = registry.core_file("cluster")
    variables = variables_of(q.server_role_variables(conn))
    status = variables_of(q.server_role_status(conn))
    try:
        channels = [dict(row) for row in q.replica_status(conn)]
    except DRIVER_ERRORS as exc:  # an application account may lack REPLICA MONITOR: read_only still tells
        if not isinstance(translate(exc), PermissionDenied):
            raise
        channels = []
    return variables, status, channels


def variables_of(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``SHOW VARIABLES``/``SHOW STATUS`` rows as a dict, names lowercased."""
    return {str(r["Variable_name"]).lower(): r["Value"] for r in rows}


def role_of(variables: dict[str, Any], status: dict[str, Any], channels: list[dict[str, Any]]) -> ServerRole:
    """The role the server's variables, status and replica channels (``SHOW REPLICA STATUS``) say,
    names lowercased; shared with the async twin (``omnidb/aio/cluster.py``)."""
    galera = _flag(variables.get("wsrep_on", "OFF")) and bool(status.get("wsrep_local_state_comment"))
    # MariaDB names the columns Slave_*/..._Master, MySQL 8.0.22+ Replica_*/..._Source.
    first: dict[str, Any] = channels[0] if channels else {}
    channel = {k.replace("Replica_", "Slave_").replace("_Source", "_Master"): v for k, v in first.items()}
    lag = channel.get("Seconds_Behind_Master")
    return ServerRole(
        version=str(variables.get("version", "")),
        read_only=_flag(variables.get("read_only", "OFF")) or _flag(variables.get("super_read_only", "OFF")),
        galera=galera,
        galera_ready=_flag(status.get("wsrep_ready", "OFF")),
        galera_state=str(status.get("wsrep_local_state_comment", "")),
        galera_cluster_size=int(status.get("wsrep_cluster_size", 0) or 0),
        galera_cluster_status=str(status.get("wsrep_cluster_status", "")),
        node_name=str(variables.get("wsrep_node_name", "")) if galera else "",
        replica=bool(channels),
        replica_io_running=channel.get("Slave_IO_Running") == "Yes",
        replica_sql_running=channel.get("Slave_SQL_Running") == "Yes",
        seconds_behind=int(lag) if lag is not None else None,
        replica_error=str(channel.get("Last_Error") or channel.get("Last_IO_Error") or ""),
        gtid_binlog_pos=str(variables.get("gtid_binlog_pos", "")),
        gtid_slave_pos=str(variables.get("gtid_slave_pos", "")),
        sync_wait=int(variables.get("wsrep_sync_wait", 0) or 0),
        osu_method=str(variables.get("wsrep_osu_method", "")),
    )


def check_role(role: ServerRole, *, write: bool, where: str, what: str = "write") -> None:
    """Raise unless a server of ``role`` may do the work: any work needs a Synced Galera node; a write
    (``write=True``) also needs a writable server that is not a replica."""
    if role.galera and not role.synced:
        raise NodeUnavailable(
            f"{where} is a Galera node that is not ready: state {role.galera_state or '?'}, wsrep_ready "
            f"{'ON' if role.galera_ready else 'OFF'}, cluster {role.galera_cluster_status or '?'} of "
            f"{role.galera_cluster_size}; use another node",
            code=1047,
        )
    if not write:
        return
    if role.replica:
        raise ReadOnlyServer(
            f"refusing to {what} on {where}: it is a replica ({role.describe()}); a write there would "
            "leave an errant GTID and break replication. Point the DSN at the primary"
        )
    if role.read_only:
        raise ReadOnlyServer(f"refusing to {what} on {where}: read_only is ON; point the DSN at the primary")


def check_writable(conn: Connection, where: str, what: str = "write") -> ServerRole:
    """Read the server's role and raise unless it may take writes; return the role."""
    role = read_role(conn)
    check_role(role, write=True, where=where, what=what)
    return role


# -- opening sessions on a cluster -------------------------------------------------------------------

_backoff_lock = threading.Lock()
_failed_until: dict[str, float] = {}  # "host:port" -> monotonic time until which it is tried last
# Errors that are the same on every host: trying the next one cannot help.
FATAL_CODES = (1044, 1045, 1049, 1698)


def mark_failed(entry: str, seconds: float) -> None:
    """Try ``entry`` ("host:port") after the others for ``seconds``."""
    with _backoff_lock:
        _failed_until[entry] = time.monotonic() + seconds


def mark_ok(entry: str) -> None:
    with _backoff_lock:
        _failed_until.pop(entry, None)


def forget_failed_hosts() -> None:
    """End every host's back-off: the next session tries the hosts in DSN order again (for a process
    that knows the hosts are back, and for tests, whose back-off must not leak into the next one)."""
    with _backoff_lock:
        _failed_until.clear()


def in_backoff(entry: str) -> bool:
    """Whether ``entry`` failed recently and waits out its back-off."""
    return _failed_until.get(entry, 0) > time.monotonic()


def ordered_hosts(hosts: tuple[str, ...]) -> list[str]:
    """The hosts in DSN order, those that failed recently (still in back-off) moved to the end."""
    now = time.monotonic()
    with _backoff_lock:
        waiting = {h: _failed_until[h] for h in hosts if _failed_until.get(h, 0) > now}
    return [h for h in hosts if h not in waiting] + sorted(waiting, key=waiting.__getitem__)


def session_settings(config: Config) -> str:
    """What the cluster options add to every session's init command (``, SESSION ...``)."""
    if config.wsrep_sync_wait is None:
        return ""
    return f", SESSION wsrep_sync_wait = {int(config.wsrep_sync_wait)}"


def check_session(conn: Connection, config: Config, *, multi: bool = False) -> None:
    """Refuse a session whose server may not serve ``config.role`` (see :func:`check_role`)."""
    if config.role == "any" and not multi:
        return  # one host, any role: nothing to choose; a Galera node not ready answers 1047 itself
    role = read_role(conn)
    check_role(role, write=config.role == "primary", where=f"{config.host}:{config.port}", what="write")


def open_any(config: Config, open_one: Callable[[Config], Connection]) -> Connection:
    """Open a session on the first host of ``config`` that answers and may serve its role.

    One host: open it, check its role. Several: try them in DSN order (recently failed ones last);
    a host that cannot be reached, is not Synced, or (``role=primary``) is read-only or a replica is
    put in back-off for ``host_backoff`` seconds and the next is tried. Wrong credentials or an
    unknown database fail at once: every host would say the same.
    """
    return open_pinned(config, open_one)[0]


def open_pinned(config: Config, open_one: Callable[[Config], Connection]) -> tuple[Connection, Config]:
    """:func:`open_any`, and the settings of the one host the session was opened on (``config``
    itself for a one-host DSN): work whose sessions must all reach the same server (a migration
    run: its lock, its statements, the check of which of its sessions the server still holds)
    opens the others with those, never on whichever host answers first then.
    """
    from omnidb.session import close_quietly

    attempts = HostAttempts(config)
    for entry, target in attempts.targets():
        try:
            conn = open_one(target)
        except ConnectionFailed as exc:
            attempts.unreachable(entry, exc)
            continue
        try:
            check_session(conn, target, multi=attempts.multi)
        except (NodeUnavailable, ReadOnlyServer) as exc:
            close_quietly(conn)
            attempts.cannot_serve(entry, exc)
            continue
        except BaseException:
            close_quietly(conn)
            raise
        attempts.served(entry)
        return conn, target
    raise attempts.exhausted()


class HostAttempts:
    """The host loop of :func:`open_any` (and of omnidb.aio's): the hosts to try, in order, and what
    a failure on each does. The loops themselves only open and check sessions (one blocking, one
    awaited)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.hosts = config.hosts if len(config.hosts) > 1 else (f"{config.host}:{config.port}",)
        self.multi = len(self.hosts) > 1
        self.failures: list[OmniDBError] = []

    def targets(self) -> Iterator[tuple[str, Config]]:
        """Each host's entry and settings: DSN order, hosts in back-off last."""
        if not self.multi:
            yield self.hosts[0], self.config
            return
        for entry in ordered_hosts(self.hosts):
            host, port = host_port(entry)
            yield entry, attrs.evolve(self.config, host=host, port=port, hosts=())

    def unreachable(self, entry: str, exc: ConnectionFailed) -> None:
        """A host that could not be opened: raised when it is the only one, or when every host
        would say the same (wrong credentials, unknown database); else the next is tried."""
        if exc.code in FATAL_CODES or not self.multi:
            raise exc
        self._failed(entry, exc, "failed")

    def cannot_serve(self, entry: str, exc: OmniDBError) -> None:
        """A host whose server may not serve the role (not Synced, read-only): raised when it is the
        only one; else the next is tried."""
        if not self.multi:
            raise exc
        self._failed(entry, exc, "cannot serve")

    def served(self, entry: str) -> None:
        """The host opened a session that may serve: out of back-off."""
        if self.multi:
            mark_ok(entry)

    def exhausted(self) -> OmniDBError:
        """The error once no host could serve: each host's failure, of their class if they share one."""
        kinds = {type(f) for f in self.failures}
        cls = kinds.pop() if len(kinds) == 1 else ConnectionFailed
        detail = "; ".join(str(f) for f in self.failures)
        return cls(f"no host of {self.config.safe_dsn()} can serve (role {self.config.role}): {detail}")

    def _failed(self, entry: str, exc: OmniDBError, what: str) -> None:
        mark_failed(entry, self.config.host_backoff)
        self.failures.append(exc)
        log.warning("host %s %s, trying the next: %s", entry, what, exc)


def session_healthy(conn: Connection, config: Config) -> bool:
    """The borrow check of DSN option ``health_check``: the session answers a ping and, on a
    multi-host DSN, its Galera node (if any) is still ready and ``Synced`` (one ``SHOW STATUS``)."""
    try:
        if type(conn).__module__.startswith("MySQLdb"):
            conn.ping()  # never reconnects; mysqlclient deprecates the argument
        else:
            conn.ping(False)  # PyMySQL's ping reconnects unless told not to
        if len(config.hosts) <= 1:
            return True
        status = variables_of(registry.core_file("cluster").server_role_status(conn))
    except Exception:
        return False
    return status_synced(status)


def status_synced(status: dict[str, Any]) -> bool:
    """What a server's status (names lowercased) says of it: not a Galera node, or one ready and Synced."""
    if not status.get("wsrep_local_state_comment"):
        return True  # not a Galera node
    return _flag(status.get("wsrep_ready")) and status.get("wsrep_local_state_comment") == "Synced"


# -- causal reads on Galera ------------------------------------------------------------------------

_causal: ContextVar[int | None] = ContextVar("omnidb_causal_reads", default=None)


@contextmanager
def causal_reads(level: int = 1) -> Iterator[None]:
    """Make every omnidb call in the block read causally on Galera (``wsrep_sync_wait = level``).

    A read then waits until its node has applied everything the cluster committed before it, so a
    row written on one node is seen on another. Per call: ``with causal_reads(): apps.get_app(db, 1)``;
    per transaction: ``with db.transaction() as tx, causal_reads(): ...``. For every session, use the
    DSN option ``wsrep_sync_wait=1`` instead. Costs one ``SET`` per call, and the wait itself.
    """
    token = _causal.set(level)
    try:
        yield
    finally:
        _causal.reset(token)


def causal_level() -> int | None:
    """The ``wsrep_sync_wait`` level :func:`causal_reads` set for this context, or None."""
    return _causal.get()


def switches_needed(config: Config) -> bool:
    """True when :func:`session_switches` would change a lent session (``causal_reads`` asked for a
    level other than the DSN's); a read may skip it otherwise (``omnidb.transaction.run_read``)."""
    level = _causal.get()
    return level is not None and level != config.wsrep_sync_wait


@contextmanager
def session_switches(conn: Connection, config: Config) -> Iterator[None]:
    """Apply the switches of :func:`causal_reads` to a lent session for one call, then put it back."""
    restore = switch_session(conn, config)
    try:
        yield
    finally:
        if restore is not None:
            restore()


def switch_session(conn: Connection, config: Config) -> Callable[[], None] | None:
    """Apply the switches of :func:`causal_reads` to a lent session now; return what puts them back
    (None: nothing was changed). A stream in a transaction puts them back when it is closed, which
    the transaction's block does before it ends (``omnidb.transaction.Stream``)."""
    level = _causal.get()
    if level is None or level == config.wsrep_sync_wait:
        return None
    q = registry.core()
    with translated():
        q.set_sync_wait(conn, level=level)

    def restore() -> None:
        if not conn.open:  # lost, or closed by omnidb: nothing to put back
            return
        with suppress(*DRIVER_ERRORS):
            if config.wsrep_sync_wait is None:
                q.reset_sync_wait(conn)
            else:
                q.set_sync_wait(conn, level=config.wsrep_sync_wait)

    return restore


# -- replicas ------------------------------------------------------------------------------------

_replica_reads: ContextVar[bool] = ContextVar("omnidb_replica_reads", default=False)
_last_gtid: ContextVar[str] = ContextVar("omnidb_last_gtid", default="")
_replica_lock = threading.Lock()


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads of omnidb calls in the block to a replica of the DSN's ``replicas``.

    Only reads made directly on a ``Database`` move (a transaction stays on its session, writes stay
    on the primary). Read-your-writes: a replica is used only once it has applied the last write this
    thread (context) committed, waited for up to ``replica_wait`` seconds with ``MASTER_GTID_WAIT``;
    a replica whose threads stopped or that lags more than ``max_replica_lag`` seconds is skipped.
    With no usable replica the read goes to the primary.
    """
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def wants_replica(config: Config) -> bool:
    return bool(config.replicas) and _replica_reads.get()


def after_commit(config: Config, conn: Connection) -> None:
    """After a commit on the primary: remember its GTID (``@@last_gtid``) when replicas are configured."""
    if not config.replicas:
        return
    with suppress(*DRIVER_ERRORS):
        gtid = str(registry.core().last_gtid(conn) or "")
        if gtid:
            _last_gtid.set(gtid)


def remember_gtid(gtid: str) -> None:
    """Record ``gtid`` as the last write this context committed (what replica reads wait for)."""
    _last_gtid.set(gtid)


def last_write_gtid() -> str:
    """The GTID of the last write this thread (context) committed through a pool with replicas."""
    return _last_gtid.get()


@attrs.define
class _Replica:
    entry: str
    pool: Any  # omnidb.pool.Database (not imported: the pool imports this module)
    lag_checked: float = 0.0
    usable: bool = False
    why: str = ""


def _replicas(db: Any) -> list[_Replica]:
    with _replica_lock:
        found: list[_Replica] | None = getattr(db, "_omnidb_replicas", None)
        if found is None:
            config: Config = db.config
            found = []
            for entry in config.replicas:
                host, port = host_port(entry)
                replica_config = attrs.evolve(
                    config, host=host, port=port, hosts=(), replicas=(), role="any", pool_size=config.pool_size
                )
                found.append(_Replica(entry, type(db)(replica_config)))
            db._omnidb_replicas = found
    return found


def close_replicas(db: Any) -> None:
    """Close the replica pools of ``db`` (its ``close`` calls this)."""
    for replica in getattr(db, "_omnidb_replicas", None) or []:
        replica.pool.close()


def _fresh_enough(replica: _Replica, conn: Connection, config: Config) -> bool:
    """Threads running and lag within ``max_replica_lag``: checked at most once a second per replica."""
    now = time.monotonic()
    if now - replica.lag_checked < 1.0:
        return replica.usable
    rows = list(registry.core().replica_status(conn))
    replica.usable, replica.why = replica_usable(rows, config)
    replica.lag_checked = now
    return replica.usable


def replica_usable(rows: list[dict[str, Any]], config: Config) -> tuple[bool, str]:
    """Whether a replica whose ``SHOW REPLICA STATUS`` is ``rows`` may serve reads (threads running,
    lag within ``max_replica_lag``), and if not, why."""
    first: dict[str, Any] = rows[0] if rows else {}
    status = {k.replace("Replica_", "Slave_").replace("_Source", "_Master"): v for k, v in first.items()}
    lag = status.get("Seconds_Behind_Master")
    running = status.get("Slave_IO_Running") == "Yes" and status.get("Slave_SQL_Running") == "Yes"
    usable = bool(rows) and running and lag is not None and float(lag) <= config.max_replica_lag
    return usable, "" if usable else f"threads {'running' if running else 'stopped'}, lag {lag}"


@contextmanager
def replica_session(db: Any) -> Iterator[Connection]:
    """A session on a replica that may serve this read (see :func:`replica_reads`), else on the primary."""
    config: Config = db.config
    gtid = _last_gtid.get()
    q = registry.core()
    for replica in _replicas(db):
        if in_backoff(replica.entry):
            continue
        with ExitStack() as stack:
            try:
                conn = stack.enter_context(replica.pool.connection())
                with translated():
                    usable = _fresh_enough(replica, conn, config)
                    if usable and gtid:
                        usable = int(q.wait_for_gtid(conn, gtid=gtid, timeout=config.replica_wait)) == 0
                        replica.why = "" if usable else f"had not applied {gtid} after {config.replica_wait:g}s"
            except (ConnectionFailed, ConnectionLost) as exc:
                log.warning("replica %s failed: %s", replica.entry, exc)
                mark_failed(replica.entry, config.host_backoff)
                continue
            if not usable:
                log.warning("not reading from replica %s: %s", replica.entry, replica.why)
                continue
            with translated():
                yield conn
            return
    with db.connection() as conn, translated():
        yield conn


def wait_for_replicas(db: Any, conn: Connection, *, say: Callable[[str], None] | None = None) -> None:
    """Throttle a migration on replica lag: wait until every replica of ``db`` (DSN ``replicas``)
    has applied what the primary (``conn``) has committed, ``max_replica_lag`` seconds at most each
    round, saying so while it waits; a replica that is down or stopped is reported, not waited for."""
    config: Config = db.config
    if not config.replicas:
        return
    q = registry.core()
    with translated():
        position = str(q.gtid_binlog_pos(conn) or "")
    if not position:
        return
    for replica in _replicas(db):
        try:
            with replica.pool.connection() as replica_conn, translated():
                started = time.monotonic()
                while int(q.wait_for_gtid(replica_conn, gtid=position, timeout=max(config.max_replica_lag, 1.0))) != 0:
                    waited = time.monotonic() - started
                    line = f"waiting for replica {replica.entry} to catch up ({waited:.0f}s so far, at {position})"
                    log.warning(line)
                    if say is not None:
                        say(line)
                    replica.lag_checked = 0.0  # read the threads now, not from the cache
                    _fresh_enough(replica, replica_conn, config)
                    if replica.why.startswith("threads stopped"):
                        log.warning("replica %s is not replicating: not waiting for it", replica.entry)
                        break
        except (ConnectionFailed, ConnectionLost) as exc:
            log.warning("replica %s cannot be reached to check its lag: %s", replica.entry, exc)
