"""The cluster tier: a local 3-node Galera cluster and a GTID primary/replica pair, one of each per run.

Skipped unless ``OMNIDB_CLUSTER_TESTS=1`` (``scripts/test-cluster`` sets it). The nodes are private
``mariadbd`` processes on loopback ports under ``OMNIDB_CLUSTER_DIR`` (default: a temporary folder),
stopped and removed at the end of the run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from clustertools import fresh_name

from omnidb.cluster import forget_failed_hosts
from omnidb.tooling.devserver import find_server_binary
from omnidb.tooling.localcluster import LocalCluster, galera_library, start_node, wait_synced

ENABLED = os.environ.get("OMNIDB_CLUSTER_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="cluster tier: set OMNIDB_CLUSTER_TESTS=1 (scripts/test-cluster)")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.cluster)
            if not ENABLED:
                item.add_marker(skip)


def _base() -> Path:
    folder = os.environ.get("OMNIDB_CLUSTER_DIR")
    return Path(folder) if folder else Path(tempfile.mkdtemp(prefix="omnidb-cluster-tier-"))


@pytest.fixture(scope="session")
def cluster_base() -> Path:
    return _base()


@pytest.fixture(scope="session")
def galera(cluster_base: Path) -> Iterator[LocalCluster]:
    """A running 3-node Galera cluster."""
    if find_server_binary() is None or galera_library() is None:
        pytest.fail("the cluster tier needs mariadbd and galera-4 (scripts/test-cluster installs them)")
    cluster = LocalCluster("galera", cluster_base / "galera")
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def galera_healthy(galera: LocalCluster) -> LocalCluster:
    """The Galera cluster, with any node a previous test stopped started again and every node Synced,
    and no host left in back-off by a previous test (sync and async pools share it)."""
    heal(galera)
    forget_failed_hosts()
    return galera


def heal(galera: LocalCluster) -> None:
    """Start any node a test stopped or killed, and wait until all are Synced."""
    binary = find_server_binary()
    assert binary
    for node in galera.nodes:
        if not node.running():
            start_node(binary, node)
    wait_synced(galera.nodes, len(galera.nodes))


@pytest.fixture(scope="session")
def replica_pair(cluster_base: Path) -> Iterator[LocalCluster]:
    """A running GTID primary/replica pair (primary first)."""
    cluster = LocalCluster("replica", cluster_base / "replica")
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def cluster_database(galera_healthy: LocalCluster) -> Iterator[str]:
    """A fresh database created on the Galera cluster (replicated to every node); dropped after."""
    name = fresh_name()
    with galera_healthy.nodes[0].connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    yield name
    heal(galera_healthy)
    with galera_healthy.nodes[-1].connect() as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture
def replica_database(replica_pair: LocalCluster) -> Iterator[str]:
    """A fresh database created on the primary (and so on the replica); dropped after. No replica is
    left in back-off by a previous test."""
    forget_failed_hosts()
    name = fresh_name()
    with replica_pair.nodes[0].connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    yield name
    with replica_pair.nodes[0].connect() as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
