"""The async twin of :mod:`omnidb.loading`: on the async drivers a bulk load is the writer's INSERTs.

A session that may send a local file sends whatever file the server names, unless the client checks
the name; omnidb checks it on PyMySQL (``omnidb/session.py``), not on aiomysql or asyncmy (and
asyncmy 0.2 cannot send a file at all: it hands the server's file name to its sender as bytes, a
TypeError mid-statement). So ``load_<r>s`` of ``omnidb.aio`` gives the same rows, checks and errors
as the sync load, through the multi-row INSERTs of ``create_<r>s``, and says so once per server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from omnidb.aio.transaction import AsyncTransaction
from omnidb.loading import say_refused, writer_of

if TYPE_CHECKING:
    from omnidb.aio.resource import AsyncResource


async def load(resource: AsyncResource[Any], executor: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Run the bulk load of ``resource`` as its INSERTs (see the module's docstring); return the rows inserted."""
    writer, bulk = writer_of(resource.resource, executor, AsyncTransaction)
    say_refused(
        executor.config.safe_dsn(), writer, bulk.name, why="the async drivers: omnidb cannot check which file is sent"
    )
    return await resource.bulk(executor, rows, writer)
