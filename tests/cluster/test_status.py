"""Item 8: omnidb status and omnidb doctor show the cluster: Galera state and size, replication
threads, lag and errant transactions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from clustertools import node_dsn

import omnidb
from omnidb.tooling.cluster_status import errant_gtids
from omnidb.tooling.localcluster import LocalCluster, Node
from omnidb.tooling.migrate import Migrator


def _cli(dsn: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMNIDB_DSN": dsn}
    return subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_errant_gtids_are_the_servers_own() -> None:
    assert errant_gtids("0-1-40,9-2-3", server_id=2) == ["9-2-3"]
    assert errant_gtids("0-1-40", server_id=2) == []
    assert errant_gtids("", server_id=2) == []


def test_status_and_doctor_on_a_galera_node(galera_healthy: LocalCluster, cluster_database: str) -> None:
    dsn = node_dsn(galera_healthy.nodes[1], cluster_database)
    with omnidb.connect(dsn) as db:
        Migrator(db).migrate()
    status = _cli(dsn, "status")
    assert status.returncode == 0, status.stderr
    assert "cluster:   Galera node node2: Synced, ready, cluster Primary of 3 nodes" in status.stdout
    report = json.loads(_cli(dsn, "status", "--json").stdout)["cluster"]
    assert report["kind"] == "galera" and report["galera"]["cluster_size"] == 3
    doctor = _cli(dsn, "doctor", "--json")
    found = json.loads(doctor.stdout)
    assert found["cluster"]["galera"]["state"] == "Synced"
    assert not [p for p in found["problems"] if "Galera" in p]


def test_status_and_doctor_on_a_replica_show_threads_lag_and_errant_transactions(
    replica_pair: LocalCluster, replica_database: str
) -> None:
    primary, replica = replica_pair.nodes
    with omnidb.connect(node_dsn(primary, replica_database)) as db:
        Migrator(db).migrate()
    dsn = node_dsn(replica, replica_database)
    status = _cli(dsn, "status")
    assert status.returncode == 0, status.stderr  # status reads: it works on a replica
    assert "replica (IO on, SQL on, lag 0s)" in status.stdout
    assert "errant transactions: none" in status.stdout
    # A write made on the replica itself (root bypasses read_only), in its own GTID domain so that
    # replication of domain 0 goes on: an errant transaction.
    with replica.connect() as conn, conn.cursor() as cur:
        cur.execute("SET SESSION gtid_domain_id = 9")
        cur.execute("CREATE DATABASE omnidb_errant_probe")
        cur.execute("DROP DATABASE omnidb_errant_probe")
    try:
        doctor = _cli(dsn, "doctor")
        assert doctor.returncode == 1
        assert "errant transactions on the replica" in doctor.stdout and "9-2-" in doctor.stdout
    finally:
        with replica.connect() as conn, conn.cursor() as cur:
            cur.execute("RESET MASTER")  # forget the replica's own binlog, errant GTIDs included


def test_the_plan_on_galera_says_what_toi_costs(galera_healthy: LocalCluster, cluster_database: str) -> None:
    dsn = node_dsn(galera_healthy.nodes[0], cluster_database)
    with omnidb.connect(dsn) as db:
        Migrator(db).migrate(1)
    result = _cli(dsn, "migrate", "--plan")
    assert result.returncode == 0, result.stderr
    assert "DDL by TOI" in result.stdout
    assert "TOI: writers on every node wait while it runs" in result.stdout


def test_a_migration_waits_for_its_replicas(replica_pair: LocalCluster, replica_database: str) -> None:
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, replica_database, replicas=f"127.0.0.1:{replica.port}", max_replica_lag=1)
    with omnidb.connect(dsn) as db:
        Migrator(db).migrate(1)
    # Replication held back: the migration waits (and says so) until the replica has every statement.
    with replica.connect() as conn, conn.cursor() as cur:
        cur.execute("STOP REPLICA SQL_THREAD")
    restart = threading.Timer(2.5, _start_sql_thread, args=(replica,))
    restart.start()
    lines: list[str] = []
    try:
        with omnidb.connect(dsn) as db:
            Migrator(db, out=lines.append).migrate(2)
    finally:
        restart.join()
    assert any("waiting for replica" in line for line in lines), lines
    with replica.connect(replica_database) as conn, conn.cursor() as cur:
        columns = "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        cur.execute(columns + " AND COLUMN_NAME = 'app_type'")
        assert cur.fetchone()["n"] == 1  # the replica has V2 when the migration returns


def _start_sql_thread(node: Node) -> None:
    with node.connect() as conn, conn.cursor() as cur:
        cur.execute("START REPLICA SQL_THREAD")
