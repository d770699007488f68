"""Transactions, and how query functions get a session from an ``Executor``.

Query functions take an ``Executor``: a :class:`~omnidb.pool.Database` (each call runs on its own,
a write in its own transaction) or a :class:`Transaction` (the call joins it, and nothing commits
until the ``with`` block ends).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from omnidb.cluster import replica_session, session_switches, wants_replica
from omnidb.errors import ConnectionLost, OmniDBError
from omnidb.session import Connection, translated

if TYPE_CHECKING:
    from omnidb.pool import Database

T = TypeVar("T")
log = logging.getLogger("omnidb")


class Transaction:
    """One open transaction on one session; pass it to query functions so they join it."""

    def __init__(self, database: Database, conn: Connection) -> None:
        self.database = database
        self.connection = conn
        self.active = True

    def __repr__(self) -> str:
        state = "active" if self.active else "finished"
        return f"<omnidb.Transaction {state} on {self.database.config.safe_dsn()}>"


Executor: TypeAlias = "Database | Transaction"


def database_of(executor: Executor) -> Database:
    """The pool behind an executor."""
    return executor.database if isinstance(executor, Transaction) else executor


def run_read(executor: Executor, work: Callable[[Connection], T]) -> T:
    """``work(session)`` on a reading session; on a ``Database``, once more on a fresh session if the
    connection was lost, since a read is safe to repeat. Inside a transaction it is never repeated.
    """
    try:
        with reading(executor) as conn:
            return work(conn)
    except ConnectionLost:
        if isinstance(executor, Transaction):
            raise
        log.info("connection lost during a read: repeating it on a fresh session")
    with reading(executor) as conn:
        return work(conn)


def run_write(executor: Executor, work: Callable[[Connection], T]) -> T:
    """``work(session)`` in the caller's transaction, or in a new one committed on success.

    Cluster hook (issue 13): on a ``Database`` whose DSN sets ``write_retries=N``, a deadlock or a
    Galera certification conflict (1213, often at COMMIT) re-runs the whole transaction, up to N
    more times (``Database.run_in_transaction``). Inside a caller's transaction it is never re-run.
    """
    if isinstance(executor, Transaction) or executor.config.write_retries <= 0:
        with writing(executor) as conn:
            return work(conn)

    def attempt(tx: Transaction) -> T:
        with translated(), session_switches(tx.connection, executor.config):
            return work(tx.connection)

    return executor.run_in_transaction(attempt, retries=executor.config.write_retries)


@contextmanager
def reading(executor: Executor) -> Iterator[Connection]:
    """A session for reads: the transaction's own, or a pooled autocommit one (no BEGIN/COMMIT)."""
    if isinstance(executor, Transaction):
        check_active(executor)
        with translated(), session_switches(executor.connection, executor.database.config):
            yield executor.connection
        return
    if wants_replica(executor.config):  # cluster hook: replica_reads()
        with replica_session(executor) as conn, session_switches(conn, executor.config):
            yield conn
        return
    with executor.connection() as conn, translated(), session_switches(conn, executor.config):
        yield conn


@contextmanager
def writing(executor: Executor) -> Iterator[Connection]:
    """A session for writes: the transaction's own, or a new transaction committed on success."""
    if isinstance(executor, Transaction):
        check_active(executor)
        with translated(), session_switches(executor.connection, executor.database.config):
            yield executor.connection
        return
    with executor.transaction() as tx, translated(), session_switches(tx.connection, executor.config):
        yield tx.connection


def check_active(tx: Transaction) -> None:
    if not tx.active:
        raise OmniDBError("the transaction has already ended; open a new one")
