"""Every value takes its declared Python type or is refused with ``InvalidInput`` naming the field,
before anything reaches the server: no id parsed out of text, no number rounded, no case folded.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput
from omnidb.v1 import apps, metrics
from omnidb.v1.tables import AppStatus


@pytest.fixture
def org_id(db_at_v1_or_v2: omnidb.Database) -> int:
    from v1.factories import org

    return int(org(db_at_v1_or_v2).id)


def rows_of(config: Config, org_id: int) -> list[dict[str, object]]:
    return query(config, "SELECT id, name, instances, status, deleted_at FROM apps WHERE org_id = %s", org_id)


@pytest.mark.parametrize("bad_id", ["1; DROP TABLE apps", "1abc", "1", True, 1.0, 0, -3, None, b"1"])
def test_ids_must_be_ints_from_1(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int, bad_id: Any
) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    for call in (apps.get_app_by_id, apps.delete_app, lambda d, i: apps.update_app(d, i, instances=2)):
        with pytest.raises(InvalidInput, match=r"^app_id: ") as raised:
            call(db_at_v1_or_v2, bad_id)
        assert raised.value.field == "app_id"
    assert rows_of(config_at_v1_or_v2, org_id) == [
        {"id": app.id, "name": "web", "instances": 1, "status": "stopped", "deleted_at": None}
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("instances", 1.5, r"instances: expected a whole number \(int\), got float 1.5"),
        ("instances", "1e3", r"instances: expected a whole number \(int\), got str '1e3'"),
        ("instances", True, r"instances: expected a whole number \(int\), got bool True"),
        ("instances", 2**70, "instances: 1180591620717411303424 is out of range for a BIGINT column"),
        ("name", 12345, r"name: expected text \(str\), got int 12345"),
        ("status", "STARTED", r"status: expected a AppStatus \(started, .*\), got str 'STARTED'"),
        ("status", 1, r"status: expected a AppStatus .*, got int 1"),
        ("maintenance_mode", 1, "maintenance_mode: expected True or False, got int 1"),
        ("labels", {1, 2}, r"labels: expected a JSON dict, got set \{1, 2\}"),
        ("labels", {"cpu": float("inf")}, "labels: not JSON-serialisable"),
        ("labels", ["a"], r"labels: expected a JSON dict, got list \['a'\]"),
    ],
)
def test_no_silent_coercion_on_create_or_update(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int, column: str, value: Any, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        apps.create_app(db_at_v1_or_v2, **{"org_id": org_id, "name": "new", column: value})
    assert raised.value.field == column
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    before = rows_of(config_at_v1_or_v2, org_id)
    with pytest.raises(InvalidInput, match=message):
        apps.update_app(db_at_v1_or_v2, app.id, **{column: value})
    assert rows_of(config_at_v1_or_v2, org_id) == before


def test_enum_values_are_taken_as_members_or_their_exact_text(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web", status=AppStatus.STARTED)
    assert apps.update_app(db_at_v1_or_v2, app.id, status="crashed").status is AppStatus.CRASHED  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "bogus"}, r"status: expected a AppStatus .*, got str 'bogus'"),
        ({"org_id": "1"}, r"org_id: expected a whole number \(int\), got str '1'"),
        ({"org_id": 1.0}, r"org_id: expected a whole number \(int\), got float 1.0"),
    ],
)
def test_filters_take_their_declared_type(
    db_at_v1_or_v2: omnidb.Database, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        apps.list_apps(db_at_v1_or_v2, **filters)
    with pytest.raises(InvalidInput, match=message):
        apps.count_apps(db_at_v1_or_v2, **filters)


@pytest.mark.parametrize(("page", "per_page"), [("1", 20), (0, "20"), (True, 20), (0, 1.0), (-1, 20), (0, 0)])
def test_pages_take_whole_numbers(db_at_v1_or_v2: omnidb.Database, page: Any, per_page: Any) -> None:
    with pytest.raises(InvalidInput, match="page"):
        apps.list_apps(db_at_v1_or_v2, page, per_page)


def test_a_value_larger_than_the_server_takes_is_invalid_input_not_a_lost_connection(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    huge = "x" * (20 * 1024 * 1024)
    with pytest.raises(InvalidInput, match=r"labels: the value is 20.0 MiB; omnidb sends at most 15.9 MiB") as raised:
        apps.create_app(db_at_v1_or_v2, org_id=org_id, name="big", labels={"blob": huge})
    assert raised.value.field == "labels"
    with pytest.raises(InvalidInput, match=r"display_name: the value is 20.0 MiB"):
        apps.create_app(db_at_v1_or_v2, org_id=org_id, name="big", display_name=huge)
    assert rows_of(config_at_v1_or_v2, org_id) == []
    assert apps.count_apps(db_at_v1_or_v2, org_id=org_id) == 0  # the pool still works


def test_bulk_rows_are_checked_and_a_bad_one_inserts_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    rows = [{"org_id": org_id, "name": "a"}, {"org_id": org_id, "name": 7}]
    with pytest.raises(InvalidInput, match=r"create_apps: row 1: name: expected text \(str\), got int 7"):
        apps.create_apps(db_at_v1_or_v2, rows)
    with pytest.raises(InvalidInput, match="create_apps: row 0 is a str, not a mapping of columns"):
        apps.create_apps(db_at_v1_or_v2, ["org_id"])  # type: ignore[list-item]
    assert rows_of(config_at_v1_or_v2, org_id) == []


def test_time_filters_take_aware_datetimes(db_at_v1_or_v2: omnidb.Database) -> None:
    with pytest.raises(InvalidInput, match="since: expected a timezone-aware datetime, got str '2024-01-01'"):
        metrics.list_metrics(db_at_v1_or_v2, since="2024-01-01")  # type: ignore[arg-type]


class Colour(str, enum.Enum):
    RED = "started"  # the same text as a valid status, but another enum


def test_a_member_of_another_enum_is_refused_even_with_a_valid_value(
    db_at_v1_or_v2: omnidb.Database, org_id: int
) -> None:
    with pytest.raises(InvalidInput, match="status: expected a AppStatus"):
        apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web", status=Colour.RED)  # type: ignore[arg-type]


def _circular() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["a"] = [value]
    return value


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_a_keyset_limit_and_bulk_rows_of_the_wrong_shape_are_named(db_at_v1_or_v2: omnidb.Database) -> None:
    for bad in (0, 1001, True, "10"):
        with pytest.raises(InvalidInput, match=rf"^limit must be from 1 to 1000, got {bad!r}$") as raised:
            apps.list_apps_after(db_at_v1_or_v2, limit=bad)  # type: ignore[arg-type]
        assert raised.value.field == "limit"
    for rows in (None, 5, "rows", {"org_id": 1, "name": "x"}):
        with pytest.raises(
            InvalidInput, match=r"^create_apps: rows must be an iterable of mappings of columns"
        ) as raised:
            apps.create_apps(db_at_v1_or_v2, rows)  # type: ignore[arg-type]
        assert raised.value.field == "rows"


def test_text_ending_in_spaces_is_refused_for_a_char_column_which_would_drop_them(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    from v1 import factories as f

    from omnidb.v1 import instances
    from omnidb.v2.declarations import RESOURCES

    app = f.app(db_at_v1_or_v2)
    with pytest.raises(InvalidInput, match=r"^guid: 'abc  ' ends in spaces, which its CHAR column drops: it would be "
                       r"stored as 'abc'$") as raised:  # fmt: skip
        instances.create_instance(db_at_v1_or_v2, app_id=app.id, guid="abc  ", instance_index=1, instance_type="s")
    assert raised.value.field == "guid"
    with pytest.raises(InvalidInput, match=r"^create_instances: row 0: guid: 'abc ' ends in spaces"):
        instances.create_instances(db_at_v1_or_v2, [{"app_id": app.id, "guid": "abc ", "instance_index": 1,
                                                     "instance_type": "s", "status": "running"}])  # fmt: skip
    assert query(config_at_v1_or_v2, "SELECT guid FROM instances WHERE app_id = %s", app.id) == []
    assert f.instance(db_at_v1_or_v2, app_id=app.id, guid=" abc").guid == " abc"  # leading spaces are kept
    # Every CHAR column of a resource is declared so (the bookkeeping tables are omnidb's own)
    chars = query(
        config_at_v1_or_v2,
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND DATA_TYPE = 'char'",
    )
    tables = {resource.table for resource in RESOURCES.values()}
    declared = {(resource.table, column) for resource in RESOURCES.values() for column in resource.fixed_width}
    assert {(row["t"], row["c"]) for row in chars if row["t"] in tables} == declared


def test_a_decimal_or_a_large_int_for_a_double_column_is_stored_as_the_float_it_is(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    """Sent as written, the server cut a number of more than 65 digits to 1e65 with only a warning."""
    from v1 import factories as f

    allocation = f.allocation(db_at_v1_or_v2, cpu=Decimal("1e100"), memory=10**80)
    assert (allocation.cpu, allocation.memory) == (1e100, 1e80)
    stored = query(config_at_v1_or_v2, "SELECT cpu, memory FROM allocations WHERE id = %s", allocation.id)
    assert stored == [{"cpu": 1e100, "memory": 1e80}]
    app = f.app(db_at_v1_or_v2)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rows = [{"app_id": app.id, "metric_name": n, "metric_value": Decimal("1e100"), "recorded_at": when} for n in "ab"]
    assert metrics.record_metrics(db_at_v1_or_v2, rows) == 2
    assert metrics.load_metrics(db_at_v1_or_v2, [{**rows[0], "metric_name": "c"}]) == 1
    values = query(config_at_v1_or_v2, "SELECT metric_value FROM metrics WHERE app_id = %s", app.id)
    assert values == [{"metric_value": 1e100}] * 3


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        # json.dumps would store {1: "a", "1": "b"} as two "1" keys, read back as one: a value lost
        (dict[str, Any], {1: "a", "1": "b"}, r"labels: not JSON-serialisable: a key must be text \(str\), got int 1"),
        (dict[str, Any], {"x": [{"y": {(1, 2): 0}}]}, r"a key must be text \(str\), got tuple \(1, 2\)"),
        (dict[str, Any], {"a": ({1: "x", "1": "y"},)}, r"a key must be text \(str\), got int 1"),  # in a tuple
        (dict[str, Any], _nested(5000), "labels: not JSON-serialisable: nested too deep"),  # was RecursionError
        (dict[str, Any], _circular(), "labels: not JSON-serialisable: Circular reference detected"),  # hung
        (float, 10**400, r"labels: a whole number of about 401 digits is out of range for a DOUBLE column"),
        (Decimal, Decimal("sNaN"), r"labels: sNaN cannot be stored \(only finite numbers\)"),  # was ValueError
        (Decimal, Decimal("1e400"), None),  # finite, however large (was called infinite)
        (float, Decimal("1e400"), r"labels: 1E\+400 is out of range for a DOUBLE column"),  # float() gives inf
        pytest.param(  # past the 4,300 digits str() of an int takes (its id, too)
            float, -(10**5000), "labels: a negative whole number of about 5001 digits is out of range", id="-10**5000"
        ),
        pytest.param(
            int, 10**5000, "labels: a whole number of about 5001 digits is out of range for a BIGINT", id="10**5000"
        ),
        (datetime, datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))), "is out of range in UTC"),
    ],
)
def test_values_python_cannot_convert_are_invalid_input_naming_the_field(
    kind: Any, value: Any, message: str | None
) -> None:
    """What the checks raised as RecursionError, OverflowError or ValueError, or passed wrongly."""
    from omnidb.convert import checker

    check = checker("labels", kind)
    if message is None:
        assert check(value) == value
        return
    with pytest.raises(InvalidInput, match=message) as raised:
        check(value)
    assert raised.value.field == "labels"
