"""omnidb.aio against the real server: the same structs, errors and rules as the sync API, and an
event loop that keeps running while queries wait on the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from typing import Any

import attrs
import pytest
from dbtools import MakeDatabase, admin, query

import omnidb
import omnidb.aio
from omnidb.aio.v1 import apps, orgs
from omnidb.aio.v2 import apps as apps_v2
from omnidb.aio.v2 import features
from omnidb.config import Config
from omnidb.errors import (
    Conflict,
    ConnectionLost,
    InvalidInput,
    NotFound,
    OmniDBError,
    ParentNotFound,
    PoolTimeout,
    SchemaVersionMismatch,
    TransientError,
)
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import tables as v1_tables
from omnidb.v2 import apps as sync_apps_v2
from omnidb.v2 import tables as v2_tables

pytestmark = pytest.mark.asyncio


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_crud_returns_the_sync_structs_and_writes_the_rows(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    app = await apps.create_app(async_db_at_v2, org_id=org.id, name="web", labels={"tier": "web"})
    assert type(app) is v1_tables.App and app.instances == 1 and app.labels == {"tier": "web"}
    assert await apps.get_app_by_id(async_db_at_v2, app.id) == app
    assert await apps.list_apps(async_db_at_v2, org_id=org.id) == [app]
    assert await apps.count_apps(async_db_at_v2, org_id=org.id) == 1

    updated = await apps.update_app(async_db_at_v2, app.id, instances=3, display_name="Web")
    assert (updated.instances, updated.display_name) == (3, "Web")
    assert query(config_at_v2, "SELECT instances, display_name FROM apps WHERE id = %s", app.id) == [
        {"instances": 3, "display_name": "Web"}
    ]
    scaled = await apps.scale_app(async_db_at_v2, app.id, 5)
    assert scaled.instances == 5
    await apps.delete_app(async_db_at_v2, app.id)
    with pytest.raises(NotFound, match=f"^app {app.id} not found$"):
        await apps.get_app_by_id(async_db_at_v2, app.id)
    assert query(config_at_v2, "SELECT deleted_at IS NOT NULL AS gone FROM apps WHERE id = %s", app.id) == [{"gone": 1}]


async def test_v2_modules_return_v2_structs(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    cdn = await features.create_feature(async_db_at_v2, name=unique("cdn"))
    app = await apps_v2.create_app(async_db_at_v2, org_id=org.id, name="web", app_type="worker", feature_id=cdn.id)
    assert type(app) is v2_tables.App and app.app_type == "worker"
    assert await apps_v2.list_apps(async_db_at_v2, app_type="worker", org_id=org.id) == [app]


async def test_errors_are_the_sync_errors_and_nothing_is_written(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    with pytest.raises(Conflict, match=r"app already exists: .*1062"):
        await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    with pytest.raises(ParentNotFound, match=r"^org 987654321 not found$"):
        await apps.create_app(async_db_at_v2, org_id=987654321, name="orphan")
    with pytest.raises(InvalidInput, match=r"instances: expected a whole number \(int\), got float 1.5"):
        await apps.create_app(async_db_at_v2, org_id=org.id, name="x", instances=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="app_id: "):
        await apps.get_app_by_id(async_db_at_v2, "1")  # type: ignore[arg-type]
    assert query(config_at_v2, "SELECT name FROM apps WHERE org_id = %s", org.id) == [{"name": "web"}]


async def test_an_update_of_one_end_of_a_span_is_compared_with_the_stored_other(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """As in the sync API (tests/v1/test_value_rules.py): refused, the UPDATE undone, on the pool and
    in the caller's transaction, whose other writes commit."""
    from omnidb.aio.v1 import network_policies

    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    one = await apps.create_app(async_db_at_v2, org_id=org.id, name="a")
    other = await apps.create_app(async_db_at_v2, org_id=org.id, name="b")
    policy = await network_policies.create_network_policy(
        async_db_at_v2, source_app_id=one.id, destination_app_id=other.id, port_range_start=80, port_range_end=90
    )
    refused = (
        rf"^port_range_end must not be before port_range_start: got port_range_end 79, "
        rf"and network policy {policy.id} has port_range_start 80$"
    )
    with pytest.raises(InvalidInput, match=refused):
        await network_policies.update_network_policy(async_db_at_v2, policy.id, port_range_end=79)
    async with async_db_at_v2.transaction() as tx:
        with pytest.raises(InvalidInput, match=refused):
            await network_policies.update_network_policy(tx, policy.id, port_range_end=79)
        await network_policies.update_network_policy(tx, policy.id, port_range_start=85)
    ports = "SELECT port_range_start, port_range_end FROM network_policies WHERE id = %s"
    assert query(config_at_v2, ports, policy.id) == [{"port_range_start": 85, "port_range_end": 90}]


