"""omnidb.v1.apps in depth: filters, pages, soft deletes, every error path, round trips, domain actions."""

from __future__ import annotations

import functools
from datetime import datetime, timezone

import pytest
from dbtools import query
from v1 import factories

import omnidb
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound
from omnidb.v1 import apps
from omnidb.v1.tables import App, AppStatus


@pytest.fixture
def org_id(db_at_v1_or_v2: omnidb.Database) -> int:
    return int(factories.org(db_at_v1_or_v2).id)


def apps_in(config: Config, org_id: int) -> list[dict[str, object]]:
    return query(config, "SELECT name, status, deleted_at FROM apps WHERE org_id = %s ORDER BY id", org_id)


def test_create_applies_defaults_and_round_trips_json_enum_bool_datetime(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    labels = {"tier": "web", "nested": {"list": [1, 2.5, None, True]}, "unicode": "ünï ✓ 🚀"}
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web", labels=labels)

    assert app.status is AppStatus.STOPPED and app.git_branch == "main" and app.instances == 1
    assert app.maintenance_mode is False and app.labels == labels
    assert app.created_at.tzinfo is timezone.utc
    assert abs((datetime.now(timezone.utc) - app.created_at).total_seconds()) < 60
    row = query(
        config_at_v1_or_v2,
        "SELECT status, maintenance_mode, JSON_EXTRACT(labels, '$.nested.list[1]') AS x FROM apps WHERE id = %s",
        app.id,
    )[0]
    assert row["status"] == "stopped" and row["maintenance_mode"] == 0 and str(row["x"]) == "2.5"
    assert apps.get_app_by_id(db_at_v1_or_v2, app.id) == app


def test_list_filters_by_org_status_space_and_region(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    space = factories.space(db_at_v1_or_v2, org_id=org_id)
    region = factories.region(db_at_v1_or_v2)
    a = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="a", status=AppStatus.STARTED, space_id=space.id)
    b = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="b", status=AppStatus.STOPPED, region_id=region.id)
    other = factories.app(db_at_v1_or_v2, status=AppStatus.STARTED)

    assert apps.list_apps(db_at_v1_or_v2, org_id=org_id) == [b, a]
    assert apps.list_apps(db_at_v1_or_v2, org_id=org_id, status=AppStatus.STARTED) == [a]
    assert apps.list_apps(db_at_v1_or_v2, space_id=space.id) == [a]
    assert apps.list_apps(db_at_v1_or_v2, region_id=region.id) == [b]
    assert other in apps.list_apps(db_at_v1_or_v2, status=AppStatus.STARTED, per_page=1000)
    assert apps.count_apps(db_at_v1_or_v2, org_id=org_id) == 2
    assert apps.count_apps(db_at_v1_or_v2, org_id=org_id, status=AppStatus.STARTED) == 1


def test_pages_are_newest_first_stable_and_bounded(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    made = [apps.create_app(db_at_v1_or_v2, org_id=org_id, name=f"app-{i}") for i in range(7)]
    newest_first = list(reversed(made))

    pages = [apps.list_apps(db_at_v1_or_v2, page, 3, org_id=org_id) for page in range(4)]

    assert pages[0] == newest_first[:3] and pages[1] == newest_first[3:6] and pages[2] == newest_first[6:]
    assert pages[3] == []
    assert apps.list_apps(db_at_v1_or_v2, 0, 1000, org_id=org_id) == newest_first
    assert apps.list_apps(db_at_v1_or_v2, 0, 1, org_id=org_id) == newest_first[:1]


@pytest.mark.parametrize(
    ("page", "per_page", "message"),
    [
        (-1, 20, "page must be a whole number >= 0, got -1"),
        (0, 0, "per_page must be from 1 to 1000, got 0"),
        (0, 1001, "per_page must be from 1 to 1000, got 1001"),
        (0, -5, "per_page must be from 1 to 1000, got -5"),
        ("1", 20, "page must be a whole number >= 0, got '1'"),
        (0, True, "per_page must be from 1 to 1000, got True"),
    ],
)
def test_bad_pages_are_invalid_input(
    db_at_v1_or_v2: omnidb.Database, page: object, per_page: object, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        apps.list_apps(db_at_v1_or_v2, page, per_page)  # type: ignore[arg-type]


def test_soft_deleted_apps_vanish_from_reads_but_stay_stored(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    keep = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="keep")
    gone = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="gone")

    apps.delete_app(db_at_v1_or_v2, gone.id)

    assert apps.list_apps(db_at_v1_or_v2, org_id=org_id) == [keep]
    assert apps.count_apps(db_at_v1_or_v2, org_id=org_id) == 1
    with pytest.raises(NotFound, match=f"app {gone.id} not found"):
        apps.get_app_by_id(db_at_v1_or_v2, gone.id)
    with pytest.raises(NotFound):
        apps.update_app(db_at_v1_or_v2, gone.id, name="revived")
    with pytest.raises(NotFound):
        apps.start_app(db_at_v1_or_v2, gone.id)
    stored = apps_in(config_at_v1_or_v2, org_id)
    assert [r["name"] for r in stored] == ["keep", "gone"] and stored[1]["deleted_at"] is not None


def test_duplicate_name_in_an_org_is_a_conflict_and_writes_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    with pytest.raises(
        Conflict, match=r"app already exists: \(1062\) Duplicate entry .* for key 'uq_apps_org_id_name'"
    ):
        apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    other = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="api")
    with pytest.raises(Conflict) as raised:
        apps.update_app(db_at_v1_or_v2, other.id, name="web")
    assert raised.value.code == 1062
    assert [r["name"] for r in apps_in(config_at_v1_or_v2, org_id)] == ["web", "api"]


