"""The pool under load, and across a server restart."""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import pytest
from dbtools import query

import omnidb
import omnidb.tooling.databases
from omnidb.config import Config
from omnidb.tooling.devserver import DevServer, find_server_binary
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import orgs

THREADS = 50
OPERATIONS = int(os.environ.get("OMNIDB_LOAD_OPERATIONS", "1000"))  # per thread


def sessions_on(config: Config) -> int:
    rows = query(config, "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = %s", config.database)
    return int(str(rows[0]["n"]))


@pytest.mark.slow
def test_fifty_threads_of_mixed_operations_lose_no_write_and_leak_no_connection(
    empty_config: Config,
) -> None:
    db = omnidb.connect(empty_config, pool_size=20, pool_timeout=60)
    Migrator(db).migrate(1)
    baseline = sessions_on(empty_config) - db.connections_open
    written = [0] * THREADS
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        rng = random.Random(index)
        mine: list[int] = []
        try:
            for n in range(OPERATIONS):
                roll = rng.random()
                if roll < 0.3 or not mine:
                    mine.append(orgs.create_org(db, name=f"t{index}-{n}").id)
                    written[index] += 1
                elif roll < 0.5:
                    orgs.update_org(db, rng.choice(mine), display_name=f"v{n}")
                elif roll < 0.6:
                    with db.transaction() as tx:
                        orgs.create_org(tx, name=f"t{index}-{n}-tx")
                        orgs.get_org_by_id(tx, mine[-1])
                    written[index] += 1
                elif roll < 0.9:
                    orgs.get_org_by_id(db, rng.choice(mine))
                else:
                    orgs.list_orgs(db, 0, 5)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert failures == []
    assert query(empty_config, "SELECT COUNT(*) AS n FROM orgs") == [{"n": sum(written)}]
    assert db.connections_open <= 20
    db.close()
    for _ in range(50):  # the server reaps closed sessions asynchronously
        if sessions_on(empty_config) <= baseline:
            break
        time.sleep(0.1)
    assert sessions_on(empty_config) <= baseline
    print(f"{THREADS * OPERATIONS} operations in {elapsed:.1f}s")


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_the_pool_recovers_after_a_server_restart(tmp_path: Path) -> None:
    server = DevServer(tmp_path / "server")
    dsn = server.start()
    try:
        admin_db = omnidb.connect(dsn)
        omnidb.tooling.databases.create_database(admin_db.config, "restart_test")
        admin_db.close()
        db = omnidb.connect(dsn + "restart_test", pool_size=4)
        Migrator(db).migrate(1)
        org = orgs.create_org(db, name="before")
        with db.connection(), db.connection(), db.connection():
            pass  # three sessions idle in the pool

        server.stop()
        server.start()

        assert orgs.get_org_by_id(db, org.id) == org  # read after restart
        assert orgs.create_org(db, name="after").name == "after"  # write after restart
        assert orgs.count_orgs(db) == 2
        db.close()
    finally:
        server.stop()
