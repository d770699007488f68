"""Fixtures of the v2 suite: a database migrated to V2 once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dbtools import MakeDatabase

import omnidb
from omnidb.config import Config
from omnidb.tooling.migrate import Migrator


@pytest.fixture(scope="session")
def config_at_v2(make_database: MakeDatabase) -> Config:
    """A database migrated to V2 for the v2 suite."""
    config = make_database()
    with omnidb.connect(config) as db:
        Migrator(db).migrate(2)
    return config


@pytest.fixture(scope="session")
def db_at_v2(config_at_v2: Config) -> Iterator[omnidb.Database]:
    """A pool on the v2 suite's database."""
    database = omnidb.connect(config_at_v2)
    yield database
    database.close()
