"""Cross-version promises: a populated database goes 1 -> 2 -> 1 -> 2 and keeps every V1 value;
v1-written data reads through v2; v2-written data survives a trip through V1."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import attrs
import pymysql
import pytest
from dbtools import MakeDatabase, admin, query

import omnidb
from omnidb.config import Config
from omnidb.tooling.migrate import Migrator
from omnidb.tooling.seed import load_sample_data
from omnidb.v1 import apps as v1_apps
from omnidb.v1 import builds as v1_builds
from omnidb.v1 import tables as v1_tables
from omnidb.v2 import app_features, features
from omnidb.v2 import apps as v2_apps

GENERATED_APPS = 100_000

# Five-digit numbers 0..99999 from digit tables: portable (a recursive CTE would hit MySQL's
# cte_max_recursion_depth of 1000).
_DIGITS = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " \
          "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"  # fmt: skip
_NUMBERS = (
    f"SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n "
    f"FROM {_DIGITS} AS a, {_DIGITS} AS b, {_DIGITS} AS c, {_DIGITS} AS e, {_DIGITS} AS f"
)


def generate(config: Config) -> None:
    """100,000 apps over the sample orgs, each with a build, every other one with an instance."""
    with admin(config).cursor() as cur:
        cur.execute(
            "INSERT INTO apps (org_id, name, git_repo, instances, status, maintenance_mode, labels) "
            "SELECT o.id, CONCAT('gen-', n.n), CONCAT('https://git.example/gen/', n.n), n.n % 5, "
            "ELT(1 + n.n % 6, 'started', 'stopped', 'crashed', 'starting', 'stopping', 'staged'), n.n % 2, "
            "IF(n.n % 3 = 0, NULL, JSON_OBJECT('n', n.n, 'even', n.n % 2 = 0)) "
            f"FROM ({_NUMBERS}) AS n INNER JOIN orgs AS o ON o.name = ELT(1 + n.n % 3, 'acme', 'globex', 'initech')"
        )
        cur.execute(
            "INSERT INTO builds (app_id, commit_sha, status, build_duration) "
            "SELECT id, SHA1(name), IF(id % 7 = 0, 'failed', 'succeeded'), id % 300 FROM apps WHERE name LIKE 'gen-%%'"
        )
        cur.execute(
            "INSERT INTO instances (app_id, guid, instance_index, instance_type, status, cpu_usage) "
            "SELECT id, UUID(), 0, 'container', 'running', (id % 1000) / 10 FROM apps "
            "WHERE name LIKE 'gen-%%' AND id % 2 = 0"
        )


def table_digests(config: Config) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of every V1 column of every row in id order) of each V1 table."""
    digests = {}
    conn = pymysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password,
        database=config.database, cursorclass=pymysql.cursors.SSCursor,
    )  # fmt: skip
    try:
        for table, struct in sorted(v1_tables.TABLES.items()):
            columns = ", ".join(f"`{field.name}`" for field in attrs.fields(struct))
            digest, count = hashlib.sha256(), 0
            with conn.cursor() as cur:
                cur.execute(f"SELECT {columns} FROM `{table}` ORDER BY id")
                for row in cur:
                    digest.update(repr(row).encode())
                    count += 1
            digests[table] = (count, digest.hexdigest())
    finally:
        conn.close()
    return digests


@pytest.fixture(scope="module")
def populated(make_database: MakeDatabase) -> Iterator[tuple[omnidb.Database, Config]]:
    config = make_database()
    db = omnidb.connect(config)
    Migrator(db).migrate(1)
    load_sample_data(db)
    generate(config)
    yield db, config
    db.close()


@pytest.mark.slow
def test_a_populated_database_keeps_every_v1_value_through_1_2_1_2(
    populated: tuple[omnidb.Database, Config],
) -> None:
    db, config = populated
    original = table_digests(config)
    assert original["apps"][0] == GENERATED_APPS + 12 and original["builds"][0] > GENERATED_APPS
    migrator = Migrator(db)

    for target in (2, 1, 2):
        migrator.migrate(target)
        assert table_digests(config) == original, f"a V1 value changed after migrating to V{target}"

    # The whole v1 API still reads the data on V2.
    assert v1_apps.count_apps(db) == GENERATED_APPS + 12
    first_gen = v1_apps.list_apps(db, 0, 1000)[-1]
    assert v1_apps.get_app_by_id(db, first_gen.id) == first_gen
    assert v1_builds.count_builds(db, app_id=first_gen.id) == 1


@pytest.mark.slow
def test_v1_written_data_reads_through_v2_after_migrating(populated: tuple[omnidb.Database, Config]) -> None:
    db, _ = populated
    Migrator(db).migrate(1)
    written = v1_apps.create_app(db, org_id=1, name="written-by-v1", labels={"from": "v1"})
    Migrator(db).migrate(2)

    read = v2_apps.get_app_by_id(db, written.id)
    assert (read.name, read.labels, read.app_type, read.feature_id) == (
        "written-by-v1",
        {"from": "v1"},
        "standard",
        None,
    )
    assert read.created_at == written.created_at


@pytest.mark.slow
def test_v2_written_data_survives_a_trip_through_v1(populated: tuple[omnidb.Database, Config]) -> None:
    db, config = populated
    Migrator(db).migrate(2)
    gpu = features.create_feature(db, name="gpu-trip")
    app = v2_apps.create_app(db, org_id=1, name="ml-trip", app_type="batch", feature_id=gpu.id)
    flag = app_features.create_app_feature(db, app_id=app.id, feature_id=gpu.id, settings={"gpus": 4})

    Migrator(db).migrate(1)
    v1_view = v1_apps.get_app_by_id(db, app.id)  # v1 code sees the app, without the V2 columns
    assert v1_view.name == "ml-trip" and not hasattr(v1_view, "app_type")
    Migrator(db).migrate(2)

    assert v2_apps.get_app_by_id(db, app.id) == app
    assert features.get_feature_by_id(db, gpu.id) == gpu
    assert app_features.get_app_feature_by_id(db, flag.id) == flag
    assert query(config, "SELECT COUNT(*) AS n FROM app_features") == [{"n": 1}]
