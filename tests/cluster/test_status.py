"""Item 8: omnidb status and omnidb doctor show the cluster: Galera state and size, replication
threads, lag and errant transactions."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from clustertools import node_dsn

import omnidb
from omnidb.tooling.cluster_status import errant_gtids
from omnidb.tooling.localcluster import LocalCluster
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
    assert "cluster:      Galera node node2: Synced, ready, cluster Primary of 3 nodes" in status.stdout
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
