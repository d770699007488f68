"""Cluster benchmarks: writer stalls under schema changes, failover, stale reads. Private servers only.

    python bench/cluster.py                      # everything, 1,000,000 apps (a few minutes)
    python bench/cluster.py --apps 200000 --only stall
    python bench/cluster.py --write docs/cluster.md   # replace the results section of that page

Every server is a private mariadbd on loopback ports (omnidb.tooling.localcluster and devserver):
a single server, a 3-node Galera cluster, a GTID primary/replica pair; all stopped at the end.

- stall: writers update random apps (one writer per node) while the V1 -> V2 migration runs, on one
  server and on Galera (TOI); then, on Galera, the V2 index build alone with TOI and with RSU (run on
  each node in turn, as an operator would). Reports the longest single write and the 99th percentile.
- failover: a pool on a multi-host DSN writes in a loop; the first host is killed (SIGKILL); time until
  the next write succeeds, and how many calls failed.
- stale: a write on node 1, then a read of the same row on node 3, without and with causal reads;
  a write on the primary, then a read on the replica, naively and with replica_reads().
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import omnidb
from omnidb.cluster import causal_reads, replica_reads
from omnidb.errors import OmniDBError
from omnidb.tooling.devserver import DevServer, find_server_binary
from omnidb.tooling.localcluster import LocalCluster, Node, start_node, stop_node, wait_synced
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs

DATABASE = "omnidb_bench_cluster"
# V2's index on apps.app_type (its other index serves a foreign key and cannot be dropped to rebuild)
INDEX_BUILD = "ALTER TABLE apps ADD INDEX idx_apps_app_type (app_type), ALGORITHM = INPLACE, LOCK = NONE"
INDEX_DROP = "ALTER TABLE apps DROP INDEX idx_apps_app_type"


def say(line: str) -> None:
    print(line, flush=True)


def dsn_of(port: int, database: str = DATABASE, **options: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return f"mysql://root@127.0.0.1:{port}/{database}" + (f"?{query}" if query else "")


def create_database(port: int) -> None:
    with Node("x", "/nonexistent", port).connect() as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cur.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")


def load_apps(port: int, count: int) -> int:
    """Migrate to V1 and insert ``count`` apps; return the highest app id."""
    with omnidb.connect(dsn_of(port)) as db:
        Migrator(db).migrate(1)
        org = orgs.create_org(db, name="bench")
        batch = 5000
        for start in range(0, count, batch):
            apps.create_apps(
                db, [{"org_id": org.id, "name": f"app-{i}"} for i in range(start, min(count, start + batch))]
            )
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT MAX(id) AS top FROM apps")
            return int(cur.fetchone()["top"])


class Writers:
    """One thread per DSN updating random apps; records (start, seconds) of every write."""

    def __init__(self, dsns: list[str], top: int) -> None:
        self.top = top
        self.samples: list[list[tuple[float, float]]] = [[] for _ in dsns]
        self.errors = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(d, i), daemon=True) for i, d in enumerate(dsns)]

    def _run(self, dsn: str, slot: int) -> None:
        with omnidb.connect(dsn, pool_size=1, write_retries=10) as db:
            while not self._stop.is_set():
                begun = time.monotonic()
                try:
                    apps.update_app(db, random.randint(1, self.top), display_name=f"w{begun:.3f}")
                except OmniDBError:
                    self.errors += 1
                self.samples[slot].append((begun, time.monotonic() - begun))

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        time.sleep(1.0)  # steady state first
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.5)
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def during(self, start: float, end: float) -> tuple[float, float, int]:
        """(longest write, p99, count) of the writes that overlapped [start, end], in seconds."""
        hits = [s for per in self.samples for b, s in per if b <= end and b + s >= start]
        if not hits:
            return 0.0, 0.0, 0
        p99 = statistics.quantiles(hits, n=100)[98] if len(hits) >= 100 else max(hits)
        return max(hits), p99, len(hits)

    def per_node(self, start: float, end: float) -> list[float]:
        return [max((s for b, s in per if b <= end and b + s >= start), default=0.0) for per in self.samples]


def timed(work: Callable[[], None]) -> tuple[float, float]:
    start = time.monotonic()
    work()
    return start, time.monotonic()


class Bench:
    def __init__(self, apps_count: int, base: Path) -> None:
        self.apps = apps_count
        self.base = base
        self.rows: list[tuple[str, str, str, str]] = []

    def row(self, *cells: str) -> None:
        self.rows.append((cells[0], cells[1], cells[2], cells[3]))
        say(" | ".join(cells))

    # -- stall -------------------------------------------------------------------------------------

    def stall_single(self) -> None:
        server = DevServer(self.base / "single", extra_args=["--innodb-buffer-pool-size=128M"])
        server.start()
        try:
            create_database(server.port)
            top = load_apps(server.port, self.apps)
            with omnidb.connect(dsn_of(server.port)) as db, Writers([dsn_of(server.port)] * 2, top) as writers:
                start, end = timed(lambda: Migrator(db).migrate(2))
            worst, p99, count = writers.during(start, end)
            self.row(
                f"V1 -> V2 migration, one server, {self.apps:,} apps",
                f"{end - start:.2f} s",
                f"longest write {worst * 1e3:.0f} ms, p99 {p99 * 1e3:.1f} ms ({count} writes, 2 writers)",
                "writes go on",
            )
        finally:
            server.stop()

    def stall_galera(self, cluster: LocalCluster) -> None:
        first = cluster.nodes[0]
        create_database(first.port)
        top = load_apps(first.port, self.apps)
        wait_synced(cluster.nodes, 3, timeout=600)
        dsns = [dsn_of(n.port) for n in cluster.nodes]
        with omnidb.connect(dsns[0]) as db, Writers(dsns, top) as writers:
            start, end = timed(lambda: Migrator(db).migrate(2))
        worst, p99, count = writers.during(start, end)
        nodes = ", ".join(f"{w * 1e3:.0f}" for w in writers.per_node(start, end))
        self.row(
            f"V1 -> V2 migration, Galera TOI, {self.apps:,} apps",
            f"{end - start:.2f} s",
            f"longest write {worst * 1e3:.0f} ms (per node {nodes} ms), p99 {p99 * 1e3:.1f} ms ({count} writes)",
            "every node's writers wait for each DDL",
        )
        wait_synced(cluster.nodes, 3, timeout=600)
        # The index build alone, TOI then RSU.
        with first.connect(DATABASE) as conn, conn.cursor() as cur:
            cur.execute(INDEX_DROP)
        with Writers(dsns, top) as writers, first.connect(DATABASE) as conn, conn.cursor() as cur:
            start, end = timed(lambda: cur.execute(INDEX_BUILD))
        worst, p99, count = writers.during(start, end)
        nodes = ", ".join(f"{w * 1e3:.0f}" for w in writers.per_node(start, end))
        self.row(
            "index build of V2 (idx_apps_app_type), Galera TOI",
            f"{end - start:.2f} s",
            f"longest write {worst * 1e3:.0f} ms (per node {nodes} ms), p99 {p99 * 1e3:.1f} ms ({count} writes)",
            "one DDL, whole cluster waits",
        )
        with first.connect(DATABASE) as conn, conn.cursor() as cur:
            cur.execute(INDEX_DROP)
        wait_synced(cluster.nodes, 3, timeout=600)
        # RSU: each node in turn builds the index alone, desynced. Its own writers must be moved off
        # it first (a transaction committing there waits for the paused provider while holding the
        # table's metadata lock, which the ALTER waits for): writers run on the two other nodes.
        worst_all, p99_all, count_all, took = 0.0, 0.0, 0, []
        for number, node in enumerate(cluster.nodes):
            others = [d for i, d in enumerate(dsns) if i != number]
            with Writers(others, top) as writers, node.connect(DATABASE) as conn, conn.cursor() as cur:
                cur.execute("SET SESSION wsrep_OSU_method = 'RSU', SESSION lock_wait_timeout = 120")
                start, end = timed(lambda cur=cur: cur.execute(INDEX_BUILD))  # type: ignore[misc]
            wait_synced(cluster.nodes, 3, timeout=600)
            worst, p99, count = writers.during(start, end)
            worst_all, p99_all, count_all = max(worst_all, worst), max(p99_all, p99), count_all + count
            took.append(f"{end - start:.2f}")
        self.row(
            "same index build, Galera RSU, node by node (writers on the other two nodes)",
            f"{', '.join(took)} s per node",
            f"longest write {worst_all * 1e3:.0f} ms, p99 {p99_all * 1e3:.1f} ms ({count_all} writes)",
            "node out of the load balancer while it builds; schemas differ meanwhile",
        )

    # -- failover ----------------------------------------------------------------------------------

    def failover(self, cluster: LocalCluster) -> None:
        dsn = cluster.multi_host_dsn(DATABASE, connect_timeout=2, pool_size=4)
        binary = find_server_binary()
        assert binary
        with omnidb.connect(dsn) as db:
            org = orgs.create_org(db, name=f"failover-{time.time()}")
            app_id = apps.create_app(db, org_id=org.id, name="f").id
            for _ in range(50):
                apps.update_app(db, app_id, instances=1)
            stop_node(cluster.nodes[0], kill=True)
            killed = time.monotonic()
            failed = 0
            while True:
                try:
                    apps.update_app(db, app_id, instances=2)
                    break
                except OmniDBError:
                    failed += 1
            took = time.monotonic() - killed
        self.row(
            "failover: first host of a 3-host DSN killed (SIGKILL)",
            f"{took * 1e3:.0f} ms to the next committed write",
            f"{failed} calls failed",
            "Galera evs.suspect_timeout=PT3S here (default PT5S)",
        )
        start_node(binary, cluster.nodes[0])
        wait_synced(cluster.nodes, 3, timeout=600)

    # -- stale reads -------------------------------------------------------------------------------

    def stale_galera(self, cluster: LocalCluster, rounds: int = 500) -> None:
        with (
            omnidb.connect(dsn_of(cluster.nodes[0].port)) as writer,
            omnidb.connect(dsn_of(cluster.nodes[2].port)) as reader,
        ):
            org = orgs.create_org(writer, name=f"stale-{time.time()}")
            app_id = apps.create_app(writer, org_id=org.id, name="s").id
            counts = []
            for causal in (False, True):
                stale = 0
                for number in range(1, rounds + 1):
                    apps.update_app(writer, app_id, instances=number)
                    if causal:
                        with causal_reads():
                            stale += apps.get_app_by_id(reader, app_id).instances != number
                    else:
                        stale += apps.get_app_by_id(reader, app_id).instances != number
                counts.append(stale)
        self.row(
            "stale reads: write on node 1, read on node 3",
            f"{100 * counts[0] / rounds:.1f}% without causal reads",
            f"{100 * counts[1] / rounds:.1f}% with causal_reads() (wsrep_sync_wait=1)",
            f"{rounds} rounds each",
        )

    def stale_replica(self, pair: LocalCluster, rounds: int = 500) -> None:
        primary, replica = pair.nodes
        create_database(primary.port)
        with omnidb.connect(dsn_of(primary.port)) as db:
            Migrator(db).migrate()
        routed_dsn = dsn_of(primary.port, replicas=f"127.0.0.1:{replica.port}", replica_wait=2)
        with omnidb.connect(routed_dsn) as db, omnidb.connect(dsn_of(replica.port, role="any")) as naive:
            org = orgs.create_org(db, name="replica")
            app_id = apps.create_app(db, org_id=org.id, name="r").id
            plain = routed = 0
            for number in range(1, rounds + 1):
                apps.update_app(db, app_id, instances=number)
                plain += apps.get_app_by_id(naive, app_id).instances != number
                with replica_reads():
                    routed += apps.get_app_by_id(db, app_id).instances != number
        self.row(
            "stale reads: write on the primary, read on the replica",
            f"{100 * plain / rounds:.1f}% read naively",
            f"{100 * routed / rounds:.1f}% with replica_reads() (waits for the write's GTID)",
            f"{rounds} rounds each",
        )

    def markdown(self, command: str) -> str:
        lines = [
            "| measurement | result | writers / detail | note |",
            "| --- | --- | --- | --- |",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows),
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            "every node a private mariadbd (innodb_buffer_pool_size=32M, one machine, loopback). "
            f"Command: `{command}`.",
        ]
        return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=1_000_000, help="apps in the table the migration changes")
    parser.add_argument("--only", default="stall,failover,stale", help="comma-separated: stall, failover, stale")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the private servers (default: temporary)")
    parser.add_argument("--write", type=Path, help="replace the results section of this markdown file")
    args = parser.parse_args()
    only = set(args.only.split(","))
    base = args.dir or Path(tempfile.mkdtemp(prefix="omnidb-bench-cluster-"))
    bench = Bench(args.apps, base)
    if "stall" in only:
        bench.stall_single()
    galera = LocalCluster("galera", base / "galera")
    try:
        galera.start()
        if "stall" in only:
            bench.stall_galera(galera)
        if "failover" in only or "stale" in only:
            create_database(galera.nodes[0].port)
            with omnidb.connect(dsn_of(galera.nodes[0].port)) as db:
                Migrator(db).migrate()
            wait_synced(galera.nodes, 3)
        if "failover" in only:
            bench.failover(galera)
        if "stale" in only:
            bench.stale_galera(galera)
    finally:
        galera.destroy()
    if "stale" in only:
        pair = LocalCluster("replica", base / "replica")
        try:
            pair.start()
            bench.stale_replica(pair)
        finally:
            pair.destroy()
    command = "python bench/cluster.py " + " ".join(sys.argv[1:])
    report = bench.markdown(command.strip())
    print()
    print(report)
    if args.write:
        text = args.write.read_text()
        marker = re.compile(r"(<!-- bench/cluster.py results -->\n).*?(<!-- end of results -->)", re.DOTALL)
        args.write.write_text(marker.sub(lambda m: m.group(1) + report + m.group(2), text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
