"""omnidb.v2: apps with app_type and feature_id, features, per-app feature flags, and the version guard."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtools import MakeDatabase, query
from v1 import factories

import omnidb
import omnidb.v2.declarations
from omnidb.config import Config
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound, SchemaVersionMismatch
from omnidb.tooling.migrate import Migrator
from omnidb.v2 import app_features, apps, features, orgs
from omnidb.v2.tables import App, AppStatus

ROOT = Path(__file__).resolve().parent.parent.parent


def test_v2_apps_create_read_filter_and_update_app_type_and_feature(
    db_at_v2: omnidb.Database, config_at_v2: Config
) -> None:
    org = orgs.create_org(db_at_v2, name=factories.unique("org"))
    gpu = features.create_feature(db_at_v2, name=factories.unique("gpu"), description="GPU workers")
    plain = apps.create_app(db_at_v2, org_id=org.id, name="web")
    ml = apps.create_app(db_at_v2, org_id=org.id, name="ml", app_type="batch", feature_id=gpu.id)

    assert isinstance(ml, App) and (ml.app_type, ml.feature_id) == ("batch", gpu.id)
    assert (plain.app_type, plain.feature_id) == ("standard", None)
    assert apps.list_apps(db_at_v2, org_id=org.id, app_type="batch") == [ml]
    assert apps.list_apps(db_at_v2, feature_id=gpu.id) == [ml]
    assert apps.count_apps(db_at_v2, org_id=org.id) == 2
    moved = apps.update_app(db_at_v2, plain.id, app_type="worker", feature_id=gpu.id)
    assert (moved.app_type, moved.feature_id) == ("worker", gpu.id)
    row = query(config_at_v2, "SELECT app_type, feature_id FROM apps WHERE id = %s", plain.id)[0]
    assert row == {"app_type": "worker", "feature_id": gpu.id}
    assert apps.start_app(db_at_v2, ml.id).status is AppStatus.STARTING
    with pytest.raises(ParentNotFound, match="feature 987654321 not found"):
        apps.create_app(db_at_v2, org_id=org.id, name="orphan", feature_id=987654321)
    with pytest.raises(InvalidInput, match=r"\(1406\) Data too long for column 'app_type'"):
        apps.update_app(db_at_v2, ml.id, app_type="x" * 51)


def test_features_and_app_feature_flags(db_at_v2: omnidb.Database, config_at_v2: Config) -> None:
    app = apps.create_app(db_at_v2, org_id=orgs.create_org(db_at_v2, name=factories.unique("org")).id, name="web")
    cdn = features.create_feature(db_at_v2, name=factories.unique("cdn"))
    flag = app_features.create_app_feature(db_at_v2, app_id=app.id, feature_id=cdn.id, settings={"ttl": 60})

    assert flag.enabled is True and flag.settings == {"ttl": 60}
    assert app_features.list_app_features(db_at_v2, app_id=app.id) == [flag]
    off = app_features.update_app_feature(db_at_v2, flag.id, enabled=False)
    assert off.enabled is False
    with pytest.raises(Conflict, match="app feature already exists"):
        app_features.create_app_feature(db_at_v2, app_id=app.id, feature_id=cdn.id)
    with pytest.raises(ParentNotFound, match="app 987654321 not found"):
        app_features.create_app_feature(db_at_v2, app_id=987654321, feature_id=cdn.id)

    features.delete_feature(db_at_v2, cdn.id)  # soft: the flags stay, the feature is hidden
    with pytest.raises(NotFound, match=f"feature {cdn.id} not found"):
        features.get_feature_by_id(db_at_v2, cdn.id)
    assert query(config_at_v2, "SELECT COUNT(*) AS n FROM app_features WHERE feature_id = %s", cdn.id) == [{"n": 1}]
    app_features.delete_app_feature(db_at_v2, flag.id)
    assert app_features.list_app_features(db_at_v2, app_id=app.id) == []


def test_unchanged_v2_modules_are_v1_declarations_bound_to_v2(db_at_v2: omnidb.Database) -> None:
    from omnidb.v1 import declarations as v1
    from omnidb.v2 import declarations as v2

    assert v2.RESOURCES["orgs"] == v1.ORGS.at_version(2)
    assert v1.ORGS.updatable == orgs.UPDATABLE
    # V2 wrote only what it changed: its apps queries, and no copy of an unchanged query.
    v2_files = {p.name for p in (ROOT / "queries" / "v2").glob("*.sql")}
    assert v2_files == {"apps.sql", "features.sql", "app_features.sql"}


V2_MODULES = sorted(omnidb.v2.declarations.RESOURCES)


@pytest.mark.parametrize("name", V2_MODULES)
def test_every_v2_module_refuses_a_v1_database_with_schema_version_mismatch(
    name: str, db_at_v1: omnidb.Database
) -> None:
    module = importlib.import_module(f"omnidb.v2.{name}")
    lister = next(getattr(module, n) for n in dir(module) if n.startswith("list_"))
    with pytest.raises(SchemaVersionMismatch, match=r"omnidb.v2 needs schema version 2 or later, but .* is at V1"):
        lister(db_at_v1)


@pytest.fixture(scope="module")
def db_at_v1(make_database: MakeDatabase) -> Iterator[omnidb.Database]:
    database = omnidb.connect(make_database())
    Migrator(database).migrate(1)
    yield database
    database.close()


def test_the_guard_notices_a_migration_made_by_another_process(make_database: MakeDatabase) -> None:
    config = make_database()
    first, second = omnidb.connect(config), omnidb.connect(config)
    Migrator(first).migrate(1)
    assert second.schema_version() == 1
    Migrator(first).migrate(2)  # `second` still caches V1
    assert features.list_features(second) == []  # re-read before refusing: no false mismatch
    assert second.schema_version() == 2
    first.close()
    second.close()


def test_a_v2_call_in_a_transaction_reads_the_version_on_the_transaction_s_session(
    make_database: MakeDatabase,
) -> None:
    """On a new pool whose every place a transaction holds, the version was read on a second
    session that never came: PoolTimeout, each time. On a V1 database the refusal comes the same way."""
    config = make_database()
    with omnidb.connect(config) as setup:
        Migrator(setup).migrate(1)
    with omnidb.connect(config, pool_size=1, pool_timeout=2) as db:
        refused = r"needs schema version 2 or later, but .* is at V1"
        with pytest.raises(SchemaVersionMismatch, match=refused), db.transaction() as tx:
            orgs.count_orgs(tx)
        Migrator(db).migrate(2)
        with db.transaction() as tx:
            assert orgs.count_orgs(tx) == 0 and features.list_features(tx) == []
        assert db.schema_version() == 2
