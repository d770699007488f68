"""Values the V1 schema takes but that mean nothing (a negative memory limit, a blank name, a span
that ends before it starts) are refused with ``InvalidInput`` naming the column, before anything is
sent: the declared ``rules`` and ``spans`` of ``omnidb/v1/declarations.py``, on every path that
binds the column (create, update, bulk write, bulk load).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from dbtools import query
from v1 import factories as make

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput, NotFound
from omnidb.v1 import (
    apps,
    config_vars,
    cost_budgets,
    cost_metrics,
    instances,
    network_policies,
    orgs,
    tasks,
)


def count(config: Config, table: str) -> int:
    return int(query(config, f"SELECT COUNT(*) AS n FROM `{table}`")[0]["n"])


def refused(config: Config, table: str, call: Callable[[], Any], field: str, message: str) -> None:
    """``call`` raises InvalidInput naming ``field`` with ``message``, and ``table`` gains no row."""
    before = count(config, table)
    with pytest.raises(InvalidInput, match=message) as raised:
        call()
    assert raised.value.field == field
    assert count(config, table) == before


@pytest.mark.parametrize("column", ["memory_in_mb", "disk_in_mb", "timeout_seconds"])
def test_a_task_refuses_a_negative_limit_on_create_and_update(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, column: str
) -> None:
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    app = make.app(db)
    refused(
        config,
        "tasks",
        lambda: tasks.create_task(db, app_id=app.id, command="run", **{column: -1}),
        column,
        rf"^{column} must be 0 or more, got -1$",
    )
    task = make.task(db, app_id=app.id, **{column: 0})  # 0 is a value
    assert getattr(task, column) == 0
    refused(config, "tasks", lambda: tasks.update_task(db, task.id, **{column: -5}), column, rf"^{column} must be")
    assert getattr(tasks.get_task_by_id(db, task.id), column) == 0


def test_a_task_refuses_a_negative_cpu(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    app = make.app(db_at_v1_or_v2)
    refused(
        config_at_v1_or_v2,
        "tasks",
        lambda: tasks.create_task(db_at_v1_or_v2, app_id=app.id, command="run", cpu=-0.5),
        "cpu",
        r"^cpu must be 0 or more, got -0.5$",
    )
    assert tasks.create_task(db_at_v1_or_v2, app_id=app.id, command="run", cpu=0.25).cpu == 0.25


def test_an_instance_index_is_0_or_more(db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config) -> None:
    app = make.app(db_at_v1_or_v2)
    refused(
        config_at_v1_or_v2,
        "instances",
        lambda: instances.create_instance(
            db_at_v1_or_v2, app_id=app.id, guid="g" * 36, instance_index=-1, instance_type="container"
        ),
        "instance_index",
        r"^instance_index must be 0 or more, got -1$",
    )


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_names_and_keys_things_are_found_by_are_not_blank(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, blank: str
) -> None:
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    must = r"must be text that is not empty or spaces alone, got "
    refused(config, "orgs", lambda: orgs.create_org(db, name=blank), "name", rf"^name {must}{re.escape(repr(blank))}$")
    org = make.org(db)
    refused(config, "orgs", lambda: orgs.update_org(db, org.id, name=blank), "name", rf"^name {must}")
    assert orgs.get_org_by_id(db, org.id).name == org.name
    refused(config, "apps", lambda: apps.create_app(db, org_id=org.id, name=blank), "name", rf"^name {must}")
    app = make.app(db, org_id=org.id)
    refused(
        config,
        "config_vars",
        lambda: config_vars.create_config_var(db, app_id=app.id, key=blank, value="v"),
        "key",
        rf"^key {must}",
    )


def test_a_budget_refuses_a_negative_amount_and_a_period_that_ends_before_it_starts(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    org = make.org(db)
    given = {"org_id": org.id, "budget_name": "q1", "budget_period": "monthly"}
    refused(
        config,
        "cost_budgets",
        lambda: cost_budgets.create_cost_budget(db, **given, budget_amount=Decimal("-0.01")),
        "budget_amount",
        r"^budget_amount must be 0 or more, got Decimal\('-0.01'\)$",
    )
    backwards = {"period_start": date(2026, 12, 1), "period_end": date(2026, 11, 30)}
    refused(
        config,
        "cost_budgets",
        lambda: cost_budgets.create_cost_budget(db, **given, budget_amount=Decimal(1), **backwards),
        "period_end",
        r"^period_end must not be before period_start: got period_start 2026-12-01, period_end 2026-11-30$",
    )
    budget = cost_budgets.create_cost_budget(
        db, **given, budget_amount=Decimal(0), period_start=date(2026, 12, 1), period_end=date(2026, 12, 1)
    )
    refused(
        config,
        "cost_budgets",
        lambda: cost_budgets.update_cost_budget(db, budget.id, **backwards),
        "period_end",
        r"^period_end must not be before period_start",
    )
    assert cost_budgets.get_cost_budget_by_id(db, budget.id).period_end == date(2026, 12, 1)


def test_a_cost_metric_that_ends_before_it_starts_is_refused_alone_and_in_a_bulk_write(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    kind = make.resource_type(db)
    start = datetime(2026, 11, 1, 12, tzinfo=UTC)
    row = {
        "resource_type_id": kind.id,
        "start_time": start,
        "end_time": start + timedelta(hours=1),
        "usage_quantity": 1.0,
        "unit_cost": Decimal("0.5"),
        "total_cost": Decimal("0.5"),
    }
    backwards = {**row, "end_time": start - timedelta(seconds=1)}
    refused(
        config,
        "cost_metrics",
        lambda: cost_metrics.create_cost_metric(db, **backwards),
        "end_time",
        r"^end_time must not be before start_time: "
        r"got start_time 2026-11-01 12:00:00 UTC, end_time 2026-11-01 11:59:59 UTC$",
    )
    for write in (cost_metrics.record_cost_metrics, cost_metrics.load_cost_metrics):
        refused(
            config,
            "cost_metrics",
            lambda write=write: write(db, [row, backwards]),  # type: ignore[misc]
            "end_time",
            r": row 1: end_time must not be before start_time",
        )
    assert cost_metrics.record_cost_metrics(db, [row, {**row, "end_time": start}]) == 2  # a zero-length span


def test_a_network_policy_takes_ports_from_1_to_65535_in_order(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    one, other = make.app(db), make.app(db)
    apps_ = {"source_app_id": one.id, "destination_app_id": other.id}
    for column, port in (("port_range_start", 0), ("port_range_end", 65536)):
        refused(
            config,
            "network_policies",
            lambda column=column, port=port: network_policies.create_network_policy(db, **apps_, **{column: port}),  # type: ignore[misc]
            column,
            rf"^{column} must be a port from 1 to 65535, got {port}$",
        )
    refused(
        config,
        "network_policies",
        lambda: network_policies.create_network_policy(db, **apps_, port_range_start=443, port_range_end=80),
        "port_range_end",
        r"^port_range_end must not be before port_range_start: got port_range_start 443, port_range_end 80$",
    )
    policy = network_policies.create_network_policy(db, **apps_, port_range_start=80, port_range_end=80)
    assert (policy.port_range_start, policy.port_range_end) == (80, 80)


def test_a_price_that_stops_before_it_takes_effect_is_refused(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """Refused where the write gives both; an update gives only ``effective_to`` (``effective_from``
    is not updatable) and is not compared with the stored start (docs/data-layer.md, Values)."""
    refused(
        config_at_v1_or_v2,
        "resource_pricing",
        lambda: make.resource_price(
            db_at_v1_or_v2,
            effective_from=datetime(2026, 6, 1, tzinfo=UTC),
            effective_to=datetime(2026, 5, 1, tzinfo=UTC),
        ),
        "effective_to",
        r"^effective_to must not be before effective_from",
    )


def test_a_lookup_still_finds_a_row_stored_before_the_rules_by_its_value(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """Rules check what writes store, not what reads look for: a blank name stored by another tool
    (or before the rule) is found, updated in its other columns, and a blank lookup is NotFound."""
    org = make.org(db_at_v1_or_v2)
    query(config_at_v1_or_v2, "INSERT INTO apps (org_id, name) VALUES (%s, ' ')", org.id)
    found = apps.get_app_by_name(db_at_v1_or_v2, org.id, " ")
    assert found.name == " "
    assert apps.update_app(db_at_v1_or_v2, found.id, instances=2).instances == 2
    with pytest.raises(NotFound):
        apps.get_app_by_name(db_at_v1_or_v2, org.id, "")
    assert apps.count_apps(db_at_v1_or_v2, org_id=org.id) == 1