async def test_a_refused_transition_is_a_conflict_naming_the_status(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    from omnidb.aio.v1 import builds

    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    app = await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    build = await builds.create_build(async_db_at_v2, app_id=app.id)
    await builds.start_build(async_db_at_v2, build.id)
    await builds.finish_build(async_db_at_v2, build.id, v1_tables.BuildStatus.FAILED)
    with pytest.raises(Conflict, match=f"build {build.id} is failed: cannot start it"):
        await builds.start_build(async_db_at_v2, build.id)


async def test_transaction_commits_at_the_end_and_rolls_back_on_error(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    async with async_db_at_v2.transaction() as tx:
        app = await apps.create_app(tx, org_id=org.id, name="in-tx")
        assert query(config_at_v2, "SELECT id FROM apps WHERE id = %s", app.id) == []  # not yet visible
    assert query(config_at_v2, "SELECT id FROM apps WHERE id = %s", app.id) == [{"id": app.id}]

    with pytest.raises(RuntimeError):
        async with async_db_at_v2.transaction() as tx:
            await apps.create_app(tx, org_id=org.id, name="rolled-back")
            raise RuntimeError("boom")
    assert query(config_at_v2, "SELECT name FROM apps WHERE org_id = %s", org.id) == [{"name": "in-tx"}]
    with pytest.raises(OmniDBError, match="the transaction has already ended"):
        await apps.get_app_by_id(tx, app.id)


async def test_a_transaction_or_connection_entered_twice_says_so(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    for name, manager in [("transaction", async_db_at_v2.transaction()), ("connection", async_db_at_v2.connection())]:
        async with manager:
            pass
        with pytest.raises(OmniDBError, match=rf"^AsyncDatabase.{name}\(\) was entered already: call it again"):
            async with manager:
                pass
    assert async_db_at_v2.connections_open == 1  # nothing lent by the refusal


async def test_run_in_transaction_re_runs_the_loser_of_a_real_deadlock(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    first = await apps.create_app(async_db_at_v2, org_id=org.id, name="a")
    second = await apps.create_app(async_db_at_v2, org_id=org.id, name="b")
    both_hold_one = asyncio.Barrier(2)
    runs = {"x": 0, "y": 0}

    def work(name: str, one: int, other: int) -> Any:
        async def run(tx: omnidb.aio.AsyncTransaction) -> None:
            runs[name] += 1
            await apps.scale_app(tx, one, 7)
            if runs[name] == 1:
                await both_hold_one.wait()
            await apps.scale_app(tx, other, 7)

        return run

    await asyncio.gather(
        async_db_at_v2.run_in_transaction(work("x", first.id, second.id), retries=3),
        async_db_at_v2.run_in_transaction(work("y", second.id, first.id), retries=3),
    )
    assert sorted(runs.values()) == [1, 2]  # one lost the deadlock and ran again, whole
    assert (await apps.get_app_by_id(async_db_at_v2, first.id)).instances == 7


async def test_a_caught_deadlock_leaves_nothing_of_its_transaction_to_commit(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """As in sync (tests/test_faults.py): after a deadlock the session runs in autocommit, so the
    block's later writes are refused, and its end raises, instead of committing them alone."""
    org = await orgs.create_org(async_db_at_v2, name=unique("owner"))
    first = (await apps.create_app(async_db_at_v2, org_id=org.id, name="d1")).id
    second = (await apps.create_app(async_db_at_v2, org_id=org.id, name="d2")).id
    both_hold_one_lock = asyncio.Barrier(2)
    tag = unique("t")
    outcome: dict[str, Any] = {}

    async def writer(name: str, ids: tuple[int, int]) -> None:
        try:
            async with async_db_at_v2.transaction() as tx:
                await orgs.create_org(tx, name=f"{tag}-before-{name}")
                await apps.update_app(tx, ids[0], display_name=name)
                await both_hold_one_lock.wait()
                try:
                    await apps.update_app(tx, ids[1], display_name=name)
                except TransientError:
                    outcome[f"{name} deadlocked"] = True
                    with pytest.raises(TransientError, match=r"a deadlock \(1213\) rolled this transaction back"):
                        await orgs.create_org(tx, name=f"{tag}-after-{name}")
            outcome[name] = "committed"
        except TransientError as exc:
            outcome[name] = str(exc)

    await asyncio.wait_for(asyncio.gather(writer("a", (first, second)), writer("b", (second, first))), 30)
    victim = "a" if outcome.get("a deadlocked") else "b"
    winner = "b" if victim == "a" else "a"
    assert outcome.get(f"{victim} deadlocked") and outcome[winner] == "committed", outcome
    assert outcome[victim].startswith("a deadlock (1213) rolled this transaction back, all of it"), outcome
    names = query(config_at_v2, "SELECT name FROM orgs WHERE name LIKE %s", f"{tag}-%")
    assert [row["name"] for row in names] == [f"{tag}-before-{winner}"]


async def test_an_async_executor_given_to_the_sync_api_is_a_type_error_saying_so(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    """A read returned an un-awaited coroutine, a write failed on a context manager's internals."""
    from omnidb.v1 import apps as sync_apps
    from omnidb.v1 import orgs as sync_orgs

    expected = r"^an omnidb.aio Async(Database|Transaction) was passed to omnidb's sync API"
    with pytest.raises(TypeError, match=expected):
        sync_apps.list_apps(async_db_at_v2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=expected):
        sync_orgs.create_org(async_db_at_v2, name=unique("org"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=expected):
        next(sync_apps.iter_apps(async_db_at_v2))  # type: ignore[arg-type]
    from omnidb.v1 import alerts as sync_alerts

    with pytest.raises(TypeError, match=expected):  # a single-statement write (INSERT ... RETURNING)
        sync_apps.create_app(async_db_at_v2, org_id=1, name="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=expected):  # a domain operation
        sync_alerts.resolve_alert(async_db_at_v2, 1)  # type: ignore[arg-type]
    async with async_db_at_v2.transaction() as tx:
        with pytest.raises(TypeError, match=expected):
            sync_apps.get_app_by_id(tx, 1)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=expected):
            sync_apps.create_app(tx, org_id=1, name="x")  # type: ignore[arg-type]
        from omnidb.v2 import features as sync_features

        for write in (  # a write of its own transaction, a bulk write, a v2 module's (its schema check first)
            lambda: sync_orgs.create_org(tx, name="y"),  # type: ignore[arg-type]
            lambda: sync_apps.create_apps(tx, [{"org_id": 1, "name": "z"}]),  # type: ignore[arg-type]
            lambda: sync_features.create_feature(tx, name="f"),  # type: ignore[arg-type]
        ):
            with pytest.raises(TypeError, match=expected):
                write()
    # and the reverse: a sync Database given to omnidb.aio (it failed on the session's missing loop)
    sync_db = omnidb.connect(async_db_at_v2.config)
    reverse = r"^an omnidb (Database|Transaction) was passed to omnidb.aio"
    try:
        with pytest.raises(TypeError, match=reverse):
            await apps.list_apps(sync_db)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=reverse):
            await orgs.create_org(sync_db, name=unique("org"))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=reverse):
            await apps_v2.list_apps(sync_db)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=reverse):
            await anext(apps.iter_apps(sync_db))  # type: ignore[arg-type]
        from omnidb.aio.v1 import alerts

        with pytest.raises(TypeError, match=reverse):
            await apps.create_app(sync_db, org_id=1, name="x")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=reverse):
            await alerts.resolve_alert(sync_db, 1)  # type: ignore[arg-type]
    finally:
        sync_db.close()


async def test_v2_modules_refuse_a_v1_database(config_at_v1: Config) -> None:
    db = await omnidb.aio.connect(config_at_v1)
    try:
        with pytest.raises(SchemaVersionMismatch, match=r"omnidb.aio.v2 needs schema version 2 or later, .* at V1"):
            await features.list_features(db)
        assert await apps.list_apps(db) == []  # v1 works
    finally:
        await db.close()


async def test_a_schema_rolled_back_under_a_running_pool_is_a_schema_version_mismatch(
    make_database: MakeDatabase,
) -> None:
    """The pool's version cached at V2, the schema rolled back to V1 by an operator: the next V2 read
    and write said (1054) Unknown column, and every later one too. Now as in sync."""
    config = attrs.evolve(make_database(), aio_driver=os.environ.get("OMNIDB_TEST_AIO_DRIVER", "aiomysql"))
    with omnidb.connect(config) as setup:
        Migrator(setup).migrate(2)
    db = await omnidb.aio.connect(config)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        app = await apps_v2.create_app(db, org_id=org.id, name="web")
        with omnidb.connect(config) as operator:
            Migrator(operator).migrate(1)
        changed = r"^the schema of \w+ changed from V2 to V1 under this call \(\(1054\) Unknown column"
        with pytest.raises(SchemaVersionMismatch, match=changed):
            await apps_v2.get_app_by_id(db, app.id)
        with pytest.raises(SchemaVersionMismatch, match=r"omnidb.aio.v2 needs schema version 2 or later, .* at V1"):
            await apps_v2.get_app_by_id(db, app.id)  # the version was read again: refused before any SQL
    finally:
        await db.close()


async def test_v2_domain_operations_refuse_a_v1_database(config_at_v1: Config) -> None:
    from omnidb.aio.v2 import users as users_v2

    db = await omnidb.aio.connect(config_at_v1)
    try:
        with pytest.raises(SchemaVersionMismatch, match=r"omnidb.aio.v2 needs schema version 2 or later, .* at V1"):
            await users_v2.log_in(db, "nobody@example.com", "hash")
    finally:
        await db.close()


async def _active_alert(db: omnidb.aio.AsyncDatabase) -> v1_tables.Alert:
    from omnidb.aio.v1 import alerts

    org = await orgs.create_org(db, name=unique("org"))
    return await alerts.create_alert(
        db, org_id=org.id, alert_type="cpu", severity=v1_tables.AlertSeverity.WARNING, service="api", message="hot"
    )


async def test_two_tasks_acknowledging_one_alert_one_wins_and_history_has_one_entry(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """The row lock of a domain operation holds across tasks: the second waits, then is refused."""
    from omnidb.aio.v1 import alerts, users

    alert = await _active_alert(async_db_at_v2)
    people = [
        await users.create_user(
            async_db_at_v2, email=f"{unique('u')}@example.com", name="u", password_hash="h", salt="s"
        )
        for _ in range(2)
    ]
    outcomes = await asyncio.gather(
        *(alerts.acknowledge_alert(async_db_at_v2, alert.id, person.id) for person in people), return_exceptions=True
    )
    won = [o for o in outcomes if isinstance(o, v1_tables.Alert)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert won[0].status is v1_tables.AlertStatus.ACKNOWLEDGED
    assert str(lost[0]) == f"alert {alert.id} is acknowledged: cannot acknowledge it"
    history = query(config_at_v2, "SELECT action FROM alert_history WHERE alert_id = %s", alert.id)
    assert [row["action"] for row in history] == ["acknowledge"]
    acks = query(config_at_v2, "SELECT user_id FROM alert_acknowledgments WHERE alert_id = %s", alert.id)
    assert len(acks) == 1


async def test_a_domain_operation_in_a_rolled_back_transaction_writes_nothing(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    from omnidb.aio.v1 import alerts

    alert = await _active_alert(async_db_at_v2)
    with pytest.raises(RuntimeError, match="changed my mind"):
        async with async_db_at_v2.transaction() as tx:
            resolved = await alerts.resolve_alert(tx, alert.id, notes="fixed")
            assert resolved.status is v1_tables.AlertStatus.RESOLVED  # seen inside the transaction
            raise RuntimeError("changed my mind")
    assert query(config_at_v2, "SELECT status FROM alerts WHERE id = %s", alert.id) == [{"status": "active"}]
    assert query(config_at_v2, "SELECT id FROM alert_history WHERE alert_id = %s", alert.id) == []


async def test_streaming_reads_every_row_in_list_order(async_db_at_v2: omnidb.aio.AsyncDatabase) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    assert await apps.create_apps(async_db_at_v2, [{"org_id": org.id, "name": f"app-{n}"} for n in range(1200)]) == 1200
    streamed = [app async for app in apps.iter_apps(async_db_at_v2, org_id=org.id)]
    assert len(streamed) == 1200 and [a.id for a in streamed] == sorted((a.id for a in streamed), reverse=True)
    assert streamed[:20] == await apps.list_apps(async_db_at_v2, org_id=org.id)
    assert async_db_at_v2.connections_open >= 1 and await apps.count_apps(async_db_at_v2, org_id=org.id) == 1200


async def test_a_statement_on_the_session_of_a_streaming_iter_raises_and_the_transaction_rolls_back(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """The update in the loop made aiomysql read the rest of the stream away, and the loop ended at
    500 rows, then committed. The update ends the stream now, and the loop raises at its next row:
    nothing commits. (The sync API refuses the update itself; an async loop left by break cannot be
    told from one still running, as the event loop closes its generator only later.)"""
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    assert await apps.create_apps(async_db_at_v2, [{"org_id": org.id, "name": f"t-{n}"} for n in range(1200)]) == 1200
    ended = r"^iter_apps: its stream was ended under it \(by another call on the transaction, or the end of "
    touched = 0
    with pytest.raises(OmniDBError, match=ended):
        async with async_db_at_v2.transaction() as tx:
            async for app in apps.iter_apps(tx, org_id=org.id):
                await apps.update_app(tx, app.id, display_name="touched")
                touched += 1
    assert touched == 1  # not the rest of the batch already read: the error at the next row
    assert query(
        config_at_v2, "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s AND display_name = 'touched'", org.id
    ) == [{"n": 0}]


async def test_a_loop_over_iter_left_by_break_leaves_the_transaction_usable(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    assert await apps.create_apps(async_db_at_v2, [{"org_id": org.id, "name": f"b-{n}"} for n in range(1200)]) == 1200
    async with async_db_at_v2.transaction() as tx:
        async for first in apps.iter_apps(tx, org_id=org.id):  # noqa: B007 - the first row, kept
            break
        renamed = await apps.update_app(tx, first.id, display_name="first")
        assert renamed.display_name == "first" and await apps.count_apps(tx, org_id=org.id) == 1200
        async for _ in apps.iter_apps(tx, org_id=org.id):  # and left open at the end of the block
            break
    assert query(config_at_v2, "SELECT display_name FROM apps WHERE id = %s", first.id) == [{"display_name": "first"}]
    assert len([app async for app in apps.iter_apps(async_db_at_v2, org_id=org.id)]) == 1200


async def test_a_causal_stream_its_block_ended_puts_the_session_back_before_the_commit(config_at_v2: Config) -> None:
    """As in sync: causal_reads()' switch of an iter_apps in a transaction went back only when the
    event loop closed the abandoned generator, after the session was back in the pool."""
    from omnidb.cluster import causal_reads

    async def sync_wait(conn: Any) -> int:
        async with conn.cursor() as cur:
            await cur.execute("SELECT @@SESSION.wsrep_sync_wait AS w")
            return int((await cur.fetchone())["w"])

    db = await omnidb.aio.connect(config_at_v2, pool_size=1)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        assert await apps.create_apps(db, [{"org_id": org.id, "name": f"c-{n}"} for n in range(1200)]) == 1200
        with causal_reads(3):
            async with db.transaction() as tx:
                async for _app in apps.iter_apps(tx, org_id=org.id):
                    break  # left open: the block's end reads it away
            async with db.connection() as conn:  # before the event loop closes the generator
                assert await sync_wait(conn) == 0
                async with conn.cursor() as cur:
                    await cur.execute("SET SESSION wsrep_sync_wait = 5")
                await asyncio.sleep(0.05)  # the event loop closes the abandoned generator now
                assert await sync_wait(conn) == 5  # nothing was sent on it
                async with conn.cursor() as cur:
                    await cur.execute("SET SESSION wsrep_sync_wait = DEFAULT")
            async with db.transaction() as tx:
                assert len([app async for app in apps.iter_apps(tx, org_id=org.id)]) == 1200
                assert await sync_wait(tx.connection) == 0
    finally:
        await db.close()


async def test_a_causal_stream_whose_statement_was_killed_puts_the_session_back_too(config_at_v2: Config) -> None:
    """As in sync: the stream's close meets the server's error (KILL QUERY: 1317), the session goes
    on to the pool, and its switch is put back all the same."""
    from omnidb.cluster import causal_reads

    db = await omnidb.aio.connect(config_at_v2, pool_size=1)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        wide = {"display_name": "d" * 200, "git_repo": "g" * 250}
        for part in range(4):  # ~10 MB of rows: the server is still sending when the KILL comes
            await apps.create_apps(db, [{"org_id": org.id, "name": f"k{part}-{n}", **wide} for n in range(5000)])
        with causal_reads(3):
            async with db.transaction() as tx:
                thread = tx.connection.thread_id()
                async with contextlib.aclosing(apps.iter_apps(tx, org_id=org.id)) as stream:
                    async for _app in stream:
                        query(config_at_v2, f"KILL QUERY {int(thread)}")
                        await asyncio.sleep(0.2)
                        break
        async with db.connection() as conn, conn.cursor() as cur:
            assert conn.thread_id() == thread  # the same session, back in the pool
            await cur.execute("SELECT @@SESSION.wsrep_sync_wait AS w")
            assert await cur.fetchone() == {"w": 0}
    finally:
        await db.close()


async def test_the_event_loop_keeps_ticking_while_50_queries_share_5_sessions(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    app = await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    gaps: list[float] = []
    stop = asyncio.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    async def sleeper() -> None:
        async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
            await cur.execute("SELECT SLEEP(1)")

    beat = asyncio.create_task(heartbeat())
    started = time.perf_counter()
    results = await asyncio.gather(sleeper(), *(apps.get_app_by_id(async_db_at_v2, app.id) for _ in range(50)))
    elapsed = time.perf_counter() - started
    stop.set()
    await beat
    assert all(r == app for r in results[1:])
    assert elapsed >= 1.0  # the SLEEP(1) ran...
    assert len(gaps) >= 50 and max(gaps) < 0.25  # ...and the loop never stalled behind it
    assert async_db_at_v2.connections_open <= 5


async def test_a_cancelled_task_closes_its_session_and_the_next_borrower_gets_a_clean_one(
    async_db_at_v2: omnidb.aio.AsyncDatabase,
) -> None:
    async def slow() -> None:
        async with async_db_at_v2.transaction() as tx, tx.connection.cursor() as cur:
            await cur.execute("SELECT SLEEP(5)")

    task = asyncio.create_task(slow())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert async_db_at_v2.connections_open == 0  # closed, not returned mid-reply
    async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
        await cur.execute("SELECT @@in_transaction AS t")
        assert await cur.fetchone() == {"t": 0}


async def test_a_transaction_left_open_on_a_lent_session_is_rolled_back_on_return(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
        await cur.execute("BEGIN")
        await cur.execute("UPDATE orgs SET description = 'leaked' WHERE id = %s", (org.id,))
    async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
        await cur.execute("SELECT @@in_transaction AS t")
        assert await cur.fetchone() == {"t": 0}
    assert query(config_at_v2, "SELECT description FROM orgs WHERE id = %s", org.id) == [{"description": None}]


async def test_a_killed_idle_session_is_replaced_for_a_read(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    async with async_db_at_v2.connection() as conn:
        victim = conn.thread_id()
    query(config_at_v2, f"KILL {int(victim)}")
    await asyncio.sleep(0.1)
    assert (await orgs.get_org_by_id(async_db_at_v2, org.id)).id == org.id


async def test_pool_limits_and_timeouts_are_the_sync_ones(config_at_v2: Config) -> None:
    db = await omnidb.aio.connect(config_at_v2, pool_size=1, pool_timeout=0.2)
    try:
        async with db.connection():
            with pytest.raises(PoolTimeout, match=r"no free connection after 0\.2s: all 1 are in use"):
                async with db.connection():
                    pass
    finally:
        await db.close()


async def test_slow_queries_are_logged_with_parameter_names_only(
    config_at_v2: Config, caplog: pytest.LogCaptureFixture
) -> None:
    db = await omnidb.aio.connect(config_at_v2, slow_query_ms=0)
    try:
        org = await orgs.create_org(db, name="secret-name-" + uuid.uuid4().hex[:6])
        with caplog.at_level(logging.WARNING, logger="omnidb.slow"):
            await orgs.get_org_by_name(db, org.name)
    finally:
        await db.close()
    assert "slow query get_org_by_name" in caplog.text and "(parameters: name)" in caplog.text
    assert org.name not in caplog.text


async def test_sync_and_async_modules_offer_the_same_functions() -> None:
    """Every resource module of every version, the hand-written domain operations included."""
    import inspect

    from omnidb.tooling import codegen

    def public(module: Any) -> set[str]:
        return {
            n
            for n, f in vars(module).items()
            if inspect.isfunction(f) and not n.startswith("_") and f.__module__.startswith("omnidb.")
        }

    for version in codegen.versions():
        for name in codegen.resources_of(version):
            sync_module = __import__(f"omnidb.v{version}.{name}", fromlist=["x"])
            async_module = __import__(f"omnidb.aio.v{version}.{name}", fromlist=["x"])
            assert public(sync_module) == public(async_module), sync_module.__name__
    assert {"acknowledge_alert", "set_alerts_status"} <= public(__import__("omnidb.aio.v1.alerts", fromlist=["x"]))
    assert "log_in" in public(__import__("omnidb.aio.v2.users", fromlist=["x"]))
    assert sync_apps_v2.UPDATABLE == apps_v2.UPDATABLE


async def test_a_connection_lost_mid_read_is_connection_lost(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    async def killed_while_reading() -> None:
        async with async_db_at_v2.connection() as conn, conn.cursor() as cur:
            query(config_at_v2, f"KILL {int(conn.thread_id())}")
            from omnidb.aio.transaction import translated

            async with translated():
                await cur.execute("SELECT 1")

    with pytest.raises(ConnectionLost):
        await killed_while_reading()
    assert async_db_at_v2.connections_open == 0


async def test_a_statement_past_read_timeout_is_connection_lost_and_its_session_closed(config_at_v2: Config) -> None:
    from omnidb.aio import registry as aio_registry

    db = await omnidb.aio.connect(config_at_v2, read_timeout=1)
    try:
        started = time.perf_counter()
        with pytest.raises(ConnectionLost, match=r"no reply from the server within read_timeout=1s"):
            async with db.connection() as conn, conn.cursor() as cur:
                await aio_registry.execute(conn, cur, "SELECT SLEEP(3)", {})
        assert time.perf_counter() - started < 2.5
        assert db.connections_open == 0  # discarded, not handed to the next borrower
        assert await orgs.count_orgs(db) >= 0  # a fresh session works
    finally:
        await db.close()


async def test_a_session_lent_with_autocommit_turned_off_goes_back_with_it_on(config_at_v2: Config) -> None:
    """The next create_app (one INSERT ... RETURNING) on it opened a transaction that the release
    rolled back: it returned a row that was not in the database."""
    db = await omnidb.aio.connect(config_at_v2, pool_size=1)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        async with db.connection() as conn:
            await conn.autocommit(False)
        app = await apps.create_app(db, org_id=org.id, name="web")
        assert query(config_at_v2, "SELECT name FROM apps WHERE id = %s", app.id) == [{"name": "web"}]
    finally:
        await db.close()


async def test_a_task_cancelled_while_the_pool_rolls_back_its_session_keeps_the_pool_whole(
    config_at_v2: Config,
) -> None:
    """The pool rolls back what a borrower of connection() left open; cancelled during that
    ROLLBACK, the session was closed but its place stayed counted: with pool_size=1, every later
    borrower got PoolTimeout."""
    db = await omnidb.aio.connect(config_at_v2, pool_size=1, pool_timeout=5)
    started = asyncio.Event()
    table = unique("scratch").replace("-", "_")

    async def borrower() -> None:
        async with db.connection() as conn, conn.cursor() as cur:
            await cur.execute(f"CREATE TABLE {table} (n INT) ENGINE=InnoDB")
            await conn.begin()
            await cur.execute(f"INSERT INTO {table} SELECT seq FROM seq_1_to_1000000")
            started.set()  # leaves the transaction open: the pool's ROLLBACK of a million rows

    try:
        task = asyncio.create_task(borrower())
        await started.wait()
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with db.connection() as conn, conn.cursor() as cur:
            await cur.execute(f"SELECT COUNT(*) AS n FROM {table}")
            assert await cur.fetchone() == {"n": 0}
            await cur.execute(f"DROP TABLE {table}")
    finally:
        await db.close()


async def test_a_v2_call_in_a_transaction_on_a_pool_of_one_reads_the_version_on_its_session(
    config_at_v2: Config,
) -> None:
    db = await omnidb.aio.connect(config_at_v2, pool_size=1, pool_timeout=2)  # the version not read yet
    try:
        async with db.transaction() as tx:
            assert await features.list_features(tx, per_page=1) is not None
        assert await db.schema_version() == 2
    finally:
        await db.close()


async def test_two_calls_at_once_on_one_transaction_are_refused_and_nothing_commits(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """asyncio.gather over one transaction: aiomysql raised a RuntimeError of its own, asyncmy hung
    for read_timeout or raised 2014; the session runs one statement at a time."""
    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    app = await apps.create_app(async_db_at_v2, org_id=org.id, name="web")
    running = r"^another call is running on this transaction now: it is one session, which runs one statement"
    async with async_db_at_v2.connection(), async_db_at_v2.connection(), async_db_at_v2.connection():
        pass  # three sessions, idle
    idle = async_db_at_v2.connections_open
    with pytest.raises(OmniDBError, match=running):
        async with async_db_at_v2.transaction() as tx:
            await asyncio.gather(apps.scale_app(tx, app.id, 7), apps.scale_app(tx, app.id, 8))
    await asyncio.sleep(0.1)  # the first call, left running, ends on its closed session
    assert query(config_at_v2, "SELECT instances FROM apps WHERE id = %s", app.id) == [{"instances": 1}]
    # Only the transaction's session was closed: the idle ones were not taken for dead.
    assert async_db_at_v2.connections_open == idle - 1
    assert (await apps.scale_app(async_db_at_v2, app.id, 2)).instances == 2  # the pool serves on


async def test_an_error_inside_a_loop_over_iter_rolls_back_cleanly_and_keeps_the_pool(config_at_v2: Config) -> None:
    """The block's ROLLBACK raced the event loop's late close of the abandoned stream on one session
    (aiomysql: 'NoneType' object has no attribute 'readexactly'; asyncmy: packet sequence wrong), and
    the session, with every idle one, was dropped. The session is closed now, which rolls back (and
    spares reading the rest of the stream away); the idle ones stay."""
    db = await omnidb.aio.connect(config_at_v2, pool_size=3)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        assert await apps_v2.create_apps(db, [{"org_id": org.id, "name": f"e-{n}"} for n in range(1200)]) == 1200
        for _ in range(3):
            async with db.connection(), db.connection():
                pass  # two sessions idle: the transaction takes one
            with pytest.raises(ValueError, match="stop here"):
                async with db.transaction() as tx:
                    await apps_v2.update_app(tx, (await apps_v2.list_apps(tx, org_id=org.id))[0].id, display_name="x")
                    async for _app in apps_v2.iter_apps(tx, org_id=org.id):
                        raise ValueError("stop here")
            await asyncio.sleep(0.05)  # the event loop closes the abandoned generator
            assert db.connections_open == 1  # the transaction's session closed, the idle one kept
        assert query(config_at_v2, "SELECT COUNT(*) AS n FROM apps WHERE display_name = 'x'") == [{"n": 0}]
        assert await apps_v2.count_apps(db, org_id=org.id) == 1200
    finally:
        await db.close()


async def test_a_read_that_timed_out_is_not_sent_again(config_at_v2: Config) -> None:
    """It was repeated once on a fresh session: it failed after twice read_timeout, and left two
    statements waiting on the server."""
    db = await omnidb.aio.connect(config_at_v2, read_timeout=1)
    locker = admin(config_at_v2)
    try:
        org = await orgs.create_org(db, name=unique("org"))
        app = await apps.create_app(db, org_id=org.id, name="web")
        with locker.cursor() as cur:
            cur.execute("LOCK TABLES apps WRITE")  # a reader of apps waits for the table lock
        with pytest.raises(ConnectionLost, match="read_timeout=1s"):
            await apps.get_app_by_id(db, app.id)
        waiting = query(
            config_at_v2,
            "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = %s AND STATE LIKE '%%metadata lock%%'",
            config_at_v2.database,
        )
        assert waiting == [{"n": 1}]
    finally:
        with locker.cursor() as cur:
            cur.execute("UNLOCK TABLES")
        locker.close()
        await db.close()


async def test_a_commit_never_sent_says_nothing_was_committed(config_at_v2: Config) -> None:
    """A statement cut off by a timeout closes the session; the block caught the timeout and ended
    normally: it said the COMMIT may or may not have committed, though none was sent."""
    db = await omnidb.aio.connect(config_at_v2)
    locker = admin(config_at_v2)
    name = unique("org")
    try:
        with locker.cursor() as cur:
            cur.execute("LOCK TABLES features WRITE")  # the read below waits for it: cut off mid-statement
        with pytest.raises(ConnectionLost, match=r"^the connection of this transaction was lost: nothing of it was"):
            async with db.transaction() as tx:
                await orgs.create_org(tx, name=name)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(features.list_features(tx), timeout=0.5)
        assert query(config_at_v2, "SELECT COUNT(*) AS n FROM orgs WHERE name = %s", name) == [{"n": 0}]
    finally:
        with locker.cursor() as cur:
            cur.execute("UNLOCK TABLES")
        locker.close()
        await db.close()


async def test_an_operation_that_fails_halfway_leaves_nothing_in_the_callers_transaction(
    async_db_at_v2: omnidb.aio.AsyncDatabase, config_at_v2: Config
) -> None:
    """As in sync (tests/v1/test_operations_in_transactions.py): a savepoint around the operation."""
    from omnidb.aio.v1 import alerts

    org = await orgs.create_org(async_db_at_v2, name=unique("org"))
    rows = [{"org_id": org.id, "name": f"r{i}", "display_name": "x" * 200} for i in range(6000)]  # 2 INSERTs
    alert = await alerts.create_alert(
        async_db_at_v2, alert_type="cpu", severity="warning", service="api", message="m", org_id=org.id
    )
    async with async_db_at_v2.transaction() as tx:
        kept = await apps.create_app(tx, org_id=org.id, name="kept")
        with pytest.raises(Conflict):
            await apps.create_apps(tx, [*rows, {"org_id": org.id, "name": "r0"}])
        with pytest.raises(ParentNotFound):
            await alerts.escalate_alert(tx, alert.id, 1, "email", performed_by=987654321)
        assert not tx.in_operation
    assert query(config_at_v2, "SELECT id FROM apps WHERE org_id = %s", org.id) == [{"id": kept.id}]
    assert query(config_at_v2, "SELECT COUNT(*) AS n FROM alert_escalations WHERE alert_id = %s", alert.id) == [
        {"n": 0}
    ]
