"""DSN option health_check: a pooled session that died while idle is replaced before it is lent."""

from __future__ import annotations

import attrs
import pytest
from dbtools import admin

import omnidb
from omnidb.config import Config
from omnidb.errors import ConnectionLost


def _kill_idle_session(db: omnidb.Database, config: Config) -> None:
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID() AS id")
        session = cur.fetchone()["id"]
    with admin(config).cursor() as cur:
        cur.execute(f"KILL {int(session)}")


@pytest.mark.parametrize("health_check", [False, True])
def test_a_session_killed_while_idle(empty_config: Config, health_check: bool) -> None:
    with omnidb.connect(attrs.evolve(empty_config, health_check=health_check, pool_size=1)) as db:
        _kill_idle_session(db, empty_config)
        if health_check:
            with db.connection() as conn, conn.cursor() as cur:
                cur.execute("SELECT 1 AS one")
                assert cur.fetchone()["one"] == 1
        else:
            with pytest.raises(ConnectionLost), db.connection() as conn, conn.cursor() as cur:
                try:
                    cur.execute("SELECT 1 AS one")
                except omnidb.errors.DRIVER_ERRORS as exc:
                    raise omnidb.errors.translate(exc) from exc
