"""Every ``create_<r>_returning`` query (INSERT ... RETURNING, MariaDB 10.5+) against its resource.

The resources are found in the registries, not listed here: a query added later is covered by the same
tests. Each one must build the same struct ``get_<r>_by_id`` reads back, from the same columns in the
same order, in one statement (no BEGIN, no read-back, no COMMIT), and join a caller's transaction.

Each case is (schema version of the database, version of the code, module): v1 code at V1 and V2, and
v2 code at V2 (a ``queries/v2/`` variant replaces the v1 query there).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import pytest
from dbtools import query
from v1.factories import FACTORIES

import omnidb
from omnidb import registry
from omnidb.config import Config
from omnidb.resource import Resource

COUNTERS = ("Com_insert", "Com_select", "Com_begin", "Com_commit")
#: the hot-path tables the orchestrator's API creates rows in; each must keep its RETURNING create
REQUIRED = {
    "apps",
    "builds",
    "deployments",
    "instances",
    "alerts",
    "audit_logs",
    "user_sessions",
    "tasks",
    "notifications",
    "user_notifications",
}


def resources(code: int) -> dict[str, Resource[Any]]:
    declared: dict[str, Resource[Any]] = importlib.import_module(f"omnidb.v{code}.declarations").RESOURCES
    return declared


def returning(code: int) -> list[str]:
    """The modules of schema version ``code`` whose resource has a ``create_<r>_returning`` query."""
    queries = registry.version(code)
    return sorted(
        name
        for name, res in resources(code).items()
        if res.creatable and hasattr(queries, f"create_{res.singular}_returning")
    )


CASES = [
    pytest.param(schema, code, name, id=f"V{schema}-v{code}.{name}")
    for code, schemas in ((1, (1, 2)), (2, (2,)))
    for name in returning(code)
    for schema in schemas
]
#: the database fixture of the v1 suite, pinned to each case's schema version
PARAMETERS = pytest.mark.parametrize(("config_at_v1_or_v2", "code", "name"), CASES, indirect=["config_at_v1_or_v2"])


def module_of(code: int, name: str) -> ModuleType:
    return importlib.import_module(f"omnidb.v{code}.{name}")


def create_values(code: int, name: str, db: omnidb.Database, config: Config) -> dict[str, Any]:
    """Minimal valid values of a new row: a factory makes the row (and its parents), its ``create_``
    columns are kept and the row itself is deleted, so the same values can be inserted again, alone.
    """
    res = resources(code)[name]
    template = FACTORIES[name](db)
    columns = getattr(res.query(f"create_{res.singular}"), "parameters", ())
    query(config, f"DELETE FROM `{res.table}` WHERE id = %s", template.id)
    return {column: getattr(template, column, None) for column in columns}


def session_status(conn: Any) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute("SHOW SESSION STATUS WHERE Variable_name IN %s", (COUNTERS,))
        return {str(row["Variable_name"]): int(row["Value"]) for row in cur.fetchall()}


def sent(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in COUNTERS}


def is_mariadb(conn: Any) -> bool:
    return "mariadb" in conn.get_server_info().lower()


@pytest.fixture
def one(config_at_v1_or_v2: Config) -> Iterator[omnidb.Database]:
    """A pool of one session: the session status counters seen are those of the create's own session."""
    with omnidb.connect(config_at_v1_or_v2, pool_size=1) as database:
        yield database


def test_the_hot_path_tables_have_a_returning_create() -> None:
    assert set(returning(1)) >= REQUIRED
    assert set(returning(1)) <= set(returning(2))


@PARAMETERS
def test_a_returning_create_is_one_statement_and_returns_what_get_reads_back(
    config_at_v1_or_v2: Config, db_at_v1_or_v2: omnidb.Database, one: omnidb.Database, code: int, name: str
) -> None:
    res, module = resources(code)[name], module_of(code, name)
    singular = res.singular
    values = create_values(code, name, db_at_v1_or_v2, config_at_v1_or_v2)
    getattr(module, f"count_{res.plural}")(one)  # a pool's first use by v2+ code checks the schema version
    with one.connection() as conn:
        mariadb = is_mariadb(conn)
        before = session_status(conn)
    created = getattr(module, f"create_{singular}")(one, **values)
    with one.connection() as conn:
        after = session_status(conn)

    assert created == getattr(module, f"get_{singular}_by_id")(db_at_v1_or_v2, created.id)
    expected = {"Com_insert": 1, "Com_select": 0, "Com_begin": 0, "Com_commit": 0}
    if not mariadb:  # no RETURNING: BEGIN, INSERT, the read-back SELECT, COMMIT
        expected = {"Com_insert": 1, "Com_select": 1, "Com_begin": 1, "Com_commit": 1}
    assert sent(before, after) == expected


