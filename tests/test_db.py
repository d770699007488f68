"""Database and Transaction against the real server: session settings, commit, rollback, pool limits."""

from __future__ import annotations

import asyncio
import threading

import attrs
import pymysql.connections
import pytest
from dbtools import query

import omnidb
import omnidb.aio
from omnidb.config import Config
from omnidb.errors import Conflict, ConnectionFailed, OmniDBError, PoolTimeout
from omnidb.session import SQL_MODE
from omnidb.transaction import reading, writing


@pytest.fixture
def counter_table(empty_db: omnidb.Database) -> omnidb.Database:
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE counters (id BIGINT NOT NULL PRIMARY KEY, n INT NOT NULL)")
    return empty_db


def test_sessions_are_strict_utc_and_utf8mb4(empty_db: omnidb.Database) -> None:
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz, @@character_set_client AS cs")
        row = cur.fetchone()
    assert row is not None
    assert set(SQL_MODE.split(",")) <= set(str(row["mode"]).split(","))
    assert row["tz"] == "+00:00" and row["cs"] == "utf8mb4"


def test_transaction_commits_on_success(counter_table: omnidb.Database, empty_config: Config) -> None:
    with counter_table.transaction() as tx, tx.connection.cursor() as cur:
        cur.execute("INSERT INTO counters VALUES (1, 1)")
        cur.execute("INSERT INTO counters VALUES (2, 2)")
    assert query(empty_config, "SELECT id FROM counters ORDER BY id") == [{"id": 1}, {"id": 2}]


def test_transaction_rolls_back_on_any_exception(counter_table: omnidb.Database, empty_config: Config) -> None:
    with pytest.raises(RuntimeError), counter_table.transaction() as tx:
        with tx.connection.cursor() as cur:
            cur.execute("INSERT INTO counters VALUES (1, 1)")
        raise RuntimeError("boom")
    assert query(empty_config, "SELECT id FROM counters") == []
    assert counter_table.connections_open == 1  # the session went back to the pool, clean


def test_a_transaction_or_connection_entered_twice_says_so(counter_table: omnidb.Database) -> None:
    # Not contextlib's AttributeError ("'_GeneratorContextManager' object has no attribute 'args'").
    for name, manager in [("transaction", counter_table.transaction()), ("connection", counter_table.connection())]:
        with manager:
            pass
        with pytest.raises(OmniDBError, match=rf"^Database.{name}\(\) was entered already: call it again"), manager:
            pass
    assert counter_table.connections_open == 1  # nothing lent by the refusal


def test_server_errors_are_translated_and_keep_their_code(counter_table: omnidb.Database, empty_config: Config) -> None:
    with pytest.raises(Conflict) as raised, writing(counter_table) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO counters VALUES (1, 1)")
        cur.execute("INSERT INTO counters VALUES (1, 2)")
    assert raised.value.code == 1062 and "Duplicate entry" in str(raised.value)
    assert query(empty_config, "SELECT id FROM counters") == []  # the first insert was rolled back too


def test_a_query_function_joins_the_callers_transaction(counter_table: omnidb.Database, empty_config: Config) -> None:
    with counter_table.transaction() as tx:
        with writing(tx) as conn, conn.cursor() as cur:
            cur.execute("INSERT INTO counters VALUES (7, 7)")
        assert query(empty_config, "SELECT id FROM counters") == []  # not committed yet
        with reading(tx) as conn, conn.cursor() as cur:
            cur.execute("SELECT n FROM counters WHERE id = 7")
            assert cur.fetchone() == {"n": 7}
    assert query(empty_config, "SELECT id FROM counters") == [{"id": 7}]
    with pytest.raises(OmniDBError, match="transaction has already ended"), reading(tx):
        pass


def test_pool_exhaustion_raises_a_clear_error_after_the_timeout(empty_config: Config) -> None:
    db = omnidb.connect(empty_config, pool_size=1, pool_timeout=0.3)
    try:
        busy = r"no free connection after 0.3s: all 1 are in use"
        with db.connection(), pytest.raises(PoolTimeout, match=busy), db.connection():
            pass
        assert db.connections_open == 1
    finally:
        db.close()


