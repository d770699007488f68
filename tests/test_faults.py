"""Faults against the real server: deadlocks, killed sessions, lost updates, a killed migration."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from dbtools import admin, columns, holding_apps, query, tables, versions_with

import omnidb
import omnidb.tooling.migrate
from omnidb.config import Config, parse_dsn
from omnidb.errors import (
    Conflict,
    ConnectionLost,
    DirtyDatabase,
    InvalidInput,
    MigrationBlocked,
    MigrationError,
    TransientError,
)
from omnidb.tooling.check import run_checks
from omnidb.tooling.databases import create_database
from omnidb.tooling.devserver import DevServer, find_server_binary
from omnidb.tooling.doctor import diagnose
from omnidb.tooling.migrate import Condition, Migrator, RunInterrupted, load_migrations, lock_name, session_prelude
from omnidb.tooling.sqlscript import split_statements
from omnidb.v1 import apps, orgs


@pytest.fixture
def db_at_v1(empty_db: omnidb.Database) -> omnidb.Database:
    Migrator(empty_db).migrate(1)
    return empty_db


def kill(config: Config, connection_id: int) -> None:
    with admin(config.with_database(None)).cursor() as cur:
        cur.execute("KILL %s", (connection_id,))


def session_id(conn: omnidb.session.Connection) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID() AS id")
        row = cur.fetchone()
    assert row is not None
    return int(row["id"])


def test_a_real_deadlock_is_retried_and_each_transaction_commits_exactly_once(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE TABLE counters (id BIGINT NOT NULL PRIMARY KEY, n INT NOT NULL)")
        cur.execute("INSERT INTO counters VALUES (1, 0), (2, 0)")
    both_hold_one_lock = threading.Barrier(2, timeout=10)
    attempts = {"a": 0, "b": 0}
    errors: list[BaseException] = []

    def transfer(name: str, first: int, second: int) -> None:
        def work(tx: omnidb.Transaction) -> None:
            attempts[name] += 1
            with tx.connection.cursor() as cur:
                cur.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (first,))
                if attempts[name] == 1:
                    both_hold_one_lock.wait()  # each now holds one row and wants the other's
                cur.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (second,))

        try:
            empty_db.run_in_transaction(work, retries=3, backoff=0.01)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=transfer, args=("a", 1, 2)), threading.Thread(target=transfer, args=("b", 2, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert errors == []
    assert sorted(attempts.values()) == [1, 2]  # the deadlock victim ran twice
    assert query(empty_config, "SELECT id, n FROM counters ORDER BY id") == [{"id": 1, "n": 2}, {"id": 2, "n": 2}]


def test_a_caught_deadlock_leaves_nothing_of_its_transaction_to_commit(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    """The server rolls a deadlock's whole transaction back and the session goes on in autocommit: a
    block that catches the TransientError and writes on must not have those writes commit alone."""
    org = orgs.create_org(db_at_v1, name="owner")
    first, second = (apps.create_app(db_at_v1, org_id=org.id, name=f"d{n}").id for n in (1, 2))
    both_hold_one_lock = threading.Barrier(2, timeout=10)
    outcome: dict[str, Any] = {}

    def writer(name: str, ids: tuple[int, int]) -> None:
        try:
            with db_at_v1.transaction() as tx:
                orgs.create_org(tx, name=f"before-{name}")
                apps.update_app(tx, ids[0], display_name=name)
                both_hold_one_lock.wait()
                try:
                    apps.update_app(tx, ids[1], display_name=name)
                except TransientError:
                    outcome[f"{name} deadlocked"] = True
                    with pytest.raises(TransientError, match=r"a deadlock \(1213\) rolled this transaction back"):
                        orgs.create_org(tx, name=f"after-{name}")
            outcome[name] = "committed"
        except TransientError as exc:
            outcome[name] = str(exc)

    threads = [threading.Thread(target=writer, args=("a", (first, second))),
               threading.Thread(target=writer, args=("b", (second, first)))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    victim = "a" if outcome.get("a deadlocked") else "b"
    winner = "b" if victim == "a" else "a"
    assert outcome.get(f"{victim} deadlocked") and outcome[winner] == "committed", outcome
    assert outcome[victim].startswith("a deadlock (1213) rolled this transaction back, all of it"), outcome
    names = {row["name"] for row in query(empty_config, "SELECT name FROM orgs")}
    assert names == {"owner", f"before-{winner}"}  # nothing of the victim: not before, not after


def test_retries_must_be_a_whole_number_from_0(empty_db: omnidb.Database) -> None:
    for retries in (-1, "3", True, 1.5):
        with pytest.raises(InvalidInput, match=r"retries: expected a whole number >= 0") as raised:
            empty_db.run_in_transaction(lambda tx: None, retries=retries)  # type: ignore[arg-type]
        assert raised.value.field == "retries"


def test_retries_give_up_with_the_transient_error(empty_db: omnidb.Database) -> None:
    calls = []

    def always_deadlocks(tx: omnidb.Transaction) -> None:
        calls.append(1)
        raise TransientError("(1213) Deadlock found when trying to get lock", code=1213)

    with pytest.raises(TransientError, match="1213"):
        empty_db.run_in_transaction(always_deadlocks, retries=2, backoff=0.001)
    assert len(calls) == 3


def test_a_killed_idle_session_is_replaced_transparently_for_reads_and_writes(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    org = orgs.create_org(db_at_v1, name="acme")
    with db_at_v1.connection() as conn:
        kill(empty_config, session_id(conn))  # the pooled session dies while idle

    assert orgs.get_org_by_id(db_at_v1, org.id) == org  # read: repeated on a fresh session
    with db_at_v1.connection() as conn:
        kill(empty_config, session_id(conn))
    assert apps.create_app(db_at_v1, org_id=org.id, name="web").name == "web"  # write: BEGIN failed, nothing ran
    assert db_at_v1.connections_open == 1


def test_a_create_interrupted_while_its_idle_session_is_checked_gives_the_session_back(
    db_at_v1: omnidb.Database, empty_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A create on the pool checks its lent session before sending anything (Database._write_once);
    a Ctrl-C during that check drops the session instead of keeping it lent for ever."""
    import omnidb.pool

    org = orgs.create_org(db_at_v1, name="interrupted")

    def interrupted(conn: Any) -> bool:
        raise KeyboardInterrupt

    with omnidb.connect(empty_config, pool_size=1, pool_timeout=1) as db:
        monkeypatch.setattr(omnidb.pool, "closed_while_idle", interrupted)
        for _ in range(3):
            with pytest.raises(KeyboardInterrupt):
                apps.create_app(db, org_id=org.id, name="never")
        monkeypatch.undo()
        assert db.connections_open == 0
        assert apps.create_app(db, org_id=org.id, name="after").name == "after"
    assert query(empty_config, "SELECT name FROM apps WHERE org_id = %s", org.id) == [{"name": "after"}]