class _Undo(Exception):
    """Raised to roll a test's transaction back."""


@PARAMETERS
def test_a_returning_query_returns_the_columns_of_get_by_id_in_its_order(
    config_at_v1_or_v2: Config, db_at_v1_or_v2: omnidb.Database, code: int, name: str
) -> None:
    res = resources(code)[name]
    values = create_values(code, name, db_at_v1_or_v2, config_at_v1_or_v2)
    insert = getattr(res.query(f"create_{res.singular}_returning"), "sql")  # noqa: B009
    get = getattr(res.query(f"get_{res.singular}_by_id"), "sql")  # noqa: B009
    with pytest.raises(_Undo), db_at_v1_or_v2.transaction() as tx:
        if not is_mariadb(tx.connection):
            pytest.skip("INSERT ... RETURNING runs on MariaDB only")
        with tx.connection.cursor() as cur:
            cur.execute(insert, res.create_params(values))
            returned = [column[0] for column in cur.description]
            (row,) = cur.fetchall()
            cur.execute(get, {"id": row[0] if isinstance(row, tuple) else row["id"]})
            selected = [column[0] for column in cur.description]
            assert len(cur.fetchall()) == 1
        raise _Undo
    assert returned == selected


@PARAMETERS
def test_a_returning_create_joins_the_callers_transaction(
    config_at_v1_or_v2: Config, db_at_v1_or_v2: omnidb.Database, code: int, name: str
) -> None:
    res, module = resources(code)[name], module_of(code, name)
    values = create_values(code, name, db_at_v1_or_v2, config_at_v1_or_v2)
    db_at_v1_or_v2.schema_version()  # read once per pool: on the transaction's session when not yet known
    with pytest.raises(_Undo), db_at_v1_or_v2.transaction() as tx:
        mariadb, before = is_mariadb(tx.connection), session_status(tx.connection)
        created = getattr(module, f"create_{res.singular}")(tx, **values)
        after = session_status(tx.connection)
        assert getattr(module, f"get_{res.singular}_by_id")(tx, created.id) == created
        outside = query(config_at_v1_or_v2, f"SELECT id FROM `{res.table}` WHERE id = %s", created.id)
        assert outside == []  # not committed: the create ran in the transaction
        raise _Undo
    assert sent(before, after) == {"Com_insert": 1, "Com_select": 0 if mariadb else 1, "Com_begin": 0, "Com_commit": 0}
    assert query(config_at_v1_or_v2, f"SELECT id FROM `{res.table}` WHERE id = %s", created.id) == []


def short_forms(code: int) -> list[str]:
    """The modules of ``returning(code)`` whose resource also has ``create_<r>_required_returning``."""
    queries = registry.version(code)
    return [
        name
        for name in returning(code)
        if hasattr(queries, f"create_{resources(code)[name].singular}_required_returning")
    ]


SHORT_PARAMETERS = pytest.mark.parametrize(
    ("config_at_v1_or_v2", "code", "name"),
    [
        pytest.param(schema, code, name, id=f"V{schema}-v{code}.{name}")
        for code, schemas in ((1, (1, 2)), (2, (2,)))
        for name in short_forms(code)
        for schema in schemas
    ],
    indirect=["config_at_v1_or_v2"],
)


#: for each resource with a short form, an optional column of text the tests give a value
OPTIONAL = {"apps": "display_name"}


def test_apps_have_a_short_form_of_their_returning_create() -> None:
    assert "apps" in short_forms(1) and "apps" in short_forms(2)
    assert set(short_forms(1)) | set(short_forms(2)) <= set(OPTIONAL)


