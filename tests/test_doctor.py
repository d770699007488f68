"""omnidb doctor against the real server: a clean database, then one with every problem it looks for."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid

import attrs
import pytest
from dbtools import account, admin

import omnidb
from omnidb.config import Config
from omnidb.tooling.doctor import SHOWN_QUERY_CHARS, diagnose, mask_literals, render
from omnidb.tooling.migrate import Migrator


def test_a_freshly_migrated_database_has_no_problems(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate()
    found = diagnose(empty_db)

    assert found.problems == []
    assert found.schema == {
        "version": 2,
        "latest": 2,
        "dirty": None,
        "running": None,
        "paused": None,
        "checksum_mismatches": [],
        "down_checksum_mismatches": [],
        "upstream": None,
        "collides": None,
        "newer": False,
        "inconsistent": None,
    }
    assert found.connections["max"] > 0 and found.connections["in_use"] >= 1
    assert "STRICT_TRANS_TABLES" in found.server["session_sql_mode"] and found.server["time_zone"] == "+00:00"
    report = render(found)
    assert "schema:       V2 (latest shipped V2), clean" in report and report.endswith("no problems found")

    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
    result = subprocess.run([sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn, "doctor", "--json"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problems"] == []


def test_scratch_databases_a_killed_run_left_are_shown_not_counted_as_problems(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """omnidb check and resume drop their omnidb_check_* database when done; a run killed midway left
    it on the server, where nothing told the operator."""
    from omnidb.tooling.databases import SCRATCH_PREFIX, create_database, drop_database

    Migrator(empty_db).migrate()
    left, empty = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:12]}", f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:12]}"
    server = empty_config.with_database(None)
    create_database(server, left)
    create_database(server, empty)
    try:
        with admin(empty_config).cursor() as cur:
            cur.execute(f"CREATE TABLE `{left}`.t1 (id INT PRIMARY KEY)")
            cur.execute(f"CREATE TABLE `{left}`.t2 (id INT PRIMARY KEY)")
        found = diagnose(empty_db)
        mine = {r["database_name"]: r for r in found.scratch_databases if r["database_name"] in (left, empty)}
        assert mine[left]["tables"] == 2 and 0 <= mine[left]["newest_table_age"] < 600
        assert mine[empty] == {"database_name": empty, "tables": 0, "newest_table_age": None}
        assert found.problems == []
        report = render(found)
        assert f"  {left}: 2 tables, the newest made " in report and f"  {empty}: no tables" in report
        assert "if none runs now, a killed run left these; drop them with DROP DATABASE" in report
    finally:
        drop_database(server, left)
        drop_database(server, empty)
    assert not [r for r in diagnose(empty_db).scratch_databases if r["database_name"] in (left, empty)]


def test_problems_are_found_and_named(empty_db: omnidb.Database, empty_config: Config) -> None:
    Migrator(empty_db).migrate(1)
    side = admin(empty_config)
    with side.cursor() as cur:
        cur.execute("CREATE TABLE notes (body TEXT)")  # no primary key
        cur.execute("BEGIN")
        cur.execute("INSERT INTO orgs (name) VALUES ('uncommitted')")  # an open transaction
    sleeper = admin(empty_config)
    sleeper_id = sleeper.thread_id()
    sleeping = threading.Thread(target=lambda: sleeper.cursor().execute("SELECT SLEEP(3)"))
    sleeping.start()
    try:
        # Wait for this test's own query: on a shared server, another session's long query may
        # show up first.
        for _ in range(50):
            found = diagnose(empty_db, min_seconds=1)
            if any(q["id"] == sleeper_id for q in found.long_queries):
                break
            threading.Event().wait(0.1)
    finally:
        sleeping.join()
        side.rollback()
        side.close()
        sleeper.close()

    assert any(q["id"] == sleeper_id and "SLEEP(?)" in str(q["query"]) for q in found.long_queries)
    assert found.open_transactions and found.tables_without_primary_key == ["notes"]
    problems = "\n".join(found.problems)
    assert "schema at V1, V2 is shipped: run omnidb migrate" in problems
    assert "queries running for 1s or more" in problems
    assert "transactions open for 1s or more: uncommitted work" in problems
    assert "tables without a primary key: notes" in problems


def test_other_sessions_statements_are_shown_with_their_literals_masked(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    # Mixed-case letters, no digits: no piece of it can be a number, a hex id or a word that the
    # report holds for another reason (a database name, a count), which once failed this test.
    secret = "sk-live-" + uuid.uuid4().hex.translate(str.maketrans("0123456789abcdef", "gHjKmNpQrStVwXyZ"))
    padding = ", ".join(str(n) for n in range(150))  # pushes the last literal across the server's cut
    sql = (
        f"SELECT SLEEP(3) AS slept, 'Bearer {secret}' AS token, 0x{uuid.uuid4().hex[:8]} AS raw, "
        f"{secret.count('g')} AS n "
        f"FROM DUAL WHERE -1 NOT IN ('{secret}', \"{secret}\", {padding}) /* {secret} */ "
        f"AND 'y' <> '{secret * 40}'"
    )
    assert len(sql) > 1000  # doctor reads the first 1000 characters: the last string is cut open
    sleeper = admin(empty_config)
    sleeper_id = sleeper.thread_id()
    sleeping = threading.Thread(target=lambda: sleeper.cursor().execute(sql))
    sleeping.start()
    try:
        for _ in range(50):  # this test's own query: another session's may show up first
            found = diagnose(empty_db, min_seconds=1)
            if any(q["id"] == sleeper_id for q in found.long_queries):
                break
            threading.Event().wait(0.1)
    finally:
        sleeping.join()
        sleeper.close()

    shown = [str(q["query"]) for q in found.long_queries]
    [own] = [str(q["query"]) for q in found.long_queries if q["id"] == sleeper_id]
    assert own.startswith("SELECT SLEEP(?) AS slept, ? AS token, ? AS raw, ? AS n FROM DUAL")
    outputs = [render(found), json.dumps(attrs.asdict(found), default=str)]
    pieces = {secret[i : i + 6] for i in range(len(secret) - 5)}
    assert not any(piece in text for piece in pieces for text in outputs)
    assert all(len(text) <= SHOWN_QUERY_CHARS for text in shown)


def test_an_account_without_the_process_privilege_is_diagnosed_and_told_what_it_cannot_see(
    empty_db: omnidb.Database, empty_config: Config
) -> None:
    """The accounts omnidb grants makes lack PROCESS: INNODB_TRX refuses them (1227), PROCESSLIST
    shows them their own sessions only. doctor reports the rest, says what it could not see, and
    counts connections over every account."""
    Migrator(empty_db).migrate()
    with account(empty_config, "SELECT", "doc") as (user, password):
        limited = omnidb.connect(attrs.evolve(empty_config, user=user, password=password))
        try:
            found = diagnose(limited)
            with limited.connection() as conn, conn.cursor() as cur:
                cur.execute("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST")
                own_sessions = cur.fetchone()["n"]
        finally:
            limited.close()
        assert found.open_transactions is None and not found.sees_every_session
        assert found.limits == [
            "this account lacks the PROCESS privilege: open transactions are not shown and long queries are its "
            "own sessions' only (run doctor as an account with PROCESS to see every session)"
        ]
        assert found.problems == []
        # admin's session and the test's pool are other accounts' sessions: counted all the same
        assert found.connections["in_use"] > own_sessions
        report = render(found)
        assert "open transactions: not shown (needs the PROCESS privilege)" in report
        assert "long queries: none (its own sessions only)" in report
        assert "limit: this account lacks the PROCESS privilege" in report and report.endswith("no problems found")

        dsn = f"mysql://{user}:{password}@{empty_config.host}:{empty_config.port}/{empty_config.database}"
        result = subprocess.run([sys.executable, "-m", "omnidb.tooling.cli", "--dsn", dsn, "doctor", "--json"],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        reported = json.loads(result.stdout)
        assert reported["open_transactions"] is None and reported["limits"] == found.limits


@pytest.mark.parametrize(
    ("sql", "masked"),
    [
        ("SELECT * FROM `t_1` WHERE id = 42 AND name = 'x''y\\'z'", "SELECT * FROM `t_1` WHERE id = ? AND name = ?"),
        (
            "UPDATE t SET v = X'DEADBEEF', w = 0xCAFE, b = b'101', f = -1.5e3",
            "UPDATE t SET v = ?, w = ?, b = ?, f = -?",
        ),
        ("INSERT INTO t2 (a, b) VALUES (1, 'a'), (2, _utf8mb4'b')", "INSERT INTO t2 (a, b) VALUES (?, ...), (?, ...)"),
        ("SELECT 1 -- note with 'secret'\nFROM d # and 7", "SELECT ? /* */\nFROM d /* */"),
        ("SELECT 'cut off by the serv", "SELECT ?"),
        (None, None),
    ],
)
def test_mask_literals(sql: str | None, masked: str | None) -> None:
    assert mask_literals(sql) == masked
