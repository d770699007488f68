"""Fixtures of the async suite: a database migrated once per session (at V1, or at V2), and an async
pool on it per test (each test runs in its own event loop).

The async driver is ``OMNIDB_TEST_AIO_DRIVER`` (``aiomysql``, the default, or ``asyncmy``): tox's
``aio-asyncmy`` env runs the whole suite on asyncmy. Every config below carries it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import attrs
import pytest
import pytest_asyncio
from dbtools import MakeDatabase

import omnidb
import omnidb.aio
from omnidb.config import Config
from omnidb.tooling.migrate import Migrator

AIO_DRIVER = os.environ.get("OMNIDB_TEST_AIO_DRIVER", "aiomysql")


@pytest.fixture(scope="session")
def config_at_v2(make_database: MakeDatabase) -> Config:
    """A database migrated to V2, shared by the async tests (each makes rows with unique names)."""
    config = make_database()
    with omnidb.connect(config) as db:
        Migrator(db).migrate(2)
    return attrs.evolve(config, aio_driver=AIO_DRIVER)


@pytest.fixture(scope="session")
def config_at_v1(make_database: MakeDatabase) -> Config:
    """A database migrated to V1 only."""
    config = make_database()
    with omnidb.connect(config) as db:
        Migrator(db).migrate(1)
    return attrs.evolve(config, aio_driver=AIO_DRIVER)


@pytest_asyncio.fixture
async def async_db_at_v2(config_at_v2: Config) -> AsyncIterator[omnidb.aio.AsyncDatabase]:
    """An async pool (5 sessions) on the V2 database."""
    db = await omnidb.aio.connect(config_at_v2, pool_size=5)
    yield db
    await db.close()
