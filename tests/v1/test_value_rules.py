"""Values the V1 schema takes but that mean nothing (a negative memory limit, a blank name, a span
that ends before it starts) are refused with ``InvalidInput`` naming the column, before anything is
sent: the declared ``rules`` and ``spans`` of ``omnidb/v1/declarations.py``, on every path that
binds the column (create, update, bulk write, bulk load).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
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
    resource_pricing,
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
    start = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
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
    """Refused where the create gives both; an update gives only ``effective_to`` (``effective_from``
    is not updatable): compared with the stored start (the next test)."""
    refused(
        config_at_v1_or_v2,
        "resource_pricing",
        lambda: make.resource_price(
            db_at_v1_or_v2,
            effective_from=datetime(2026, 6, 1, tzinfo=timezone.utc),
            effective_to=datetime(2026, 5, 1, tzinfo=timezone.utc),
        ),
        "effective_to",
        r"^effective_to must not be before effective_from",
    )


def stored(config: Config, table: str, row_id: int, *columns: str) -> dict[str, Any]:
    return query(config, f"SELECT {', '.join(columns)} FROM `{table}` WHERE id = %s", row_id)[0]


def test_an_update_of_one_end_of_a_span_is_compared_with_the_stored_other(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """The given end against the stored start (and the given start against the stored end): refused
    with both values named, the row as it was (the UPDATE is rolled back); an end equal to the
    start, or a NULL end, is taken."""
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    price = make.resource_price(db, effective_from=datetime(2026, 6, 1, tzinfo=timezone.utc))
    with pytest.raises(InvalidInput) as raised:
        resource_pricing.update_resource_price(db, price.id, effective_to=datetime(2026, 5, 1, tzinfo=timezone.utc))
    assert str(raised.value) == (
        "effective_to must not be before effective_from: got effective_to 2026-05-01 00:00:00 UTC, "
        f"and resource price {price.id} has effective_from 2026-06-01 00:00:00 UTC"
    )
    assert raised.value.field == "effective_to"
    assert stored(config, "resource_pricing", price.id, "effective_to", "updated_at") == {
        "effective_to": None,
        "updated_at": price.updated_at.replace(tzinfo=None),  # as stored: naive UTC
    }
    same = resource_pricing.update_resource_price(db, price.id, effective_to=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert same.effective_to == same.effective_from

    policy = make.network_policy(db, port_range_start=80, port_range_end=90)
    cases = (("port_range_end", 79, "port_range_start 80"), ("port_range_start", 91, "port_range_end 90"))
    for column, port, other in cases:
        message = (
            rf"^port_range_end must not be before port_range_start: got {column} {port}, "
            rf"and network policy {policy.id} has {other}$"
        )
        with pytest.raises(InvalidInput, match=message) as raised:
            network_policies.update_network_policy(db, policy.id, **{column: port})
        assert raised.value.field == column
    assert stored(config, "network_policies", policy.id, "port_range_start", "port_range_end") == {
        "port_range_start": 80,
        "port_range_end": 90,
    }
    assert network_policies.update_network_policy(db, policy.id, port_range_end=None).port_range_end is None
    assert network_policies.update_network_policy(db, policy.id, port_range_start=9000).port_range_start == 9000


def test_a_refused_span_update_in_the_callers_transaction_leaves_the_rest_of_it(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """In the caller's transaction the refused UPDATE is undone alone (a savepoint): the caller who
    catches the error commits what came before and after, not it."""
    db, config = db_at_v1_or_v2, config_at_v1_or_v2
    budget = make.cost_budget(db, period_start=date(2026, 1, 1), period_end=date(2026, 2, 1))
    with db.transaction() as tx:
        cost_budgets.update_cost_budget(tx, budget.id, budget_amount=Decimal("250.00"))
        refused = (
            r"^period_end must not be before period_start: got period_end 2025-12-01, "
            rf"and cost budget {budget.id} has period_start 2026-01-01$"
        )
        with pytest.raises(InvalidInput, match=refused):
            cost_budgets.update_cost_budget(tx, budget.id, period_end=date(2025, 12, 1))
        cost_budgets.update_cost_budget(tx, budget.id, budget_name="after")
    assert stored(config, "cost_budgets", budget.id, "budget_amount", "budget_name", "period_end") == {
        "budget_amount": Decimal("250.00"),
        "budget_name": "after",
        "period_end": date(2026, 2, 1),
    }


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
