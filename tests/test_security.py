"""Least privilege, and secrets kept out of every output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from dbtools import admin

import omnidb
from omnidb.config import Config
from omnidb.errors import PermissionDenied
from omnidb.tooling.grants import Account, create_accounts
from omnidb.tooling.migrate import Migrator
from omnidb.v1 import apps, config_vars, orgs, users


@pytest.fixture
def accounts(server: Config) -> Iterator[tuple[Account, Account]]:
    suffix = uuid.uuid4().hex[:8]
    migrator = Account(f"mig_{suffix}", f"Mig-{uuid.uuid4().hex}", "%")
    application = Account(f"app_{suffix}", f"App-{uuid.uuid4().hex}", "%")
    yield migrator, application
    with admin(server).cursor() as cur:
        for account in (migrator, application):
            cur.execute("DROP USER IF EXISTS %s@%s", (account.user, account.host))


def as_account(config: Config, account: Account) -> omnidb.Database:
    return omnidb.connect(Config(host=config.host, port=config.port, user=account.user,
                                 password=account.password, database=config.database))  # fmt: skip


def test_the_app_account_can_use_every_query_function_but_not_change_the_schema(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)

    with as_account(empty_config, migrator) as db:
        Migrator(db).migrate()  # the migrator runs DDL
        assert db.schema_version() == 2

    with as_account(empty_config, application) as db:
        org = orgs.create_org(db, name="acme")
        app = apps.create_app(db, org_id=org.id, name="web")
        apps.update_app(db, app.id, instances=2)
        apps.start_app(db, app.id)
        assert apps.list_apps(db, org_id=org.id)[0].instances == 2
        config_vars.set_config_var(db, app.id, "K", "v")
        apps.delete_app(db, app.id)
        assert db.schema_version() == 2
        for ddl in ("ALTER TABLE apps ADD COLUMN x INT", "DROP TABLE apps", "CREATE TABLE evil (id INT)"):
            with (
                pytest.raises(PermissionDenied, match=r"\(1142\)"),
                db.transaction() as tx,
                tx.connection.cursor() as cur,
            ):
                cur.execute(ddl)
        with pytest.raises(omnidb.MigrationError):
            Migrator(db).migrate(1)  # rolling back needs DDL: refused (and nothing changes)
    assert Migrator(empty_db).status().current == 2


def test_passwords_never_appear_in_reprs_errors_logs_or_cli_output(
    empty_config: Config, caplog: pytest.LogCaptureFixture, accounts: tuple[Account, Account]
) -> None:
    secret = "S3cr3t-" + uuid.uuid4().hex
    dsn = f"mysql://nobody:{secret}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    caplog.set_level(logging.DEBUG)
    config = omnidb.parse_dsn(dsn)
    texts = [repr(config), config.safe_dsn(), repr(omnidb.Database(config)), repr(accounts[0])]
    with pytest.raises(omnidb.errors.ConnectionFailed) as raised:
        omnidb.connect(dsn)
    texts += [str(raised.value), repr(raised.value)]
    env = {k: v for k, v in os.environ.items() if k != "OMNIDB_DSN"}
    for args in (["status"], ["migrate"], ["doctor"], ["check"], ["--dsn", dsn, "status"]):
        result = subprocess.run([sys.executable, "-m", "omnidb.tooling.cli", *args], capture_output=True, text=True,
                                env={**env, "OMNIDB_DSN": dsn}, timeout=60)  # fmt: skip
        texts += [result.stdout, result.stderr]
        assert result.returncode == 1 and "Traceback" not in result.stderr
    texts += [r.getMessage() for r in caplog.records]
    assert all(secret not in text for text in texts)
    assert accounts[0].password not in repr(accounts[0])


def test_secret_columns_stay_out_of_struct_reprs(empty_db: omnidb.Database) -> None:
    Migrator(empty_db).migrate(1)
    user = users.create_user(empty_db, email="a@example.test", password_hash="argon2-HASH-x", salt="SALT-y")
    org = orgs.create_org(empty_db, name="acme")
    app = apps.create_app(empty_db, org_id=org.id, name="web")
    var = config_vars.set_config_var(empty_db, app.id, "DB_PASSWORD", "hunter2-value", is_secret=True)
    text = repr(user) + repr(var)
    assert "argon2-HASH-x" not in text and "SALT-y" not in text and "hunter2-value" not in text
