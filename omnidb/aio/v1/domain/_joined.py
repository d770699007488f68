"""What the storage, notification, alert, backup and cost operations share: one transaction for several
statements, and parameters checked by their type before any is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from omnidb.aio.resource import AsyncResource
from omnidb.aio.transaction import AsyncExecutor, AsyncTransaction, one_operation, refuse_sync
from omnidb.convert import checker
from omnidb.errors import InvalidInput

T = TypeVar("T")


@asynccontextmanager
async def transaction_of(db: AsyncExecutor) -> AsyncIterator[AsyncTransaction]:
    """``db`` itself when it is a transaction (the caller's block commits; what the block wrote is
    undone when it raises: ``one_operation``), else a new transaction that commits when the block
    ends and rolls back on any exception: the statements of one operation are written together or
    not at all.
    """
    if isinstance(db, AsyncTransaction):
        async with one_operation(db):
            yield db
        return
    async with refuse_sync(db).transaction() as tx:
        yield tx


def bound(name: str, kind: Any, value: Any) -> Any:
    """``value`` checked against ``kind`` and converted for the driver; ``InvalidInput`` naming ``name``."""
    return checker(name, kind)(value)


async def create(resource: AsyncResource[T], executor: AsyncExecutor, values: Mapping[str, Any]) -> T:
    """``resource.create`` with the columns of ``create_<r>`` not in ``values`` left None (their default)."""
    columns: tuple[str, ...] = tuple(getattr(resource.query(f"create_{resource.singular}"), "parameters", ()) or ())
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise InvalidInput(f"create_{resource.singular}: no column {unknown[0]}", field=unknown[0])
    return await resource.create(executor, {column: values.get(column) for column in columns})
