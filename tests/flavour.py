"""Which flavour of the API the domain tests call: the sync modules (``omnidb.v1.<name>``), or, with
``pytest --flavour aio`` (or ``OMNIDB_TEST_FLAVOUR=aio``), their async twins (``omnidb.aio.v1.<name>``)
behind a sync face.

The domain operations are written once, async, and their sync modules are generated from them, so
the same tests run against both: tox runs the domain test files a second time with ``--flavour aio``.
The sync face runs each async call to completion on one event loop in a daemon thread, on an
``omnidb.aio`` pool opened (once per sync ``Database``) on the same database with the same options;
the call's exception, if any, is raised as it is. A call given a sync ``Transaction`` runs the sync
function (an open sync transaction cannot be lent to an async session); rows are set up by the sync
factories either way.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import os
import threading
from collections.abc import Callable, Coroutine
from types import ModuleType
from typing import Any, TypeVar

import omnidb

T = TypeVar("T")
FLAVOUR = os.environ.get("OMNIDB_TEST_FLAVOUR", "sync")
if FLAVOUR not in ("sync", "aio"):
    raise RuntimeError(f"OMNIDB_TEST_FLAVOUR must be sync or aio, not {FLAVOUR!r}")


def modules(version: int, *names: str) -> tuple[Any, ...]:
    """``omnidb.v<version>.<name>`` for each name, or their async twins behind a sync face."""
    found = [importlib.import_module(f"omnidb.v{version}.{name}") for name in names]
    if FLAVOUR == "aio":
        twins = [importlib.import_module(f"omnidb.aio.v{version}.{name}") for name in names]
        found = [_SyncFace(module, twin) for module, twin in zip(found, twins, strict=True)]
    return tuple(found)


class _Loop:
    """One event loop in a daemon thread, and the async pools opened on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="omnidb-test-aio", daemon=True).start()
        # id(db) -> (db, its async pool): the pool keeps its sync Database alive, whose id() a later
        # Database would otherwise take over, and with it this pool, on another test's database.
        self.pools: dict[int, tuple[omnidb.Database, Any]] = {}
        self.lock = threading.Lock()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def pool(self, db: omnidb.Database) -> Any:
        import omnidb.aio

        with self.lock:
            if id(db) not in self.pools:
                self.pools[id(db)] = (db, self.run(omnidb.aio.connect(db.config)))
            return self.pools[id(db)][1]


_LOOP: _Loop | None = None


def _loop() -> _Loop:
    global _LOOP
    if _LOOP is None:
        _LOOP = _Loop()
    return _LOOP


def close() -> None:
    """Close the async pools the sync face opened (at the end of the run)."""
    if _LOOP is not None:
        for _, pool in _LOOP.pools.values():
            _LOOP.run(pool.close())
        _LOOP.pools.clear()


async def _collect(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


class _SyncFace:
    """The functions of an async module, callable as the sync module's are."""

    def __init__(self, sync_module: ModuleType, async_module: ModuleType) -> None:
        self._sync, self._async = sync_module, async_module

    def __getattr__(self, name: str) -> Any:
        sync_value, async_value = getattr(self._sync, name), getattr(self._async, name, None)
        if not inspect.isfunction(async_value):
            return sync_value  # constants, structs
        return _face(sync_value, async_value)


def _face(sync_function: Callable[..., Any], async_function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(sync_function)
    def call(db: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(db, omnidb.Database):
            return sync_function(db, *args, **kwargs)  # a sync Transaction, or not a database call
        loop = _loop()
        result = async_function(loop.pool(db), *args, **kwargs)
        if inspect.iscoroutine(result):
            return loop.run(result)
        if hasattr(result, "__aiter__"):
            return iter(loop.run(_collect(result)))
        return result

    return call
