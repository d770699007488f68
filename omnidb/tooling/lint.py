"""Migration lint: statements of an ``up.sql`` that would lock or rewrite a large table, or break the
code of the API version before it (which keeps running while the migration is applied).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

import attrs

from omnidb.tooling.findings import CheckKind, Finding, Severity
from omnidb.tooling.migrate import Migration, load_migrations
from omnidb.tooling.sqlscript import split_statements
from omnidb.tooling.structcheck import structs_of

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


def lint_migration(migration: Migration, previous_structs: Mapping[str, type]) -> list[Finding]:
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
            Finding(CheckKind.MIGRATION, where, message, Severity.WARNING)
            for message in _lint_statement(sql, created, previous_structs)
        ]
    return findings


def _lint_statement(sql: str, created: set[str], previous: Mapping[str, type]) -> Iterator[str]:
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
