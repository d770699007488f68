"""Least privilege, and secrets kept out of every output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from dbtools import admin, query

import omnidb
from omnidb.config import Config
from omnidb.errors import ConfigError, ConnectionFailed, ConnectionLost, DatabaseError, PermissionDenied
from omnidb.tooling import grants as grants_module
from omnidb.tooling.grants import Account, create_accounts, grant_pattern
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
    lines: list[str] = []
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application, out=lines.append)
    assert "no writes yet" in lines[1] and "run omnidb grants again after omnidb migrate" in lines[1]

    with as_account(empty_config, migrator) as db:
        Migrator(db).migrate()  # the migrator runs DDL
        assert db.schema_version() == 2
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)

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


def test_the_app_account_may_read_but_never_change_the_migration_tables(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    Migrator(empty_db).migrate()
    lines: list[str] = []
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application, out=lines.append)
    # An earlier omnidb grants gave writes on the lock's table: running it again takes them back.
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute(
            f"GRANT INSERT, UPDATE, DELETE ON `{empty_config.database}`.schema_migration_lock TO %s@%s",
            (application.user, application.host),
        )
    lines.clear()
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application, out=lines.append)
    assert "except schema_migrations, schema_migration_history, schema_migration_lock" in lines[1]
    before = query(empty_config, "SELECT version, checksum FROM schema_migrations ORDER BY version")
    history = query(empty_config, "SELECT COUNT(*) AS n FROM schema_migration_history")

    with as_account(empty_config, application) as db:
        assert db.schema_version() == 2  # reading works
        assert Migrator(db).status().current == 2
        for statement in (
            "UPDATE schema_migrations SET checksum = 'forged'",
            "DELETE FROM schema_migrations",
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'x', 'y')",
            "UPDATE schema_migration_history SET version = 99",
            "DELETE FROM schema_migration_history",
            "INSERT INTO schema_migration_lock (name, owner, node, connection_id, token, expires_at) "
            "VALUES ('omnidb', 'app', 'n', 1, REPEAT('t', 32), NOW() + INTERVAL 1 DAY)",
            "DELETE FROM schema_migration_lock",
        ):
            with (
                pytest.raises(PermissionDenied, match=r"\(1142\)"),
                db.transaction() as tx,
                tx.connection.cursor() as cur,
            ):
                cur.execute(statement)
        orgs.create_org(db, name="still-writes-rows")

    assert query(empty_config, "SELECT version, checksum FROM schema_migrations ORDER BY version") == before
    assert query(empty_config, "SELECT COUNT(*) AS n FROM schema_migration_history") == history
    assert query(empty_config, "SELECT name FROM orgs") == [{"name": "still-writes-rows"}]


def test_an_underscore_in_the_database_name_grants_that_database_only(
    server: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    prefix = f"omnidb_test_{uuid.uuid4().hex[:8]}"
    granted, lookalike = f"{prefix}_1", f"{prefix}11"  # _ would match the 1 of the other as a wildcard
    side = admin(server)
    with side.cursor() as cur:
        for name in (granted, lookalike):
            cur.execute(f"CREATE DATABASE `{name}`")
            cur.execute(f"CREATE TABLE `{name}`.notes (id INT PRIMARY KEY)")
    try:
        with omnidb.connect(server.with_database(granted)) as db:
            create_accounts(db, granted, migrator=migrator, application=application)
        for number, account in enumerate((migrator, application)):
            with pytest.raises(ConnectionFailed, match=r"\(1044\) Access denied"):
                as_account(server.with_database(lookalike), account)
            with (
                as_account(server.with_database(granted), account) as db,
                db.transaction() as tx,
                tx.connection.cursor() as cur,
            ):
                cur.execute("INSERT INTO notes VALUES (%s)", (number,))
        with side.cursor() as cur:
            cur.execute("SHOW GRANTS FOR %s@%s", (application.user, application.host))
            grants = " ".join(str(next(iter(row.values()))) for row in cur.fetchall())
        assert f"`{grant_pattern(granted)}`.*" in grants and lookalike not in grants
    finally:
        with side.cursor() as cur:
            for name in (granted, lookalike):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        side.close()


def test_a_hyphen_in_the_database_name_is_granted_as_migrate_and_status_take_it(
    server: Config, accounts: tuple[Account, Account]
) -> None:
    """grants refused `omni-prod` ("letters, digits, _ or $") while migrate, status and check took it."""
    migrator, application = accounts
    name = f"omnidb_test_{uuid.uuid4().hex[:8]}-prod"
    side = admin(server)
    with side.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}`")
        cur.execute(f"CREATE TABLE `{name}`.notes (id INT PRIMARY KEY)")
    try:
        with omnidb.connect(server.with_database(name)) as db:
            create_accounts(db, name, migrator=migrator, application=application)
        with (
            as_account(server.with_database(name), application) as db,
            db.transaction() as tx,
            tx.connection.cursor() as cur,
        ):
            cur.execute("INSERT INTO notes VALUES (1)")
        assert query(server.with_database(name), "SELECT id FROM notes") == [{"id": 1}]
        with pytest.raises(ConfigError, match=r"database names are 1 to 64 letters, digits, _, \$ or -; not 'a`b'"):
            create_accounts(db, "a`b", migrator=migrator, application=application)
    finally:
        with side.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        side.close()


def test_check_as_the_application_and_grants_as_the_migrator_say_which_account_to_use(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    """Both failed with the server's words alone: check's "(1044) Access denied ... to database
    'omnidb_check_...'", grants' "(1227) ... the CREATE USER privilege"."""
    migrator, application = accounts
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)

    def dsn(account: Account) -> str:
        return (
            f"mysql://{account.user}:{account.password}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
        )

    def omnidb_as(account: Account, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMNIDB_")}
        env.update(
            OMNIDB_DSN=dsn(account), OMNIDB_MIGRATOR_PASSWORD="Mig-x-0123456789", OMNIDB_APP_PASSWORD="App-x-0123456789"
        )
        return subprocess.run([sys.executable, "-m", "omnidb.tooling.cli", *args], capture_output=True, text=True,
                              env=env, timeout=120, stdin=subprocess.DEVNULL)  # fmt: skip

    checked = omnidb_as(application, "check")
    assert checked.returncode == 1 and "(1044) Access denied" in checked.stderr
    assert "omnidb check and resume build a scratch database (omnidb_check_<random>); run them with the " \
        "migrator's account" in checked.stderr  # fmt: skip
    granted = omnidb_as(
        migrator, "grants", "--migrator-user", f"x{migrator.user}", "--app-user", f"x{application.user}"
    )
    assert granted.returncode == 1 and "(1227)" in granted.stderr
    assert "omnidb grants needs a DSN whose account may create users and grant (root, say)" in granted.stderr
    assert migrator.password not in checked.stderr + granted.stderr + granted.stdout


def test_running_grants_again_changes_the_passwords_and_says_so(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    first: list[str] = []
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application, out=first.append)
    assert all("(created)" in line for line in first)

    new_migrator = attrs.evolve(migrator, password=f"New-{uuid.uuid4().hex}")
    new_application = attrs.evolve(application, password=f"New-{uuid.uuid4().hex}")
    again: list[str] = []
    create_accounts(
        empty_db, str(empty_config.database), migrator=new_migrator, application=new_application, out=again.append
    )
    assert all("(existed: password changed)" in line for line in again), again
    assert not any(account.password in " ".join(first + again) for account in (migrator, new_migrator))

    for old, new in ((migrator, new_migrator), (application, new_application)):
        with pytest.raises(ConnectionFailed, match=r"\(1045\) Access denied"):
            as_account(empty_config, old)
        as_account(empty_config, new).close()


def _accounts_named(config: Config, *users: str) -> list[str]:
    rows = query(config, "SELECT User AS user FROM mysql.user WHERE User IN %s ORDER BY User", users)
    return [str(row["user"]) for row in rows]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"migrator_user": ""}, "the migrator account needs a user name: an empty one is the anonymous account"),
        ({"app_password": ""}, "the application account app_.* needs a password: without one anybody"),
        ({"app_user": "same"}, r"the migrator and the application are one account \(mig_.*@%\)"),
        ({"host": ""}, "the migrator account mig_.* needs a host pattern"),
        ({"app_user": "same", "host": "LocalHost"}, r"are one account \(mig_.*@LocalHost\)"),  # hosts: lower case
    ],
)
def test_grants_refuses_accounts_that_are_not_what_was_meant_before_any_change(
    empty_db: omnidb.Database,
    empty_config: Config,
    accounts: tuple[Account, Account],
    changes: dict[str, str],
    message: str,
) -> None:
    migrator, application = accounts
    if changes.get("app_user") == "same":
        application = attrs.evolve(application, user=migrator.user)
    migrator = attrs.evolve(migrator, user=changes.get("migrator_user", migrator.user), host=changes.get("host", "%"))
    host = "localhost" if changes.get("host") == "LocalHost" else application.host
    application = attrs.evolve(application, password=changes.get("app_password", application.password), host=host)
    with pytest.raises(ConfigError, match=message):
        create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)
    assert _accounts_named(empty_config, "", migrator.user, application.user) == []


