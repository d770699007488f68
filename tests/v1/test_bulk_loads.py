"""Bulk loads (``load_<r>s``, omnidb/loading.py): LOAD DATA LOCAL INFILE, with create_<r>s's rows and errors."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pymysql.connections
import pytest
from dbtools import query
from v1 import factories

import omnidb
from omnidb import loading
from omnidb.config import Config
from omnidb.errors import Conflict, ForeignKeyViolation, InvalidInput, OmniDBError
from omnidb.resource import Resource
from omnidb.tooling.databases import create_database
from omnidb.tooling.devserver import DevServer, find_server_binary
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, deployment_logs, instance_logs, instances, metrics
from omnidb.v1.declarations import RESOURCES as V1
from omnidb.v2.declarations import RESOURCES as V2

QUERIES = Path(__file__).resolve().parent.parent.parent / "queries"
LOADERS = [
    (f"V{r.version}", name, r)
    for table in (V1, V2)
    for name, r in table.items()
    if r.bulk_insert and r.bulk_insert.load
]
DRIVER = os.environ.get("OMNIDB_TEST_DRIVER", "pymysql")
TRICKY = ["tab\there", "new\nline", "back\\slash", "cr\rlf", "nul\0byte", "\\N", "ünïcødé ✓", "", "'quote\""]


def app_columns(config: Config, org_id: int) -> list[dict[str, Any]]:
    return query(
        config,
        "SELECT name, display_name, git_repo, container_image_url, CAST(labels AS CHAR) AS labels, status, "
        "instances, git_branch, space_id, region_id FROM apps WHERE org_id = %s ORDER BY name",
        org_id,
    )


@pytest.mark.parametrize(("version", "name", "resource"), LOADERS, ids=[f"{v}-{n}" for v, n, _ in LOADERS])
def test_each_load_query_reads_the_columns_of_its_bulk_insert_in_order(
    version: str, name: str, resource: Resource[Any]
) -> None:
    sql = resource.query(f"load_{resource.plural}_bulk").sql
    listed = re.search(r"\(([^()]*)\)\s*;?\s*$", sql)
    assert listed, f"{name}: load_{resource.plural}_bulk ends with no column list"
    assert tuple(c.strip() for c in listed.group(1).split(",")) == resource.bulk_columns()
    assert re.search(rf"INTO TABLE {resource.table}\b", sql)


BULK_WRITERS = [(f"V{r.version}", name, r) for table in (V1, V2) for name, r in table.items() if r.bulk_insert]


@pytest.mark.parametrize(("version", "name", "resource"), BULK_WRITERS, ids=[f"{v}-{n}" for v, n, _ in BULK_WRITERS])
def test_each_bulk_insert_binds_its_rows_as_tuples_in_the_declared_order(
    version: str, name: str, resource: Resource[Any]
) -> None:
    """create_<r>s binds each row as a tuple to create_<r>s_bulk with positional placeholders: the
    VALUES must list the parameters in the order the name line declares them."""
    sql = resource.bulk_statement()
    assert "%(" not in sql and sql.count("%s") == len(resource.bulk_columns())


def test_positional_placeholders_keep_literal_percents_and_a_misordered_values_list_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from omnidb import registry

    sql, names = registry.positional("INSERT INTO t (a, b) VALUES (%(a)s, CONCAT('100%%', %(b)s))")
    assert sql == "INSERT INTO t (a, b) VALUES (%s, CONCAT('100%%', %s))" and names == ("a", "b")
    resource = V1["apps"]
    real = Resource.query

    class Swapped:
        sql = "INSERT INTO apps (name, org_id) VALUES (%(name)s, %(org_id)s)"
        parameters = ("org_id", "name")

    swapped = {"create_apps_bulk": Swapped}
    monkeypatch.setattr(Resource, "query", lambda self, name: swapped.get(name) or real(self, name))
    with pytest.raises(OmniDBError, match=r"^create_apps_bulk: its VALUES must give each parameter once, in the "):
        resource.bulk_statement()


def test_a_load_stores_what_create_stores_byte_for_byte(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    inserted, loaded = factories.org(db_at_v1_or_v2), factories.org(db_at_v1_or_v2)
    rows = [
        {"name": f"app {i} {text}", "display_name": text, "git_repo": None if i % 2 else text,
         "labels": {"text": text, "n": i, "nested": [None, True, 1.5]}}
        for i, text in enumerate(TRICKY)
    ]  # fmt: skip
    rows.append({"name": "bare"})  # every other column left out: NULL or its default

    assert apps.create_apps(db_at_v1_or_v2, [{**row, "org_id": inserted.id} for row in rows]) == len(rows)
    assert apps.load_apps(db_at_v1_or_v2, ({**row, "org_id": loaded.id} for row in rows)) == len(rows)

    stored = app_columns(config_at_v1_or_v2, loaded.id)
    assert stored == app_columns(config_at_v1_or_v2, inserted.id)
    assert {r["display_name"] for r in stored} == {*TRICKY, None}
    assert apps.get_app_by_name(db_at_v1_or_v2, loaded.id, "bare").status.value == "stopped"


def test_a_duplicate_in_the_rows_or_in_the_table_loads_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    org = factories.org(db_at_v1_or_v2)
    apps.create_app(db_at_v1_or_v2, org_id=org.id, name="taken")
    count = "SELECT COUNT(*) AS n FROM apps WHERE org_id = %s"
    # LOAD DATA LOCAL only warns about a duplicate and skips the row: the warning is the error here.
    for rows in ([{"name": "a"}, {"name": "b"}, {"name": "a"}], [{"name": "c"}, {"name": "taken"}]):
        with pytest.raises(Conflict, match=r"app already exists: \(1062\) Duplicate entry"):
            apps.load_apps(db_at_v1_or_v2, [{**row, "org_id": org.id} for row in rows])
        assert query(config_at_v1_or_v2, count, org.id) == [{"n": 1}]


def test_a_missing_parent_or_a_bad_row_loads_nothing(
    db_at_v1_or_v2: omnidb.Database, config_at_v1_or_v2: Config
) -> None:
    before = query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps")
    with pytest.raises(ForeignKeyViolation, match=r"\(1452\)"):
        apps.load_apps(db_at_v1_or_v2, [{"org_id": 999_999_999, "name": "orphan"}])
    with pytest.raises(InvalidInput, match="load_apps: row 1 has no column nmae"):
        apps.load_apps(db_at_v1_or_v2, [{"org_id": 1, "name": "ok"}, {"org_id": 1, "nmae": "typo"}])
    with pytest.raises(InvalidInput, match="load_apps: row 0 needs name"):
        apps.load_apps(db_at_v1_or_v2, [{"org_id": 1}])
    assert query(config_at_v1_or_v2, "SELECT COUNT(*) AS n FROM apps") == before
    assert apps.load_apps(db_at_v1_or_v2, []) == 0


@pytest.mark.skipif(DRIVER != "pymysql", reason="mysqlclient loads through INSERTs: no file")
def test_the_load_file_is_private_and_removed_whatever_happens(
    db_at_v1_or_v2: omnidb.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    org = factories.org(db_at_v1_or_v2)
    modes = []
    real_query = Resource.query

    def spy(resource: Resource[Any], name: str) -> Any:
        if name.startswith("load_"):
            modes.extend(os.stat(f).st_mode & 0o777 for f in tmp_path.iterdir())
        return real_query(resource, name)

    monkeypatch.setattr(Resource, "query", spy)
    assert apps.load_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": "x"}]) == 1
    with pytest.raises(Conflict):
        apps.load_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": "x"}])
    with pytest.raises(InvalidInput):
        apps.load_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": "y"}, {"nope": 1}])
    assert modes == [0o600, 0o600] and list(tmp_path.iterdir()) == []


def test_a_load_takes_the_database_not_a_transaction_and_pooled_sessions_never_send_files(
    db_at_v1_or_v2: omnidb.Database,
) -> None:
    with db_at_v1_or_v2.transaction() as tx:
        with pytest.raises(OmniDBError, match=r"load_apps runs in a transaction of its own.*create_apps joins"):
            apps.load_apps(tx, [{"org_id": 1, "name": "x"}])  # type: ignore[arg-type]
        conn = tx.connection
        if isinstance(conn, pymysql.connections.Connection):
            assert not conn._local_infile  # the capability only a load's own session has


def test_loads_of_the_high_volume_tables(db_at_v1_or_v2: omnidb.Database) -> None:
    app = factories.app(db_at_v1_or_v2)
    now = datetime.now(timezone.utc).replace(microsecond=123456)
    shape = {"app_id": app.id, "instance_type": "vm", "status": "running"}
    assert instances.load_instances(db_at_v1_or_v2, [
        {**shape, "guid": str(uuid.uuid4()), "instance_index": i, "started_at": now} for i in range(3)
    ]) == 3  # fmt: skip
    assert {i.started_at for i in instances.list_instances(db_at_v1_or_v2, app_id=app.id)} == {now}
    samples = [{"app_id": app.id, "metric_name": "rps", "metric_value": i / 3,
                "recorded_at": now - timedelta(seconds=i), "labels": {"i": i}} for i in range(50)]  # fmt: skip
    assert metrics.load_metrics(db_at_v1_or_v2, samples) == 50
    newest = metrics.list_metrics_after(db_at_v1_or_v2, None, 2, app_id=app.id)
    assert [(m.metric_value, m.recorded_at, m.labels) for m in newest] == [
        (0.0, now, {"i": 0}),
        (1 / 3, now - timedelta(seconds=1), {"i": 1}),
    ]
    deployment = factories.deployment(db_at_v1_or_v2, app_id=app.id)
    line = {"deployment_id": deployment.id, "log_type": "deployment", "log_level": "info", "logged_at": now}
    assert deployment_logs.load_deployment_logs(db_at_v1_or_v2, [{**line, "message": m} for m in TRICKY]) == len(TRICKY)
    instance = factories.instance(db_at_v1_or_v2, app_id=app.id)
    assert instance_logs.load_instance_logs(db_at_v1_or_v2, [
        {"instance_id": instance.id, "app_id": app.id, "log_type": "app", "log_level": "error", "message": "boom",
         "logged_at": now, "metadata": {"trace": "a\tb"}}
    ]) == 1  # fmt: skip
    with pytest.raises(InvalidInput, match="load_metrics: row 0: recorded_at: naive datetime"):
        metrics.load_metrics(db_at_v1_or_v2, [{**samples[0], "recorded_at": datetime(2026, 1, 1)}])


def test_the_v2_load_writes_the_v2_columns(db_at_v1_or_v2: omnidb.Database) -> None:
    if db_at_v1_or_v2.schema_version() < 2:
        pytest.skip("needs a database at V2")
    from omnidb.v2 import apps as v2_apps

    org = factories.org(db_at_v1_or_v2)
    assert v2_apps.load_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": "fn", "app_type": "function"}]) == 1
    assert v2_apps.get_app_by_name(db_at_v1_or_v2, org.id, "fn").app_type == "function"


def test_the_v2_bulk_writers_give_app_type_its_default_when_a_row_leaves_it_out(
    db_at_v1_or_v2: omnidb.Database,
) -> None:
    """app_type is NOT NULL DEFAULT 'standard' and a column of both V2 bulk writers: a row without it
    (or with None) stores 'standard', as create_app does, not NULL (which the column refused)."""
    if db_at_v1_or_v2.schema_version() < 2:
        pytest.skip("needs a database at V2")
    from omnidb.v2 import apps as v2_apps

    org = factories.org(db_at_v1_or_v2)
    assert (
        v2_apps.create_apps(
            db_at_v1_or_v2, [{"org_id": org.id, "name": "c1"}, {"org_id": org.id, "name": "c2", "app_type": None}]
        )
        == 2
    )
    assert v2_apps.load_apps(db_at_v1_or_v2, [{"org_id": org.id, "name": "l1"}]) == 1
    for name in ("c1", "c2", "l1"):
        assert v2_apps.get_app_by_name(db_at_v1_or_v2, org.id, name).app_type == "standard", name


def test_every_bulk_writer_declares_the_defaults_of_the_not_null_columns_it_may_leave_out(
    db_at_v1_or_v2: omnidb.Database,
) -> None:
    """A bulk row sends NULL for a column it leaves out; a NOT NULL column with a default needs that
    default declared (Bulk.defaults), equal to the table's, at the schema version of the writer."""
    from omnidb.v1.declarations import RESOURCES as V1
    from omnidb.v2.declarations import RESOURCES as V2

    version = db_at_v1_or_v2.schema_version()
    with db_at_v1_or_v2.connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_DEFAULT AS d FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND IS_NULLABLE = 'NO' AND COLUMN_DEFAULT IS NOT NULL"
        )
        not_null_defaults = {(row["t"], row["c"]): str(row["d"]).strip("'") for row in cur.fetchall()}
    checked = 0
    for resource in [*V1.values(), *(V2.values() if version >= 2 else ())]:
        if resource.bulk_insert is None or resource.version > version:
            continue
        columns = set(resource.bulk_columns()) - set(resource.bulk_insert.required)
        wanted = {
            c: not_null_defaults[(resource.table, c)] for c in columns if (resource.table, c) in not_null_defaults
        }
        declared = {c: str(getattr(v, "value", v)) for c, v in resource.bulk_insert.defaults.items()}
        assert declared == wanted, (resource.version, resource.plural)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"),
        (True, "1"),
        (-7, "-7"),
        (0.1, "0.1"),
        (Decimal("1E+2"), "100"),
        (datetime(2026, 1, 2, 3, 4, 5, 6), "2026-01-02 03:04:05.000006"),
        (timedelta(hours=-1, seconds=-5), "-1:00:05"),
        (timedelta(seconds=-0.5), "-0:00:00.500000"),
        (type("Stamp", (datetime,), {})(2026, 1, 2, 3, 4, 5), "2026-01-02 03:04:05"),  # a datetime subclass
        (type("Name", (str,), {})("a\tb"), "a\\tb"),
        ("a\tb\\c\n", "a\\tb\\\\c\\n"),
    ],
)
def test_fields_are_written_as_load_data_reads_them(value: Any, text: str) -> None:
    assert loading.field(value) == text


