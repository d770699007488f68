"""The async twin of :class:`omnidb.resource.Resource`: the same declaration, the same checks and
messages (the Resource's I/O-free methods), with ``await`` where the sync mechanism blocks.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

from omnidb import errors
from omnidb import registry as sync_registry
from omnidb.aio import cluster, registry
from omnidb.aio.session import (
    AsyncConnection,
    answers,
    close_quietly,
    closed_while_idle,
    translated,
    tuple_cursor,
)
from omnidb.aio.transaction import (
    AsyncExecutor,
    AsyncTransaction,
    Stream,
    busy,
    one_operation,
    reading,
    refuse_sync,
    require_schema,
    run_read,
    run_write,
    writing,
)
from omnidb.convert import check_id, row_builder, structure
from omnidb.errors import ConnectionLost, NotFound
from omnidb.resource import MAX_OFFSET, Resource, _runs_returning, bulk_failure, check_still_streaming, page_window

T = TypeVar("T")
R = TypeVar("R")


class AsyncResource(Generic[T]):
    """One declared table, run through an asyncio session."""

    def __init__(self, resource: Resource[T]) -> None:
        self.resource = resource
        self._statements: dict[str, str] = {}  # query name -> its SQL, looked up once
        self._builders: dict[str, tuple[list[str], Callable[[Any], T]]] = {}  # query -> (columns, builder)

    def __repr__(self) -> str:
        return f"<AsyncResource {self.resource.plural} V{self.resource.version}>"

    @property
    def singular(self) -> str:
        """The declared resource's singular name (``app``), as in its query names."""
        return self.resource.singular

    @property
    def updatable(self) -> frozenset[str]:
        """The columns ``update_<r>`` may change."""
        return self.resource.updatable

    def query(self, name: str) -> Callable[..., Any]:
        """The async named query ``name`` of this resource's schema version."""
        return getattr(registry.version(self.resource.version), name)  # type: ignore[no-any-return]

    async def get(self, executor: AsyncExecutor, row_id: int) -> T:
        """The row ``row_id``; ``NotFound`` if it does not exist or is soft-deleted."""
        row_id = check_id(f"{self.resource.singular}_id", row_id)
        return await self._read(executor, lambda conn: self.fetch(conn, row_id))

    async def fetch(self, conn: AsyncConnection, row_id: int) -> T:
        """:meth:`get` on a session already lent."""
        rows = await self.rows(conn, f"get_{self.resource.singular}_by_id", {"id": row_id})
        if not rows:
            raise NotFound(self.resource.label, row_id)
        return rows[0]

    async def rows(self, conn: AsyncConnection, query_name: str, params: Mapping[str, Any]) -> list[T]:
        """Run the named query ``query_name`` and build its rows into structs, as
        :meth:`omnidb.resource.Resource.rows` does: a tuple cursor and the row builder of the struct
        (:func:`omnidb.convert.row_builder`), not dict rows hydrated field by field.
        """
        sql = self._statements.get(query_name)
        if sql is None:
            sql = self._statements[query_name] = getattr(self.query(query_name), "sql")  # noqa: B009
        timed = getattr(conn, sync_registry.SLOW_QUERY_ATTRIBUTE, None) is not None
        started = time.perf_counter() if timed else 0.0
        async with conn.cursor(tuple_cursor(conn)) as cur:
            await registry.execute(conn, cur, sql, params)
            found = await cur.fetchall()
            description = cur.description
        if timed:
            sync_registry.log_if_slow(conn, query_name, params, started)
        names = [column[0] for column in description]
        cached = self._builders.get(query_name)
        if cached is None or cached[0] != names:
            cached = self._builders[query_name] = (names, row_builder(self.resource.struct, names))
        build = cached[1]
        return [build(row) for row in found]

    async def page(self, executor: AsyncExecutor, page: int, per_page: int, filters: Mapping[str, Any]) -> list[T]:
        """One page of rows, newest first."""
        limit, offset = page_window(page, per_page)
        params = self.resource._filter_params(filters)
        return await self._rows(executor, f"list_{self.resource.plural}", {**params, "limit": limit, "offset": offset})

    async def count(self, executor: AsyncExecutor, filters: Mapping[str, Any]) -> int:
        """How many rows :meth:`page` pages through."""
        params = self.resource._filter_params(filters)
        query = self.query(f"count_{self.resource.plural}")

        async def work(conn: AsyncConnection) -> int:
            return int(await query(conn, **params))

        return await self._read(executor, work)

    async def page_after(self, executor: AsyncExecutor, limit: int, after: Any, filters: Mapping[str, Any]) -> list[T]:
        """One keyset page (``list_<r>s_after``)."""
        bound = self.resource.keyset_params(limit, after, filters)
        return await self._rows(executor, f"list_{self.resource.plural}_after", bound)

    async def iterate(self, executor: AsyncExecutor, filters: Mapping[str, Any]) -> AsyncIterator[T]:
        """Every row ``list_<r>s`` would page through, streamed from an unbuffered cursor: memory
        stays flat whatever the row count. The session is held until the iteration ends.
        """
        params = {**self.resource._filter_params(filters), "limit": MAX_OFFSET, "offset": 0}
        sql = getattr(self.query(f"list_{self.resource.plural}"), "sql")  # noqa: B009
        await self._check_schema(executor)
        struct = self.resource.struct
        tx = executor if isinstance(executor, AsyncTransaction) else None
        stream: Stream | None = None
        # In a transaction, causal_reads' switch goes back when the stream closes (Stream.close), before
        # the block's COMMIT: the event loop may close the generator much later.
        async with reading(executor, hold=False, switches=tx is None) as conn:
            restore = None
            if tx is not None:
                async with busy(tx):
                    restore = await cluster.switch_session(conn, tx.database.config)
            cur = await conn.cursor(tuple_cursor(conn, unbuffered=True))
            stream = None if tx is None else Stream(self.resource.plural, cur, restore)
            try:
                async with busy(tx):
                    await registry.execute(conn, cur, sql, params)
                if tx is not None:  # another call on the transaction ends it first (end_stream)
                    tx.stream = stream
                build = row_builder(struct, [column[0] for column in cur.description])
                result = getattr(conn, "_result", None)
                while True:
                    async with busy(tx):
                        rows = await cur.fetchmany(500)
                    if not rows:
                        break
                    if stream is None:
                        for row in rows:
                            yield build(row)
                    else:
                        for row in rows:
                            stream.check()  # read on after its transaction's block ended: not a row more
                            yield build(row)
                        stream.check()
                    check_still_streaming(conn, result, self.resource.plural)
            except BaseException:
                # Left early: a cursor the driver cannot close now (its session closed) must not
                # hide why (as in sync).
                with contextlib.suppress(Exception):
                    await (cur.close() if stream is None else stream.close())
                raise
            else:
                await (cur.close() if stream is None else stream.close())
            finally:
                if tx is not None and tx.stream is stream:
                    tx.stream = None

    async def create(self, executor: AsyncExecutor, values: Mapping[str, Any]) -> T:
        """Insert one row and return it as stored, as :meth:`omnidb.resource.Resource.create` does: where
        the resource has a ``create_<r>_returning`` query and the server runs ``INSERT ... RETURNING``
        (MariaDB 10.5+), that one statement (no BEGIN, no read-back, no COMMIT), or its short form of
        the required columns alone when nothing else is given; elsewhere (MySQL) ``create_<r>`` and a
        read-back in one transaction.
        """
        params = self.resource.create_params(values)
        chosen = self.resource._returning_insert(params)
        if chosen is not None:
            name, bound = chosen
            async with self._single_statement(executor) as conn:
                if _runs_returning(conn):
                    with self.resource.write_errors(values):
                        return (await self.rows(conn, name, bound))[0]
        create = self.query(f"create_{self.resource.singular}")

        async def work(conn: AsyncConnection) -> T:
            return await self.fetch(conn, await create(conn, **params))

        return await self._write(executor, values, work)

    async def update(
        self,
        executor: AsyncExecutor,
        row_id: int,
        changes: Mapping[str, Any],
        *,
        expected_updated_at: datetime | None = None,
    ) -> T:
        """Change only the given whitelisted columns; ``Conflict`` on a lost update."""
        sql, params, changes = self.resource.update_statement(row_id, changes, expected_updated_at)

        async def work(conn: AsyncConnection) -> T:
            started = time.perf_counter()
            async with conn.cursor() as cur:
                matched = await registry.execute(conn, cur, sql, params)
            sync_registry.log_if_slow(conn, f"update_{self.resource.singular}", params, started)
            if not matched:
                raise self.resource.lost_update(await self.fetch(conn, params["id"]), expected_updated_at)
            row = await self.fetch(conn, params["id"])
            self.resource.check_stored_spans(row, changes)
            return row

        if not self.resource.half_spans(changes):
            return await self._write(executor, changes, work)
        # The row is checked after the UPDATE: undone with it when its span is refused.
        async with one_operation(executor):
            return await self._write(executor, changes, work)

    async def delete(self, executor: AsyncExecutor, row_id: int) -> None:
        """Soft-delete (or delete) the row; ``NotFound`` if absent."""
        row_id = check_id(f"{self.resource.singular}_id", row_id)
        delete = self.query(f"delete_{self.resource.singular}")

        async def work(conn: AsyncConnection) -> None:
            if not await delete(conn, id=row_id):
                raise NotFound(self.resource.label, row_id)

        await self._write(executor, None, work)

    async def bulk(self, executor: AsyncExecutor, rows: Iterable[Mapping[str, Any]], writer: str | None = None) -> int:
        """Insert many rows in one transaction; return how many were inserted."""
        batch = self.resource.bulk_rows(rows, writer)
        if not batch:
            return 0
        name, sql = f"create_{self.resource.plural}_bulk", self.resource.bulk_statement()

        async def work(conn: AsyncConnection) -> int:
            try:
                return await registry.execute_many(conn, name, sql, batch)
            except errors.DRIVER_ERRORS as exc:
                told = bulk_failure(exc, len(batch))
                if told is None:
                    raise
                raise told from exc

        if len(batch) == 1:
            return await self._write(executor, {}, work)
        # Several rows may go as several INSERTs: in the caller's transaction, undone together.
        async with one_operation(executor):
            return await self._write(executor, {}, work)

    async def load(self, executor: AsyncExecutor, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert many rows with ``LOAD DATA LOCAL INFILE``, as :meth:`omnidb.resource.Resource.load`."""
        from omnidb.aio import loading

        await self._check_schema(executor)
        return await loading.load(self, executor, rows)

    async def lookup(self, executor: AsyncExecutor, name: str, values: Mapping[str, Any]) -> T:
        """Run the declared ``LOOKUP`` action ``name``; ``NotFound`` when it finds nothing."""
        query, bound = self.query(self.resource.action(name).query), self.resource._bind_all(values)

        async def work(conn: AsyncConnection) -> Any:
            return await query(conn, **bound)

        row = await self._read(executor, work)
        if row is None:
            raise self.resource.not_found(name, values)
        return structure(row, self.resource.struct)

    async def act(self, executor: AsyncExecutor, name: str, row_id: int, values: Mapping[str, Any]) -> T:
        """Run the declared ``ACT`` action ``name``; return the row after it, ``Conflict`` if refused."""
        row_id = check_id(f"{self.resource.singular}_id", row_id)
        values, bound = self.resource.act_params(name, values)
        query = self.query(self.resource.action(name).query)

        async def work(conn: AsyncConnection) -> T:
            if not await query(conn, id=row_id, **bound):
                raise self.resource.refused(await self.fetch(conn, row_id), name)
            return await self.fetch(conn, row_id)

        return await self._write(executor, values, work)

    async def upsert(self, executor: AsyncExecutor, name: str, values: Mapping[str, Any]) -> T:
        """Run the declared ``UPSERT`` action ``name``; return the row."""
        declared = self.resource.action(name)
        bound = self.resource._bind_all(values, declared.optional, ruled=True)
        query = self.query(declared.query)

        async def work(conn: AsyncConnection) -> T:
            return await self.fetch(conn, await query(conn, **bound))

        return await self._write(executor, values, work)

    async def select(self, executor: AsyncExecutor, name: str, values: Mapping[str, Any]) -> list[T]:
        """Run the declared ``SELECT`` action ``name`` and hydrate its rows."""
        declared = self.resource.action(name)
        return await self._rows(executor, declared.query, self.resource._bind_all(values, declared.optional))

    async def _rows(self, executor: AsyncExecutor, query_name: str, params: Mapping[str, Any]) -> list[T]:
        async def work(conn: AsyncConnection) -> list[T]:
            return await self.rows(conn, query_name, params)

        return await self._read(executor, work)

    async def _read(self, executor: AsyncExecutor, work: Callable[[AsyncConnection], Awaitable[R]]) -> R:
        await self._check_schema(executor)
        return await run_read(executor, work)

    @asynccontextmanager
    async def _single_statement(self, executor: AsyncExecutor) -> AsyncIterator[AsyncConnection]:
        """A session for one write statement: the transaction's own, or a pooled autocommit one (a
        single statement is atomic on its own; it is never repeated after a lost connection, so a
        session the server closed while it sat idle is noticed before the write, without a round trip
        where the driver allows, else by a ping).
        """
        await self._check_schema(executor)
        if isinstance(executor, AsyncTransaction):
            async with writing(executor) as conn:
                yield conn
            return
        for _ in range(refuse_sync(executor).config.pool_size + 1):
            async with executor.connection() as conn:
                closed = closed_while_idle(conn)
                if closed or (closed is None and not await answers(conn)):
                    close_quietly(conn)  # the pool drops a closed session when it comes back
                    continue
                async with translated():
                    yield conn
                return
        raise ConnectionLost("every pooled session was closed by the server")

    async def _write(
        self, executor: AsyncExecutor, values: Mapping[str, Any] | None, work: Callable[[AsyncConnection], Awaitable[R]]
    ) -> R:
        """``await work(session)`` in the caller's transaction, or in one of its own on an
        ``AsyncDatabase`` (re-run on a deadlock or a Galera certification conflict when the DSN sets
        ``write_retries``); errors named for the resource when ``values`` are given.
        """
        await self._check_schema(executor)
        if values is None:
            return await run_write(executor, work)

        async def guarded(conn: AsyncConnection) -> R:
            with self.resource.write_errors(values):
                return await work(conn)

        return await run_write(executor, guarded)

    async def _check_schema(self, executor: AsyncExecutor) -> None:
        version = self.resource.version
        if version > 1:
            await require_schema(executor, version, f"omnidb.aio.v{version}")


F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def requiring(version: int, function: F) -> F:
    """Async ``function`` (of an earlier version's API) refusing a database below schema ``version``,
    as :func:`omnidb.resource.requiring` does for sync functions.
    """

    @functools.wraps(function)
    async def checked(db: AsyncExecutor, *args: Any, **kwargs: Any) -> Any:
        await require_schema(db, version, f"omnidb.aio.v{version}")
        return await function(db, *args, **kwargs)

    return cast(F, checked)
