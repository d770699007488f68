"""The cluster part of a DSN (omnidb/clusterconfig.py): host lists and options; no server needed."""

from __future__ import annotations

import pytest

from omnidb.config import parse_dsn
from omnidb.errors import ConfigError


def test_a_multi_host_dsn_names_every_host_and_connects_to_the_first() -> None:
    config = parse_dsn("mysql://app:s3cret@db1:3306,db2:3307,db3/omni?connect_timeout=2&health_check=true")
    assert (config.host, config.port) == ("db1", 3306)
    assert config.hosts == ("db1:3306", "db2:3307", "db3:3306")
    assert config.health_check and config.connect_timeout == 2
    assert config.safe_dsn() == "mysql://app:***@db1:3306,db2:3307,db3:3306/omni"
    assert "s3cret" not in repr(config)


def test_one_host_keeps_no_host_list() -> None:
    config = parse_dsn("mysql://root@127.0.0.1:3306/omni")
    assert config.hosts == () and config.role == "primary" and config.write_retries == 0


def test_cluster_options() -> None:
    config = parse_dsn(
        "mysql://root@h1,h2/omni?role=any&wsrep_sync_wait=1&write_retries=3&replicas=r1:3307,r2"
        "&max_replica_lag=2.5&replica_wait=0.5&host_backoff=1"
    )
    assert config.role == "any" and config.wsrep_sync_wait == 1 and config.write_retries == 3
    assert config.replicas == ("r1:3307", "r2:3306")
    assert (config.max_replica_lag, config.replica_wait, config.host_backoff) == (2.5, 0.5, 1.0)


@pytest.mark.parametrize(
    ("dsn", "message"),
    [
        ("mysql://root@h1,:3306/omni", "empty host"),
        ("mysql://root@h1,h2:99999/omni", "port must be"),
        ("mysql://root@h1/omni?role=replica", "role must be one of"),
        ("mysql://root@h1/omni?wsrep_sync_wait=16", "wsrep_sync_wait must be"),
        ("mysql://root@h1/omni?write_retries=-1", "write_retries must be"),
    ],
)
def test_bad_cluster_options_are_refused(dsn: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_dsn(dsn)


def test_roles_that_may_not_write_are_refused() -> None:
    from omnidb.cluster import ServerRole, check_role
    from omnidb.errors import NodeUnavailable, ReadOnlyServer

    check_role(ServerRole(), write=True, where="db1:3306")  # a writable single server
    replica = ServerRole(replica=True, read_only=True, replica_io_running=True, replica_sql_running=True)
    with pytest.raises(ReadOnlyServer, match="it is a replica"):
        check_role(replica, write=True, where="db2:3306")
    check_role(replica, write=False, where="db2:3306")  # reading is fine
    with pytest.raises(ReadOnlyServer, match="read_only is ON"):
        check_role(ServerRole(read_only=True), write=True, where="db3:3306")
    donor = ServerRole(galera=True, galera_ready=True, galera_state="Donor/Desynced", galera_cluster_size=3)
    with pytest.raises(NodeUnavailable, match="not ready"):
        check_role(donor, write=False, where="db4:3306")
    synced = ServerRole(galera=True, galera_ready=True, galera_state="Synced", galera_cluster_size=3)
    check_role(synced, write=True, where="db5:3306")


@pytest.mark.parametrize(
    ("code", "kind"), [(1047, "NodeUnavailable"), (1180, "NodeUnavailable"), (1290, "ReadOnlyServer")]
)
def test_cluster_error_codes(code: int, kind: str) -> None:
    import pymysql

    from omnidb.errors import ConnectionLost, translate

    err = translate(pymysql.err.OperationalError(code, "server says no"))
    assert type(err).__name__ == kind and err.code == code
    assert isinstance(err, ConnectionLost) == (kind == "NodeUnavailable")
