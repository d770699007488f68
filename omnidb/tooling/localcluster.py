"""Local test clusters: a 3-node MariaDB Galera cluster and a GTID primary/replica pair, all private.

Every node is its own ``mariadbd`` process with its own data directory under one folder, listening on
127.0.0.1 only, on free ports (the SQL port, and for Galera the group, IST and SST ports). Nothing
here touches a server it did not start. For tests and benchmarks; never for production.

    python -m omnidb.tooling.localcluster start galera --dir /tmp/galera    # prints one DSN a line
    python -m omnidb.tooling.localcluster stop galera --dir /tmp/galera
    python -m omnidb.tooling.localcluster start replica --dir /tmp/repl     # primary first

``scripts/cluster`` is the same command. Galera nodes get their state by SST through
``mariabackup`` (``rsync`` SST refuses a server that runs as root); the first node bootstraps the
cluster, the others join it one after the other.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import attrs
import pymysql

from omnidb.tooling.devserver import DevServerError, find_server_binary, free_port, server_answers

GALERA_LIBRARIES = (
    "/usr/lib/galera/libgalera_smm.so",
    "/usr/lib/libgalera_smm.so",
    "/usr/lib64/galera/libgalera_smm.so",
)
KINDS = ("galera", "replica")
_STATE = "cluster.json"


def galera_library() -> str | None:
    """Path of the Galera provider library (Debian: galera-4), or None."""
    return next((path for path in GALERA_LIBRARIES if Path(path).is_file()), None)


def _free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@attrs.define
class Node:
    """One private server of a local cluster."""

    name: str
    base: Path = attrs.field(converter=Path)
    port: int
    group_port: int = 0
    ist_port: int = 0
    sst_port: int = 0
    server_id: int = 1

    @property
    def dsn(self) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/"

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def pidfile(self) -> Path:
        return self.base / "server.pid"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    @property
    def cnf(self) -> Path:
        return self.base / "my.cnf"

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def running(self) -> bool:
        pid = self.pid()
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def connect(self, database: str | None = None) -> pymysql.connections.Connection[pymysql.cursors.DictCursor]:
        """A root session on this node (autocommit, dict rows)."""
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            database=database,
            autocommit=True,
            cursorclass=pymysql.cursors.DictCursor,
            connect_timeout=5,
        )


def _initialise(binary: str, data: Path) -> None:
    data.parent.mkdir(parents=True, exist_ok=True)
    user = ["--user=root"] if os.geteuid() == 0 else []
    install = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
    if install is None or "mariadbd" not in Path(binary).name:
        raise DevServerError("local clusters need MariaDB (mariadbd and mariadb-install-db)")
    result = subprocess.run(
        [
            install,
            "--no-defaults",
            f"--datadir={data}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *user,
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DevServerError(f"initialising {data} failed: {result.stderr.strip()[-500:]}")


def _common_settings(node: Node) -> list[str]:
    # tmpdir: a folder of the node's own (made here, as the settings are written), not the /tmp every
    # server on the machine shares (see DevServer.start in omnidb/tooling/devserver.py).
    (node.base / "tmp").mkdir(parents=True, exist_ok=True)
    return [
        f"datadir={node.data}",
        f"tmpdir={node.base / 'tmp'}",
        f"socket={node.base / 'server.sock'}",
        f"port={node.port}",
        "bind-address=127.0.0.1",
        f"pid-file={node.pidfile}",
        f"log-error={node.log}",
        "innodb_buffer_pool_size=32M",
        "innodb_log_file_size=48M",
        "performance_schema=OFF",
        "max_connections=300",
        "skip-name-resolve",
        f"server_id={node.server_id}",
        "log_bin=binlog",
        "binlog_format=ROW",
        "innodb_flush_log_at_trx_commit=2",
        "sync_binlog=0",
    ]


class LocalCluster:
    """A set of private nodes under ``base``; :meth:`save` / :meth:`load` keep its ports in ``cluster.json``."""

    def __init__(self, kind: str, base: Path | None = None, nodes: Sequence[Node] | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        self.kind = kind
        self.base = Path(base) if base else Path(tempfile.mkdtemp(prefix=f"omnidb-{kind}-"))
        self.nodes = list(nodes) if nodes else self._plan()

    # -- persistence -----------------------------------------------------------------------------

    def save(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        state = {"kind": self.kind, "nodes": [{**attrs.asdict(n), "base": str(n.base)} for n in self.nodes]}
        (self.base / _STATE).write_text(json.dumps(state, indent=2))

    @classmethod
    def load(cls, base: Path) -> LocalCluster | None:
        path = Path(base) / _STATE
        if not path.is_file():
            return None
        state = json.loads(path.read_text())
        return cls(state["kind"], Path(base), [Node(**n) for n in state["nodes"]])

    # -- addresses -------------------------------------------------------------------------------

    @property
    def dsns(self) -> list[str]:
        """One DSN per node (no database), in node order: for ``replica``, the primary first."""
        return [node.dsn for node in self.nodes]

    def multi_host_dsn(self, database: str = "", **options: object) -> str:
        """``mysql://root@127.0.0.1:p1,127.0.0.1:p2,.../database?options`` over every node."""
        hosts = ",".join(f"127.0.0.1:{node.port}" for node in self.nodes)
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"mysql://root@{hosts}/{database}" + (f"?{query}" if query else "")

    # -- lifecycle -------------------------------------------------------------------------------

    def _plan(self) -> list[Node]:
        count = 3 if self.kind == "galera" else 2
        names = [f"node{i}" for i in range(1, count + 1)] if self.kind == "galera" else ["primary", "replica"]
        nodes = []
        for number, name in enumerate(names, start=1):
            port, group, ist, sst = _free_ports(4)
            nodes.append(Node(name, self.base / name, port, group, ist, sst, server_id=number))
        return nodes

    def start(self, timeout: float = 180.0) -> list[str]:
        """Start (initialising on first use) every node, wait until the cluster works; return the DSNs."""
        binary = find_server_binary()
        if binary is None:
            raise DevServerError("no mariadbd found: apt-get install mariadb-server")
        self.save()
        try:
            if self.kind == "galera":
                self._start_galera(binary, timeout)
            else:
                self._start_replica(binary, timeout)
        except BaseException:
            self.stop()
            raise
        return self.dsns

    def stop(self) -> None:
        """Stop every node (their data directories stay)."""
        for node in reversed(self.nodes):
            stop_node(node)

    def destroy(self) -> None:
        """Stop every node and remove the whole folder."""
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    # -- galera ----------------------------------------------------------------------------------

    def galera_cnf(self, node: Node) -> str:
        library = galera_library()
        if library is None:
            raise DevServerError("no Galera provider (libgalera_smm.so): apt-get install galera-4")
        members = ",".join(f"127.0.0.1:{n.group_port}" for n in self.nodes)
        provider_options = ";".join(
            [
                f"gmcast.listen_addr=tcp://127.0.0.1:{node.group_port}",
                f"ist.recv_addr=127.0.0.1:{node.ist_port}",
                f"base_port={node.group_port}",
                "gcache.size=64M",
                # Loopback only: notice a killed peer within a few seconds rather than the WAN defaults.
                "evs.suspect_timeout=PT3S",
                "evs.inactive_timeout=PT6S",
                "evs.inactive_check_period=PT1S",
                "evs.keepalive_period=PT0.5S",
                "gmcast.peer_timeout=PT3S",
                "pc.wait_prim_timeout=PT30S",
            ]
        )
        settings = [
            *_common_settings(node),
            "default_storage_engine=InnoDB",
            "innodb_autoinc_lock_mode=2",
            "wsrep_on=ON",
            f"wsrep_provider={library}",
            f"wsrep_cluster_address=gcomm://{members}",
            "wsrep_cluster_name=omnidb_local",
            f"wsrep_node_name={node.name}",
            f"wsrep_node_address=127.0.0.1:{node.group_port}",
            f"wsrep_node_incoming_address=127.0.0.1:{node.port}",
            f"wsrep_sst_receive_address=127.0.0.1:{node.sst_port}",
            f'wsrep_provider_options="{provider_options}"',
            "wsrep_sst_method=mariabackup",
            "wsrep_sst_auth=root:",
            "wsrep_slave_threads=2",
        ]
        client = f"[client]\nsocket={node.base / 'server.sock'}\n"
        return "[mysqld]\n" + "\n".join(settings) + "\n\n[sst]\nsockopt=\n\n" + client

    def _start_galera(self, binary: str, timeout: float) -> None:
        first, *others = self.nodes
        fresh = not first.data.is_dir()
        for node in self.nodes:
            node.base.mkdir(parents=True, exist_ok=True)
            node.cnf.write_text(self.galera_cnf(node))
        if fresh:
            _initialise(binary, first.data)
        if not any(n.running() for n in self.nodes):
            _mark_safe_to_bootstrap(first)
            start_node(binary, first, timeout, extra=["--wsrep-new-cluster"])
        for node in others:
            node.data.mkdir(parents=True, exist_ok=True)
            if not node.running():
                start_node(binary, node, timeout)
        wait_synced(self.nodes, len(self.nodes), timeout)

    # -- replication -----------------------------------------------------------------------------

    def replica_cnf(self, node: Node) -> str:
        settings = [
            *_common_settings(node),
            "gtid_strict_mode=ON",
            "log_slave_updates=ON",
            "relay_log=relay",
        ]
        if node.name != "primary":
            settings.append("read_only=ON")
        return "[mysqld]\n" + "\n".join(settings) + "\n"

    def _start_replica(self, binary: str, timeout: float) -> None:
        primary, *replicas = self.nodes
        for node in self.nodes:
            node.base.mkdir(parents=True, exist_ok=True)
            node.cnf.write_text(self.replica_cnf(node))
            fresh = not node.data.is_dir()
            if fresh:
                _initialise(binary, node.data)
            if not node.running():
                start_node(binary, node, timeout)
            if fresh:
                with node.connect() as conn, conn.cursor() as cur:
                    # Both sides start from the same empty state: no GTID of install-db to replicate.
                    cur.execute("RESET MASTER")
        for node in replicas:
            with node.connect() as conn, conn.cursor() as cur:
                cur.execute("SHOW SLAVE STATUS")
                if cur.fetchone() is None:
                    cur.execute(
                        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=%s, MASTER_USER='root', "
                        "MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
                        (primary.port,),
                    )
                cur.execute("START SLAVE")
        deadline = time.monotonic() + 30
        for node in replicas:
            while True:
                with node.connect() as conn, conn.cursor() as cur:
                    cur.execute("SHOW SLAVE STATUS")
                    row = cur.fetchone() or {}
                if row.get("Slave_IO_Running") == "Yes" and row.get("Slave_SQL_Running") == "Yes":
                    break
                if time.monotonic() > deadline:
                    raise DevServerError(f"{node.name} did not start replicating: {row.get('Last_Error')}")
                time.sleep(0.2)