def test_a_waiting_caller_gets_the_connection_another_gives_back(empty_config: Config) -> None:
    db = omnidb.connect(empty_config, pool_size=1, pool_timeout=5)
    borrowed, give_back = threading.Event(), threading.Event()

    def borrow() -> None:
        with db.connection():
            borrowed.set()
            give_back.wait(5)

    worker = threading.Thread(target=borrow)
    worker.start()
    try:
        borrowed.wait(5)
        threading.Timer(0.2, give_back.set).start()
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT 1 AS one")
            assert cur.fetchone() == {"one": 1}
        assert db.connections_open == 1
    finally:
        give_back.set()
        worker.join()
        db.close()


def test_connect_fails_fast_with_one_line_errors(server: Config) -> None:
    with pytest.raises(ConnectionFailed, match=r"cannot connect to .*/no_such_db_here: \(1049\) Unknown database"):
        omnidb.connect(server.with_database("no_such_db_here"))
    with pytest.raises(ConnectionFailed, match=r"\(2003\)"):
        omnidb.connect("mysql://root@127.0.0.1:1/x", connect_timeout=2)


def test_a_dsn_naming_a_socket_goes_to_that_socket_on_every_driver(server: Config) -> None:
    """mysqlclient went over TCP to the DSN's host when unix_socket named a socket (Connector/C reads
    the socket for the host "localhost" only): a socket with no server behind it connected anyway."""
    pytest.importorskip("MySQLdb")
    nowhere = attrs.evolve(server, unix_socket="/nonexistent/omnidb-test.sock", connect_timeout=5)
    for driver in ("pymysql", "mysqlclient"):
        with pytest.raises(ConnectionFailed) as failed:
            omnidb.connect(nowhere, driver=driver)
        assert "is the server running, and is the socket path right?" in str(failed.value), driver
        assert "unix_socket=/nonexistent/omnidb-test.sock" in str(failed.value)

    async def open_async() -> None:
        await omnidb.aio.connect(nowhere)

    with pytest.raises(ConnectionFailed, match=r"is the server running, and is the socket path right\?"):
        asyncio.run(open_async())