@pytest.mark.slow
@pytest.mark.skipif(find_server_binary() is None, reason="needs mariadbd/mysqld")
def test_a_server_that_refuses_load_data_local_gets_the_inserts_instead(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = DevServer(tmp_path / "server", extra_args=["--local-infile=0"])
    dsn = server.start()
    try:
        create_database(omnidb.parse_dsn(dsn), "loads")
        db = omnidb.connect(omnidb.parse_dsn(dsn).with_database("loads"))
        Migrator(db).migrate(1)
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT @@GLOBAL.local_infile AS v")
            assert cur.fetchone()["v"] == 0
        org = factories.org(db)
        with caplog.at_level("INFO", logger="omnidb"):
            assert apps.load_apps(db, [{"org_id": org.id, "name": f"n{i}"} for i in range(5)]) == 5
            assert apps.load_apps(db, [{"org_id": org.id, "name": "n5"}]) == 1
        assert apps.count_apps(db, org_id=org.id) == 6
        said = [r.getMessage() for r in caplog.records if "LOAD DATA LOCAL" in r.getMessage()]
        assert len(said) == 1 and "(local_infile is OFF there)" in said[0]  # once per server
        assert "the rows go through create_apps's INSERTs instead" in said[0]
        with pytest.raises(Conflict):
            apps.load_apps(db, [{"org_id": org.id, "name": "n0"}])
        if importlib.util.find_spec("aiomysql") is not None:  # omnidb.aio's load asks the server the same
            assert asyncio.run(aio_load(db.config, [{"org_id": org.id, "name": "a0"}])) == 1
            assert apps.count_apps(db, org_id=org.id) == 7
        db.close()
    finally:
        server.stop()


async def aio_load(config: Config, rows: list[dict[str, Any]]) -> int:
    import omnidb.aio
    from omnidb.aio.v1 import apps as aio_apps

    db = await omnidb.aio.connect(config)
    try:
        return await aio_apps.load_apps(db, rows)
    finally:
        await db.close()


def test_a_load_short_of_rows_without_a_warning_is_an_error_too() -> None:
    with pytest.raises(
        OmniDBError, match=r"^load_apps: the server loaded 2 of the 3 rows written; nothing was inserted$"
    ):
        loading.check_load([], 2, 3, "load_apps")
    with pytest.raises(pymysql.err.MySQLError, match="Data truncated"):
        loading.check_load([{"Level": "Warning", "Code": 1265, "Message": "Data truncated"}], 3, 3, "load_apps")
    loading.check_load([], 3, 3, "load_apps")


def test_notes_are_not_refused_warnings_are() -> None:
    loading.check_load(
        [{"Level": "Note", "Code": 1265, "Message": "Data truncated for column 'total_cost'"}], 1, 1, "x"
    )
    with pytest.raises(pymysql.err.MySQLError, match="Out of range"):
        loading.check_load(
            [
                {"Level": "Note", "Code": 1265, "Message": "rounded"},
                {"Level": "Warning", "Code": 1264, "Message": "Out of range"},
            ],
            1,
            1,
            "x",
        )


@pytest.mark.skipif(DRIVER != "pymysql", reason="omnidb checks the file name on PyMySQL sessions")
def test_a_loading_session_sends_no_file_but_the_one_its_load_wrote(empty_config: Config, tmp_path: Path) -> None:
    from omnidb.session import open_loading_session

    mine, other = tmp_path / "mine.tsv", tmp_path / "secret.txt"
    mine.write_text("1\n")
    other.write_text("the server must never see this\n")
    load = "LOAD DATA LOCAL INFILE %s INTO TABLE t"
    for allowed in (None, str(mine)):  # outside a load, and during a load of another file
        conn = open_loading_session(empty_config)
        try:
            with conn.cursor() as cur:
                cur.execute("CREATE TABLE IF NOT EXISTS t (line TEXT)")
            conn.omnidb_load_file = allowed  # type: ignore[attr-defined]
            with (
                pytest.raises(OmniDBError, match=r"refused to send the local file .*secret\.txt"),
                conn.cursor() as cur,
            ):
                cur.execute(load, (str(other),))
            assert not conn.open  # broken off: the server was waiting for the file
        finally:
            conn.close() if conn.open else None
    conn = open_loading_session(empty_config)
    conn.omnidb_load_file = str(mine)  # type: ignore[attr-defined]
    with conn.cursor() as cur:
        cur.execute(load, (str(mine),))
        cur.execute("SELECT COUNT(*) AS n FROM t")
        assert cur.fetchone()["n"] == 1  # the file itself goes
    conn.close()


def test_a_row_the_server_refuses_is_counted_as_the_writers_say(db_at_v1_or_v2: omnidb.Database) -> None:
    """The server's "at row N": within one multi-row INSERT for create_apps (said so), the file's line
    from 1 for load_apps (told from 0, as the rows given and omnidb's own checks count)."""
    org = factories.org(db_at_v1_or_v2)
    rows = [{"org_id": org.id, "name": "fine"}, {"org_id": org.id, "name": "x" * 300}]
    with pytest.raises(InvalidInput, match=r"at row 2 \(counted from 1 within one of the multi-row INSERTs") as made:
        apps.create_apps(db_at_v1_or_v2, rows)
    assert made.value.field == "name"
    # on mysqlclient, load_apps runs create_apps' INSERTs (omnidb checks the file's name on PyMySQL only)
    told = (
        r"at row 1 \(LOAD DATA, rows counted from 0 as given"
        if db_at_v1_or_v2.config.driver == "pymysql"
        else "at row 2"
    )
    with pytest.raises(InvalidInput, match=told) as loaded:
        apps.load_apps(db_at_v1_or_v2, rows)
    assert loaded.value.field == "name"
    assert apps.count_apps(db_at_v1_or_v2, org_id=org.id) == 0
