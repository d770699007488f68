"""The cluster features through ``omnidb.aio``: multi-host failover, a node that may not serve,
causal reads, commit conflicts with ``write_retries``, the health check, and replica reads that see
the caller's own writes, on the same local clusters as the sync tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from clustertools import node_dsn

import omnidb
import omnidb.aio
from omnidb.aio.cluster import read_role
from omnidb.aio.transaction import reading
from omnidb.aio.v1 import apps, orgs
from omnidb.cluster import causal_reads, last_write_gtid, replica_reads
from omnidb.errors import ConnectionLost, NodeUnavailable, ReadOnlyServer, TransientError
from omnidb.tooling.localcluster import LocalCluster, stop_node, wait_synced
from omnidb.tooling.migrate import Migrator

pytestmark = pytest.mark.asyncio


@pytest.fixture
def galera_migrated(galera_healthy: LocalCluster, cluster_database: str) -> Iterator[str]:
    with omnidb.connect(node_dsn(galera_healthy.nodes[0], cluster_database)) as db:
        Migrator(db).migrate()
    yield cluster_database


@pytest.fixture
def replica_migrated(replica_pair: LocalCluster, replica_database: str) -> Iterator[str]:
    with omnidb.connect(node_dsn(replica_pair.nodes[0], replica_database)) as db:
        Migrator(db).migrate()
    yield replica_database


async def _app(db: omnidb.aio.AsyncDatabase) -> int:
    org = await orgs.create_org(db, name=f"org-{time.monotonic_ns()}")
    return (await apps.create_app(db, org_id=org.id, name="app")).id


async def _port(db: omnidb.aio.AsyncDatabase) -> int:
    async with reading(db) as conn, conn.cursor() as cur:
        await cur.execute("SELECT @@port AS port")
        return int((await cur.fetchone())["port"])


async def test_a_multi_host_dsn_fails_over_when_the_first_host_is_killed(
    galera_healthy: LocalCluster, galera_migrated: str
) -> None:
    first, second, _ = galera_healthy.nodes
    dsn = galera_healthy.multi_host_dsn(galera_migrated, pool_size=4, connect_timeout=2)
    async with await omnidb.aio.connect(dsn) as db:
        app_id = await _app(db)
        assert await _port(db) == first.port
        stop_node(first, kill=True)
        killed = time.monotonic()
        while True:
            try:
                await apps.update_app(db, app_id, display_name="after failover")
                break
            except ConnectionLost:
                assert time.monotonic() - killed < 30
        failover = time.monotonic() - killed
        assert (await apps.get_app_by_id(db, app_id)).display_name == "after failover"
        assert await _port(db) == second.port
    print(f"omnidb.aio failover after SIGKILL of the first host: {failover * 1000:.0f} ms")
    assert failover < 10


async def test_a_desynced_node_is_unavailable_alone_and_skipped_in_a_host_list(
    galera_healthy: LocalCluster, cluster_database: str
) -> None:
    first, second, _ = galera_healthy.nodes
    with first.connect() as admin, admin.cursor() as cur:
        cur.execute("SET GLOBAL wsrep_desync = ON")
        try:
            with pytest.raises(NodeUnavailable, match="not ready"):
                await omnidb.aio.connect(node_dsn(first, cluster_database))
            async with await omnidb.aio.connect(galera_healthy.multi_host_dsn(cluster_database)) as db:
                assert await _port(db) == second.port
                async with db.connection() as conn:
                    role = await read_role(conn)
                assert role.galera and role.synced and role.node_name != "node1"
        finally:
            cur.execute("SET GLOBAL wsrep_desync = OFF")
    wait_synced(galera_healthy.nodes, 3)


async def test_a_write_through_a_dsn_at_the_replica_is_refused(
    replica_pair: LocalCluster, replica_migrated: str
) -> None:
    replica = replica_pair.nodes[1]
    with pytest.raises(ReadOnlyServer, match="it is a replica"):
        await omnidb.aio.connect(node_dsn(replica, replica_migrated))
    async with await omnidb.aio.connect(node_dsn(replica, replica_migrated, role="any")) as db:
        assert await orgs.count_orgs(db) == 0


async def test_causal_reads_see_a_write_made_on_another_node(
    galera_healthy: LocalCluster, galera_migrated: str
) -> None:
    writer = await omnidb.aio.connect(node_dsn(galera_healthy.nodes[0], galera_migrated))
    reader = await omnidb.aio.connect(node_dsn(galera_healthy.nodes[2], galera_migrated))
    try:
        app_id = await _app(writer)
        stale = {False: 0, True: 0}
        for causal in (False, True):
            for number in range(200):
                await apps.update_app(writer, app_id, instances=number + 1)
                if causal:
                    with causal_reads():
                        seen = (await apps.get_app_by_id(reader, app_id)).instances
                else:
                    seen = (await apps.get_app_by_id(reader, app_id)).instances
                stale[causal] += seen != number + 1
        # The switch is put back: a plain read on the same session runs without the wait.
        async with reader.connection() as conn, conn.cursor() as cur:
            await cur.execute("SELECT @@session.wsrep_sync_wait AS w")
            assert (await cur.fetchone())["w"] == 0
    finally:
        await writer.close()
        await reader.close()
    print(f"omnidb.aio stale reads on another node: {stale[False]}/200 without causal reads, {stale[True]}/200 with")
    assert stale[True] == 0


async def _hammer(cluster: LocalCluster, database: str, app_id: int, retries: int) -> tuple[int, list[int]]:
    """Update one app from every node at once, 2 tasks a node; return (failed calls, sessions held)."""
    pools = [
        await omnidb.aio.connect(node_dsn(node, database, pool_size=2, write_retries=retries)) for node in cluster.nodes
    ]
    failures = 0

    async def run(db: omnidb.aio.AsyncDatabase) -> None:
        nonlocal failures
        for number in range(60):
            try:
                await apps.update_app(db, app_id, display_name=f"n{number}")
            except TransientError:
                failures += 1

    await asyncio.gather(*(run(db) for db in pools for _ in range(2)))
    held = [db.connections_open for db in pools]
    for db in pools:
        await db.close()
    return failures, held


async def test_a_certification_conflict_keeps_the_session_and_retries_when_asked(
    galera_healthy: LocalCluster, galera_migrated: str
) -> None:
    async with await omnidb.aio.connect(node_dsn(galera_healthy.nodes[0], galera_migrated)) as db:
        app_id = await _app(db)
    failures, held = await _hammer(galera_healthy, galera_migrated, app_id, retries=0)
    print(f"omnidb.aio without retries: {failures} of 360 updates failed with 1213")
    assert held == [2, 2, 2]  # a 1213 at COMMIT does not drop the session
    failures, held = await _hammer(galera_healthy, galera_migrated, app_id, retries=8)
    print(f"omnidb.aio with write_retries=8: {failures} of 360 updates failed")
    assert failures == 0 and held == [2, 2, 2]


async def test_with_health_check_a_pool_leaves_a_node_that_desyncs(
    galera_healthy: LocalCluster, cluster_database: str
) -> None:
    first, second, _ = galera_healthy.nodes
    dsn = galera_healthy.multi_host_dsn(cluster_database, health_check="true", pool_size=2)
    async with await omnidb.aio.connect(dsn) as db:
        assert await _port(db) == first.port
        with first.connect() as admin, admin.cursor() as cur:
            cur.execute("SET GLOBAL wsrep_desync = ON")
            try:
                assert await _port(db) == second.port  # the idle session to node 1 was dropped at borrow
            finally:
                cur.execute("SET GLOBAL wsrep_desync = OFF")
    wait_synced(galera_healthy.nodes, 3)


async def test_replica_reads_see_the_callers_own_writes(replica_pair: LocalCluster, replica_migrated: str) -> None:
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, replica_migrated, replicas=f"127.0.0.1:{replica.port}", replica_wait=5)
    async with await omnidb.aio.connect(dsn) as db:
        org = await orgs.create_org(db, name="ryw")
        app_id = (await apps.create_app(db, org_id=org.id, name="a")).id
        stale = 0
        for number in range(1, 151):
            await apps.update_app(db, app_id, instances=number)
            with replica_reads():
                stale += (await apps.get_app_by_id(db, app_id)).instances != number
        assert last_write_gtid()
        # The reads go to the replica once it is within max_replica_lag.
        deadline = time.monotonic() + 15
        while True:
            with replica_reads():
                if await _port(db) == replica.port:
                    break
            assert time.monotonic() < deadline, "reads never went to the replica"
            await asyncio.sleep(0.3)
    print(f"omnidb.aio stale reads with replica_reads(): {stale}/150")
    assert stale == 0


async def test_a_stopped_replica_is_not_read_from(replica_pair: LocalCluster, replica_migrated: str) -> None:
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, replica_migrated, replicas=f"127.0.0.1:{replica.port}", replica_wait=0.3)
    with replica.connect() as admin, admin.cursor() as cur:
        cur.execute("STOP REPLICA SQL_THREAD")
        try:
            async with await omnidb.aio.connect(dsn) as db:
                org = await orgs.create_org(db, name="behind")
                await asyncio.sleep(1.1)  # past the once-a-second lag cache
                with replica_reads():
                    assert (await orgs.get_org_by_id(db, org.id)).name == "behind"  # from the primary
                    assert await _port(db) == primary.port
        finally:
            cur.execute("START REPLICA SQL_THREAD")