def test_a_database_made_from_a_dsn_string_is_refused_at_once() -> None:
    with pytest.raises(TypeError, match=r"Database\(\) takes a Config, not str: omnidb.connect\(dsn\) opens a pool"):
        omnidb.Database("mysql://root@127.0.0.1/x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"AsyncDatabase\(\) takes a Config, not str: await omnidb.aio.connect"):
        omnidb.aio.AsyncDatabase("mysql://root@127.0.0.1/x")  # type: ignore[arg-type]


def test_a_query_function_given_something_else_than_a_database_says_so(server: Config) -> None:
    """A DSN string, a Config or None where the Database goes is a TypeError saying what goes there,
    on every path (reads, writes, bulk writes and loads, v2's schema check, domain operations), not an
    AttributeError from inside."""
    from omnidb import meta
    from omnidb.aio.v1 import apps as async_apps
    from omnidb.v1 import apps, users
    from omnidb.v2 import apps as v2_apps

    dsn = "mysql://root@127.0.0.1/x"
    calls = [
        lambda given: apps.get_app_by_id(given, 1),
        lambda given: apps.list_apps(given),
        lambda given: apps.create_app(given, org_id=1, name="web"),
        lambda given: apps.update_app(given, 1, instances=2),
        lambda given: list(apps.iter_apps(given)),
        lambda given: apps.create_apps(given, [{"org_id": 1, "name": "web"}]),
        lambda given: apps.load_apps(given, [{"org_id": 1, "name": "web"}]),
        lambda given: v2_apps.count_apps(given),
        lambda given: users.log_in(given, "a@example.com", "hash"),
        lambda given: meta.get_meta_value(given, "key"),
    ]
    for given, shown in ((dsn, "str"), (server, "Config"), (None, "NoneType")):
        hint = " (a DSN? omnidb.connect(dsn) opens a pool)" if given is not None else ""
        for call in calls:
            with pytest.raises(TypeError) as exc:
                call(given)
            expected = "expected an omnidb Database or Transaction as the first argument"
            assert str(exc.value) == f"{expected}, got {shown}{hint}"
    with pytest.raises(TypeError) as exc:
        asyncio.run(async_apps.get_app_by_id(dsn, 1))  # type: ignore[arg-type]
    assert str(exc.value) == (
        "expected an omnidb.aio AsyncDatabase or AsyncTransaction as the first argument, got str "
        "(a DSN? await omnidb.aio.connect(dsn) opens a pool)"
    )


def test_a_transaction_shared_by_threads_refuses_the_second_call_before_it_sends_anything(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """Four threads calling on one transaction got "Packet sequence number wrong", AttributeErrors
    and "connection lost", and the block then failed. A call of another thread while one runs is
    refused, before it sends anything; the transaction goes on and commits."""
    from omnidb.tooling.migrate import Migrator
    from omnidb.v1 import apps, orgs

    Migrator(empty_db).migrate(1)
    name = f"threads-{threading.get_ident()}"
    failures: list[Exception] = []
    done: list[int] = []
    with empty_db.transaction() as tx:
        org = orgs.create_org(tx, name=name)

        def call_often() -> None:
            for _ in range(30):
                try:
                    apps.list_apps(tx, org_id=org.id)
                    done.append(1)
                except Exception as exc:
                    failures.append(exc)

        workers = [threading.Thread(target=call_often) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert apps.count_apps(tx, org_id=org.id) == 0  # the session is whole

    assert len(done) + len(failures) == 120 and done
    for failure in failures:
        assert type(failure) is OmniDBError, repr(failure)
        assert str(failure).startswith("another thread is running a call on this transaction now")
    assert query(empty_config, "SELECT name FROM orgs WHERE name = %s", name) == [{"name": name}]


def test_the_driver_option_selects_the_driver(empty_config: Config) -> None:
    mysqldb = pytest.importorskip("MySQLdb.connections")
    for driver, connection_class in (
        ("pymysql", pymysql.connections.Connection),
        ("mysqlclient", mysqldb.Connection),
    ):
        db = omnidb.connect(empty_config, driver=driver)
        with db.connection() as conn:
            assert isinstance(conn, connection_class)
        db.close()
    with pytest.raises(omnidb.errors.ConfigError, match="driver must be one of pymysql, mysqlclient, got 'odbc'"):
        omnidb.parse_dsn("mysql://h/db?driver=odbc")


def session_state(db: omnidb.Database) -> dict[str, object]:
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID() AS id, @@in_transaction AS in_tx, @@autocommit AS autocommit")
        row = cur.fetchone()
    assert row is not None
    return dict(row)


def test_a_transaction_left_open_on_a_lent_session_is_rolled_back_before_the_next_borrower(
    counter_table: omnidb.Database, empty_config: Config
) -> None:
    first = session_state(counter_table)
    with counter_table.connection() as conn, conn.cursor() as cur:
        cur.execute("BEGIN")
        cur.execute("INSERT INTO counters VALUES (1, 1)")
    assert session_state(counter_table) == {**first, "in_tx": 0, "autocommit": 1}  # same session, clean

    with counter_table.connection() as conn, conn.cursor() as cur:
        cur.execute("SET autocommit = 0")
        cur.execute("INSERT INTO counters VALUES (2, 2)")
    assert session_state(counter_table) == {**first, "in_tx": 0, "autocommit": 1}
    assert query(empty_config, "SELECT id FROM counters") == []  # neither insert leaked or committed


def test_a_clean_session_goes_back_without_a_rollback_on_pymysql(counter_table: omnidb.Database) -> None:
    def rollbacks() -> int:
        with counter_table.connection() as conn, conn.cursor() as cur:
            cur.execute("SHOW SESSION STATUS LIKE 'Com_rollback'")
            row = cur.fetchone()
        assert row is not None
        return int(row["Value"])

    before = rollbacks()
    after = rollbacks()
    # PyMySQL's reply flags show nothing is open: no round trip. mysqlclient cannot tell: one ROLLBACK.
    assert after - before == (0 if counter_table.config.driver == "pymysql" else 1)
