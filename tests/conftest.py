"""Test harness: a real server, and freshly created databases with unique names, dropped after.

The server is the one ``OMNIDB_TEST_DSN`` names (default ``mysql://root@127.0.0.1:3306/``), reached
through the driver ``OMNIDB_TEST_DRIVER`` names (``pymysql``, the default, or ``mysqlclient``). When it
does not answer and ``mariadbd``/``mysqld`` is installed, a private throwaway server is started for
the run instead (omnidb.tooling.devserver); with neither, the run stops with a message saying what to do.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import attrs
import flavour
import pytest
from dbtools import MakeDatabase, admin

import omnidb
from omnidb.config import Config, parse_dsn
from omnidb.tooling.devserver import DevServer, find_server_binary, server_answers

DEFAULT_TEST_DSN = "mysql://root@127.0.0.1:3306/"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--flavour",
        choices=("sync", "aio"),
        default=None,
        help="the API the domain tests call: sync (default) or the async twins (tests/flavour.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    chosen = config.getoption("flavour")
    if chosen is not None:
        flavour.FLAVOUR = chosen  # before collection imports the test modules


def pytest_report_header(config: pytest.Config) -> str:
    return f"omnidb API flavour of the domain tests: {flavour.FLAVOUR}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    flavour.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    """The server every test talks to (no default database)."""
    config = parse_dsn(os.environ.get("OMNIDB_TEST_DSN", DEFAULT_TEST_DSN)).with_database(None)
    # tox's driver factor: the suite's omnidb connections go through this driver
    config = attrs.evolve(config, driver=os.environ.get("OMNIDB_TEST_DRIVER", "pymysql"))
    if server_answers(config.host, config.port, config.user, config.password):
        yield config
        return
    if find_server_binary() is None:
        pytest.exit(
            f"no server answers at {config.safe_dsn()} and no mariadbd/mysqld is installed to start a "
            "private one: set OMNIDB_TEST_DSN, or apt-get install mariadb-server",
            returncode=3,
        )
    private = DevServer(tmp_path_factory.mktemp("server"))
    dsn = private.start()
    try:
        yield attrs.evolve(parse_dsn(dsn), driver=config.driver)
    finally:
        private.stop()


@pytest.fixture(scope="session")
def make_database(server: Config) -> Iterator[MakeDatabase]:
    """A factory of fresh empty databases (``omnidb_test_<random>``), all dropped at the end."""
    created: list[str] = []
    conn = admin(server)

    def make() -> Config:
        name = f"omnidb_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        created.append(name)
        return server.with_database(name)

    yield make
    with conn.cursor() as cur:
        for name in created:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    conn.close()


@pytest.fixture
def empty_config(make_database: MakeDatabase) -> Config:
    """Settings of a fresh, empty database."""
    return make_database()


@pytest.fixture
def empty_db(empty_config: Config) -> Iterator[omnidb.Database]:
    """A pool on a fresh, empty database."""
    db = omnidb.connect(empty_config)
    yield db
    db.close()
