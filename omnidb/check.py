"""Checked SQL: every named query validated by the server at every schema version it must run on,
every struct compared with its table, a live database compared with the schema it records, and
migrations linted for statements that would lock or rewrite a large table.

``omnidb check`` runs it all against a scratch database (``omnidb_check_<random>``) that it creates,
migrates version by version, and drops.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs

from omnidb import registry
from omnidb.config import Config
from omnidb.db import Connection, Database, create_database, drop_database
from omnidb.errors import DRIVER_ERRORS, translate
from omnidb.migrate import Migration, Migrator, load_migrations
from omnidb.resource import ASSIGNMENTS, Resource
from omnidb.resources import data_dir
from omnidb.schema import Snapshot, check_struct, diff, snapshot
from omnidb.sqlscript import split_statements

_PARAM = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)s")
# Statements the server cannot PREPARE at all (1295): checked by running, not here.
_NOT_PREPARABLE = 1295


@attrs.frozen
class NamedQuery:
    """One ``-- name:`` query of ``queries/``: where it is, what it takes, what it does."""

    folder: str  # "core", "v1", "v2"
    name: str
    file: str  # "queries/v1/apps.sql"
    line: int
    operation: str  # "select", "select_one", "select_value", "insert_returning", ...
    parameters: tuple[str, ...]
    comment: str
    sql: str  # as written, with :name parameters

    @property
    def where(self) -> str:
        """``queries/v1/apps.sql:42 list_apps``."""
        return f"{self.file}:{self.line} {self.name}"


@attrs.frozen
class Finding:
    """One problem found: an ``error`` fails the check, a ``warning`` is reported."""

    check: str  # "query", "struct", "drift", "migration"
    where: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: [{self.check}] {self.where}: {self.message}"


@attrs.define
class Report:
    """What ``omnidb check`` found, with counts of what it looked at."""

    findings: list[Finding] = attrs.Factory(list)
    queries_checked: int = 0
    structs_checked: int = 0
    seconds: float = 0.0
    drift_compared: str | None = None

    @property
    def errors(self) -> list[Finding]:
        """The findings that fail the check."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings reported without failing."""
        return [f for f in self.findings if f.severity == "warning"]


def named_queries(folder: str) -> list[NamedQuery]:
    """Every named query of ``queries/<folder>``, by file then line."""
    queries = registry.core() if folder == "core" else registry.version(int(folder.removeprefix("v")))
    root = data_dir("queries")
    found = []
    for name in queries.available_queries:
        fn = getattr(queries, name)
        if fn.__code__.co_filename == "<unknown>":
            continue  # aiosql's generated <name>_cursor variant of a query listed on its own
        path = Path(fn.__code__.co_filename)
        try:
            shown = "queries/" + path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        found.append(
            NamedQuery(
                folder=folder,
                name=name,
                file=shown,
                line=fn.__code__.co_firstlineno,
                operation=fn.operation.name.lower(),
                parameters=tuple(fn.parameters or ()),
                comment=(fn.__doc__ or "").strip(),
                sql=_PARAM.sub(r":\1", fn.sql).replace("%%", "%").strip(),
            )
        )
    return sorted(found, key=lambda q: (q.file, q.line))


def query_folders() -> list[str]:
    """``core`` and the ``v<n>`` folders shipped, in version order."""
    versions = sorted(int(p.name[1:]) for p in data_dir("queries").iterdir() if re.fullmatch(r"v\d+", p.name))
    return ["core"] + [f"v{v}" for v in versions]


def updatable_columns(version: int) -> dict[str, tuple[str, ...]]:
    """For each ``update_<r>`` template of version ``version``, the whitelisted columns."""
    package = importlib.import_module(f"omnidb.v{version}")
    columns: dict[str, tuple[str, ...]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Resource) and value.version == version:
                columns[f"update_{value.singular}"] = tuple(sorted(value.updatable))
    return columns


def structs_of(version: int) -> dict[str, type]:
    """The ``TABLES`` map (table -> struct) of ``omnidb.v<version>.tables``."""
    tables: dict[str, type] = importlib.import_module(f"omnidb.v{version}.tables").TABLES
    return tables


def check_queries(
    conn: Connection, queries: Sequence[NamedQuery], updatable: dict[str, tuple[str, ...]], label: str
) -> list[Finding]:
    """Have the server PREPARE every query (parameters as ``?``); a failure names file, line and query."""
    q = registry.core()
    findings = []
    for query in queries:
        sql = preparable(query, updatable.get(query.name, ()))
        try:
            q.prepare_statement(conn, sql=sql)
            q.prepare_checked(conn)
            q.deallocate_checked(conn)
        except DRIVER_ERRORS as exc:
            if exc.args and exc.args[0] == _NOT_PREPARABLE:
                continue
            findings.append(Finding("query", query.where, f"{label}: {translate(exc)}"))
    return findings


