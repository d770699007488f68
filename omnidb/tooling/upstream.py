"""Recognising a database that upstream OmniOrchestrator created, for ``omnidb adopt``.

Upstream creates its tables with its own ``db_init.sql`` and records its version in its ``metadata``
table (key ``omni_schema_version``), never in ``schema_migrations``. omnidb's runner would call such a
database an empty V0 one and fail on its first ``CREATE TABLE``; ``status``, ``doctor`` and ``migrate``
ask this module first and point the operator to ``omnidb adopt`` instead.

What an upstream database holds is written in the adoption script itself (its ``-- upstream-table:``
lines, generated from the facts of upstream's schema), so recognition and conversion cannot disagree.
This module reads only ``information_schema``; it changes nothing and imports nothing of the runner.
"""

from __future__ import annotations

import re
from functools import cache

import attrs

from omnidb import registry
from omnidb.session import Connection
from omnidb.sqlfiles import sql_file

#: ``schema_migrations.name`` of V1 when it came from an adoption rather than from ``up.sql``.
ADOPTED_NAME = "platform core, adopted from upstream"

#: The adoption script, in ``sql/adopt/``.
SCRIPT = ("adopt", "upstream_v1.sql")

_UPSTREAM_TABLE = re.compile(r"^--\s*upstream-table:\s*(\w+)\s*(.*?)\s*$", re.MULTILINE)


@cache
def expected_tables() -> dict[str, tuple[str, ...]]:
    """Upstream's tables and their columns, as the adoption script expects them."""
    text = sql_file(*SCRIPT).read_text(encoding="utf-8")
    return {m.group(1): tuple(m.group(2).split()) for m in _UPSTREAM_TABLE.finditer(text)}


@attrs.frozen
class Shape:
    """How the current database compares with an upstream one."""

    #: upstream tables that are present
    present: tuple[str, ...]
    #: upstream tables that are missing (``metadata`` may be: upstream's code creates it later)
    missing_tables: tuple[str, ...]
    #: ``table.column`` expected but missing
    missing_columns: tuple[str, ...]
    #: tables the database holds that upstream does not have
    extra_tables: tuple[str, ...]
    #: True when omnidb's ``schema_migrations`` records any version
    managed: bool
    #: How many runs omnidb's ``schema_migration_history`` lists (0: none, or no such table)
    runs: int = 0

    @property
    def lost_versions(self) -> bool:
        """omnidb ran here (its history lists runs), the tables are in omnidb's shape, not upstream's
        (some of upstream's columns are missing), but ``schema_migrations`` records no version: its
        rows were deleted by hand. Neither upstream's nor a collision. (Upstream's tables whole, as a
        backup restored after a stopped adoption leaves them, are upstream's: ``omnidb adopt``.)"""
        return not self.managed and self.runs > 0 and bool(self.present) and bool(self.missing_columns)

    @property
    def looks_upstream(self) -> bool:
        """Not managed by omnidb, and holding most of upstream's tables (enough to advise ``omnidb
        adopt``). A few of them alone (a ``notifications`` table of another application) make a
        database that collides with V1 (:attr:`collides`), not an upstream one: ``adopt`` would refuse it."""
        if self.managed or self.lost_versions:
            return False
        return len(self.present) * 2 > len(self.present) + len(self.missing_tables)

    @property
    def collides(self) -> bool:
        """Not managed by omnidb, not upstream's, and holding tables named as V1's: V1 would fail there."""
        return not self.managed and bool(self.present) and not self.looks_upstream and not self.lost_versions

    @property
    def adoptable(self) -> bool:
        """Every upstream table and column is there: ``omnidb adopt`` may convert it."""
        return self.looks_upstream and not self.missing_tables and not self.missing_columns

    def mismatches(self) -> str:
        """What did not match, for a refusal message."""
        if self.managed:  # omnidb's V1 differs from upstream by design: its columns are no news
            return "it is already managed by omnidb (schema_migrations records versions; `omnidb status` tells more)"
        parts = []
        if self.lost_versions:
            parts.append(lost_versions(self))
        if not self.present:
            parts.append("it holds none of upstream's tables")
        if self.missing_tables and self.present:
            parts.append(f"missing tables: {_listing(self.missing_tables)}")
        if self.missing_columns:
            parts.append(f"missing columns: {_listing(self.missing_columns)}")
        return "; ".join(parts) or "nothing"


OPTIONAL_TABLES = frozenset({"metadata"})


def inspect(conn: Connection) -> Shape:
    """Compare the current database of ``conn`` with upstream's schema; reads information_schema only."""
    expected = expected_tables()
    q = registry.core()
    columns: dict[str, set[str]] = {}
    for row in q.database_columns(conn):
        columns.setdefault(str(row["table_name"]), set()).add(str(row["column_name"]))
    managed = "schema_migrations" in columns and bool(q.count_recorded_versions(conn))
    present = tuple(sorted(t for t in expected if t in columns and t not in OPTIONAL_TABLES))
    missing_tables = tuple(sorted(t for t in expected if t not in columns and t not in OPTIONAL_TABLES))
    missing_columns = tuple(
        f"{t}.{c}" for t in sorted(expected) if t in columns for c in expected[t] if c not in columns[t]
    )
    ours = {"schema_migrations", "schema_migration_history"}
    extra = tuple(sorted(t for t in columns if t not in expected and t not in ours))
    runs = int(q.count_recorded_runs(conn)) if "schema_migration_history" in columns else 0
    return Shape(present, missing_tables, missing_columns, extra, managed, runs)


def lost_versions(shape: Shape) -> str:
    """What status, migrate and adopt say of a database whose recorded versions were deleted."""
    return (
        f"schema_migrations records no version, yet schema_migration_history lists {shape.runs} omnidb "
        f"runs here and the database holds {len(shape.present)} of V1's tables in omnidb's shape, not upstream's"
    )


def advice(shape: Shape) -> str:
    """One sentence for status, doctor and migrate about a database that looks like upstream's."""
    total = len([t for t in expected_tables() if t not in OPTIONAL_TABLES])
    return (
        f"this is an upstream OmniOrchestrator database ({len(shape.present)} of its {total} tables), not "
        "yet managed by omnidb: bring it under omnidb with `omnidb adopt` (try `omnidb adopt --dry-run` "
        "first; docs/adoption.md)"
    )


def collision(shape: Shape) -> str:
    """One sentence for migrate about a database holding some tables V1 creates, not made by omnidb."""
    return (
        f"it already holds tables that V1 creates, not made by omnidb: {_listing(shape.present)}; "
        "rename or move them first (omnidb migrates an empty database, or one it manages)"
    )


#: Where an adoption whose every statement ran stopped: the check of rows and values after them.
VERIFICATION = "verification after the last statement"


def interrupted(done: int, total: int, failed_statement: str | None, error: str | None) -> str:
    """What ``status``/``doctor``/``migrate`` say of an adoption left half-done."""
    if failed_statement == VERIFICATION:
        # Running it again only checks again, against the counts taken before the first statement.
        return (
            f"an adoption of an upstream OmniOrchestrator database ran every statement, but its {error}. "
            "Nothing is recorded as adopted: restore the backup taken before (docs/adoption.md); "
            "`omnidb adopt` again only verifies again."
        )
    what = f"stopped at {failed_statement}: {error}" if error else f"was interrupted after {done} of {total} statements"
    return (
        f"an adoption of an upstream OmniOrchestrator database {what}. Fix the cause if there is one "
        "(docs/adoption.md), then run `omnidb adopt` again: it finishes from where it stopped."
    )


def _listing(items: tuple[str, ...], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
