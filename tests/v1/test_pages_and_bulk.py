"""Keyset pagination, bulk writes, and the query plans that make big lists cheap."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dbtools import query
from v1 import factories

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput, OmniDBError
from omnidb.v1 import apps, deployment_logs, instance_logs, instances, metrics
from omnidb.v1.tables import AppStatus


def test_keyset_pages_walk_every_row_once_in_list_order(db_at_v1_or_v2: omnidb.Database) -> None:
    org = factories.org(db_at_v1_or_v2)
    made = [
        apps.create_app(db_at_v1_or_v2, org_id=org.id, name=f"k{i}", status=AppStatus.STARTED if i % 2 else None)
        for i in range(25)
    ]
    pages, after = [], None
    while True:
        page = apps.list_apps_after(db_at_v1_or_v2, after, 10, org_id=org.id)
        if not page:
            break
        pages.append(page)
        after = page[-1].id
    assert [len(p) for p in pages] == [10, 10, 5]
    assert (
        [a for p in pages for a in p] == list(reversed(made)) == apps.list_apps(db_at_v1_or_v2, 0, 1000, org_id=org.id)
    )
    started = apps.list_apps_after(db_at_v1_or_v2, None, 100, org_id=org.id, status=AppStatus.STARTED)
    assert started == [a for a in reversed(made) if a.status is AppStatus.STARTED]
    with pytest.raises(InvalidInput, match=r"^limit must be from 1 to 1000, got 0$"):
        apps.list_apps_after(db_at_v1_or_v2, None, 0)


def test_time_keyset_pages_break_ties_by_id_without_skipping_or_repeating(db_at_v1_or_v2: omnidb.Database) -> None:
    instance = factories.instance(db_at_v1_or_v2)
    base = datetime(2026, 3, 1, tzinfo=timezone.utc)
    rows = [
        {"instance_id": instance.id, "app_id": instance.app_id, "log_type": "app", "log_level": "info",
         "message": f"line {i}", "logged_at": base + timedelta(seconds=i // 3)}  # three lines per second
        for i in range(20)
    ]  # fmt: skip
    assert instance_logs.append_instance_logs(db_at_v1_or_v2, rows) == 20
    seen, after = [], None
    while page := instance_logs.list_instance_logs_after(db_at_v1_or_v2, after, 7, instance_id=instance.id):
        seen += page
        after = page[-1]
    assert len(seen) == 20 and len({line.id for line in seen}) == 20
    assert seen == instance_logs.list_instance_logs(db_at_v1_or_v2, 0, 1000, instance_id=instance.id)
    assert [(line.logged_at, line.id) for line in seen] == sorted(
        ((line.logged_at, line.id) for line in seen), reverse=True
    )


def test_bulk_creates_apply_defaults_and_count(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    org = factories.org(db_at_v1_or_v2)
    count = apps.create_apps(
        db_at_v1_or_v2, ({"org_id": org.id, "name": f"bulk-{i}", "labels": {"i": i}} for i in range(2500))
    )
    assert count == 2500
    stored = query(config_at_v1_or_v2, "SELECT COUNT(*) AS n, MIN(status) AS s, MIN(instances) AS i, "
                              "MAX(git_branch) AS b FROM apps WHERE org_id = %s", org.id)  # fmt: skip
    assert stored == [{"n": 2500, "s": "stopped", "i": 1, "b": "main"}]
    assert apps.list_apps(db_at_v1_or_v2, 0, 1, org_id=org.id)[0].labels == {"i": 2499}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"org_id": 1, "name": "ok"}, {"org_id": 1, "nmae": "typo"}], "create_apps: row 1 has no column nmae"),
        ([{"org_id": 1}], "create_apps: row 0 needs name"),
    ],
)
def test_bad_bulk_rows_are_refused_before_anything_is_written(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, rows: list[dict[str, Any]], message: str
) -> None:
    before = query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps")
    with pytest.raises(InvalidInput, match=message):
        apps.create_apps(db_at_v1_or_v2, rows)
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps") == before


def test_a_bulk_write_that_fails_on_the_server_writes_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    org = factories.org(db_at_v1_or_v2)
    rows = [{"org_id": org.id, "name": "same"}, {"org_id": org.id, "name": "same"}]
    with pytest.raises(omnidb.Conflict):
        apps.create_apps(db_at_v1_or_v2, rows)
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s", org.id) == [{"n": 0}]


def test_bulk_appends_for_the_high_volume_tables(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    now = datetime.now(timezone.utc)
    shape = {"app_id": app.id, "instance_type": "vm", "status": "running"}
    new = [{**shape, "guid": str(uuid.uuid4()), "instance_index": i} for i in range(3)]
    assert instances.create_instances(db_at_v1_or_v2, new) == 3
    assert instances.count_instances(db_at_v1_or_v2, app_id=app.id) == 3
    assert metrics.record_metrics(db_at_v1_or_v2, [
        {"app_id": app.id, "metric_name": "rps", "metric_value": float(i), "recorded_at": now - timedelta(seconds=i)}
        for i in range(50)
    ]) == 50  # fmt: skip
    assert [m.metric_value for m in metrics.list_metrics_after(db_at_v1_or_v2, None, 3, app_id=app.id)] == [
        0.0,
        1.0,
        2.0,
    ]
    deployment = factories.deployment(db_at_v1_or_v2, app_id=app.id)
    line = {"deployment_id": deployment.id, "log_type": "deployment", "log_level": "info", "message": "m"}
    assert deployment_logs.append_deployment_logs(db_at_v1_or_v2, [{**line, "logged_at": now}]) == 1
    with pytest.raises(InvalidInput, match="recorded_at: naive datetime"):
        metrics.record_metrics(
            db_at_v1_or_v2,
            [{"app_id": app.id, "metric_name": "x", "metric_value": 1.0, "recorded_at": datetime(2026, 1, 1)}],
        )


def test_iter_streams_every_row_newest_first_and_releases_its_session(db_at_v1_or_v2: omnidb.Database) -> None:
    from v1.factories import org as make_org

    org = make_org(db_at_v1_or_v2)
    assert apps.create_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": f"s{n}"} for n in range(1500)]) == 1500
    before = db_at_v1_or_v2.connections_open
    streamed = list(apps.iter_apps(db_at_v1_or_v2, org_id=org.id))
    assert len(streamed) == 1500
    assert [a.id for a in streamed] == sorted((a.id for a in streamed), reverse=True)
    assert streamed[:20] == apps.list_apps(db_at_v1_or_v2, org_id=org.id)
    # Stopping early closes the cursor and gives the session back: the pool is usable at once.
    walker = apps.iter_apps(db_at_v1_or_v2, org_id=org.id)
    assert next(walker).id == streamed[0].id
    walker.close()
    assert apps.count_apps(db_at_v1_or_v2, org_id=org.id) == 1500
    assert db_at_v1_or_v2.connections_open <= max(before, 1) + 1


def test_a_block_ending_with_an_iterator_still_open_closes_it_then_commits(
    db_at_v1_or_v2: omnidb.Database,
) -> None:
    """An iterator neither read to the end nor closed when the block ends: PyMySQL read the rest
    away with a warning and committed, mysqlclient refused the COMMIT (2014) and nothing committed."""
    org = factories.org(db_at_v1_or_v2)
    assert apps.create_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": f"h{n}"} for n in range(1200)]) == 1200
    with db_at_v1_or_v2.transaction() as tx:
        renamed = apps.update_app(tx, apps.list_apps(tx, org_id=org.id)[0].id, display_name="kept")
        held = apps.iter_apps(tx, org_id=org.id)
        assert next(held).org_id == org.id
    assert tx.stream is None
    assert apps.get_app_by_id(db_at_v1_or_v2, renamed.id).display_name == "kept"
    with pytest.raises(OmniDBError, match=r"^iter_apps: its stream was ended under it \(by another call on the"):
        next(held)  # at once, not after the rest of the batch it had read; not a driver's own error


def test_a_causal_stream_its_block_ended_puts_the_session_back_then_not_when_collected(
    config_at_v1_or_v2: Config,
) -> None:
    """causal_reads() switches wsrep_sync_wait on a transaction's session for an iter_apps. The block's
    end read the stream away and committed, but the switch went back only when the abandoned iterator
    was collected: the session went back to the pool switched, and the late SET was sent on it while
    another caller held it."""
    import gc

    from omnidb.cluster import causal_reads

    def sync_wait(cur: Any) -> int:
        cur.execute("SELECT @@SESSION.wsrep_sync_wait AS w")
        return int(cur.fetchone()["w"])

    with omnidb.connect(config_at_v1_or_v2, pool_size=1) as db:
        org = factories.org(db)
        assert apps.create_apps(db, [{"org_id": org.id, "name": f"c{n}"} for n in range(1200)]) == 1200
        with db.transaction() as tx, causal_reads(3):
            held = apps.iter_apps(tx, org_id=org.id)
            assert next(held).org_id == org.id
            with pytest.raises(OmniDBError, match=r"^iter_apps is streaming rows"):
                apps.count_apps(tx)
        with db.connection() as conn, conn.cursor() as cur:  # the pool's one session, as it was
            assert sync_wait(cur) == 0
            cur.execute("SET SESSION wsrep_sync_wait = 5")
            del held
            gc.collect()  # the abandoned iterator, finalised while the session is this caller's
            assert sync_wait(cur) == 5  # nothing was sent on it
            cur.execute("SET SESSION wsrep_sync_wait = DEFAULT")
        # Read to its end in the block, the stream puts the switch back at once.
        with db.transaction() as tx, causal_reads(3):
            assert len(list(apps.iter_apps(tx, org_id=org.id))) == 1200
            with tx.connection.cursor() as cur:
                assert sync_wait(cur) == 0


def test_a_causal_stream_whose_statement_was_killed_puts_the_session_back_too(config_at_v1_or_v2: Config) -> None:
    """A loop left by break closes the stream, whose drain meets the server's error (KILL QUERY:
    1317); the session goes on, back to the pool, and its switch went with it only when the
    restore ran after a clean close."""
    import time

    from omnidb.cluster import causal_reads

    with omnidb.connect(config_at_v1_or_v2, pool_size=1) as db:
        org = factories.org(db)
        wide = {"display_name": "d" * 200, "git_repo": "g" * 250}
        for part in range(4):  # ~10 MB of rows: the server is still sending when the KILL comes
            apps.create_apps(db, [{"org_id": org.id, "name": f"k{part}-{n}", **wide} for n in range(5000)])
        with db.transaction() as tx, causal_reads(3):
            thread = tx.connection.thread_id()
            for _app in apps.iter_apps(tx, org_id=org.id):
                query(config_at_v1_or_v2, f"KILL QUERY {int(thread)}")
                time.sleep(0.2)
                break
        with db.connection() as conn, conn.cursor() as cur:
            assert conn.thread_id() == thread  # the same session, back in the pool
            cur.execute("SELECT @@SESSION.wsrep_sync_wait AS w")
            assert cur.fetchone() == {"w": 0}


def test_a_statement_on_the_session_of_a_streaming_iter_raises_and_the_transaction_rolls_back(
    db_at_v1_or_v2: omnidb.Database,
) -> None:
    """In a transaction, iter_apps and an update share one session: PyMySQL read the rest of the
    stream away (a Python warning only) and the loop ended at 500 of 3,000 rows, then committed;
    mysqlclient refused the update (2014). The update is refused before it is sent, on both."""
    org = factories.org(db_at_v1_or_v2)
    assert apps.create_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": f"t{n}"} for n in range(1200)]) == 1200
    touched = 0
    refused = r"^iter_apps is streaming rows on this transaction's session, which reads one result at a time: "
    with pytest.raises(OmniDBError, match=refused), db_at_v1_or_v2.transaction() as tx:
        for app in apps.iter_apps(tx, org_id=org.id):
            apps.update_app(tx, app.id, display_name="touched")
            touched += 1
    assert touched == 0
    assert query(
        db_at_v1_or_v2.config, f"SELECT COUNT(*) AS n FROM apps WHERE display_name = 'touched' AND org_id = {org.id}"
    ) == [{"n": 0}]
    # Refused before it is sent, so the stream goes on when the refusal is caught; once the
    # stream ends, the transaction is the caller's again.
    seen = 0
    with db_at_v1_or_v2.transaction() as tx:
        for _ in apps.iter_apps(tx, org_id=org.id):
            seen += 1
            with pytest.raises(OmniDBError, match=refused):
                apps.get_app_by_id(tx, org.id)
        assert seen == 1200 and apps.count_apps(tx, org_id=org.id) == 1200
    # A statement sent by hand on the session is not seen before it runs: the stream raises after it.
    if db_at_v1_or_v2.config.driver == "pymysql":
        lost = r"^iter_apps: another statement ran on this session while it streamed"
        with (
            pytest.raises(OmniDBError, match=lost),
            pytest.warns(UserWarning, match="Previous unbuffered result was left incomplete"),  # PyMySQL's
            db_at_v1_or_v2.transaction() as tx,
        ):
            for _ in apps.iter_apps(tx, org_id=org.id):
                with tx.connection.cursor() as cur:
                    cur.execute("SELECT 1")
    # read first, then write: the documented way, all 1,200
    with db_at_v1_or_v2.transaction() as tx:
        for app in list(apps.iter_apps(tx, org_id=org.id)):
            apps.update_app(tx, app.id, display_name="touched")
    assert query(
        db_at_v1_or_v2.config, f"SELECT COUNT(*) AS n FROM apps WHERE display_name = 'touched' AND org_id = {org.id}"
    ) == [{"n": 1200}]