def test_a_session_whose_socket_cannot_be_reached_is_asked_by_a_ping_whether_the_server_closed_it(
    empty_config: Config,
) -> None:
    """Before a single-statement write (never repeated), a pooled session the server closed while
    idle is told by its socket; a driver release that keeps its socket elsewhere is pinged."""
    from omnidb.session import close_quietly, closed_while_idle, open_connection

    class Elsewhere:  # no _sock, no fileno: only the driver's public ping
        def __init__(self, conn: Any) -> None:
            self.conn = conn

        def ping(self, reconnect: bool) -> None:
            if type(self.conn).__module__.startswith("MySQLdb"):
                self.conn.ping()  # never reconnects (mysqlclient deprecates the argument)
            else:
                self.conn.ping(reconnect)  # PyMySQL 1.1 reconnects unless told not to

    conn = open_connection(empty_config)
    try:
        assert closed_while_idle(conn) is False and closed_while_idle(Elsewhere(conn)) is False
        kill(empty_config, session_id(conn))
        time.sleep(0.2)
        assert closed_while_idle(Elsewhere(conn)) is True
    finally:
        close_quietly(conn)


def test_a_transaction_whose_session_is_killed_fails_clearly_and_commits_nothing(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    with pytest.raises(ConnectionLost), db_at_v1.transaction() as tx:
        orgs.create_org(tx, name="half-done")
        kill(empty_config, session_id(tx.connection))
        orgs.create_org(tx, name="never")
    assert query(empty_config, "SELECT name FROM orgs") == []
    assert orgs.count_orgs(db_at_v1) == 0  # the pool recovered


def test_optimistic_concurrency_refuses_a_lost_update(db_at_v1: omnidb.Database, empty_config: Config) -> None:
    org = orgs.create_org(db_at_v1, name="acme")
    app = apps.create_app(db_at_v1, org_id=org.id, name="web")
    seen_by_alice = apps.get_app_by_id(db_at_v1, app.id)
    seen_by_bob = apps.get_app_by_id(db_at_v1, app.id)

    apps.update_app(db_at_v1, app.id, expected_updated_at=seen_by_alice.updated_at, instances=3)
    with pytest.raises(
        Conflict, match=rf"app {app.id} was changed since .*: it was updated at .*; read it again and retry"
    ):
        apps.update_app(db_at_v1, app.id, expected_updated_at=seen_by_bob.updated_at, instances=7)

    assert query(empty_config, "SELECT instances FROM apps WHERE id = %s", app.id) == [{"instances": 3}]
    fresh = apps.get_app_by_id(db_at_v1, app.id)
    assert apps.update_app(db_at_v1, app.id, expected_updated_at=fresh.updated_at, instances=7).instances == 7
    with pytest.raises(Conflict):
        apps.update_app(db_at_v1, app.id, expected_updated_at=fresh.updated_at - timedelta(seconds=1), instances=1)


RUNNER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import omnidb
    from omnidb.tooling.migrate import Migrator, load_migrations
    Migrator(omnidb.connect(sys.argv[1]), load_migrations(Path(sys.argv[2]))).migrate(1)
    """
)


def ctrl_c_after_statement(number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C (KeyboardInterrupt) once statement ``number`` of the next run has run and been
    recorded: raised where the run waits between statements (its replica throttle)."""
    waits: list[int] = []

    def ctrl_c(*_args: Any, **_kwargs: Any) -> None:
        waits.append(1)
        if len(waits) == number:
            raise KeyboardInterrupt

    monkeypatch.setattr(omnidb.tooling.migrate, "wait_for_replicas", ctrl_c)


def test_a_ctrl_c_between_statements_pauses_the_version_and_migrate_goes_on(
    empty_db: omnidb.Database, empty_config: Config, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Ctrl-C after statement 5 of V2 had run and been recorded left V2 dirty, and `omnidb resume`
    (which needs the scratch database's privileges) had to judge a statement nothing had sent. The
    KeyboardInterrupt is raised where the run waits between statements (its replica throttle)."""
    Migrator(empty_db).migrate(1)
    ctrl_c_after_statement(5, monkeypatch)
    with pytest.raises(RunInterrupted) as stopped:
        Migrator(empty_db).migrate()
    assert str(stopped.value) == (
        "migrating up to V2 (app types and features) paused before statement 6 of 16, not dirty: statements 1 to 5 "
        "ran and are recorded; `omnidb migrate` goes on from there"
    )
    assert isinstance(stopped.value, KeyboardInterrupt)
    [row] = query(
        empty_config,
        "SELECT state, statements_done, statement_started, paused, error FROM schema_migrations WHERE version = 2",
    )
    assert row == {
        "state": "applying", "statements_done": 5, "statement_started": None, "paused": 1,
        "error": "interrupted (Ctrl-C) before statement 6 of 16; nothing of it ran",
    }  # fmt: skip
    status = Migrator(empty_db).status()
    assert status.dirty is None and status.unfinished is not None
    assert status.unfinished.condition is Condition.PAUSED and status.healthy

    from omnidb.tooling.cli import _errors  # what the command line says of it: one line, exit 130

    with pytest.raises(SystemExit) as ended, _errors(interrupted=": a statement may have been cut short"):
        raise stopped.value
    assert ended.value.code == 130
    assert capsys.readouterr().err == f"omnidb: error: interrupted: {stopped.value}\n"

    monkeypatch.undo()
    Migrator(empty_db).migrate()
    assert Migrator(empty_db).status().current == 2 and {"features", "app_features"} <= tables(empty_config)


def test_a_dry_run_of_a_paused_rollback_checks_the_guards_the_run_checks(
    empty_db: omnidb.Database, empty_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rollback to V0, confirmed with allow_data_loss, paused by a Ctrl-C: the run goes on with it
    (its guards were checked when it began), but --dry-run and --plan ran them again and refused."""
    from omnidb.tooling.migration_plan import plan

    Migrator(empty_db).migrate(1)
    query(empty_config, "INSERT INTO users (email, password_hash, salt) VALUES ('kept@example.com', 'h', 's')")
    ctrl_c_after_statement(5, monkeypatch)
    with pytest.raises(RunInterrupted, match=r"^migrating down from V1 \(platform core\) paused before statement 6"):
        Migrator(empty_db).migrate(0, allow_data_loss=True)
    monkeypatch.undo()

    steps = Migrator(empty_db).migrate(0, dry_run=True)
    assert [str(step) for step in steps] == ["down from V1 (platform core)"]
    assert plan(Migrator(empty_db), 0)[0][0].step == "down from V1 (platform core)"
    Migrator(empty_db).migrate(0)  # the run, as the dry run said
    assert tables(empty_config) <= {
        "schema_migrations",
        "schema_migration_history",
        "schema_migration_lock",
        "metadata",
    }


def test_a_migration_killed_between_statements_leaves_a_dirty_mark_an_operator_resolves(
    empty_db: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    versions = versions_with(tmp_path, "V1/up.sql", "DO SLEEP(30);", before="CREATE TABLE apps (")
    up = versions / "V1" / "up.sql"
    script = tmp_path / "runner.py"
    script.write_text(RUNNER)
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    runner = subprocess.Popen([sys.executable, str(script), dsn, str(versions)])
    try:
        for _ in range(300):
            if "data_services" in tables(empty_config):  # the statement before the sleep has run
                break
            time.sleep(0.1)
        time.sleep(0.5)
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)

    row = query(
        empty_config, "SELECT state, statements_done, statement_started, error FROM schema_migrations WHERE version = 1"
    )[0]
    # The mark is one statement ahead of the old "done" count: the sleep was in flight.
    statements = split_statements(up.read_text())
    sleep, total = next(n for n, st in enumerate(statements, start=1) if "DO SLEEP" in st.sql), len(statements)
    assert row == {"state": "applying", "statements_done": sleep - 1, "statement_started": sleep, "error": None}
    migrations = load_migrations(versions)
    with pytest.raises(
        DirtyDatabase,
        match=rf"applying V1 \(platform core\) was interrupted during statement {sleep} of {total} "
        r"\(V1/up.sql line \d+\): DO SLEEP\(30\); whether that statement completed is unknown. Run `omnidb resume`",
    ):
        Migrator(empty_db, migrations).migrate(1)
    assert Migrator(empty_db).status().current == 0  # nothing recorded as applied

    # The operator removes what V1 had created, then says V1 is not applied.
    with admin(empty_config).cursor() as cur:
        cur.execute("SET foreign_key_checks = 0")
        for table in tables(empty_config) - {
            "schema_migrations",
            "schema_migration_history",
            "schema_migration_lock",
            "metadata",
        }:
            cur.execute(f"DROP TABLE `{table}`")
    Migrator(empty_db).resolve(1, applied=False)
    Migrator(empty_db).migrate(1)
    assert Migrator(empty_db).status().current == 1


def processlist(config: Config, state_like: str) -> list[dict[str, object]]:
    return query(
        config,
        "SELECT ID AS id, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST "
        "WHERE DB = %s AND STATE LIKE %s",
        config.database,
        state_like,
    )


def wait_for(condition: Callable[[], object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def started(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    """``work`` running on a thread of its own, and the list that receives what it raised."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, raised


DDL_LOCK_TIMEOUT = 1


def test_a_migration_behind_an_open_transaction_bounds_every_wait_and_stops_without_dirtying(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    reader_waited: list[float] = []

    def read() -> None:
        started = time.monotonic()
        query(empty_config, "SELECT COUNT(*) AS n FROM apps")
        reader_waited.append(time.monotonic() - started)

    # Without a bounded wait, the blocker's end is what would free the reader and the runner.
    with holding_apps(empty_config) as blocker_id:
        runner, outcome = started(
            lambda: Migrator(db_at_v1, ddl_lock_timeout=DDL_LOCK_TIMEOUT, ddl_retries=1, ddl_backoff=0.1).migrate(2)
        )
        wait_for(lambda: processlist(empty_config, "%metadata lock%"))  # the DDL waits; readers queue behind it
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(DDL_LOCK_TIMEOUT + 10)
        runner.join(30)
    runner.join(30)

    assert reader_waited and reader_waited[0] <= DDL_LOCK_TIMEOUT + 0.5, reader_waited
    assert len(outcome) == 1 and isinstance(outcome[0], MigrationBlocked), outcome
    message = str(outcome[0])
    # Sessions of other tests may be listed too, after those using this database.
    assert "table lock held by connection " in message and f"connection {blocker_id} (root@" in message
    assert re.search(
        rf"connection {blocker_id} \(root@[\d.:]+ using {empty_config.database}, transaction open", message
    )
    assert "did not run: V2 is paused halfway, not dirty" in message and "run `omnidb migrate` again" in message
    status = Migrator(db_at_v1).status()
    assert status.dirty is None and status.healthy and status.current == 1
    paused = status.unfinished
    assert paused is not None and paused.condition is Condition.PAUSED and paused.statement_started is None

    planned: list[str] = []
    Migrator(db_at_v1, out=planned.append).migrate(dry_run=True)
    assert (
        f"-- would resume up to V2 (app types and features) at statement {paused.statements_done + 1} of 16" in planned
    )

    # Once the transaction ended, migrate goes on from the statement that waited.
    lines: list[str] = []
    Migrator(db_at_v1, out=lines.append).migrate()
    assert f"resuming up to V2 (app types and features) at statement {paused.statements_done + 1} of 16" in lines
    assert Migrator(db_at_v1).status().current == 2


RUN_TO = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import omnidb
    from omnidb.tooling.migrate import Migrator, load_migrations
    versions = load_migrations(Path(sys.argv[3])) if len(sys.argv) > 3 else None
    Migrator(omnidb.connect(sys.argv[1]), versions).migrate(int(sys.argv[2]))
    """
)


def dsn_of(config: Config, options: str = "") -> str:
    return f"mysql://{config.user}@{config.host}:{config.port}/{config.database}{options}"


def cli(config: Config, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn_of(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_runner_killed_during_a_ddl_the_server_then_finished_is_resumed_after_it(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    script = tmp_path / "run_to.py"
    script.write_text(RUN_TO)
    # At the blocker's end, the server, still holding the dead client's ALTER, runs it to the end.
    with holding_apps(empty_config):
        runner = subprocess.Popen([sys.executable, str(script), dsn_of(empty_config, "?ddl_lock_timeout=60"), "2"])
        try:
            wait_for(lambda: processlist(empty_config, "%metadata lock%"))  # ALTER TABLE apps waits for the lock
        finally:
            runner.send_signal(signal.SIGKILL)
            runner.wait(30)
    wait_for(lambda: not processlist(empty_config, "%metadata lock%") and "app_type" in columns(empty_config, "apps"))

    row = query(empty_config, "SELECT statements_done, statement_started FROM schema_migrations WHERE version = 2")
    assert row == [{"statements_done": 6, "statement_started": 7}]  # done, and named as in flight
    status = cli(empty_config, "status")
    assert status.returncode == 1
    assert (
        "DIRTY: the database is dirty: applying V2 (app types and features) was interrupted during statement 7 "
        "of 16 (V2/up.sql line " in status.stdout
    )
    assert "ALTER TABLE apps; whether that statement completed is unknown. Run `omnidb resume`" in status.stdout

    resumed = cli(empty_config, "resume")

    assert resumed.returncode == 0, resumed.stderr
    assert "statement 7 of 16 (V2/up.sql line" in resumed.stdout and "had completed" in resumed.stdout
    assert "resuming up to V2 (app types and features) at statement 8 of 16" in resumed.stdout
    assert cli(empty_config, "status").returncode == 0
    assert run_checks(empty_config.with_database(None), live=db_at_v1).findings == []  # exactly a fresh V2


def test_resume_waits_for_the_statement_the_server_still_runs_for_a_runner_that_died(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    """The server goes on with a statement whose client died: judged meanwhile, it looked not run
    and was sent again, to wait for the orphan's locks and then fail on what the orphan did."""
    versions = versions_with(tmp_path, "V2/up.sql", "DO SLEEP(8);", before="SET SESSION foreign_key_checks = 0;")
    script = tmp_path / "run_to.py"
    script.write_text(RUN_TO)
    runner = subprocess.Popen([sys.executable, str(script), dsn_of(empty_config), "2", str(versions)])
    try:
        wait_for(lambda: any("SLEEP" in str(p["info"]) for p in processlist(empty_config, "%")))
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)
    orphan = next(p for p in processlist(empty_config, "%") if "SLEEP" in str(p["info"]))

    with pytest.raises(
        MigrationError,
        match=rf"is still running on the server as connection {orphan['id']}, sent by "
        rf"the run that ended: wait for it to end \(or KILL {orphan['id']}\), then run `omnidb resume`",
    ):
        Migrator(db_at_v1, load_migrations(versions), lock_timeout=0.5).resume()
    lines: list[str] = []
    Migrator(db_at_v1, load_migrations(versions), out=lines.append).resume()
    assert any(f"still running on the server as connection {orphan['id']}" in line for line in lines), lines
    assert Migrator(db_at_v1, load_migrations(versions)).status().current == 2


def test_resume_replays_the_session_settings_the_rest_of_the_script_relies_on(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    # Killed right after `SET SESSION foreign_key_checks = 0`: the next ALTER (ALGORITHM=INPLACE) needs it.
    versions = versions_with(tmp_path, "V2/up.sql", "DO SLEEP(2);", after="SET SESSION foreign_key_checks = 0;")
    script = tmp_path / "run_to.py"
    script.write_text(RUN_TO)
    runner = subprocess.Popen([sys.executable, str(script), dsn_of(empty_config), "2", str(versions)])
    try:
        wait_for(
            lambda: (
                processlist(empty_config, "%")
                and any("SLEEP" in str(p["info"]) for p in processlist(empty_config, "%"))
            )
        )
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)

    lines: list[str] = []
    Migrator(db_at_v1, load_migrations(versions), out=lines.append).resume()

    assert "replaying session statement: SET SESSION foreign_key_checks = 0" in lines
    assert any("DO SLEEP(2)" in line and "running it again" in line for line in lines)
    assert Migrator(db_at_v1, load_migrations(versions)).status().current == 2
    assert "fk_apps_feature" in {
        str(r["name"])
        for r in query(
            empty_config,
            "SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'apps'",
        )
    }


@pytest.mark.parametrize("killed_before", ["ALTER TABLE apps DROP FOREIGN KEY", "UNLOCK TABLES"])
def test_resume_inside_a_lock_tables_copies_again_what_the_application_wrote_meanwhile(
    empty_db: omnidb.Database, empty_config: Config, tmp_path: Path, killed_before: str
) -> None:
    """V2's down.sql copies app_type to its archive under LOCK TABLES, then drops the column. Killed
    between the two, the lock died with the session, and a write of app_type came in: resume took
    the lock again but did not copy again, and the drop lost the write. Killed after the drop, the
    copy cannot run again (no column), and nothing can have changed: it is skipped."""
    versions = versions_with(tmp_path, "V2/down.sql", "DO SLEEP(5);", before=killed_before)
    Migrator(empty_db, load_migrations(versions)).migrate(2)  # records this down.sql's checksum
    with admin(empty_config).cursor() as cur:
        cur.execute("INSERT INTO orgs (name) VALUES ('acme')")
        cur.execute("INSERT INTO apps (org_id, name, app_type) SELECT id, 'web', 'batch' FROM orgs")
    script = tmp_path / "run_to.py"
    script.write_text(RUN_TO)
    runner = subprocess.Popen([sys.executable, str(script), dsn_of(empty_config), "1", str(versions)])
    try:
        wait_for(lambda: any("SLEEP" in str(p["info"]) for p in processlist(empty_config, "%")))
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(30)
    # The runner's session ends, and its lock with it: the application writes.
    wait_for(lambda: not any("SLEEP" in str(p["info"]) for p in processlist(empty_config, "%")))
    dropped = killed_before == "UNLOCK TABLES"
    if not dropped:
        with admin(empty_config).cursor() as cur:
            cur.execute("UPDATE apps SET app_type = 'paid' WHERE name = 'web'")

    lines: list[str] = []
    Migrator(empty_db, load_migrations(versions), out=lines.append).resume()

    assert "replaying data statement: REPLACE INTO v2_archive_apps (app_id, app_type, feature_id)" in lines
    skipped = [line for line in lines if line.startswith("skipped it: (1054) Unknown column 'app_type'")]
    assert len(skipped) == (1 if dropped else 0), lines
    archived = "batch" if dropped else "paid"
    assert query(empty_config, "SELECT app_type FROM v2_archive_apps") == [{"app_type": archived}]
    assert Migrator(empty_db, load_migrations(versions)).status().current == 1
    Migrator(empty_db, load_migrations(versions)).migrate(2)
    assert query(empty_config, "SELECT app_type FROM apps WHERE name = 'web'") == [{"app_type": archived}]


def test_resume_replays_the_data_statements_of_a_lock_still_held_only() -> None:
    ran = split_statements(
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES';\nLOCK TABLES a WRITE;\nREPLACE INTO b SELECT x FROM a;\n"
        "ALTER TABLE a DROP COLUMN x;\nUNLOCK TABLES;\nLOCK TABLES c WRITE;\nUPDATE c SET y = 1;\n"
    )
    assert [s.summary for s in session_prelude(ran)] == [
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES'",
        "LOCK TABLES c WRITE",
        "UPDATE c SET y = 1",
    ]
    assert [s.summary for s in session_prelude(ran[:4])] == [
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES'",
        "LOCK TABLES a WRITE",
        "REPLACE INTO b SELECT x FROM a",
    ]


def test_a_healthy_migration_in_progress_is_reported_running_not_dirty(
    empty_db: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    versions = versions_with(tmp_path, "V1/up.sql", "DO SLEEP(4);", before="CREATE TABLE spaces (")
    up = versions / "V1" / "up.sql"
    script = tmp_path / "run_to.py"
    script.write_text(RUN_TO)
    runner = subprocess.Popen([sys.executable, str(script), dsn_of(empty_config), "1", str(versions)])
    try:
        wait_for(lambda: any("SLEEP" in str(p["info"]) for p in processlist(empty_config, "%")))

        status = Migrator(empty_db).status()
        running = status.running
        assert running is not None and status.dirty is None and status.healthy
        shown = cli(empty_config, "status")
        assert shown.returncode == 0, shown.stdout
        statements = split_statements(up.read_text())
        sleep = next(n for n, st in enumerate(statements, start=1) if "DO SLEEP" in st.sql)
        assert re.search(
            rf"RUNNING: V1 \(platform core\) is being migrated up by connection {running.lock_holder} since "
            rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC: {sleep - 1} of {len(statements)} statements done, "
            rf"statement {sleep} running",
            shown.stdout,
        ), shown.stdout
        planned = cli(empty_config, "migrate", "--dry-run")
        assert planned.returncode == 0 and "is being migrated up by connection" in planned.stdout
        assert "-- would migrate up to V2" in planned.stdout and "-- would migrate up to V1" not in planned.stdout
        found = diagnose(empty_db)
        assert found.schema["dirty"] is None and "being migrated up" in str(found.schema["running"])
        assert not any("dirty" in p or "run omnidb migrate" in p for p in found.problems)
    finally:
        assert runner.wait(60) == 0
    assert Migrator(empty_db).status().current == 1


CLI_WITH_VERSIONS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from omnidb.tooling import cli, migrate
    versions = migrate.load_migrations(Path(sys.argv[1]))
    migrate.load_migrations = lambda root=None: versions  # the command as shipped, on these scripts
    sys.argv = ["omnidb", *sys.argv[2:]]
    cli.main()
    """
)


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_an_operation_whose_lock_wait_timeout_ended_the_whole_transaction_raises_its_own_error(tmp_path: Path) -> None:
    """Under innodb_rollback_on_timeout a lock wait timeout rolls the whole transaction back, the
    operation's savepoint with it: the timeout is what is raised (and retried), not the failed
    ROLLBACK TO SAVEPOINT (1305), and nothing of the transaction commits."""
    from omnidb.v1 import alerts

    private = DevServer(
        tmp_path / "server", extra_args=["--innodb-rollback-on-timeout=ON", "--innodb-lock-wait-timeout=1"]
    )
    config = attrs.evolve(parse_dsn(private.start()), database="omni")
    try:
        create_database(config, "omni")
        with omnidb.connect(config) as db:
            Migrator(db).migrate(1)
            org = orgs.create_org(db, name="o")
            alert = alerts.create_alert(db, alert_type="cpu", severity="warning", service="api", message="m")
            attempts: list[int] = []

            def escalate(tx: omnidb.Transaction) -> None:
                attempts.append(1)
                orgs.update_org(tx, org.id, description="written before the operation")
                alerts.escalate_alert(tx, alert.id, 1, "email")  # waits for the alert's row lock

            locked = f"SELECT id FROM alerts WHERE id = {alert.id} FOR UPDATE"
            timed_out = pytest.raises(TransientError, match=r"^\(1205\) Lock wait timeout exceeded")
            with holding(config, locked), timed_out:
                db.run_in_transaction(escalate, retries=1)
            assert len(attempts) == 2  # retried, as any lock wait timeout
            assert query(config, "SELECT description FROM orgs WHERE id = %s", org.id) == [{"description": None}]

            gone = pytest.raises(TransientError, match=r"^the server rolled this transaction back, all of it, at an")
            with gone, holding(config, locked), db.transaction() as tx:
                orgs.update_org(tx, org.id, description="must not commit alone")
                with pytest.raises(TransientError, match=r"^\(1205\)"):
                    alerts.escalate_alert(tx, alert.id, 1, "email")
                orgs.create_org(tx, name="after")  # refused: the transaction is gone
            assert query(config, "SELECT COUNT(*) AS n FROM orgs") == [{"n": 1}]
    finally:
        private.stop()


@contextmanager
def holding(config: Config, locking_select: str) -> Iterator[None]:
    """A transaction on a session of its own that ran ``locking_select`` (FOR UPDATE) and holds its
    locks until the block ends."""
    other = admin(config)
    try:
        with other.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute(locking_select)
        yield
    finally:
        other.rollback()
        other.close()


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_a_server_dying_mid_migration_gives_one_line_naming_the_statement_and_what_to_do(tmp_path: Path) -> None:
    versions = versions_with(tmp_path, "V2/up.sql", "DO SLEEP(3);", before="ALTER TABLE apps\n    ADD COLUMN")
    script = tmp_path / "cli.py"
    script.write_text(CLI_WITH_VERSIONS)
    private = DevServer(tmp_path / "server")
    config = attrs.evolve(parse_dsn(private.start()), database="omni")
    try:
        create_database(config, "omni")
        with omnidb.connect(config) as db:
            Migrator(db).migrate(1)
        command = [sys.executable, str(script), str(versions), "--dsn", dsn_of(config), "migrate"]
        runner = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: any("SLEEP" in str(p["info"]) for p in processlist(config, "%")))
        assert private.process is not None
        private.process.kill()  # the server dies under the statement
        _, stderr = runner.communicate(timeout=60)

        assert runner.returncode == 1
        assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
        assert re.fullmatch(
            r"omnidb: error: lost the server while migrating up to V2 \(app types and features\), at statement 7 "
            r"of 17 \(V2/up.sql line \d+\): DO SLEEP\(3\) \[\(2013\) [^\]]+\]; whether it completed is unknown "
            r"\(it is recorded as in flight\)\. When the server answers again, run `omnidb status`, then "
            r"`omnidb resume`\.\n",
            stderr,
        ), stderr

        private.start()
        with omnidb.connect(config) as db:
            migrator = Migrator(db, load_migrations(versions))
            dirty = migrator.status().dirty
            assert dirty is not None and "was interrupted during statement 7 of 17" in migrator.describe(dirty)
            migrator.resume()
            assert migrator.status().current == 2
    finally:
        private.stop()


@pytest.mark.parametrize("killed", ["statements", "lock"])
def test_a_migration_session_a_dba_kills_is_reported_as_killed_not_as_a_lost_server(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path, killed: str
) -> None:
    versions = versions_with(tmp_path, "V2/up.sql", "DO SLEEP(3);", before="ALTER TABLE apps\n    ADD COLUMN")
    migrations = load_migrations(versions)
    runner, outcome = started(lambda: Migrator(db_at_v1, migrations).migrate(2))
    try:
        wait_for(lambda: any("DO SLEEP(3)" in str(p["info"]) for p in processlist(empty_config, "%")))
        sleeping = next(int(str(p["id"])) for p in processlist(empty_config, "%") if "DO SLEEP(3)" in str(p["info"]))
        holder = query(empty_config, "SELECT IS_USED_LOCK(%s) AS id", lock_name(db_at_v1.name or ""))[0]["id"]
        victim = sleeping if killed == "statements" else int(holder)
        kill(empty_config, victim)
    finally:
        runner.join(60)

    assert len(outcome) == 1 and isinstance(outcome[0], MigrationError), outcome
    session, result = {
        "statements": (
            "the session running the statements",
            "whether it completed is unknown (it is recorded as in flight)",
        ),
        "lock": ("the session holding the migration lock", "it completed, but that could not be recorded"),
    }[killed]
    assert re.fullmatch(
        rf"the server ended {session} \(connection {victim}\) while migrating up to V2 \(app types and "
        r"features\), at statement 7 of 17 \(V2/up.sql line \d+\): DO SLEEP\(3\) \[\(2013\) [^\]]+\]; the "
        r"server still answers, so that session was killed \(KILL from another session\) or timed out; "
        rf"{re.escape(result)}\. Run `omnidb status`, then `omnidb resume`\.",
        str(outcome[0]),
    ), outcome[0]
    migrator = Migrator(db_at_v1, migrations)
    dirty = migrator.status().dirty
    assert dirty is not None and "was interrupted during statement 7 of 17" in migrator.describe(dirty)
    migrator.resume()
    assert migrator.status().current == 2 and "app_type" in columns(empty_config, "apps")


def test_a_migration_statement_past_the_read_timeout_is_reported_as_still_running_not_as_a_lost_server(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client stops waiting; the server goes on with the statement. The operator must wait for
    it (or KILL it), not look for a server that never went away."""
    monkeypatch.setattr(Migrator, "_session_config", lambda self: attrs.evolve(self.db.config, read_timeout=1))
    versions = versions_with(tmp_path, "V2/up.sql", "DO SLEEP(6);", before="ALTER TABLE apps\n    ADD COLUMN")
    migrations = load_migrations(versions)

    with pytest.raises(MigrationError) as raised:
        Migrator(db_at_v1, migrations).migrate(2)
    orphan = next(int(str(p["id"])) for p in processlist(empty_config, "%") if "DO SLEEP(6)" in str(p["info"]))

    assert re.fullmatch(
        r"no reply from the server while migrating up to V2 \(app types and features\), at statement 7 of 17 "
        r"\(V2/up.sql line \d+\): DO SLEEP\(6\) \[\(2013\) [^\]]+\]; the server still holds the run's sessions "
        rf"and still runs the statement, as connection {orphan} \(this run waited 1s, its read_timeout, or the "
        r"network between broke\); whether it completed is unknown \(it is recorded as in flight\)\. Wait for "
        rf"connection {orphan} to end \(or KILL {orphan}\), then run `omnidb status`, then `omnidb resume`\.",
        str(raised.value),
    ), raised.value
    monkeypatch.undo()
    lines: list[str] = []
    Migrator(db_at_v1, migrations, out=lines.append).resume()  # waits for the orphan, then goes on
    assert any(f"still running on the server as connection {orphan}" in line for line in lines), lines
    assert Migrator(db_at_v1, migrations).status().current == 2 and "app_type" in columns(empty_config, "apps")


def test_a_migration_statement_a_dba_interrupts_fails_naming_kill_query_and_resumes(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    with holding_apps(empty_config):  # V2's ALTER TABLE apps waits behind it
        runner, outcome = started(lambda: Migrator(db_at_v1, ddl_lock_timeout=30).migrate(2))
        wait_for(lambda: processlist(empty_config, "%metadata lock%"))
        waiting = int(str(processlist(empty_config, "%metadata lock%")[0]["id"]))
        with admin(empty_config.with_database(None)).cursor() as cur:
            cur.execute("KILL QUERY %s", (waiting,))
    runner.join(30)

    assert len(outcome) == 1 and isinstance(outcome[0], MigrationError), outcome
    assert re.search(
        r"failed at statement 7 of 16 \(V2/up.sql line \d+\): ALTER TABLE apps\n  server said: \(1317\) Query "
        r"execution was interrupted: another session's KILL QUERY \(or KILL\) interrupted the statement, or the "
        r"server is shutting down\n  6 of 16 statements had run; the database is marked dirty",
        str(outcome[0]),
    ), outcome[0]
    migrator = Migrator(db_at_v1)
    migrator.resume()
    assert migrator.status().current == 2 and "app_type" in columns(empty_config, "apps")


def test_a_migration_blocked_at_its_first_statement_leaves_the_version_as_it_was(
    db_at_v1: omnidb.Database, empty_config: Config, tmp_path: Path
) -> None:
    first = "CREATE TABLE IF NOT EXISTS v2_archive_features ("
    versions = versions_with(tmp_path, "V2/up.sql", "ALTER TABLE apps COMMENT = 'V2';", before=first)
    with (
        holding_apps(empty_config) as blocker_id,
        pytest.raises(
            MigrationBlocked,
            match=rf"(?s)waited 1 time for 1s .* held by connection {blocker_id} .* nothing ran: V2 is not applied",
        ),
    ):
        Migrator(db_at_v1, load_migrations(versions), ddl_lock_timeout=1, ddl_retries=0).migrate(2)

    assert query(empty_config, "SELECT version, state FROM schema_migrations") == [{"version": 1, "state": "applied"}]
    status = Migrator(db_at_v1, load_migrations(versions)).status()
    assert status.unfinished is None and status.healthy and status.current == 1


def test_a_transaction_used_after_its_connection_was_lost_raises_connection_lost(
    db_at_v1: omnidb.Database, empty_config: Config
) -> None:
    lost = "the connection of this transaction was lost: nothing of it was committed; open a new transaction"
    with pytest.raises(ConnectionLost, match=lost), db_at_v1.transaction() as tx:
        orgs.create_org(tx, name="half-done")
        kill(empty_config, session_id(tx.connection))
        with pytest.raises(ConnectionLost):
            orgs.create_org(tx, name="lost")
        orgs.create_org(tx, name="reused")  # the caller swallowed the loss and carried on
    with pytest.raises(ConnectionLost, match=lost):
        orgs.count_orgs(tx)  # after the block
    assert "lost" in repr(tx)

    # Raw driver calls: the caller catches the driver's error and leaves the block normally. PyMySQL
    # shows the session closed, so nothing was committed; mysqlclient cannot tell until COMMIT fails.
    outcome = "nothing of it was committed|may or may not have been committed"
    with pytest.raises(ConnectionLost, match=outcome), db_at_v1.transaction() as tx2:
        kill(empty_config, session_id(tx2.connection))
        with pytest.raises(omnidb.errors.DRIVER_ERRORS), tx2.connection.cursor() as cur:
            cur.execute("INSERT INTO orgs (name) VALUES ('raw')")
        try:
            with tx2.connection.cursor() as cur:
                cur.execute("INSERT INTO orgs (name) VALUES ('raw again')")
        except omnidb.errors.DRIVER_ERRORS as exc:
            assert isinstance(omnidb.errors.translate(exc), ConnectionLost)
    assert query(empty_config, "SELECT name FROM orgs") == []
    assert orgs.count_orgs(db_at_v1) == 0
