"""The cluster tier's own clusters: Galera replicates to every node, the replica follows the primary."""

from __future__ import annotations

from omnidb.tooling.localcluster import LocalCluster, galera_state


def test_galera_has_three_synced_nodes_and_replicates(galera_healthy: LocalCluster, cluster_database: str) -> None:
    states = [galera_state(node) for node in galera_healthy.nodes]
    assert {s["wsrep_cluster_size"] for s in states} == {"3"}
    assert {s["wsrep_local_state_comment"] for s in states} == {"Synced"}
    first, *others = galera_healthy.nodes
    with first.connect(database=cluster_database) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))")
        cur.execute("INSERT INTO t VALUES (1, 'one')")
    for node in others:
        with node.connect(database=cluster_database) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION wsrep_sync_wait = 1")
            cur.execute("SELECT v FROM t WHERE id = 1")
            assert cur.fetchone() == {"v": "one"}


def test_replica_follows_the_primary_by_gtid(replica_pair: LocalCluster, replica_database: str) -> None:
    primary, replica = replica_pair.nodes
    with primary.connect(database=replica_database) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE t (id INT PRIMARY KEY)")
        cur.execute("INSERT INTO t VALUES (7)")
        cur.execute("SELECT @@last_gtid AS gtid")
        gtid = cur.fetchone()["gtid"]
    # Connected without a database: the replica may not have applied the fixture's CREATE DATABASE yet.
    with replica.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT MASTER_GTID_WAIT(%s, 10) AS waited", (gtid,))
        assert cur.fetchone()["waited"] == 0
        cur.execute(f"SELECT id FROM `{replica_database}`.t")
        assert cur.fetchall() == [{"id": 7}]
        cur.execute("SELECT @@read_only AS ro")
        assert cur.fetchone()["ro"] == 1
    with replica.connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW SLAVE STATUS")
        status = cur.fetchone()
    assert (status["Slave_IO_Running"], status["Slave_SQL_Running"]) == ("Yes", "Yes")