def test_grants_failing_halfway_drops_the_account_it_created(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    too_long = attrs.evolve(application, user="a" * 200)  # past the server's longest user name
    with pytest.raises(DatabaseError, match="is too long for user name"):
        create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=too_long)
    assert _accounts_named(empty_config, migrator.user, too_long.user) == []


def test_grants_takes_back_what_the_application_was_given_by_hand_and_warns_of_the_rest(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    Migrator(empty_db).migrate()
    create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)
    pattern = grant_pattern(str(empty_config.database)).replace("%%", "%")
    database, who = empty_config.database, (application.user, application.host)
    lookalike = attrs.evolve(application, user=application.user.upper())  # another account: names are case-sensitive
    with empty_db.connection() as conn, conn.cursor() as cur:
        cur.execute(f"GRANT ALL PRIVILEGES ON `{pattern}`.* TO %s@%s WITH GRANT OPTION", who)
        cur.execute("GRANT PROCESS ON *.* TO %s@%s", who)
        cur.execute(f"GRANT INSERT, DELETE ON `{database}`.schema_migrations TO %s@%s", who)
        cur.execute(f"GRANT DROP ON `{database}`.apps TO %s@%s", who)
        cur.execute("CREATE USER %s@%s IDENTIFIED BY 'x'", (lookalike.user, lookalike.host))
        cur.execute("GRANT SUPER ON *.* TO %s@%s", (lookalike.user, lookalike.host))
    lines: list[str] = []
    try:
        create_accounts(empty_db, str(database), migrator=migrator, application=application, out=lines.append)
    finally:
        with admin(empty_config).cursor() as cur:
            cur.execute("DROP USER %s@%s", (lookalike.user, lookalike.host))

    assert lines[2].startswith(f"application {application.user}@%: revoked ALTER, ALTER ROUTINE, CREATE")
    assert lines[2].endswith("GRANT OPTION on " + str(database) + ", given outside omnidb grants")
    assert lines[3] == (
        f"warning: application {application.user}@% still holds PROCESS on *.*; DROP on {database}.apps; "
        f"DELETE on {database}.schema_migrations; INSERT on {database}.schema_migrations: not least privilege; "
        "revoke them by hand (omnidb grants leaves global, other databases' and table privileges alone)"
    )
    assert "SUPER" not in " ".join(lines)  # the lookalike's, not the application's
    held = query(
        empty_config,
        "SELECT PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = %s",
        f"'{application.user}'@'%'",
    )
    assert held == [{"p": "SELECT", "g": "NO"}]
    with as_account(empty_config, application) as db:
        orgs.create_org(db, name="rows-only")  # the table-level writes stay
        with pytest.raises(PermissionDenied, match=r"\(1142\)"), db.transaction() as tx, tx.connection.cursor() as cur:
            cur.execute("CREATE TABLE not_yours (id INT)")