def preparable(query: NamedQuery, updatable: Sequence[str]) -> str:
    """The query with ``?`` for each parameter and, in an update template, every whitelisted column."""
    columns = "".join(f"`{c}` = ?, " for c in updatable)
    sql = query.sql.replace(ASSIGNMENTS, f"SET {columns}updated_at = CURRENT_TIMESTAMP(6)")
    # Account statements (grants.sql) take no placeholders for account names, passwords or the
    # database identifier: sample literals stand in for them.
    sql = re.sub(r":\w+@:\w+", "'omnidb_check'@'localhost'", sql)
    sql = re.sub(r"IDENTIFIED BY :\w+", "IDENTIFIED BY 'omnidb_check'", sql)
    sql = sql.replace("{database}", "omnidb_check")
    return re.sub(r"(?<![:\w]):[A-Za-z_][A-Za-z0-9_]*", "?", sql)


def check_structs(schema: Snapshot, structs: dict[str, type], *, exact: bool, label: str) -> list[Finding]:
    """Compare each struct with its table in ``schema``."""
    return [
        Finding("struct", f"{struct.__module__}.{struct.__name__}", f"{label}: {problem}")
        for table, struct in sorted(structs.items())
        for problem in check_struct(struct, schema.tables.get(table), exact=exact)
    ]


_KINDS = {
    "select": "rows",
    "select_one": "one row (^)",
    "select_value": "one value ($)",
    "insert_update_delete": "row count (!)",
    "insert_update_delete_many": "row count, many (*!)",
    "insert_returning": "new id (<!)",
    "script": "script (#)",
}


def render_queries(queries: Sequence[NamedQuery], fmt: str = "text") -> str:
    """Every query with file, line, parameters, kind, comment and SQL, as ``text`` or ``markdown``."""
    if fmt == "markdown":
        return _render_markdown(queries)
    blocks = []
    for query in queries:
        head = f"{query.where}  [{_KINDS.get(query.operation, query.operation)}]"
        params = f"parameters: {', '.join(query.parameters) or 'none'}"
        comment = " ".join(query.comment.split())
        blocks.append(f"{head}\n  {params}\n  {comment}\n\n{_indent(query.sql)}\n")
    return "\n".join(blocks)


def _render_markdown(queries: Sequence[NamedQuery]) -> str:
    lines = [
        "# Named queries",
        "",
        "Every statement omnidb runs, from `queries/`, for review. Generated by",
        "`omnidb queries --format markdown > docs/queries.md`; a test fails when it is stale.",
        "",
    ]
    current = None
    for query in queries:
        if query.file != current:
            current = query.file
            lines += [f"## {query.file}", ""]
        lines += [
            f"### `{query.name}`",
            "",
            f"{query.file}, line {query.line}. Returns: {_KINDS.get(query.operation, query.operation)}. "
            f"Parameters: {', '.join(f'`{p}`' for p in query.parameters) or 'none'}.",
            "",
            " ".join(query.comment.split()),
            "",
            "```sql",
            query.sql,
            "```",
            "",
        ]
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# -- migration lint -------------------------------------------------------------------------------------

_ALTER = re.compile(r"^\s*ALTER\s+TABLE\s+`?(\w+)`?", re.IGNORECASE)
_CREATE_TABLE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?", re.IGNORECASE)
_RENAME_TO = re.compile(r"\bTO\s+`?(\w+)`?", re.IGNORECASE)
_HEAVY = re.compile(r"\b(ADD|DROP|MODIFY|CHANGE)\b", re.IGNORECASE)
_ALGORITHM = re.compile(r"\bALGORITHM\s*=\s*(INSTANT|INPLACE|NOCOPY)\b", re.IGNORECASE)
_ADD_COLUMN = re.compile(r"ADD\s+(?:COLUMN\s+)?`?(\w+)`?\s+([^,;]*)", re.IGNORECASE)
_DROP_COLUMN = re.compile(r"DROP\s+(?:COLUMN\s+)?`?(\w+)`?", re.IGNORECASE)
_CREATE_INDEX = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b", re.IGNORECASE)
_DROP_TABLE = re.compile(r"^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?`?(\w+)`?", re.IGNORECASE)
_NOT_COLUMN = {"INDEX", "KEY", "CONSTRAINT", "FOREIGN", "PRIMARY", "UNIQUE", "PARTITION", "CHECK"}


def lint_migration(migration: Migration, previous_structs: dict[str, type]) -> list[Finding]:
    """Warnings for statements of ``up.sql`` that would lock or rewrite a table, or break older code.

    ``previous_structs``: the table structs of the API version before this one, whose code must keep
    working while this version is applied.
    """
    findings = []
    created: set[str] = set()
    for statement in split_statements(migration.up_sql):
        sql = _code_only(statement.sql)
        where = f"sql/versions/V{migration.version}/up.sql:{statement.code_line}"
        new_table = _CREATE_TABLE.search(sql)
        if new_table:
            created.add(new_table.group(1))
        if sql.upper().startswith("RENAME TABLE"):
            created.update(_RENAME_TO.findall(sql))
        findings += [
            Finding("migration", where, message, "warning")
            for message in _lint_statement(sql, created, previous_structs)
        ]
    return findings


