"""``omnidb check``: every check at once, on a scratch database.

It creates ``omnidb_check_<random>``, migrates it version by version and, at each version, has the
server PREPARE every query that must run there (:mod:`~omnidb.tooling.querycheck`), compares every
struct with its table (:mod:`~omnidb.tooling.structcheck`), lints the migrations
(:mod:`~omnidb.tooling.lint`), and compares a live database with a fresh copy of the version it
records (drift, :func:`omnidb.tooling.introspect.diff`). Then it drops the scratch database.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

from omnidb.config import Config
from omnidb.pool import Database
from omnidb.tooling.catalogue import named_queries, query_folders
from omnidb.tooling.databases import scratch_database
from omnidb.tooling.findings import CheckKind, Finding, Severity
from omnidb.tooling.introspect import Snapshot, diff, snapshot
from omnidb.tooling.lint import lint_migrations
from omnidb.tooling.migrate import Migrator
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
            version = live.schema_version(refresh=True)
            expected = snapshots.get(version)
            if expected is None:
                migrator.migrate(0)
                with scratch.connection() as conn:
                    expected = snapshot(conn)
            with live.connection() as conn:
                actual = snapshot(conn)
            report.drift_compared = f"{live.name} (recorded V{version}) against a fresh V{version}"
            report.findings += [Finding(CheckKind.DRIFT, str(live.name), line) for line in diff(expected, actual)]
    report.seconds = time.monotonic() - started
    return report
