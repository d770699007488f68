"""``omnidb migrate --plan``: each statement a migration would run, how the server will run it, and
the rows it touches; and, on a cluster, what that costs the other nodes' writers.

How: ``instant`` (metadata only: new or renamed tables, ``ALGORITHM=INSTANT`` columns, dropped
indexes), ``in place`` (``ALGORITHM=INPLACE``: the table is read, and an index built, while writes go
on — on one server), ``copy`` (the table is rebuilt; writes wait), ``data change`` (an UPDATE,
DELETE or INSERT ... SELECT: its rows are row locks and, on Galera, one write set), ``session``.
Rows are the server's estimates (``information_schema.TABLES``, ``EXPLAIN``), read from the live
database; a table the plan itself creates counts 0.

Under Galera's default TOI (total order isolation) each DDL runs on every node at the same point of
the replication stream: writers on every node wait for it, for as long as it runs. See
``docs/cluster.md`` for RSU and online schema-change tools.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from omnidb import registry
from omnidb.cluster import ServerRole, read_role
from omnidb.errors import DRIVER_ERRORS
from omnidb.session import Connection
from omnidb.tooling.migrate import Condition, Migrator, Step, session_prelude

_WORD = re.compile(r"\s+")
_TABLE = r"`?([A-Za-z0-9_]+)`?"


@attrs.frozen
class PlannedStatement:
    """One statement of a planned step."""

    step: str
    number: int
    summary: str
    how: str
    table: str | None
    rows: int | None
    note: str = ""


def classify(sql: str) -> tuple[str, str | None, str]:
    """``(how, table, note)`` of one statement, from its text (see the module's doc for the kinds)."""
    text = _WORD.sub(" ", re.sub(r"--[^\n]*", "", sql)).strip()
    upper = text.upper()
    if upper.startswith("SET "):
        return "session", None, ""
    for pattern, how, note in (
        (rf"^CREATE TABLE (?:IF NOT EXISTS )?{_TABLE}", "instant", "new table"),
        (rf"^DROP TABLE (?:IF EXISTS )?{_TABLE}", "instant", "drops the table and its rows"),
        (rf"^RENAME TABLE {_TABLE}", "instant", "rename"),
        (rf"^CREATE (?:UNIQUE )?INDEX \S+ ON {_TABLE}", "in place", "index build reads the whole table"),
    ):
        match = re.match(pattern, text, re.IGNORECASE)
        if match:
            return how, match.group(1), note
    match = re.match(rf"^ALTER TABLE {_TABLE}", text, re.IGNORECASE)
    if match:
        how, note = _alter(upper)
        return how, match.group(1), note
    match = re.match(rf"^(?:UPDATE|DELETE FROM|INSERT (?:IGNORE )?INTO|REPLACE INTO) {_TABLE}", text, re.IGNORECASE)
    if match:
        return "data change", match.group(1), ""
    return "other", None, ""


def _alter(upper: str) -> tuple[str, str]:
    algorithm = re.search(r"ALGORITHM\s*=\s*(\w+)", upper)
    if algorithm:
        named = algorithm.group(1)
        how = {"INSTANT": "instant", "INPLACE": "in place", "NOCOPY": "in place", "COPY": "copy"}.get(named, "copy")
        return how, f"ALGORITHM={named}"
    if re.search(r"\b(MODIFY|CHANGE) (COLUMN )?|CONVERT TO CHARACTER SET|ENGINE\s*=", upper):
        return "copy", "a column type change rebuilds the table unless the server can do it instantly"
    if re.search(r"ADD (CONSTRAINT \S+ )?FOREIGN KEY", upper):
        return "in place", "in place only with foreign_key_checks=0, else a copy"
    if re.search(r"ADD (UNIQUE |FULLTEXT |SPATIAL )?(INDEX|KEY)|ADD PRIMARY KEY", upper):
        return "in place", "index build reads the whole table"
    if re.search(r"ADD (COLUMN )?|DROP (COLUMN )?|RENAME COLUMN|DROP (INDEX|KEY|FOREIGN KEY|CONSTRAINT)", upper):
        return "instant", "metadata only on MariaDB 10.4+/MySQL 8.0.29+ (state ALGORITHM=INSTANT to make sure)"
    return "copy", "no ALGORITHM given: the server may rebuild the table"


def plan(
    migrator: Migrator, target: int | None = None, *, allow_data_loss: bool = False
) -> tuple[list[PlannedStatement], ServerRole | None]:
    """Every statement the migration to ``target`` would run, classified; changes nothing. A paused
    version's statements start where the run will resume, after the ones it replays (as the dry run
    lists them); a database omnidb cannot migrate is refused as ``migrate`` refuses it, and a
    rollback its guards would stop as the run would stop it (unless ``allow_data_loss``)."""
    migrator.refuse_upstream()
    steps: list[Step] = migrator.plan(target)
    migrator.check_guards(steps, allow_data_loss=allow_data_loss)
    unfinished = migrator.status().unfinished
    paused = unfinished if unfinished is not None and unfinished.condition is Condition.PAUSED else None
    created: set[str] = set()
    planned: list[PlannedStatement] = []
    with migrator.db.connection() as conn:
        try:
            role: ServerRole | None = read_role(conn)
        except Exception:
            role = None
        for step in steps:
            numbered = list(enumerate(step.statements, start=1))
            if paused is not None and (paused.version, paused.direction) == (step.migration.version, step.direction):
                start = paused.statements_done + 1
                replayed = session_prelude(step.statements[: start - 1])
                numbered = [(step.statements.index(s) + 1, s) for s in replayed] + numbered[start - 1 :]
            for number, statement in numbered:
                how, table, note = classify(statement.sql)
                rows = None
                if table is not None and how != "session":
                    rows = 0 if table in created else _rows(conn, statement.sql, how, table)
                if how == "instant" and note == "new table" and table:
                    created.add(table)
                renamed = re.search(rf"\bTO {_TABLE}", statement.sql, re.IGNORECASE) if note == "rename" else None
                if renamed:
                    created.add(renamed.group(1))
                toi = role is not None and role.galera and role.osu_method.upper() == "TOI"
                if toi and (how in ("in place", "copy") or (how == "data change" and (rows or 0) > 10_000)):
                    note = f"{note}; TOI: writers on every node wait while it runs".lstrip("; ")
                planned.append(PlannedStatement(str(step), number, _summary(statement.sql), how, table, rows, note))
    return planned, role


def _summary(sql: str, width: int = 100) -> str:
    text = _WORD.sub(" ", re.sub(r"--[^\n]*", "", sql)).strip()
    return text if len(text) <= width else text[: width - 3] + "..."


def _rows(conn: Connection, sql: str, how: str, table: str) -> int | None:
    q = registry.core()
    if how == "data change":
        try:
            with conn.cursor() as cur:
                cur.execute("EXPLAIN " + sql)  # the reviewed statement of a shipped migration
                explained: list[dict[str, Any]] = list(cur.fetchall())
            return sum(int(r.get("rows") or 0) for r in explained)
        except DRIVER_ERRORS:
            pass  # it reads a table an earlier statement creates: the table's own estimate
    try:
        value = q.table_row_estimate(conn, table_name=table)
    except DRIVER_ERRORS:
        return None
    return None if value is None else int(value)


def render(planned: list[PlannedStatement], role: ServerRole | None) -> list[str]:
    """The plan as lines for the terminal."""
    lines = []
    if role is not None:
        lines.append(f"-- server: {role.describe()}" + (f"; DDL by {role.osu_method}" if role.galera else ""))
    current = None
    for item in planned:
        if item.step != current:
            lines.append(f"-- {item.step}")
            current = item.step
        rows = "-" if item.rows is None else f"~{item.rows:,} rows"
        where = f" {item.table}" if item.table else ""
        note = f"  ({item.note})" if item.note else ""
        lines.append(f"{item.number:>3}. {item.how:<11} {rows:>14}{where}: {item.summary}{note}")
    if not planned:
        lines.append("-- nothing to do")
    return lines
