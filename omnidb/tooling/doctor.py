"""``omnidb doctor``: the usual causes of a misbehaving database, checked and reported at once.

Server version and sql_mode, schema version and dirty state, connections against
max_connections, long-running queries and open transactions, tables without a primary key,
foreign keys without an index, index usage where the server offers it, and the scratch databases
(``omnidb_check_*``) a killed ``omnidb check`` or ``resume`` left on the server.

An account without the PROCESS privilege (the application and migrator accounts of ``omnidb
grants``) is diagnosed too: open transactions are then not shown, long queries are its own
sessions' only, and the report says so (``limits``).
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from omnidb import registry
from omnidb.errors import DRIVER_ERRORS, PermissionDenied, translate
from omnidb.pool import Database
from omnidb.tooling.cluster_status import ClusterReport, cluster_report
from omnidb.tooling.cluster_status import render as render_cluster
from omnidb.tooling.migrate import Condition, Migrator

# Above this share of max_connections, the pool or the application probably leaks sessions.
CONNECTION_WARNING_RATIO = 0.8

# How much of another session's statement the report shows, after its literals are masked.
SHOWN_QUERY_CHARS = 200

# One token of SQL that may hold a value. Identifiers in backticks are matched so that what is
# inside them stays as it is; everything else matched is a literal or a comment, and is masked.
# Strings may be cut off by the server's truncation, so a missing closing quote ends at the text's end.
_TOKENS = re.compile(
    r"""
    (?P<identifier>`(?:[^`]|``)*`?)
    | (?P<comment>/\*.*?(?:\*/|\Z)|--[ \t][^\n]*|\#[^\n]*)
    | (?P<string>(?<![\w$])(?:_[A-Za-z0-9]+|[NnXxBb])?(?:'(?:[^'\\]|\\(?:.|\Z)|'')*'?|"(?:[^"\\]|\\(?:.|\Z)|"")*"?))
    | (?P<number>(?<![\w$.])(?:0[xX][0-9A-Fa-f]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w$]))
    """,
    re.VERBOSE | re.DOTALL,
)
_RUN_OF_MASKS = re.compile(r"-?\?(?:\s*,\s*-?\?)+")


def mask_literals(sql: str | None) -> str | None:
    """``sql`` with every literal (string, number, hex, bit) shown as ``?`` and comments emptied.

    Runs of masked values (``IN (1, 2, 3)``) become ``?, ...``; identifiers are kept. Other
    sessions' statements can hold secrets (a config value, a token), so the doctor shows only their
    shape. Returns None for None, and at most ``SHOWN_QUERY_CHARS`` characters.
    """
    if sql is None:
        return None

    def mask(match: re.Match[str]) -> str:
        if match.lastgroup == "identifier":
            return match.group()
        return "/* */" if match.lastgroup == "comment" else "?"

    masked = _RUN_OF_MASKS.sub("?, ...", _TOKENS.sub(mask, sql))
    return masked if len(masked) <= SHOWN_QUERY_CHARS else masked[: SHOWN_QUERY_CHARS - 3] + "..."


@attrs.define
class Diagnosis:
    """What ``omnidb doctor`` found. ``problems`` lists what needs an operator's attention."""

    server: dict[str, Any]
    schema: dict[str, Any]
    connections: dict[str, Any]
    long_queries: list[dict[str, Any]]
    #: None when the account may not see them (no PROCESS privilege: see ``limits``)
    open_transactions: list[dict[str, Any]] | None
    tables_without_primary_key: list[str]
    foreign_keys_without_index: list[dict[str, Any]]
    index_usage: dict[str, Any]
    problems: list[str] = attrs.Factory(list)
    #: Galera or replication state (omnidb/tooling/cluster_status.py)
    cluster: dict[str, Any] = attrs.Factory(dict)
    #: False when the account lacks PROCESS: no open transactions, only its own long queries
    sees_every_session: bool = True
    #: What the account could not see, and why
    limits: list[str] = attrs.Factory(list)
    #: The ``omnidb_check_*`` databases on the server (name, tables, newest_table_age in seconds):
    #: a check or resume running now has one; a run killed midway left the others behind. Shown,
    #: not counted as a problem: only the operator knows whether such a run is going on elsewhere.
    scratch_databases: list[dict[str, Any]] = attrs.Factory(list)


def diagnose(db: Database, *, min_seconds: int = 10) -> Diagnosis:
    """Run every check on ``db``; queries and transactions count as long from ``min_seconds``."""
    q = registry.core()
    migrator = Migrator(db)
    status = migrator.status()
    with db.connection() as conn:
        server = dict(q.server_settings(conn))
        in_use = int(q.connection_count(conn)["Value"])
        transactions: list[dict[str, Any]] | None
        try:
            transactions = [_masked(r) for r in q.open_transactions(conn, min_seconds=min_seconds)]
        except DRIVER_ERRORS as exc:
            if not isinstance(translate(exc), PermissionDenied):
                raise
            transactions = None  # INNODB_TRX needs PROCESS, and PROCESSLIST then shows own sessions only
        long_queries = [_masked(r) for r in q.long_running_queries(conn, min_seconds=min_seconds)]
        no_pk = [r["table_name"] for r in q.tables_without_primary_key(conn)]
        unindexed = [dict(r) for r in q.foreign_keys_without_index(conn)]
        usage = _index_usage(conn, mariadb="mariadb" in str(server["version"]).lower())
        scratch = [dict(r) for r in q.scratch_databases(conn)]
    unfinished = status.unfinished
    told = migrator.describe(unfinished) if unfinished is not None else None
    condition = unfinished.condition if unfinished is not None else None
    diagnosis = Diagnosis(
        server=server,
        schema={
            "version": status.current,
            "latest": status.latest,
            # a live run is not a problem: only a dead or failed one is dirty
            "dirty": told if unfinished is not None and unfinished.dirty else None,
            "running": told if condition is Condition.RUNNING else None,
            "paused": told if condition is Condition.PAUSED else None,
            "checksum_mismatches": status.checksum_mismatches,
            "down_checksum_mismatches": status.down_checksum_mismatches,
            # only for a database upstream OmniOrchestrator created: what to do about it
            "upstream": status.upstream,
            # a database holding some tables V1 creates, not made by omnidb: migrate refuses it
            "collides": status.collides,
            # migrated past this omnidb's versions by a later one
            "newer": status.newer,
            # schema_migrations' rows edited by hand (not contiguous from V1): migrate refuses it
            "inconsistent": status.inconsistent,
        },
        connections={"in_use": in_use, "max": int(server["max_connections"])},
        long_queries=long_queries,
        open_transactions=transactions,
        tables_without_primary_key=no_pk,
        foreign_keys_without_index=unindexed,
        index_usage=usage,
        sees_every_session=transactions is not None,
        limits=[] if transactions is not None else [_NO_PROCESS],
        scratch_databases=scratch,
    )
    diagnosis.problems = _problems(diagnosis, min_seconds)
    report = cluster_report(db)  # cluster hook (issue 13)
    diagnosis.cluster = attrs.asdict(report)
    diagnosis.problems += report.problems
    return diagnosis


_NO_PROCESS = (
    "this account lacks the PROCESS privilege: open transactions are not shown and long queries are "
    "its own sessions' only (run doctor as an account with PROCESS to see every session)"
)


def _masked(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "query": mask_literals(row["query"])}


def _index_usage(conn: Any, *, mariadb: bool) -> dict[str, Any]:
    # Each server keeps index statistics its own way (docs/mysql-compat.md).
    q = registry.core()
    try:
        if mariadb:
            if not q.userstat_enabled(conn):
                return {"available": False, "hint": "MariaDB collects it after SET GLOBAL userstat = 1"}
            return {"available": True, "indexes": [dict(r) for r in q.index_usage_mariadb(conn)]}
        return {"available": True, "unused": [dict(r) for r in q.unused_indexes_mysql(conn)]}
    except DRIVER_ERRORS as exc:
        if isinstance(translate(exc), PermissionDenied):  # MySQL's sys schema, to an account without SELECT on it
            return {"available": False, "hint": f"this account may not read it: {exc.args[-1]}"}
        return {"available": False, "hint": f"the server does not offer it: {exc.args[-1]}"}


def _problems(d: Diagnosis, min_seconds: int) -> list[str]:
    problems = []
    if d.schema["dirty"]:
        problems.append(d.schema["dirty"])
    if d.schema["paused"]:
        problems.append(d.schema["paused"])
    for direction in ("", "down_"):
        if d.schema[f"{direction}checksum_mismatches"]:
            changed = ", ".join(f"V{v}" for v in d.schema[f"{direction}checksum_mismatches"])
            script = "down.sql" if direction else "up.sql"
            problems.append(f"applied migrations' {script} differ from the shipped files: {changed} (omnidb status)")
    if d.schema["upstream"]:
        problems.append(d.schema["upstream"])
    elif d.schema["collides"]:
        problems.append(f"omnidb cannot migrate it: {d.schema['collides']}")
    elif d.schema["inconsistent"]:  # the version it reads is then not to be trusted: no advice to migrate
        problems.append(d.schema["inconsistent"])
    elif d.schema["newer"]:
        problems.append(
            f"schema at V{d.schema['version']}, past V{d.schema['latest']}, the latest this omnidb ships: a later "
            "release migrated it; use that release"
        )
    elif d.schema["version"] < d.schema["latest"] and not (
        d.schema["running"] or d.schema["dirty"] or d.schema["paused"]
    ):
        problems.append(f"schema at V{d.schema['version']}, V{d.schema['latest']} is shipped: run omnidb migrate")
    used, most = d.connections["in_use"], d.connections["max"]
    if most and used / most >= CONNECTION_WARNING_RATIO:
        problems.append(f"{used} of {most} connections in use: the pool or the application may leak sessions")
    if d.long_queries:
        problems.append(f"{len(d.long_queries)} queries running for {min_seconds}s or more")
    if d.open_transactions:
        problems.append(f"{len(d.open_transactions)} transactions open for {min_seconds}s or more: uncommitted work")
    if d.tables_without_primary_key:
        problems.append(f"tables without a primary key: {', '.join(d.tables_without_primary_key)}")
    if d.foreign_keys_without_index:
        names = ", ".join(f"{r['table_name']}.{r['constraint_name']}" for r in d.foreign_keys_without_index)
        problems.append(f"foreign keys without an index: {names}")
    return problems


def render(d: Diagnosis) -> str:
    """The diagnosis as a readable report."""
    used, most = d.connections["in_use"], d.connections["max"]
    schema = f"V{d.schema['version']} (latest shipped V{d.schema['latest']})"
    if d.schema["running"]:
        schema += f", {d.schema['running']}"
    else:
        schema += ", dirty" if d.schema["dirty"] else ", paused" if d.schema["paused"] else ", clean"
    if d.schema["upstream"]:
        schema += ", upstream OmniOrchestrator (run omnidb adopt)"
    elif d.schema["collides"]:
        schema += ", holds tables V1 creates (see problems)"
    elif d.schema["inconsistent"]:
        schema += ", schema_migrations edited by hand (see problems)"
    elif d.schema["newer"]:
        schema += ", migrated by a later omnidb"
    lines = [
        f"server:       {d.server['version']} ({d.server['version_comment']})",
        f"sql_mode:     server default {d.server['global_sql_mode'] or '(empty)'}",
        f"              omnidb sessions {d.server['session_sql_mode']}",
        f"schema:       {schema}",
        f"connections:  {used} of {most} ({100 * used / most:.0f}%)" if most else f"connections:  {used}",
        f"long queries: {_count(d.long_queries)}" + ("" if d.sees_every_session else " (its own sessions only)"),
    ]
    lines += [f"  {r['seconds']}s  #{r['id']} {r['user']}@{r['db']}: {r['query']}" for r in d.long_queries]
    if d.open_transactions is None:
        lines.append("open transactions: not shown (needs the PROCESS privilege)")
    else:
        lines.append(f"open transactions: {_count(d.open_transactions)}")
        lines += [
            f"  {r['seconds']}s  thread {r['thread_id']} ({r['state']}): {r['query']}" for r in d.open_transactions
        ]
    lines.append(f"tables without a primary key: {', '.join(d.tables_without_primary_key) or 'none'}")
    unindexed = ", ".join(f"{r['table_name']}.{r['column_name']}" for r in d.foreign_keys_without_index)
    lines.append(f"foreign keys without an index: {unindexed or 'none'}")
    usage = d.index_usage
    if not usage["available"]:
        lines.append(f"index usage:  not available ({usage['hint']})")
    elif "unused" in usage:
        unused = ", ".join(f"{r['table_name']}.{r['index_name']}" for r in usage["unused"])
        lines.append(f"unused indexes: {unused or 'none'}")
    else:
        lines.append(f"index usage:  {len(usage['indexes'])} indexes read since statistics were reset")
    lines.append(f"scratch databases: {_count(d.scratch_databases)}")
    lines += [f"  {_scratch_line(r)}" for r in d.scratch_databases]
    if d.scratch_databases:
        lines.append(
            "  (omnidb check and resume drop theirs when done: if none runs now, a killed run left these; "
            "drop them with DROP DATABASE)"
        )
    if d.cluster:  # cluster hook (issue 13)
        lines += render_cluster(ClusterReport(**d.cluster))
    lines.append("")
    lines += [f"limit: {limit}" for limit in d.limits]
    lines += [f"problem: {p}" for p in d.problems] or ["no problems found"]
    return "\n".join(lines)


def _scratch_line(row: dict[str, Any]) -> str:
    age = row["newest_table_age"]
    if age is None:
        return f"{row['database_name']}: no tables"
    shown = f"{int(age) // 3600} h" if age >= 3600 else f"{int(age) // 60} min" if age >= 60 else f"{int(age)} s"
    return f"{row['database_name']}: {row['tables']} tables, the newest made {shown} ago"


def _count(rows: list[dict[str, Any]]) -> str:
    return "none" if not rows else str(len(rows))
