"""The named queries of ``queries/``, bound to an asyncio adapter for omnidb.aio's drivers.

The same parsed files as :mod:`omnidb.registry`, so the sync and async APIs run the very same
statements; aiosql ships no async adapter for MySQL drivers, so this module is it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable
from functools import cache
from typing import Any, TypeVar

from aiosql.adapters.apyformat import AsyncPyFormatAdapter

from omnidb import registry
from omnidb.errors import TimedOut

#: The attribute :func:`omnidb.aio.pool.AsyncDatabase` sets on a session to bound each statement.
READ_TIMEOUT_ATTRIBUTE = "omnidb_read_timeout"

T = TypeVar("T")


async def execute(conn: Any, cur: Any, sql: str, parameters: Any) -> Any:
    """``cur.execute`` bounded by the session's read timeout; ``TimedOut`` (a ``ConnectionLost``) when it expires.

    A statement cut off mid-reply leaves the session unusable, so the error is one the pool treats
    as a broken session: it is closed, never handed out again.
    """
    return await bounded(conn, cur.execute(sql, parameters))


async def bounded(conn: Any, operation: Awaitable[T]) -> T:
    """``await operation`` (a statement, BEGIN, COMMIT, ROLLBACK on ``conn``) within the session's read
    timeout; past it the session is closed and ``TimedOut`` (a ``ConnectionLost``) raised.
    """
    timeout = getattr(conn, READ_TIMEOUT_ATTRIBUTE, None)
    if timeout is None:
        return await operation
    try:
        if _timeout is not None:  # Python 3.11+: a timer on this task, no task of its own per statement
            async with _timeout(timeout):
                return await operation
        return await asyncio.wait_for(operation, timeout)
    except asyncio.TimeoutError:
        conn.close()
        raise TimedOut(
            f"no reply from the server within read_timeout={timeout:g}s: it may still be running the statement; "
            "the session was closed"
        ) from None


_timeout: Any = getattr(asyncio, "timeout", None)


class AioMySQLAdapter(AsyncPyFormatAdapter):
    """aiosql's async pyformat adapter for aiomysql and asyncmy: cursors opened per statement, the parameter
    dict always passed (``%%`` means ``%`` in every query alike), slow queries logged, and ``<!``
    returning the new AUTO_INCREMENT id, as :class:`omnidb.registry.PyMySQLAdapter` does.
    """

    async def select(  # type: ignore[override]
        self, conn: Any, query_name: str, sql: str, parameters: Any, record_class: Any = None
    ) -> AsyncIterator[Any]:
        started = time.perf_counter()
        async with conn.cursor() as cur:
            await execute(conn, cur, sql, parameters)
            rows = await cur.fetchall()
        registry.log_if_slow(conn, query_name, parameters, started)
        for row in rows:
            yield row

    async def select_one(self, conn: Any, query_name: str, sql: str, parameters: Any, record_class: Any = None) -> Any:
        started = time.perf_counter()
        async with conn.cursor() as cur:
            await execute(conn, cur, sql, parameters)
            row = await cur.fetchone()
        registry.log_if_slow(conn, query_name, parameters, started)
        return row

    async def select_value(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
        row = await self.select_one(conn, query_name, sql, parameters)
        return next(iter(row.values())) if row else None

    async def insert_returning(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
        started = time.perf_counter()
        async with conn.cursor() as cur:
            await execute(conn, cur, sql, parameters)
            new_id = cur.lastrowid
        registry.log_if_slow(conn, query_name, parameters, started)
        return new_id

    async def insert_update_delete(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
        started = time.perf_counter()
        async with conn.cursor() as cur:
            count = await execute(conn, cur, sql, parameters)
        registry.log_if_slow(conn, query_name, parameters, started)
        return count

    async def insert_update_delete_many(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
        started = time.perf_counter()
        async with conn.cursor() as cur:
            count = await bounded(conn, cur.executemany(sql, parameters))
        registry.log_if_slow(conn, query_name, parameters, started)
        return count


_ADAPTER = AioMySQLAdapter()  # stateless: one serves every query object


async def execute_many(conn: Any, query_name: str, sql: str, rows: list[tuple[Any, ...]]) -> int:
    """:func:`omnidb.registry.execute_many` on an async session."""
    return int(await _ADAPTER.insert_update_delete_many(conn, query_name, sql, rows))


@cache
def core() -> Any:
    """The version-independent queries of ``queries/core/``, async."""
    return registry.load(registry.core_query_data(), _ADAPTER)


@cache
def version(number: int) -> Any:
    """The resource queries of schema version ``number``, async (see :func:`omnidb.registry.version`)."""
    return registry.load(registry.version_query_data(number), _ADAPTER)
