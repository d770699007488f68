"""read_timeout and write_timeout: a slow or frozen server costs a bounded wait, then ConnectionLost."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pymysql
import pytest
from dbtools import admin

import omnidb
from omnidb.config import Config
from omnidb.errors import ConnectionLost, TimedOut, translate
from omnidb.tooling.devserver import DevServer, find_server_binary
from omnidb.transaction import run_read


def select(conn: omnidb.session.Connection, sql: str, *args: object) -> object:
    with conn.cursor() as cur:
        cur.execute(sql, args or None)
        return list(cur.fetchall())


def freeze(pid: int) -> None:
    """SIGSTOP the server ``pid`` and wait until every thread of it is stopped: kill() returns
    before they are, and a query sent meanwhile may still be answered (seen on a busy machine)."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 10
    tasks = Path(f"/proc/{pid}/task")
    while not all(_state(task) in ("T", "t") for task in tasks.iterdir()):
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.01)


def _state(task: Path) -> str:
    try:
        return (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:  # a thread that ended meanwhile
        return "T"


def test_the_defaults_are_thirty_seconds() -> None:
    config = omnidb.parse_dsn("mysql://h/db")
    assert (config.read_timeout, config.write_timeout) == (30.0, 30.0)
    config = omnidb.parse_dsn("mysql://h/db?read_timeout=2.5&write_timeout=4")
    assert (config.read_timeout, config.write_timeout) == (2.5, 4.0)
    with pytest.raises(omnidb.errors.ConfigError, match="read_timeout must be positive, got 0"):
        omnidb.parse_dsn("mysql://h/db?read_timeout=0")


@pytest.mark.parametrize(
    ("code", "words", "told"),
    [
        (2013, "Lost connection to MySQL server during query (timed out)", "no answer within read_timeout"),
        (2006, "MySQL server has gone away (TimeoutError('timed out'))", "took no request within write_timeout"),
        (2006, "MySQL server has gone away (the server took no request within write_timeout=2s)", "discarded"),
        (2013, "Lost connection to MySQL server during query ([Errno 110] Connection timed out)", None),
        (2006, "MySQL server has gone away (ConnectionResetError(104, 'Connection reset by peer'))", None),
        (2013, "Lost connection to server during query", None),
    ],
)
def test_only_a_drivers_own_timeout_is_told_as_timed_out(code: int, words: str, told: str | None) -> None:
    """PyMySQL's socket timeouts and omnidb.aio's write_timeout are ``TimedOut``; the network's
    ETIMEDOUT, a reset and mysqlclient's words (which do not tell) stay a plain ``ConnectionLost``."""
    err = translate(pymysql.err.OperationalError(code, words))
    assert type(err) is (TimedOut if told else ConnectionLost)
    assert str(err).startswith(f"({code}) {words}")
    if told:
        assert told in str(err)


def test_a_read_slower_than_read_timeout_raises_connection_lost_once_and_discards_the_session(
    empty_config: Config,
) -> None:
    db = omnidb.connect(empty_config, read_timeout=1)
    started = time.monotonic()
    with pytest.raises(
        TimedOut,  # a ConnectionLost: told by PyMySQL's words, on mysqlclient by the time the read took
        match=r"^\(2013\) Lost connection to (MySQL )?server during query( \(timed out\))?: no answer within "
        r"read_timeout(=1s)?: the server may still be running the statement; the session was discarded$",
    ) as raised:
        run_read(db, lambda conn: select(conn, "SELECT SLEEP(4) AS slept"))
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.5, elapsed  # one timeout: a timed-out read is not repeated
    assert raised.value.code == 2013
    assert db.connections_open == 0  # the session was discarded

    # In a transaction, PyMySQL's own words say it timed out (mysqlclient's do not)
    words = r"\(timed out\): no answer within read_timeout: the server may still be running the statement"
    lost = (TimedOut, words) if empty_config.driver == "pymysql" else (ConnectionLost, r"\(2013\)")
    with pytest.raises(lost[0], match=lost[1]), db.transaction() as tx:
        select(tx.connection, "SELECT SLEEP(4)")
    assert db.connections_open == 0
    assert run_read(db, lambda conn: select(conn, "SELECT 1 AS one")) == [{"one": 1}]  # the pool goes on
    db.close()


def test_a_read_that_waited_for_its_session_then_met_a_killed_one_is_repeated_not_called_timed_out(
    empty_config: Config,
) -> None:
    """Waiting for a free session is not waiting for the server: only the statement's wait counts."""
    db = omnidb.connect(empty_config, read_timeout=1, pool_size=1)
    lent = threading.Event()

    def hold_then_kill() -> None:
        with db.connection() as conn:
            lent.set()
            time.sleep(1.3)  # longer than read_timeout: the read below waits for this session as long
            with admin(empty_config).cursor() as cur:
                cur.execute("KILL %s", (conn.thread_id(),))
            time.sleep(0.1)

    holder = threading.Thread(target=hold_then_kill)
    holder.start()
    try:
        lent.wait(10)
        started = time.monotonic()
        assert run_read(db, lambda conn: select(conn, "SELECT 1 AS one")) == [{"one": 1}]  # repeated
        assert time.monotonic() - started >= 1.0
    finally:
        holder.join(10)
        db.close()


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="no mariadbd/mysqld installed")
def test_a_frozen_server_costs_read_timeout_then_connection_lost(tmp_path: Path) -> None:
    server = DevServer(tmp_path / "server")
    dsn = server.start()
    driver = os.environ.get("OMNIDB_TEST_DRIVER", "pymysql")
    assert server.process is not None
    try:
        db = omnidb.connect(dsn, read_timeout=2, write_timeout=2, connect_timeout=2, driver=driver)
        try:
            taken = r"\(2006\) .* the server took no request within write_timeout" if driver == "pymysql" else None
            with (
                pytest.raises(TimedOut if driver == "pymysql" else ConnectionLost, match=taken),
                db.transaction() as tx,
            ):
                select(tx.connection, "SELECT 1")
                freeze(server.process.pid)
                started = time.monotonic()  # a write too large for the socket buffers: write_timeout
                select(tx.connection, "SELECT LENGTH(%s)", "x" * 12_000_000)
            assert time.monotonic() - started < 6
            assert db.connections_open == 0

            os.kill(server.process.pid, signal.SIGCONT)
            with db.connection():
                pass
            freeze(server.process.pid)
            started = time.monotonic()
            with pytest.raises(TimedOut, match=r"^\(2013\) .*no answer within read_timeout"):
                run_read(db, lambda conn: select(conn, "SELECT 1"))
            assert time.monotonic() - started < 5
            assert db.connections_open == 0
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert run_read(db, lambda conn: select(conn, "SELECT 1 AS one")) == [{"one": 1}]
        db.close()
    finally:
        server.stop()
