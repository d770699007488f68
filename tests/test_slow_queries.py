"""Slow-query logging: the query name, duration and parameter names are logged; values never are."""

from __future__ import annotations

import logging

import pytest

import omnidb
from omnidb.config import Config
from omnidb.errors import ConfigError
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, orgs


def test_queries_over_the_threshold_are_logged_without_values(
    empty_config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    db = omnidb.connect(empty_config, slow_query_ms=0)  # 0: log every query
    Migrator(db).migrate(1)
    caplog.set_level(logging.WARNING, logger="omnidb.slow")

    org = orgs.create_org(db, name="secret-org-name-4242")
    app = apps.create_app(db, org_id=org.id, name="web")
    apps.update_app(db, app.id, display_name="hunter2-display")
    apps.list_apps(db, org_id=org.id)

    messages = [r.getMessage() for r in caplog.records if r.name == "omnidb.slow"]
    assert any(m.startswith("slow query create_org took ") and "(parameters: " in m for m in messages)
    assert any(
        m.startswith("slow query update_app took ") and "display_name, expected_updated_at, id" in m for m in messages
    )
    assert any("list_apps" in m and "limit, offset, org_id" in m for m in messages)
    text = "\n".join(messages)
    assert "secret-org-name-4242" not in text and "hunter2-display" not in text
    db.close()


def test_no_threshold_logs_nothing(empty_db: omnidb.Database, caplog: pytest.LogCaptureFixture) -> None:
    Migrator(empty_db).migrate(1)
    caplog.set_level(logging.DEBUG, logger="omnidb.slow")
    orgs.list_orgs(empty_db)
    assert [r for r in caplog.records if r.name == "omnidb.slow"] == []


def test_the_threshold_comes_from_the_dsn_and_is_validated() -> None:
    assert omnidb.parse_dsn("mysql://h/db?slow_query_ms=250").slow_query_ms == 250.0
    with pytest.raises(ConfigError, match="slow_query_ms must be 0 or more, got -1"):
        omnidb.parse_dsn("mysql://h/db?slow_query_ms=-1")