def _lint_statement(sql: str, created: set[str], previous: dict[str, type]) -> Iterator[str]:
    alter = _ALTER.match(sql)
    if alter and alter.group(1) not in created:
        table = alter.group(1)
        if _HEAVY.search(sql) and not _ALGORITHM.search(sql) and "DROP FOREIGN KEY" not in sql.upper():
            yield (
                f"ALTER TABLE {table} names no ALGORITHM: the server may copy the table and block writes "
                "for as long as that takes; say ALGORITHM=INSTANT (columns) or ALGORITHM=INPLACE, LOCK=NONE "
                "(indexes) so it fails fast instead of locking"
            )
        for column, definition in _ADD_COLUMN.findall(sql):
            text = definition.upper()
            if column.upper() in _NOT_COLUMN:
                continue
            if "NOT NULL" in text and "DEFAULT" not in text and "AUTO_INCREMENT" not in text:
                yield (
                    f"ADD COLUMN {table}.{column} is NOT NULL without a default: existing rows need a value "
                    "(a table rewrite) and older code inserting rows fails"
                )
        struct = previous.get(table)
        fields = {f.name for f in attrs.fields(struct)} if struct is not None else set()
        for column in _DROP_COLUMN.findall(sql):
            if column in fields:
                yield f"DROP COLUMN {table}.{column}: the previous API version still reads it"
    if _CREATE_INDEX.match(sql) and not _ALGORITHM.search(sql):
        yield "CREATE INDEX names no ALGORITHM: say ALGORITHM=INPLACE, LOCK=NONE so writes go on"
    dropped = _DROP_TABLE.match(sql)
    if dropped and dropped.group(1) in previous:
        yield f"DROP TABLE {dropped.group(1)}: the previous API version still uses it"


def _code_only(sql: str) -> str:
    lines = [line for line in sql.splitlines() if not line.strip().startswith(("--", "#"))]
    return " ".join(" ".join(lines).split())


def lint_migrations(migrations: Sequence[Migration] | None = None) -> list[Finding]:
    """:func:`lint_migration` over every shipped version (V1 has no previous API to protect)."""
    findings = []
    for migration in migrations if migrations is not None else load_migrations():
        previous = structs_of(migration.version - 1) if migration.version > 1 else {}
        findings += lint_migration(migration, previous)
    return findings


# -- the whole run ------------------------------------------------------------------------------------


def run_checks(
    server: Config,
    *,
    live: Database | None = None,
    out: Callable[[str], None] | None = None,
) -> Report:
    """Check every query, struct and migration on a scratch database; compare ``live`` with its version.

    ``server`` must allow creating and dropping databases. Returns the report; raises only when the
    server cannot be used at all.
    """
    say = out or (lambda line: None)
    report = Report()
    started = time.monotonic()
    report.findings += lint_migrations()
    folders = query_folders()
    queries = {folder: named_queries(folder) for folder in folders}
    snapshots: dict[int, Snapshot] = {}
    with _scratch(server) as scratch:
        migrator = Migrator(scratch)
        for version in range(1, migrator.latest + 1):
            migrator.migrate(version)
            with scratch.connection() as conn:
                snapshots[version] = snapshot(conn)
                # core queries run at every version (some read platform tables: seed.sql)
                report.findings += check_queries(conn, queries["core"], {}, f"core queries at V{version}")
                report.queries_checked += len(queries["core"])
                for folder in folders[1:]:
                    written_for = int(folder[1:])
                    if written_for > version:
                        continue
                    label = f"{folder} queries at V{version}"
                    report.findings += check_queries(conn, queries[folder], updatable_columns(written_for), label)
                    report.queries_checked += len(queries[folder])
                    structs = structs_of(written_for)
                    report.findings += check_structs(
                        snapshots[version], structs, exact=written_for == version, label=f"v{written_for} at V{version}"
                    )
                    report.structs_checked += len(structs)
            say(f"V{version}: queries and structs checked")
        if live is not None:
            version = live.schema_version(refresh=True)
            expected = snapshots.get(version)
            if expected is None:
                migrator.migrate(0)
                with scratch.connection() as conn:
                    expected = snapshot(conn)
            with live.connection() as conn:
                actual = snapshot(conn)
            report.drift_compared = f"{live.name} (recorded V{version}) against a fresh V{version}"
            report.findings += [Finding("drift", str(live.name), line) for line in diff(expected, actual)]
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _scratch(server: Config) -> Iterator[Database]:
    name = f"omnidb_check_{uuid.uuid4().hex[:12]}"
    create_database(server, name)
    db = Database(server.with_database(name))
    try:
        yield db
    finally:
        db.close()
        drop_database(server, name)


__all__ = [
    "Finding",
    "NamedQuery",
    "Report",
    "check_queries",
    "check_structs",
    "lint_migration",
    "lint_migrations",
    "named_queries",
    "render_queries",
    "run_checks",
]