def _mark_safe_to_bootstrap(node: Node) -> None:
    grastate = node.data / "grastate.dat"
    if grastate.is_file():
        text = grastate.read_text().replace("safe_to_bootstrap: 0", "safe_to_bootstrap: 1")
        grastate.write_text(text)


def start_node(binary: str, node: Node, timeout: float = 180.0, extra: Sequence[str] = ()) -> None:
    """Start one node from its ``my.cnf`` and wait until it accepts logins."""
    args = [binary, f"--defaults-file={node.cnf}", *extra]
    if os.geteuid() == 0:
        args.append("--user=root")
    with node.log.open("ab") as log:
        process = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = node.log.read_text(errors="replace")[-1500:] if node.log.is_file() else ""
            raise DevServerError(f"{node.name} exited with {process.returncode}; {node.log}:\n{tail}")
        if server_answers("127.0.0.1", node.port, timeout=1.0):
            return
        time.sleep(0.3)
    raise DevServerError(f"{node.name} did not answer within {timeout:g}s; see {node.log}")


def stop_node(node: Node, *, kill: bool = False, timeout: float = 60.0) -> None:
    """Stop one node: SIGTERM and wait (or SIGKILL at once with ``kill``, as a crash would)."""
    pid = node.pid()
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        _reap(pid)
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        _reap(pid)
    if kill:
        node.pidfile.unlink(missing_ok=True)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def galera_state(node: Node) -> dict[str, str]:
    """``SHOW STATUS LIKE 'wsrep%'`` of a node, as a dict."""
    with node.connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW GLOBAL STATUS LIKE 'wsrep%%'")
        return {row["Variable_name"]: str(row["Value"]) for row in cur.fetchall()}