def as_dict(cur: Any, row: Any) -> dict[str, Any]:
    """A row of either driver's cursor (a dict, or a tuple) as a dict, in the result's column order."""
    names = [column[0] for column in cur.description]
    return {name: row[name] for name in names} if isinstance(row, dict) else dict(zip(names, row, strict=True))


@SHORT_PARAMETERS
def test_the_short_form_stores_the_row_the_returning_create_stores_with_every_other_column_null(
    config_at_v1_or_v2: Config, db_at_v1_or_v2: omnidb.Database, code: int, name: str
) -> None:
    """``create_<r>_required_returning`` of the required columns stores, column for column, the row
    ``create_<r>_returning`` stores when every other parameter is NULL (each default the same), and
    returns the columns of ``get_<r>_by_id`` in its order: omnidb runs either for such a create."""
    res = resources(code)[name]
    values = create_values(code, name, db_at_v1_or_v2, config_at_v1_or_v2)
    required = {column: values[column] for column in res.required}
    full = getattr(res.query(f"create_{res.singular}_returning"), "sql")  # noqa: B009
    short = getattr(res.query(f"create_{res.singular}_required_returning"), "sql")  # noqa: B009
    get = getattr(res.query(f"get_{res.singular}_by_id"), "sql")  # noqa: B009
    stored: list[dict[str, Any]] = []
    with pytest.raises(_Undo), db_at_v1_or_v2.transaction() as tx:
        if not is_mariadb(tx.connection):
            pytest.skip("INSERT ... RETURNING runs on MariaDB only")
        with tx.connection.cursor() as cur:
            for sql, params in ((full, dict.fromkeys(values) | required), (short, required)):
                cur.execute(sql, res.create_params(params))
                (row,) = cur.fetchall()
                stored.append(as_dict(cur, row))
                cur.execute(f"DELETE FROM `{res.table}` WHERE id = %s", (stored[-1]["id"],))  # its unique keys
            cur.execute(get, {"id": stored[0]["id"]})
            selected = [column[0] for column in cur.description]
        raise _Undo
    long_row, short_row = (
        {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")} for row in stored
    )
    assert list(stored[1]) == list(stored[0]) == selected
    assert short_row == long_row
    assert stored[1]["id"] > stored[0]["id"]


@SHORT_PARAMETERS
def test_a_create_sends_the_short_form_only_when_it_gives_nothing_but_the_required_columns(
    config_at_v1_or_v2: Config, code: int, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every query logged (``slow_query_ms=0``) names itself: a create of the required columns alone
    (the others left out or None) sends the short form, one with any other value the full one, and
    each returns the row ``get_<r>_by_id`` reads back."""
    res, module = resources(code)[name], module_of(code, name)
    create, get = getattr(module, f"create_{res.singular}"), getattr(module, f"get_{res.singular}_by_id")
    with omnidb.connect(config_at_v1_or_v2, slow_query_ms=0) as db:
        values = create_values(code, name, db, config_at_v1_or_v2)
        required = {column: values[column] for column in res.required}
        optional = OPTIONAL[name]
        getattr(module, f"count_{res.plural}")(db)  # a pool's first use by v2+ code checks the schema version
        caplog.set_level(logging.WARNING, logger="omnidb.slow")
        with db.connection() as conn:
            mariadb = is_mariadb(conn)
        created = []
        for given in (required, dict.fromkeys(values) | required, {**required, optional: "given"}):
            caplog.clear()
            created.append(create(db, **given))
            assert get(db, created[-1].id) == created[-1]
            query(config_at_v1_or_v2, f"DELETE FROM `{res.table}` WHERE id = %s", created[-1].id)  # its unique keys
            sent = [r.getMessage().split()[2] for r in caplog.records if r.name == "omnidb.slow"]
            short = f"create_{res.singular}_required_returning"
            if not mariadb:
                assert sent[0] == f"create_{res.singular}"
            elif optional in given and given[optional] is not None:
                assert sent == [f"create_{res.singular}_returning", f"get_{res.singular}_by_id"]
            else:
                assert sent == [short, f"get_{res.singular}_by_id"]
    assert getattr(created[2], optional) == "given" and getattr(created[0], optional) is None
