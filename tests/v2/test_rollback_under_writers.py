"""Rolling V2 back while v2 code keeps writing: no acknowledged write is lost, and the writers are told
the schema changed (``SchemaVersionMismatch``), not given a raw unknown-column error."""

from __future__ import annotations

import threading

from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.errors import SchemaVersionMismatch
from omnidb.tooling.migrate import Migrator
from omnidb.v2 import apps, orgs

WRITERS = 4
APPS_PER_WRITER = 10


def test_v2_writes_acknowledged_during_a_rollback_are_all_archived(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    Migrator(empty_db).migrate(2)
    org = orgs.create_org(empty_db, name="acme")
    ids = [apps.create_app(empty_db, org_id=org.id, name=f"app{i}").id for i in range(WRITERS * APPS_PER_WRITER)]
    acknowledged: dict[int, str] = {}
    endings: list[BaseException] = []
    writes = threading.Semaphore(0)
    stop = threading.Event()

    def write(mine: list[int]) -> None:
        n = 0
        try:
            while not stop.is_set():
                for app_id in mine:
                    n += 1
                    apps.update_app(empty_db, app_id, app_type=f"type-{n}")
                    acknowledged[app_id] = f"type-{n}"  # only once the commit returned
                    writes.release()
        except BaseException as exc:
            endings.append(exc)

    writers = [
        threading.Thread(target=write, args=(ids[w * APPS_PER_WRITER : (w + 1) * APPS_PER_WRITER],))
        for w in range(WRITERS)
    ]
    for t in writers:
        t.start()
    try:
        for _ in range(200):  # the writers are well under way
            assert writes.acquire(timeout=30)
        Migrator(empty_db).migrate(1)
        for t in writers:
            t.join(30)
    finally:
        stop.set()
        for t in writers:
            t.join(30)

    assert len(endings) == WRITERS
    assert all(isinstance(e, SchemaVersionMismatch) for e in endings), [repr(e) for e in endings]
    archived = {
        int(str(r["app_id"])): str(r["app_type"])
        for r in query(empty_config, "SELECT app_id, app_type FROM v2_archive_apps")
    }
    assert {app_id: archived.get(app_id) for app_id in acknowledged} == acknowledged

    # the way back up restores every acknowledged value
    Migrator(empty_db).migrate(2)
    rows = query(empty_config, "SELECT id, app_type FROM apps")
    assert {int(str(r["id"])): str(r["app_type"]) for r in rows if int(str(r["id"])) in acknowledged} == acknowledged
