"""The async twin of :mod:`omnidb.loading` (whose docstring says how a load runs), on aiomysql.

The same file, checks, session of its own and errors: aiomysql, like PyMySQL, sends whatever file a
server names, and omnidb's aiomysql sessions send only the load's own, during its LOAD
(``_DescribedResult._read_load_local_packet`` in ``omnidb/aio/session.py``). On asyncmy (0.2 hands
the server's file name to its sender as bytes: a TypeError mid-statement) and where the server
refuses ``LOAD DATA LOCAL``, ``load_<r>s`` is the multi-row INSERTs of ``create_<r>s``, said once
per server. The rows are checked and written to the file in a worker thread, so a large load does
not hold up the event loop (``rows`` is read there).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from omnidb.aio import cluster, registry
from omnidb.aio.session import AsyncConnection, close_quietly, open_loading_session, rollback_quietly, translated
from omnidb.aio.transaction import AsyncTransaction, refuse_sync, run_read
from omnidb.errors import ConnectionLost
from omnidb.loading import check_load, load_file, lost_commit, say_refused, write_file, writer_of

if TYPE_CHECKING:
    from omnidb.aio.resource import AsyncResource


async def load(resource: AsyncResource[Any], executor: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Run the bulk load of ``resource`` (see the module's docstring); return the rows inserted."""
    writer, bulk = writer_of(resource.resource, executor, AsyncTransaction)
    config = refuse_sync(executor).config
    if config.aio_driver != "aiomysql":
        say_refused(config.safe_dsn(), writer, bulk.name, why="asyncmy 0.2 cannot send a file")
        return await resource.bulk(executor, rows, writer)

    async def allowed(conn: AsyncConnection) -> bool:
        return bool(await registry.core().local_infile_allowed(conn))

    if not await run_read(executor, allowed):
        say_refused(config.safe_dsn(), writer, bulk.name)
        return await resource.bulk(executor, rows, writer)
    with load_file(resource.resource) as path:
        # Checked and written in a worker thread: a large load does not hold up the event loop.
        count = await asyncio.to_thread(write_file, resource.resource, rows, writer, path)
        if not count:
            return 0
        # The session that may send the file opens once the file is written, for the LOAD alone.
        conn = await open_loading_session(config)
        if config.read_timeout:
            setattr(conn, registry.READ_TIMEOUT_ATTRIBUTE, config.read_timeout)  # as the pool bounds its sessions
        try:
            return await _load_on(resource, conn, config, path, count, writer)
        finally:
            close_quietly(conn)


async def _load_on(
    resource: AsyncResource[Any], conn: AsyncConnection, config: Any, path: str, count: int, writer: str
) -> int:
    query = resource.query(f"load_{resource.resource.plural}_bulk")
    core = registry.core()
    async with translated():
        await registry.bounded(conn, conn.begin())
        try:
            with resource.resource.write_errors({}):
                conn.omnidb_load_file = path  # the one file it may send
                try:
                    loaded = int(await query(conn, path=path))
                finally:
                    conn.omnidb_load_file = None
                warnings = [row async for row in core.load_warnings(conn)]
                check_load(warnings, loaded, count, writer)
        except BaseException:
            await rollback_quietly(conn)  # the session is closed right after either way
            raise
    try:
        async with translated():
            await registry.bounded(conn, conn.commit())
    except ConnectionLost as exc:
        raise lost_commit(writer, exc) from exc
    await cluster.after_commit(config, conn)
    return loaded
