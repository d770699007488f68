"""Query checks: the server PREPAREs every named query, so a typo or a missing column fails here,
at every schema version the query must run on, not in production.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

from omnidb import registry
from omnidb.errors import DRIVER_ERRORS, translate
from omnidb.resource import ASSIGNMENTS, Resource
from omnidb.session import Connection, is_mariadb
from omnidb.tooling.catalogue import NamedQuery
from omnidb.tooling.findings import CheckKind, Finding

# Statements the server cannot PREPARE at all (1295): checked by running, not here.
_NOT_PREPARABLE = 1295


def updatable_columns(version: int) -> dict[str, tuple[str, ...]]:
    """For each ``update_<r>`` template of version ``version``, the whitelisted columns."""
    declared: dict[str, Resource[Any]] = importlib.import_module(f"omnidb.v{version}.declarations").RESOURCES
    return {f"update_{r.singular}": tuple(sorted(r.updatable)) for r in declared.values() if r.updatable}


def check_queries(
    conn: Connection, queries: Sequence[NamedQuery], updatable: dict[str, tuple[str, ...]], label: str
) -> list[Finding]:
    """Have the server PREPARE every query (parameters as ``?``); a failure names file, line and query."""
    q = registry.core()
    findings = []
    mariadb = is_mariadb(conn)
    for query in queries:
        if not _runs_on(query.name, mariadb=mariadb):
            continue
        sql = preparable(query, updatable.get(query.name, ()))
        try:
            q.prepare_statement(conn, sql=sql)
            q.prepare_checked(conn)
            q.deallocate_checked(conn)
        except DRIVER_ERRORS as exc:
            if exc.args and exc.args[0] == _NOT_PREPARABLE:
                continue
            findings.append(Finding(CheckKind.QUERY, query.where, f"{label}: {translate(exc)}"))
    return findings


def _runs_on(name: str, *, mariadb: bool) -> bool:
    """Whether omnidb ever runs query ``name`` on this kind of server: ``*_mariadb`` and
    ``*_returning`` (INSERT ... RETURNING) only on MariaDB, ``*_mysql`` only on MySQL; others on
    both. See docs/mysql-compat.md.
    """
    if name.endswith(("_mariadb", "_returning")):
        return mariadb
    if name.endswith("_mysql"):
        return not mariadb
    return True


def preparable(query: NamedQuery, updatable: Sequence[str]) -> str:
    """The query with ``?`` for each parameter and, in an update template, every whitelisted column."""
    columns = "".join(f"`{c}` = ?, " for c in updatable)
    sql = query.sql.replace(ASSIGNMENTS, f"SET {columns}updated_at = CURRENT_TIMESTAMP(6)")
    # Account statements (grants.sql) take no placeholders for account names, passwords or the
    # database identifier: sample literals stand in for them.
    sql = re.sub(r":\w+@:\w+", "'omnidb_check'@'localhost'", sql)
    sql = re.sub(r"IDENTIFIED BY :\w+", "IDENTIFIED BY 'omnidb_check'", sql)
    sql = sql.replace("{database}", "omnidb_check").replace("{table}", "omnidb_check")
    sql = sql.replace("{privileges}", "CREATE, DROP")  # a sample of the list grants.py puts there
    # LOAD DATA takes its file name as a literal only; the server parses it, then refuses to PREPARE
    # it (1295): the bulk loads are checked by running them (tests/v1/test_bulk_loads.py).
    sql = re.sub(r"INFILE :\w+", "INFILE '/dev/null'", sql)
    return re.sub(r"(?<![:\w]):[A-Za-z_][A-Za-z0-9_]*", "?", sql)
