"""Helpers for adoption tests: databases shaped like upstream OmniOrchestrator's, and what they hold."""

from __future__ import annotations

import re
from pathlib import Path

from dbtools import admin

from omnidb.config import Config
from omnidb.sqlfiles import sql_file
from omnidb.tooling.sqlscript import split_statements

FIXTURE = Path(__file__).parent / "fixtures" / "upstream_shaped.sql"


def load_script(config: Config, script: str) -> None:
    """Run ``script`` statement by statement in the database of ``config``, as upstream's loader would
    (the server's default sql_mode, unless the script sets one)."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            for statement in split_statements(script):
                cur.execute(statement.sql)
    finally:
        conn.close()


def make_upstream(config: Config, *scripts: str) -> Config:
    """Turn the empty database of ``config`` into an upstream-shaped one (default: our fixture).

    The database takes utf8mb4_general_ci, a server default unlike omnidb's, so that the tables
    upstream creates without a character set differ from V1 as they would on a real server.
    """
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            cur.execute(f"ALTER DATABASE `{config.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
    finally:
        conn.close()
    for script in scripts or (FIXTURE.read_text(encoding="utf-8"),):
        load_script(config, script)
    return config


def upstream_metadata_table() -> str:
    """The ``metadata`` table as upstream's code creates it, with its ``omni_schema_version`` key."""
    text = FIXTURE.read_text(encoding="utf-8")
    create = next(s.sql for s in split_statements(text) if "CREATE TABLE metadata" in s.sql)
    return create + ";\nINSERT INTO metadata (`key`, value) VALUES ('omni_schema_version', '1');\n"


def row_counts(config: Config) -> dict[str, int]:
    """Rows of every base table, by table."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
                "AND TABLE_TYPE = 'BASE TABLE'",
                (config.database,),
            )
            names = [str(r["t"]) for r in cur.fetchall()]
            counts = {}
            for name in names:
                cur.execute(f"SELECT COUNT(*) AS n FROM `{name}`")
                counts[name] = int(cur.fetchone()["n"])  # type: ignore[index]
            return counts
    finally:
        conn.close()


def show_create(config: Config) -> dict[str, str]:
    """SHOW CREATE TABLE of every table, without the AUTO_INCREMENT counter."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")
            names = [str(next(iter(r.values()))) for r in cur.fetchall()]
            out = {}
            for name in names:
                cur.execute(f"SHOW CREATE TABLE `{name}`")
                out[name] = re.sub(r" AUTO_INCREMENT=\d+", "", str(cur.fetchone()["Create Table"]))  # type: ignore[index]
            return out
    finally:
        conn.close()


def not_carried() -> list[str]:
    """Tables and ``table.column`` of upstream that V1 has no place for (the script leaves them)."""
    text = sql_file("adopt", "upstream_v1.sql").read_text(encoding="utf-8")
    return re.findall(r"^--\s*not-carried:\s*(\S+)", text, re.MULTILINE)


def drift_outside_not_carried(lines: list[str]) -> list[str]:
    """Drift lines that are not about a table or column V1 does not carry yet."""
    left = set(not_carried())
    kept = []
    for line in lines:
        match = re.match(r"^[+~-] (?:table|column) (\S+?):", line)
        if match and match.group(1) in left:
            continue
        kept.append(line)
    return kept


def new_tables() -> list[str]:
    """V1's tables that upstream does not have: adoption creates them empty."""
    text = sql_file("adopt", "upstream_v1.sql").read_text(encoding="utf-8")
    return re.findall(r"^-- (\w+): new in V1, created empty$", text, re.MULTILINE)
