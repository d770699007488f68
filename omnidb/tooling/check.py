"""``omnidb check``: every check at once, on a scratch database.

It creates ``omnidb_check_<random>``, migrates it version by version and, at each version, has the
server PREPARE every query that must run there (:mod:`~omnidb.tooling.querycheck`), compares every
struct with its table (:mod:`~omnidb.tooling.structcheck`), lints the migrations
(:mod:`~omnidb.tooling.lint`), compares a live database with a fresh copy of the version it
records (drift, :func:`omnidb.tooling.introspect.diff`), and looks in the live database for rows whose
foreign key points at no row (:func:`orphaned_rows`: a key added, or data loaded, with
``foreign_key_checks`` off is not verified by the server). Then it drops the scratch database.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import attrs

from omnidb.config import Config
from omnidb.pool import Database
from omnidb.session import Connection
from omnidb.tooling.catalogue import named_queries, query_folders
from omnidb.tooling.databases import scratch_database
from omnidb.tooling.findings import CheckKind, Finding, Severity
from omnidb.tooling.introspect import ForeignKey, Snapshot, diff, snapshot
from omnidb.tooling.lint import lint_migrations
from omnidb.tooling.migrate import Migrator, refuse_foreign_bookkeeping
from omnidb.tooling.querycheck import check_queries, updatable_columns
from omnidb.tooling.structcheck import check_structs, structs_of


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
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings reported without failing."""
        return [f for f in self.findings if f.severity is Severity.WARNING]


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
    with scratch_database(server) as scratch:
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
            with live.connection() as conn:  # the version is read from it: another tool's would fail the read
                refuse_foreign_bookkeeping(conn, str(live.name))
            version = live.schema_version(refresh=True)
            expected = snapshots.get(version)
            if expected is None:
                migrator.migrate(0)
                with scratch.connection() as conn:
                    expected = snapshot(conn)
            with live.connection() as conn:
                actual = snapshot(conn)
            report.drift_compared = f"{live.name} (recorded V{version}) against a fresh V{version}"
            report.findings += [_drift(str(live.name), line, version) for line in diff(expected, actual)]
            with live.connection() as conn:
                report.findings += orphaned_rows(conn, actual, label=str(live.name))
    report.seconds = time.monotonic() - started
    return report


#: A table a version's down script leaves behind on purpose, holding what that version wrote.
_ARCHIVE = re.compile(r"\+ table v(\d+)_archive_\w+: ")


def _drift(where: str, line: str, version: int) -> Finding:
    """A drift finding; a warning for the archive a later version's rollback left (``v2_archive_apps``
    at V1), which is omnidb's own doing, not drift: the operator reads, exports or drops it."""
    archive = _ARCHIVE.match(line)
    if archive is None or int(archive.group(1)) <= version:
        return Finding(CheckKind.DRIFT, where, line)
    later = archive.group(1)
    note = f"{line}: the archive of V{later}'s rollback (docs/migrations.md); migrating to V{later} restores it"
    return Finding(CheckKind.DRIFT, where, note, Severity.WARNING)


#: How many orphaned key values a finding quotes.
ORPHAN_EXAMPLES = 5


def orphaned_rows(conn: Connection, schema: Snapshot, *, label: str) -> list[Finding]:
    """One error per foreign key of ``schema`` that rows of the database on ``conn`` violate.

    A row is orphaned when every column of the key is non-NULL and no row of the referenced table
    matches (MATCH SIMPLE, as InnoDB checks). Each finding gives the count and a few of the values.
    """
    findings = []
    with conn.cursor() as cur:
        for table in schema.tables.values():
            for fk in table.foreign_keys.values():
                cur.execute(_orphans_sql(table.name, fk, count=True))
                row: Any = cur.fetchone()
                count = int(row["orphans"]) if row else 0
                if not count:
                    continue
                cur.execute(_orphans_sql(table.name, fk, count=False))
                examples = ", ".join(
                    "(" + ", ".join(str(v) for v in r.values()) + ")" if len(fk.columns) > 1 else str(*r.values())
                    for r in cur.fetchall()
                )
                findings.append(
                    Finding(
                        CheckKind.ORPHAN,
                        f"{label}.{table.name}.{fk.name}",
                        f"{count} rows of {table.name} have ({', '.join(fk.columns)}) pointing at no row of "
                        f"{fk.referenced_table} ({', '.join(fk.referenced_columns)}), e.g. {examples}: the key was "
                        "added or the rows written with foreign_key_checks off; fix or remove those values",
                    )
                )
    return findings


def _orphans_sql(table: str, fk: ForeignKey, *, count: bool) -> str:
    # Identifiers cannot be bound parameters: these come from information_schema and are quoted.
    pairs = zip(fk.columns, fk.referenced_columns, strict=True)
    joined = " AND ".join(f"p.{_quote(r)} = c.{_quote(c)}" for c, r in pairs)
    present = " AND ".join(f"c.{_quote(c)} IS NOT NULL" for c in fk.columns)
    what = "COUNT(*) AS orphans" if count else "DISTINCT " + ", ".join(f"c.{_quote(c)}" for c in fk.columns)
    limit = "" if count else f" LIMIT {ORPHAN_EXAMPLES}"
    return (
        f"SELECT {what} FROM {_quote(table)} AS c LEFT JOIN {_quote(fk.referenced_table)} AS p ON {joined} "  # noqa: S608
        f"WHERE {present} AND p.{_quote(fk.referenced_columns[0])} IS NULL{limit}"
    )


def _quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"
