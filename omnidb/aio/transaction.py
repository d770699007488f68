"""Async transactions, and how async query functions get a session from an ``AsyncExecutor``.

As in :mod:`omnidb.transaction`: an :class:`~omnidb.aio.pool.AsyncDatabase` runs each call on its
own (a write in its own transaction); an :class:`AsyncTransaction` makes the call join it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from omnidb.aio.session import AsyncConnection
from omnidb.errors import DRIVER_ERRORS, ConnectionLost, OmniDBError, translate

if TYPE_CHECKING:
    from omnidb.aio.pool import AsyncDatabase

T = TypeVar("T")
log = logging.getLogger("omnidb")


class AsyncTransaction:
    """One open transaction on one session; pass it to async query functions so they join it."""

    def __init__(self, database: AsyncDatabase, conn: AsyncConnection) -> None:
        self.database = database
        self.connection = conn
        self.active = True

    def __repr__(self) -> str:
        state = "active" if self.active else "finished"
        return f"<omnidb.aio.AsyncTransaction {state} on {self.database.config.safe_dsn()}>"


AsyncExecutor: TypeAlias = "AsyncDatabase | AsyncTransaction"


def database_of(executor: AsyncExecutor) -> AsyncDatabase:
    """The pool behind an executor."""
    return executor.database if isinstance(executor, AsyncTransaction) else executor


@asynccontextmanager
async def translated() -> AsyncIterator[None]:
    """Driver errors raised in the block come out as omnidb errors."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


async def run_read(executor: AsyncExecutor, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """``await work(session)`` on a reading session; on an ``AsyncDatabase``, once more on a fresh
    session if the connection was lost (a read is safe to repeat). Never repeated in a transaction.
    """
    try:
        async with reading(executor) as conn:
            return await work(conn)
    except ConnectionLost:
        if isinstance(executor, AsyncTransaction):
            raise
        log.info("connection lost during a read: repeating it on a fresh session")
    async with reading(executor) as conn:
        return await work(conn)


@asynccontextmanager
async def reading(executor: AsyncExecutor) -> AsyncIterator[AsyncConnection]:
    """A session for reads: the transaction's own, or a pooled autocommit one."""
    if isinstance(executor, AsyncTransaction):
        _check_active(executor)
        async with translated():
            yield executor.connection
        return
    async with executor.connection() as conn, translated():
        yield conn


@asynccontextmanager
async def writing(executor: AsyncExecutor) -> AsyncIterator[AsyncConnection]:
    """A session for writes: the transaction's own, or a new transaction committed on success."""
    if isinstance(executor, AsyncTransaction):
        _check_active(executor)
        async with translated():
            yield executor.connection
        return
    async with executor.transaction() as tx, translated():
        yield tx.connection


def _check_active(tx: AsyncTransaction) -> None:
    if not tx.active:
        raise OmniDBError("the transaction has already ended; open a new one")