def test_grants_failing_on_a_lost_session_still_drops_the_accounts_it_created(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(conn: Any, *_: Any) -> None:  # the session dies between CREATE USER and the grants
        with conn.cursor() as cur:
            cur.execute("KILL CONNECTION_ID()")

    monkeypatch.setattr(grants_module, "_grant_all", killed)
    migrator, application = accounts
    with pytest.raises(ConnectionLost):
        create_accounts(empty_db, str(empty_config.database), migrator=migrator, application=application)
    assert _accounts_named(empty_config, migrator.user, application.user) == []


def test_a_granting_account_that_cannot_read_other_accounts_privileges_says_so(
    empty_db: omnidb.Database, empty_config: Config, accounts: tuple[Account, Account]
) -> None:
    migrator, application = accounts
    granter = Account(f"grt_{uuid.uuid4().hex[:8]}", f"Grt-{uuid.uuid4().hex}")
    pattern = grant_pattern(str(empty_config.database)).replace("%%", "%")
    with admin(empty_config).cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (granter.user, granter.password))
        cur.execute("GRANT CREATE USER ON *.* TO %s@'%%'", (granter.user,))
        for target in (pattern, "omnidb\\_check\\_%%"):
            cur.execute(f"GRANT ALL PRIVILEGES ON `{target}`.* TO %s@'%%' WITH GRANT OPTION", (granter.user,))
    try:
        lines: list[str] = []
        with as_account(empty_config, granter) as db:
            create_accounts(
                db, str(empty_config.database), migrator=migrator, application=application, out=lines.append
            )
    finally:
        with admin(empty_config).cursor() as cur:
            cur.execute("DROP USER %s@'%%'", (granter.user,))
    assert lines[-1] == (
        f"warning: application {application.user}@%: the DSN's account cannot read other accounts' privileges "
        "(it needs SELECT on the mysql schema): privileges given to the application by hand were not looked for"
    )
