"""Property-based tests (hypothesis): any text is stored and read back byte-exact, or refused with
InvalidInput naming the field; bad values never write anything and are never executed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from dbtools import query
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import omnidb
from omnidb.config import Config
from omnidb.errors import InvalidInput
from omnidb.v1 import apps, orgs

HOSTILE = st.sampled_from(
    ["'; DROP TABLE apps; --", "\\", "\\'", '"', "`", "%s", "%(name)s", "\x00", "😀🚀", "\u202e", "NULL", "\r\n"]
)
TEXT = st.one_of(st.text(max_size=80), HOSTILE, st.lists(HOSTILE).map("".join))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def org_id(db_at_v1_or_v2: omnidb.Database) -> int:
    return int(orgs.create_org(db_at_v1_or_v2, name=f"props-{uuid.uuid4().hex[:8]}").id)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


@SETTINGS
@given(display_name=TEXT, labels=st.dictionaries(TEXT, JSON_VALUES, max_size=5))
def test_any_text_and_json_round_trip_byte_exact_or_are_refused(
    db_at_v1_or_v2: omnidb.Database, org_id: int, display_name: str, labels: dict[str, Any]
) -> None:
    name = f"p-{uuid.uuid4().hex}"
    try:
        app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name=name, display_name=display_name, labels=labels)
    except InvalidInput as exc:
        assert exc.field in ("display_name", "labels")
        assert not _encodable(display_name) or exc.field == "labels"
        return
    stored = apps.get_app_by_id(db_at_v1_or_v2, app.id)
    assert stored.display_name == display_name
    assert stored.labels == labels


@SETTINGS
@given(new_name=TEXT)
def test_updates_store_any_text_or_refuse_it_and_change_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int, new_name: str
) -> None:
    app = apps.create_app(db_at_v1_or_v2, org_id=org_id, name=f"u-{uuid.uuid4().hex}")
    unique_name = f"{new_name}-{uuid.uuid4().hex[:6]}"
    try:
        updated = apps.update_app(db_at_v1_or_v2, app.id, name=unique_name)
    except InvalidInput as exc:
        assert exc.field == "name"
        assert query(config_at_v1_or_v2, "SELECT name FROM apps WHERE id = %s", app.id) == [{"name": app.name}]
        return
    assert updated.name == unique_name == apps.get_app_by_id(db_at_v1_or_v2, app.id).name


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "x" * 256}, "name"),
        ({"display_name": "y" * 256}, "display_name"),
        ({"instances": 2**31}, "instances"),
        ({"instances": "three"}, "instances"),
        ({"status": "exploded"}, "status"),
        ({"labels": {"when": datetime(2026, 1, 1)}}, "labels"),
        ({"display_name": "\ud800"}, "display_name"),
    ],
)
def test_bad_values_name_the_field_and_write_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config, org_id: int, fields: dict[str, Any], field: str
) -> None:
    before = query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s", org_id)
    with pytest.raises(InvalidInput) as raised:
        apps.create_app(db_at_v1_or_v2, **{"org_id": org_id, "name": f"bad-{uuid.uuid4().hex}", **fields})
    assert raised.value.field == field, str(raised.value)
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s", org_id) == before


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (-1, "page must be a whole number >= 0"),
        (1.5, "page must be a whole number >= 0"),
        (None, "page must be a whole number >= 0"),
        (2**63, "page 9223372036854775808 is past the last possible row"),
    ],
)
def test_absurd_pages_are_refused(db_at_v1_or_v2: omnidb.Database, page: Any, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        apps.list_apps(db_at_v1_or_v2, page)
    assert raised.value.field == "page"


def test_a_huge_page_number_is_an_empty_page_not_an_error(db_at_v1_or_v2: omnidb.Database) -> None:
    assert apps.list_apps(db_at_v1_or_v2, 10**12, 1000) == []
