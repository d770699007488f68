"""The async twin of :mod:`omnidb.loading`: the same bulk load, the same file, checks and errors, on
an aiomysql session. The file is written in a worker thread, so a large load does not hold up the
event loop. On asyncmy (``aio_driver=asyncmy``) a load is the writer's INSERTs: asyncmy 0.2 fails
to send a local file.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import tempfile
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from omnidb.aio import cluster, registry
from omnidb.aio.session import AsyncConnection, close_quietly, open_loading_session, translated
from omnidb.aio.transaction import AsyncTransaction
from omnidb.loading import check_load, say_refused, write_rows, writer_of

if TYPE_CHECKING:
    from omnidb.aio.resource import AsyncResource


async def load(resource: AsyncResource[Any], executor: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Run the bulk load of ``resource`` (see :mod:`omnidb.loading`); return the rows inserted."""
    writer, bulk = writer_of(resource.resource, executor, AsyncTransaction)
    config = executor.config
    if config.aio_driver == "asyncmy":
        # asyncmy (0.2.x) cannot send a local file: it hands the server's file name to its sender as
        # bytes where a str is expected, a TypeError mid-statement. Its sessions get the INSERTs.
        say_refused(config.safe_dsn(), writer, bulk.name, why="asyncmy cannot send a local file")
        return await resource.bulk(executor, rows, writer)
    conn = await open_loading_session(config)
    try:
        async with translated():
            allowed = bool(await registry.core().local_infile_allowed(conn))
        if not allowed:
            close_quietly(conn)
            say_refused(config.safe_dsn(), writer, bulk.name)
            return await resource.bulk(executor, rows, writer)
        return await _load_on(resource, conn, config, rows, writer)
    finally:
        close_quietly(conn)


async def _load_on(
    resource: AsyncResource[Any], conn: AsyncConnection, config: Any, rows: Iterable[Mapping[str, Any]], writer: str
) -> int:
    declared = resource.resource
    fd, path = tempfile.mkstemp(prefix=f"omnidb-{declared.plural}-", suffix=".tsv")  # mode 0600
    try:

        def write() -> int:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                return write_rows(declared, rows, writer, handle)

        count = await asyncio.to_thread(write)
        if not count:
            return 0
        query = resource.query(f"load_{declared.plural}_bulk")
        async with translated():
            await registry.bounded(conn, conn.begin())
            try:
                with declared.write_errors({}):
                    # On aiomysql's own cursor, each warning would also be a Python warning, and they
                    # are raised as errors below: the query's SQL runs on a cursor that keeps quiet.
                    async with conn.cursor(_quiet_cursor()) as cur:
                        sql = getattr(query, "sql")  # noqa: B009 (aiosql query functions are typed Any)
                        loaded = int(await registry.bounded(conn, cur.execute(sql, {"path": path})))
                    warnings = [row async for row in registry.core().load_warnings(conn)]
                    check_load(warnings, loaded, count, writer)
                await registry.bounded(conn, conn.commit())
            except BaseException:
                with contextlib.suppress(Exception):
                    await registry.bounded(conn, conn.rollback())
                raise
            await cluster.after_commit(config, conn)
        return loaded
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


@functools.cache
def _quiet_cursor() -> type:
    """aiomysql's cursor, less the Python warning it issues for each server warning."""
    import aiomysql  # type: ignore[import-untyped]  # the package ships no type information

    class QuietCursor(aiomysql.Cursor):  # type: ignore[misc]
        async def _show_warnings(self, conn: Any) -> None:
            return None

    return QuietCursor
