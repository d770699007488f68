"""Items 3 and 6 on a GTID primary/replica pair: writes refused on the replica, replica reads that
see the caller's own writes, fallback to the primary when the replica stops or lags."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from clustertools import node_dsn

import omnidb
from omnidb.cluster import last_write_gtid, replica_reads
from omnidb.errors import NotFound, ReadOnlyServer
from omnidb.tooling.localcluster import LocalCluster
from omnidb.tooling.migrate import Migrator
from omnidb.transaction import reading
from omnidb.v1 import apps, orgs


@pytest.fixture
def migrated(replica_pair: LocalCluster, replica_database: str) -> Iterator[str]:
    with omnidb.connect(node_dsn(replica_pair.nodes[0], replica_database)) as db:
        Migrator(db).migrate()
    yield replica_database


def _replica_status(cluster: LocalCluster) -> dict[str, object]:
    with cluster.nodes[1].connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW REPLICA STATUS")
        return dict(cur.fetchone() or {})


def wait_for_replica_reads(db: omnidb.Database, port: int) -> None:
    """Until ``replica_reads()`` reads go to the replica on ``port``: once it is within
    max_replica_lag (right after the fixture's migration, a slow machine may still be applying it,
    and reads go to the primary meanwhile)."""
    deadline = time.monotonic() + 15
    while True:
        with replica_reads(), reading(db) as conn, conn.cursor() as cur:
            cur.execute("SELECT @@port AS port")
            if cur.fetchone()["port"] == port:
                return
        assert time.monotonic() < deadline, "reads never went to the replica"
        time.sleep(0.3)


def test_a_write_or_a_migration_through_a_dsn_at_the_replica_is_refused(
    replica_pair: LocalCluster, migrated: str
) -> None:
    replica = replica_pair.nodes[1]
    with pytest.raises(ReadOnlyServer, match="it is a replica"):
        omnidb.connect(node_dsn(replica, migrated))
    env = {**os.environ, "OMNIDB_DSN": node_dsn(replica, migrated)}
    result = subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "migrate", "--to", "1"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1 and "replica" in result.stderr
    # role=any: reads are allowed, and the server's read_only is still there for writes
    with omnidb.connect(node_dsn(replica, migrated, role="any")) as db:
        assert orgs.count_orgs(db) == 0
    # Nothing was written on the replica: no errant GTID, replication still runs after a primary write.
    with omnidb.connect(node_dsn(replica_pair.nodes[0], migrated)) as db:
        orgs.create_org(db, name="after-refusal")
    time.sleep(0.5)
    status = _replica_status(replica_pair)
    assert status["Slave_SQL_Running"] == "Yes" and not status["Last_Error"]


def test_replica_reads_see_the_callers_own_writes(replica_pair: LocalCluster, migrated: str) -> None:
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, migrated, replicas=f"127.0.0.1:{replica.port}", replica_wait=5)
    naive = omnidb.connect(node_dsn(replica, migrated, role="any"))
    with omnidb.connect(dsn) as db:
        org = orgs.create_org(db, name="ryw")
        app_id = apps.create_app(db, org_id=org.id, name="a").id
        stale_naive = stale_routed = 0
        stale_rounds = []
        for number in range(1, 201):
            apps.update_app(db, app_id, instances=number)
            try:
                stale_naive += apps.get_app_by_id(naive, app_id).instances != number
            except NotFound:  # a naive read before the replica applied the create: as stale as it gets
                stale_naive += 1
            with replica_reads():
                seen = apps.get_app_by_id(db, app_id).instances
            if seen != number:
                stale_routed += 1
                stale_rounds.append((number, seen, last_write_gtid()))
        wait_for_replica_reads(db, replica.port)
        assert last_write_gtid()
    naive.close()
    print(f"stale reads from the replica: {stale_naive}/200 read naively, {stale_routed}/200 with replica_reads()")
    assert stale_routed == 0, stale_rounds


def test_replica_reads_find_the_row_a_create_on_the_pool_just_returned(
    replica_pair: LocalCluster, migrated: str
) -> None:
    """A create on the pool is one autocommit ``INSERT ... RETURNING`` (``Database._write_once``):
    its GTID is remembered as a transaction's is, so a replica read right after it waits for it."""
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, migrated, replicas=f"127.0.0.1:{replica.port}", replica_wait=5)
    with omnidb.connect(dsn) as db:
        org = orgs.create_org(db, name="ryw-create")
        wait_for_replica_reads(db, replica.port)
        missing = []
        for number in range(100):
            app = apps.create_app(db, org_id=org.id, name=f"c{number}")
            with replica_reads():
                if apps.count_apps(db, org_id=org.id) != number + 1:
                    missing.append(app.id)
    assert missing == []


def test_a_stopped_or_lagging_replica_is_not_read_from(replica_pair: LocalCluster, migrated: str) -> None:
    primary, replica = replica_pair.nodes
    dsn = node_dsn(primary, migrated, replicas=f"127.0.0.1:{replica.port}", replica_wait=0.3)
    with replica.connect() as admin, admin.cursor() as cur:
        cur.execute("STOP REPLICA SQL_THREAD")
        try:
            with omnidb.connect(dsn) as db:
                org = orgs.create_org(db, name="behind")
                time.sleep(1.1)  # past the once-a-second lag cache
                with replica_reads():
                    assert orgs.get_org_by_id(db, org.id).name == "behind"  # from the primary
                    with reading(db) as conn, conn.cursor() as c:
                        c.execute("SELECT @@port AS port")
                        assert c.fetchone()["port"] == primary.port
        finally:
            cur.execute("START REPLICA SQL_THREAD")
