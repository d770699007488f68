"""``omnidb doctor``: the seed guide's troubleshooting section as one report.

Server version and sql_mode, schema version and dirty state, connections against
max_connections, long-running queries and open transactions, tables without a primary key,
foreign keys without an index, and index usage where the server offers it.
"""

from __future__ import annotations

from typing import Any

import attrs

from omnidb import registry
from omnidb.errors import DRIVER_ERRORS
from omnidb.pool import Database
from omnidb.tooling.migrate import Migrator, describe_dirty
from omnidb.tooling.upstream import advice, inspect

# Above this share of max_connections, the pool or the application probably leaks sessions.
CONNECTION_WARNING_RATIO = 0.8


@attrs.define
class Diagnosis:
    """What ``omnidb doctor`` found. ``problems`` lists what needs an operator's attention."""

    server: dict[str, Any]
    schema: dict[str, Any]
    connections: dict[str, Any]
    long_queries: list[dict[str, Any]]
    open_transactions: list[dict[str, Any]]
    tables_without_primary_key: list[str]
    foreign_keys_without_index: list[dict[str, Any]]
    index_usage: dict[str, Any]
    problems: list[str] = attrs.Factory(list)


def diagnose(db: Database, *, min_seconds: int = 10) -> Diagnosis:
    """Run every check on ``db``; queries and transactions count as long from ``min_seconds``."""
    q = registry.core()
    status = Migrator(db).status()
    with db.connection() as conn:
        server = dict(q.server_settings(conn))
        in_use = int(q.connection_count(conn))
        long_queries = [dict(r) for r in q.long_running_queries(conn, min_seconds=min_seconds)]
        transactions = [dict(r) for r in q.open_transactions(conn, min_seconds=min_seconds)]
        no_pk = [r["table_name"] for r in q.tables_without_primary_key(conn)]
        unindexed = [dict(r) for r in q.foreign_keys_without_index(conn)]
        usage = _index_usage(conn, mariadb="mariadb" in str(server["version"]).lower())
        shape = inspect(conn) if not status.recorded else None
    dirty = status.dirty
    diagnosis = Diagnosis(
        server=server,
        schema={
            "version": status.current,
            "latest": status.latest,
            "dirty": describe_dirty(dirty) if dirty else None,
            "checksum_mismatches": status.checksum_mismatches,
            # only for a database upstream OmniOrchestrator created: what to do about it
            **({"upstream": advice(shape)} if shape is not None and shape.looks_upstream else {}),
        },
        connections={"in_use": in_use, "max": int(server["max_connections"])},
        long_queries=long_queries,
        open_transactions=transactions,
        tables_without_primary_key=no_pk,
        foreign_keys_without_index=unindexed,
        index_usage=usage,
    )
    diagnosis.problems = _problems(diagnosis, min_seconds)
    return diagnosis


def _index_usage(conn: Any, *, mariadb: bool) -> dict[str, Any]:
    q = registry.core()
    try:
        if mariadb:
            if not q.userstat_enabled(conn):
                return {"available": False, "hint": "MariaDB collects it after SET GLOBAL userstat = 1"}
            return {"available": True, "indexes": [dict(r) for r in q.index_usage_mariadb(conn)]}
        return {"available": True, "unused": [dict(r) for r in q.unused_indexes_mysql(conn)]}
    except DRIVER_ERRORS as exc:
        return {"available": False, "hint": f"the server does not offer it: {exc.args[-1]}"}


def _problems(d: Diagnosis, min_seconds: int) -> list[str]:
    problems = []
    if d.schema["dirty"]:
        problems.append(d.schema["dirty"])
    if d.schema["checksum_mismatches"]:
        changed = ", ".join(f"V{v}" for v in d.schema["checksum_mismatches"])
        problems.append(f"applied migrations differ from the shipped files: {changed} (omnidb status)")
    if d.schema.get("upstream"):
        problems.append(d.schema["upstream"])
    elif d.schema["version"] < d.schema["latest"]:
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
    schema += ", dirty" if d.schema["dirty"] else ", clean"
    if d.schema.get("upstream"):
        schema += ", upstream OmniOrchestrator (run omnidb adopt)"
    lines = [
        f"server:       {d.server['version']} ({d.server['version_comment']})",
        f"sql_mode:     server default {d.server['global_sql_mode'] or '(empty)'}",
        f"              omnidb sessions {d.server['session_sql_mode']}",
        f"schema:       {schema}",
        f"connections:  {used} of {most} ({100 * used / most:.0f}%)" if most else f"connections:  {used}",
        f"long queries: {_count(d.long_queries)}",
    ]
    lines += [f"  {r['seconds']}s  #{r['id']} {r['user']}@{r['db']}: {r['query']}" for r in d.long_queries]
    lines.append(f"open transactions: {_count(d.open_transactions)}")
    lines += [f"  {r['seconds']}s  thread {r['thread_id']} ({r['state']}): {r['query']}" for r in d.open_transactions]
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
    lines.append("")
    lines += [f"problem: {p}" for p in d.problems] or ["no problems found"]
    return "\n".join(lines)


def _count(rows: list[dict[str, Any]]) -> str:
    return "none" if not rows else str(len(rows))
