"""Items 2-5 on Galera: multi-host failover, node roles and errors, causal reads, commit conflicts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from clustertools import node_dsn

import omnidb
from omnidb.cluster import causal_reads, read_role
from omnidb.errors import NodeUnavailable, TransientError
from omnidb.tooling.localcluster import LocalCluster, stop_node, wait_synced
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs


def multi_dsn(cluster: LocalCluster, database: str, **options: object) -> str:
    return cluster.multi_host_dsn(database, **options)


@pytest.fixture
def migrated(galera_healthy: LocalCluster, cluster_database: str) -> Iterator[str]:
    with omnidb.connect(node_dsn(galera_healthy.nodes[0], cluster_database)) as db:
        Migrator(db).migrate()
    yield cluster_database


def _app(db: omnidb.Database) -> int:
    org = orgs.create_org(db, name=f"org-{time.monotonic_ns()}")
    return apps.create_app(db, org_id=org.id, name="app").id


def test_a_multi_host_dsn_uses_the_first_host_and_fails_over_when_it_is_killed(
    galera_healthy: LocalCluster, migrated: str
) -> None:
    first = galera_healthy.nodes[0]
    with omnidb.connect(multi_dsn(galera_healthy, migrated, pool_size=4, connect_timeout=2)) as db:
        app_id = _app(db)
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@port AS port")
            assert cur.fetchone()["port"] == first.port
        stop_node(first, kill=True)
        killed = time.monotonic()
        failures = 0
        while True:
            try:
                apps.update_app(db, app_id, display_name="after failover")
                break
            except omnidb.errors.ConnectionLost:
                failures += 1
                assert time.monotonic() - killed < 30
        failover = time.monotonic() - killed
        assert apps.get_app_by_id(db, app_id).display_name == "after failover"
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@port AS port")
            assert cur.fetchone()["port"] == galera_healthy.nodes[1].port
    print(f"failover after SIGKILL of the first host: {failover * 1000:.0f} ms, {failures} calls failed")
    assert failover < 10


def test_a_node_outside_the_primary_component_is_unavailable_and_skipped(
    galera_healthy: LocalCluster, migrated: str
) -> None:
    cluster_database = migrated
    isolated = galera_healthy.nodes[0]
    with isolated.connect() as admin, admin.cursor() as cur:
        cur.execute("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'")
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                cur.execute("SHOW STATUS LIKE 'wsrep_cluster_status'")
                if cur.fetchone()["Value"] != "Primary":
                    break
                time.sleep(0.2)
            # One host: refused when connecting (role check), and by the node itself (1047) for a
            # pool that skips the check (role=any): both are NodeUnavailable.
            with pytest.raises(NodeUnavailable, match="not ready"):
                omnidb.connect(node_dsn(isolated, cluster_database))
            with omnidb.connect(node_dsn(isolated, cluster_database, role="any")) as unchecked:
                with pytest.raises(NodeUnavailable, match=r"\(1047\)"):
                    orgs.count_orgs(unchecked)
                assert unchecked.connections_open == 0  # the session was dropped
            # Several hosts: that one is skipped.
            with omnidb.connect(multi_dsn(galera_healthy, cluster_database)) as db, db.connection() as conn:
                role = read_role(conn)
                assert role.synced and role.node_name != "node1"
        finally:
            cur.execute("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'")
            wait_synced(galera_healthy.nodes, 3)


def test_a_desynced_node_is_refused_for_writes(galera_healthy: LocalCluster, cluster_database: str) -> None:
    node = galera_healthy.nodes[1]
    with node.connect() as admin, admin.cursor() as cur:
        cur.execute("SET GLOBAL wsrep_desync = ON")
        try:
            with pytest.raises(NodeUnavailable, match="not ready"):
                omnidb.connect(node_dsn(node, cluster_database))
        finally:
            cur.execute("SET GLOBAL wsrep_desync = OFF")
    wait_synced(galera_healthy.nodes, 3)


def _stale_reads(cluster: LocalCluster, database: str, app_id: int, rounds: int, causal: bool) -> int:
    writer = omnidb.connect(node_dsn(cluster.nodes[0], database))
    reader = omnidb.connect(node_dsn(cluster.nodes[2], database))
    stale = 0
    try:
        for number in range(rounds):
            apps.update_app(writer, app_id, instances=number + 1)
            if causal:
                with causal_reads():
                    seen = apps.get_app_by_id(reader, app_id).instances
            else:
                seen = apps.get_app_by_id(reader, app_id).instances
            stale += seen != number + 1
    finally:
        writer.close()
        reader.close()
    return stale


def test_causal_reads_see_a_write_made_on_another_node(galera_healthy: LocalCluster, migrated: str) -> None:
    with omnidb.connect(node_dsn(galera_healthy.nodes[0], migrated)) as db:
        app_id = _app(db)
    plain = _stale_reads(galera_healthy, migrated, app_id, 300, causal=False)
    causal = _stale_reads(galera_healthy, migrated, app_id, 300, causal=True)
    print(f"stale reads on another node: {plain}/300 without causal reads, {causal}/300 with")
    assert causal == 0
    # The DSN option does the same for every session.
    dsn = node_dsn(galera_healthy.nodes[2], migrated, wsrep_sync_wait=1)
    with omnidb.connect(dsn) as db, db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT @@session.wsrep_sync_wait AS w")
        assert cur.fetchone()["w"] == 1


def _hammer(cluster: LocalCluster, database: str, app_id: int, retries: int, per_node: int) -> tuple[int, list[int]]:
    """Update one app from every node at once; return (failed calls, sessions each pool holds after)."""
    pools = [omnidb.connect(node_dsn(node, database, pool_size=2, write_retries=retries)) for node in cluster.nodes]
    failures = 0
    lock = threading.Lock()

    def run(db: omnidb.Database) -> None:
        nonlocal failures
        for number in range(per_node):
            try:
                apps.update_app(db, app_id, display_name=f"n{number}")
            except TransientError:
                with lock:
                    failures += 1

    threads = [threading.Thread(target=run, args=(db,)) for db in pools for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = [db.connections_open for db in pools]
    for db in pools:
        db.close()
    return failures, held


def test_a_certification_conflict_keeps_the_session_and_retries_when_asked(
    galera_healthy: LocalCluster, migrated: str
) -> None:
    with omnidb.connect(node_dsn(galera_healthy.nodes[0], migrated)) as db:
        app_id = _app(db)
    failures, held = _hammer(galera_healthy, migrated, app_id, retries=0, per_node=100)
    print(f"without retries: {failures} of 600 updates failed with 1213")
    assert held == [2, 2, 2]  # a 1213 at COMMIT no longer drops the session or flushes the pool
    failures, held = _hammer(galera_healthy, migrated, app_id, retries=8, per_node=100)
    print(f"with write_retries=8: {failures} of 600 updates failed")
    assert failures == 0
    assert held == [2, 2, 2]


def test_with_health_check_a_pool_leaves_a_node_that_desyncs(
    galera_healthy: LocalCluster, cluster_database: str
) -> None:
    first, second, _ = galera_healthy.nodes
    dsn = multi_dsn(galera_healthy, cluster_database, health_check="true", pool_size=2)

    def port(db: omnidb.Database) -> int:
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@port AS port")
            return int(cur.fetchone()["port"])

    with omnidb.connect(dsn) as db:
        assert port(db) == first.port
        with first.connect() as admin, admin.cursor() as cur:
            cur.execute("SET GLOBAL wsrep_desync = ON")
            try:
                assert port(db) == second.port  # the idle session to node 1 was dropped at borrow
            finally:
                cur.execute("SET GLOBAL wsrep_desync = OFF")
    wait_synced(galera_healthy.nodes, 3)
