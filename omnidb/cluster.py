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

from typing import Any

import attrs

from omnidb import registry
from omnidb.errors import NodeUnavailable, ReadOnlyServer
from omnidb.session import Connection, translated

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


def _flag(value: Any) -> bool:
    return str(value).upper() in ("ON", "1", "YES", "TRUE")


def read_role(conn: Connection) -> ServerRole:
    """Read the role of the server behind ``conn`` (three cheap statements, no table)."""
    q = registry.core()
    with translated():
        variables = {str(r["Variable_name"]).lower(): r["Value"] for r in q.server_role_variables(conn)}
        status = {str(r["Variable_name"]).lower(): r["Value"] for r in q.server_role_status(conn)}
        channels = list(q.replica_status(conn))
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
