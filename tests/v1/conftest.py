"""Fixtures of the v1 suite: a database migrated once per session, at V1 and again at V2.

Every v1 test runs twice: on a V1 database and on a V2 one, since v1 code must keep working on a
database migrated to the next version. Tests make their own rows (unique names), so they share a
database without seeing each other's data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dbtools import MakeDatabase

import omnidb
from omnidb.config import Config
from omnidb.tooling.migrate import Migrator


@pytest.fixture(scope="session", params=[1, 2], ids=["schema-V1", "schema-V2"])
def config_at_v1_or_v2(request: pytest.FixtureRequest, make_database: MakeDatabase) -> Config:
    """A database migrated to V1 (or V2) for the v1 suite."""
    config = make_database()
    with omnidb.connect(config) as db:
        Migrator(db).migrate(request.param)
    return config


@pytest.fixture(scope="session")
def db_at_v1_or_v2(config_at_v1_or_v2: Config) -> Iterator[omnidb.Database]:
    """A pool on the v1 suite's database."""
    database = omnidb.connect(config_at_v1_or_v2)
    yield database
    database.close()
