"""What the storage, notification, alert, backup and cost operations share: one transaction for several
statements, and parameters checked by their type before any is sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from omnidb.convert import checker
from omnidb.errors import InvalidInput
from omnidb.resource import Resource
from omnidb.transaction import Executor, Transaction

T = TypeVar("T")


@contextmanager
def transaction_of(db: Executor) -> Iterator[Transaction]:
    """``db`` itself when it is a transaction (the caller's block commits), else a new transaction that
    commits when the block ends and rolls back on any exception: the statements of one operation are
    written together or not at all.
    """
    if isinstance(db, Transaction):
        yield db
        return
    with db.transaction() as tx:
        yield tx


def bound(name: str, kind: Any, value: Any) -> Any:
    """``value`` checked against ``kind`` and converted for the driver; ``InvalidInput`` naming ``name``."""
    return checker(name, kind)(value)


def create(resource: Resource[T], executor: Executor, values: Mapping[str, Any]) -> T:
    """``resource.create`` with the columns of ``create_<r>`` not in ``values`` left None (their default)."""
    columns: tuple[str, ...] = tuple(getattr(resource.query(f"create_{resource.singular}"), "parameters", ()) or ())
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise InvalidInput(f"create_{resource.singular}: no column {unknown[0]}", field=unknown[0])
    return resource.create(executor, {column: values.get(column) for column in columns})