def test_the_same_name_in_another_org_is_fine(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    assert apps.create_app(db_at_v1_or_v2, org_id=factories.org(db_at_v1_or_v2).id, name="web").name == "web"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"org_id": 987654321}, "org 987654321 not found"),
        ({"space_id": 987654321}, "space 987654321 not found"),
        ({"region_id": 987654321}, "region 987654321 not found"),
    ],
)
def test_a_missing_parent_is_parent_not_found(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int, fields: dict[str, int], error: str
) -> None:
    with pytest.raises(ParentNotFound, match=error) as raised:
        apps.create_app(db_at_v1_or_v2, **{"org_id": org_id, "name": "orphan", **fields})  # type: ignore[arg-type]
    assert isinstance(raised.value, NotFound) and raised.value.code == 1452
    assert apps_in(config_at_v1_or_v2, org_id) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "flying"}, "status", r"status: expected a AppStatus \(started, .*\), got str 'flying'"),
        ({"name": "x" * 256}, "name", r"\(1406\) Data too long for column 'name'"),
        ({"instances": -1}, "instances", r"\(4025\) CONSTRAINT `chk_apps_instances` failed"),  # MariaDB's CHECK
        ({"canary_percentage": 101}, "canary_percentage", r"\(4025\) CONSTRAINT `chk_apps_canary_percentage`"),
        ({"labels": functools.reduce(lambda d, _: {"a": d}, range(40), {})}, "labels", r"\(4025\)"),  # too deep
        ({"instances": 2**40}, "instances", r"\(1264\) Out of range value for column 'instances'"),
        ({"labels": {"bad": float("nan")}}, "labels", "labels: not JSON-serialisable"),
        ({"name": None}, "name", r"name: a value is required, got None"),
    ],
)
def test_bad_values_are_invalid_input_naming_the_field_and_write_nothing(
    db_at_v1_or_v2: omnidb.Database,
    config_at_v1_or_v2: Config,
    org_id: int,
    fields: dict[str, object],
    field: str | None,
    message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        apps.create_app(db_at_v1_or_v2, **{"org_id": org_id, "name": "bad", **fields})  # type: ignore[arg-type]
    if field is not None:
        assert raised.value.field == field
    assert apps_in(config_at_v1_or_v2, org_id) == []


def test_update_with_a_bad_value_leaves_the_row_as_it_was(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web", instances=2)
    with pytest.raises(InvalidInput, match="status"):
        apps.update_app(db_at_v1_or_v2, app.id, instances=5, status="flying")
    assert apps.get_app_by_id(db_at_v1_or_v2, app.id) == app


def test_update_can_set_a_nullable_column_back_to_null(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web", display_name="Web", labels={"a": 1})
    updated = apps.update_app(db_at_v1_or_v2, app.id, display_name=None, labels=None)
    assert updated.display_name is None and updated.labels is None


def test_domain_actions_change_status_instances_and_maintenance(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")

    assert apps.start_app(db_at_v1_or_v2, app.id).status is AppStatus.STARTING
    assert apps.set_app_status(db_at_v1_or_v2, app.id, AppStatus.STARTED).status is AppStatus.STARTED
    assert apps.start_app(db_at_v1_or_v2, app.id).status is AppStatus.STARTING  # idempotent, no NotFound
    assert apps.stop_app(db_at_v1_or_v2, app.id).status is AppStatus.STOPPING
    assert apps.scale_app(db_at_v1_or_v2, app.id, 5).instances == 5
    assert apps.set_maintenance_mode(db_at_v1_or_v2, app.id, True).maintenance_mode is True
    row = query(config_at_v1_or_v2, "SELECT status, instances, maintenance_mode FROM apps WHERE id = %s", app.id)[0]
    assert row == {"status": "stopping", "instances": 5, "maintenance_mode": 1}
    with pytest.raises(InvalidInput, match="instances must be a whole number >= 0, got -2"):
        apps.scale_app(db_at_v1_or_v2, app.id, -2)
    with pytest.raises(NotFound, match="app 987654321 not found"):
        apps.scale_app(db_at_v1_or_v2, 987654321, 1)


def test_get_app_by_name(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    assert apps.get_app_by_name(db_at_v1_or_v2, org_id, "web") == app
    with pytest.raises(NotFound, match=f"app 'nope' in org {org_id} not found"):
        apps.get_app_by_name(db_at_v1_or_v2, org_id, "nope")


def test_calls_join_the_callers_transaction_and_roll_back_with_it(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    with pytest.raises(RuntimeError), db_at_v1_or_v2.transaction() as tx:
        created = apps.create_app(tx, org_id=org_id, name="in-tx")
        assert apps.get_app_by_id(tx, created.id) == created
        assert apps_in(config_at_v1_or_v2, org_id) == []  # invisible outside until commit
        raise RuntimeError("abort")
    assert apps_in(config_at_v1_or_v2, org_id) == []

    with db_at_v1_or_v2.transaction() as tx:
        first = apps.create_app(tx, org_id=org_id, name="one")
        apps.scale_app(tx, first.id, 3)
    assert [(r["name"]) for r in apps_in(config_at_v1_or_v2, org_id)] == ["one"]


def test_a_failed_write_inside_a_transaction_rolls_back_the_earlier_ones(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    with pytest.raises(Conflict), db_at_v1_or_v2.transaction() as tx:
        apps.create_app(tx, org_id=org_id, name="dup")
        apps.create_app(tx, org_id=org_id, name="dup")
    assert apps_in(config_at_v1_or_v2, org_id) == []


def test_hostile_strings_are_stored_byte_exact_and_never_executed(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int
) -> None:
    nasty = "'; DROP TABLE apps; -- \\ \" ` %s %(name)s \x00 😀"
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="nasty", display_name=nasty, labels={nasty: nasty})
    assert apps.get_app_by_id(db_at_v1_or_v2, app.id).display_name == nasty
    assert apps.get_app_by_id(db_at_v1_or_v2, app.id).labels == {nasty: nasty}
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps WHERE id = %s", app.id) == [{"n": 1}]


def test_structs_are_frozen(db_at_v1_or_v2: omnidb.Database, org_id: int) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name="web")
    with pytest.raises(AttributeError):
        app.name = "other"  # type: ignore[misc]
    assert isinstance(app, App)


def test_create_is_one_statement_on_mariadb(config_at_v1_or_v2: Config, org_id: int) -> None:
    """INSERT ... RETURNING: no BEGIN, no read-back, no COMMIT (MariaDB 10.5+; MySQL needs all four)."""
    counters = ("Com_insert", "Com_select", "Com_begin", "Com_commit")
    with omnidb.connect(config_at_v1_or_v2, pool_size=1) as one:

        def status() -> dict[str, int]:
            with one.connection() as conn, conn.cursor() as cur:
                cur.execute("SHOW SESSION STATUS WHERE Variable_name IN %s", (counters,))
                return {str(r["Variable_name"]): int(r["Value"]) for r in cur.fetchall()}

        with one.connection() as conn:
            mariadb = "mariadb" in conn.get_server_info().lower()
        before = status()
        app = apps.create_app(one, org_id=org_id, name="one-statement", labels={"a": 1})
        after = status()
    assert app.name == "one-statement" and app.labels == {"a": 1} and app.instances == 1
    sent = {name: after[name] - before[name] for name in counters}
    expected = {"Com_insert": 1, "Com_select": 0, "Com_begin": 0, "Com_commit": 0}
    assert sent == (expected if mariadb else {"Com_insert": 1, "Com_select": 1, "Com_begin": 1, "Com_commit": 1})