def wait_synced(nodes: Sequence[Node], size: int, timeout: float = 120.0) -> None:
    """Wait until every node in ``nodes`` is Synced in a primary component of ``size`` nodes."""
    deadline = time.monotonic() + timeout
    last: dict[str, str] = {}
    while time.monotonic() < deadline:
        try:
            states = [galera_state(n) for n in nodes]
        except pymysql.err.MySQLError:
            time.sleep(0.5)
            continue
        if all(
            s.get("wsrep_local_state_comment") == "Synced"
            and s.get("wsrep_ready") == "ON"
            and s.get("wsrep_cluster_size") == str(size)
            for s in states
        ):
            return
        last = states[-1]
        time.sleep(0.3)
    raise DevServerError(
        f"the cluster did not reach {size} synced nodes in {timeout:g}s (last: "
        f"{last.get('wsrep_local_state_comment')}, size {last.get('wsrep_cluster_size')})"
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m omnidb.tooling.localcluster start|stop|dsn galera|replica [--dir DIR]``."""
    parser = argparse.ArgumentParser(prog="scripts/cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "destroy", "dsn"])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--dir", type=Path, default=None, help="folder of the nodes (default: .omnidb-<kind>)")
    args = parser.parse_args(argv)
    base = args.dir or Path(f".omnidb-{args.kind}")
    cluster = LocalCluster.load(base) or LocalCluster(args.kind, base)
    if cluster.kind != args.kind:
        print(f"scripts/cluster: error: {base} holds a {cluster.kind} cluster", file=sys.stderr)
        return 1
    if args.action == "stop":
        cluster.stop()
        return 0
    if args.action == "destroy":
        cluster.destroy()
        return 0
    if args.action == "start":
        try:
            cluster.start()
        except DevServerError as exc:
            print(f"scripts/cluster: error: {exc}", file=sys.stderr)
            return 1
    for dsn in cluster.dsns:
        print(dsn)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
