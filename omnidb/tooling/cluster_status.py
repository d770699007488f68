"""The cluster part of ``omnidb status`` and ``omnidb doctor``: what the server is and how its cluster is.

On Galera: the node's state, whether it is ready, the cluster's size and status, flow control, the
causal-read and schema-change settings. On a replica: the replication threads, lag, last error, GTID
positions and errant transactions (GTIDs the replica wrote itself, which break replication when it
is promoted or the primary reaches them). Everywhere: who holds the migration lock row.
"""

from __future__ import annotations

from typing import Any

import attrs

from omnidb import registry
from omnidb.cluster import ServerRole, role_of, role_rows
from omnidb.errors import DRIVER_ERRORS, translate
from omnidb.pool import Database
from omnidb.session import Connection
from omnidb.tooling.migrate import lock_name


@attrs.define
class ClusterReport:
    """The cluster section; ``problems`` lists what needs an operator."""

    kind: str
    summary: str
    galera: dict[str, Any] | None = None
    replication: dict[str, Any] | None = None
    errant_transactions: list[str] = attrs.Factory(list)
    migration_lock: dict[str, Any] | None = None
    problems: list[str] = attrs.Factory(list)


def errant_gtids(binlog_pos: str, server_id: int) -> list[str]:
    """GTIDs of ``gtid_binlog_pos`` that this server (``server_id``) wrote itself: on a replica, errant.

    MariaDB GTIDs are ``domain-server_id-sequence``; a replica with log_slave_updates logs the primary's
    transactions under the primary's server_id, so its own id in the list marks a local write.
    """
    errant = []
    for gtid in filter(None, (part.strip() for part in binlog_pos.split(","))):
        pieces = gtid.split("-")
        if len(pieces) == 3 and pieces[1].isdigit() and int(pieces[1]) == server_id:
            errant.append(gtid)
    return errant


def cluster_report(db: Database, *, max_lag: float | None = None) -> ClusterReport:
    """Read the cluster section from one session of ``db``."""
    with db.connection() as conn:
        try:
            # The rows of read_role, read once: the report uses them beyond the role.
            variables, status, replica_rows = role_rows(conn)
            role = role_of(variables, status, replica_rows)
            lock = _lock_row(conn, lock_name(db.name or ""))
        except DRIVER_ERRORS as exc:
            return ClusterReport(kind="unknown", summary=f"cannot read the server's role: {translate(exc)}")
    report = ClusterReport(kind=role.kind, summary=role.describe(), migration_lock=lock)
    if role.galera:
        report.galera = _galera(role, variables, status)
        if not role.synced:
            report.problems.append(f"this Galera node is not ready: {role.describe()}")
        if role.galera_cluster_status and role.galera_cluster_status != "Primary":
            report.problems.append("this Galera node is outside the primary component: it refuses work (1047)")
        paused = float(status.get("wsrep_flow_control_paused", 0) or 0)
        if paused > 0.1:
            report.problems.append(
                f"flow control paused replication {paused:.0%} of the time since the last FLUSH STATUS: "
                "a node cannot keep up, and every node's writers wait for it"
            )
    if role.replica:
        report.replication = _replication(role, replica_rows)
        server_id = int(variables.get("server_id", 0) or 0)
        report.errant_transactions = errant_gtids(role.gtid_binlog_pos, server_id)
        if not (role.replica_io_running and role.replica_sql_running):
            report.problems.append(f"replication is stopped: {role.describe()} {role.replica_error}".strip())
        limit = max_lag if max_lag is not None else db.config.max_replica_lag
        if role.seconds_behind is not None and role.seconds_behind > limit:
            report.problems.append(f"the replica lags {role.seconds_behind}s behind its primary (limit {limit:g}s)")
        if report.errant_transactions:
            report.problems.append(
                f"errant transactions on the replica (written there, not on the primary): "
                f"{', '.join(report.errant_transactions)}: they break replication when the replica is promoted"
            )
    elif role.read_only:
        report.problems.append("the server is read-only but replicates from nobody: writes will be refused")
    return report


def render(report: ClusterReport, *, width: int = 14) -> list[str]:
    """The section as report lines (``omnidb status`` and ``omnidb doctor``), the first one's value
    from column ``width`` as the report's other lines."""
    lines = [f"{'cluster:':<{width}}{report.summary}"]
    if report.galera:
        g = report.galera
        lines.append(
            f"  galera:     {g['cluster_size']} nodes, cluster {g['cluster_status']}, node {g['node']} {g['state']}; "
            f"flow control paused {g['flow_control_paused']}, receive queue {g['recv_queue']}; "
            f"wsrep_sync_wait {g['sync_wait']}, DDL by {g['osu_method']}"
        )
    if report.replication:
        r = report.replication
        lines.append(
            f"  replication: IO {r['io']}, SQL {r['sql']}, lag {r['lag']}, from {r['source']}; "
            f"gtid_slave_pos {r['gtid_slave_pos'] or '-'}"
        )
        if r["last_error"]:
            lines.append(f"  last error: {r['last_error']}")
        lines.append(f"  errant transactions: {', '.join(report.errant_transactions) or 'none'}")
    lock = report.migration_lock
    if lock:
        state = "expired" if lock["expired"] else f"until {lock['expires_at']}"
        lines.append(
            f"  migration lock: held by {lock['owner']} via {lock['node']} since {lock['acquired_at']} ({state})"
        )
    return lines


def _galera(role: ServerRole, variables: dict[str, Any], status: dict[str, Any]) -> dict[str, Any]:
    return {
        "node": role.node_name,
        "state": role.galera_state,
        "ready": role.galera_ready,
        "cluster_size": role.galera_cluster_size,
        "cluster_status": role.galera_cluster_status,
        "flow_control_paused": status.get("wsrep_flow_control_paused"),
        "recv_queue": status.get("wsrep_local_recv_queue"),
        "sync_wait": variables.get("wsrep_sync_wait"),
        "osu_method": variables.get("wsrep_osu_method"),
    }


def _replication(role: ServerRole, rows: list[dict[str, Any]]) -> dict[str, Any]:
    row = rows[0] if rows else {}
    return {
        "io": "running" if role.replica_io_running else "stopped",
        "sql": "running" if role.replica_sql_running else "stopped",
        "lag": "unknown" if role.seconds_behind is None else f"{role.seconds_behind}s",
        "source": f"{row.get('Master_Host', row.get('Source_Host', '?'))}:"
        f"{row.get('Master_Port', row.get('Source_Port', '?'))}",
        "gtid_slave_pos": role.gtid_slave_pos,
        "last_error": role.replica_error,
    }


def _lock_row(conn: Connection, name: str) -> dict[str, Any] | None:
    try:
        row = registry.core().migration_lock_holder(conn, name=name)
    except DRIVER_ERRORS:  # no lock table yet
        return None
    return dict(row) if row else None
