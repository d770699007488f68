"""write_timeout and read_timeout on omnidb.aio sessions, on the real server: a request the server does
not take in time, or a BEGIN or COMMIT it does not answer, is ``ConnectionLost`` and the session is
discarded, as in the sync API (tests/test_timeouts.py).

The server is the suite's own; between it and omnidb a loopback relay carries every byte until the
test stops it reading from omnidb's side (a network that stops carrying bytes, as a frozen server or
a black-holed link does): a large request then fills the socket buffers and stays unsent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import attrs
import pytest

import omnidb.aio
from omnidb.aio.v1 import orgs
from omnidb.config import Config
from omnidb.errors import ConnectionLost

pytestmark = pytest.mark.asyncio


class Relay:
    """A TCP relay on 127.0.0.1 to the server; :meth:`stall` stops it reading from its clients."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.client_sides: list[asyncio.Transport] = []
        self.tasks: set[asyncio.Task[None]] = set()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.client_sides.append(writer.transport)  # type: ignore[arg-type]
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        pumps = [
            asyncio.create_task(self._pump(reader, up_writer)),
            asyncio.create_task(self._pump(up_reader, writer)),
        ]
        self.tasks.update(pumps)
        await asyncio.gather(*pumps, return_exceptions=True)
        for side in (writer, up_writer):
            side.close()

    @staticmethod
    async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.close()

    def stall(self) -> None:
        """Read nothing more from omnidb's sessions: what they send stays in the socket buffers."""
        for side in self.client_sides:
            side.pause_reading()

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for side in self.client_sides:
            side.abort()
        if self.server is not None:
            self.server.close()


async def test_a_request_the_server_does_not_take_within_write_timeout_is_connection_lost(
    config_at_v2: Config,
) -> None:
    relay = Relay(config_at_v2.host, config_at_v2.port)
    port = await relay.start()
    db = await omnidb.aio.connect(attrs.evolve(config_at_v2, port=port), write_timeout=1, read_timeout=20, pool_size=2)
    try:
        assert await orgs.count_orgs(db) >= 0  # through the relay, to the real server
        async with db.connection() as conn, conn.cursor() as cur:
            await cur.execute("SELECT 1 AS one")
            assert await cur.fetchone() == {"one": 1}
        with pytest.raises(ConnectionLost, match=r"the server took no request within write_timeout=1s") as raised:
            async with db.transaction() as tx, tx.connection.cursor() as cur:
                relay.stall()
                started = time.perf_counter()
                big = cur.execute("SELECT LENGTH(%s) AS n", ("x" * 12_000_000,))  # more than the buffers hold
                await asyncio.wait_for(big, 10)  # without write_timeout: TimeoutError here, and a failure
        elapsed = time.perf_counter() - started
        assert raised.value.code in (2006, 2013)  # PyMySQL's code on aiomysql; asyncmy's "lost connection"
        assert 0.9 < elapsed < 5, elapsed  # write_timeout, not read_timeout (20 s)
        assert db.connections_open == 0  # the session was discarded, not handed to the next borrower
    finally:
        await db.close()
        await relay.close()


async def test_requests_the_server_takes_are_never_cut_by_write_timeout(config_at_v2: Config) -> None:
    # A large request the server takes at its own pace, and many small ones, on a tight write_timeout.
    db = await omnidb.aio.connect(config_at_v2, write_timeout=0.5, pool_size=2)
    try:
        async with db.connection() as conn, conn.cursor() as cur:
            await cur.execute("SELECT LENGTH(%s) AS n", ("y" * 8_000_000,))
            assert await cur.fetchone() == {"n": 8_000_000}
            for n in range(200):
                await cur.execute("SELECT %s AS n", (n,))
                assert await cur.fetchone() == {"n": n}
        await asyncio.sleep(0.7)  # past write_timeout, idle: nothing expires
        assert await orgs.count_orgs(db) >= 0
        assert db.connections_open == 1
    finally:
        await db.close()


async def test_a_commit_without_a_reply_within_read_timeout_is_connection_lost_with_an_unknown_outcome(
    config_at_v2: Config,
) -> None:
    relay = Relay(config_at_v2.host, config_at_v2.port)
    port = await relay.start()
    db = await omnidb.aio.connect(attrs.evolve(config_at_v2, port=port), read_timeout=1, pool_size=1)
    name = f"unknown-{time.time_ns()}"
    try:
        started = time.perf_counter()
        with pytest.raises(ConnectionLost, match=r"lost during COMMIT: the transaction may or may not have been"):
            async with db.transaction() as tx:
                await orgs.create_org(tx, name=name)
                relay.stall()  # COMMIT is sent, and never reaches the server
                started = time.perf_counter()
        assert 0.9 < time.perf_counter() - started < 5
        assert db.connections_open == 0
    finally:
        await db.close()
        await relay.close()
    db = await omnidb.aio.connect(config_at_v2)
    try:  # the server never saw the COMMIT: once the session is gone, the insert is rolled back
        for _ in range(50):
            async with db.connection() as conn, conn.cursor() as cur:
                await cur.execute("SELECT COUNT(*) AS n FROM orgs WHERE name = %s", (name,))
                if (await cur.fetchone())["n"] == 0:
                    break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the uncommitted org is still there")
    finally:
        await db.close()
