"""Introspection of a live database (information_schema): snapshots and drift reports.

A :class:`Snapshot` is what ``information_schema`` says of one database: tables, columns (type,
nullability, default, collation), indexes and foreign keys. Two snapshots compare with :func:`diff`: that is
the drift report of ``omnidb check``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import attrs

from omnidb import registry
from omnidb.session import Connection


@attrs.frozen
class Column:
    """One column as information_schema reports it."""

    name: str
    data_type: str
    column_type: str
    nullable: bool
    default: str | None
    extra: str
    #: The column's collation; None for columns that are not text.
    collation: str | None = None

    def describe(self) -> str:
        """``varchar(50) NOT NULL DEFAULT 'standard'``."""
        text = f"{self.column_type} {'NULL' if self.nullable else 'NOT NULL'}"
        if self.default is not None:
            text += f" DEFAULT {self.default}"
        return text + (f" {self.extra}" if self.extra else "")


@attrs.frozen
class Index:
    """One index: unique or not, and its columns in order."""

    name: str
    unique: bool
    columns: tuple[str, ...]

    def describe(self) -> str:
        """``UNIQUE (org_id, name)``."""
        return f"{'UNIQUE ' if self.unique else ''}({', '.join(self.columns)})"


@attrs.frozen
class ForeignKey:
    """One foreign key constraint."""

    name: str
    columns: tuple[str, ...]
    referenced_table: str
    referenced_columns: tuple[str, ...]
    on_update: str
    on_delete: str

    def describe(self) -> str:
        """``(org_id) -> orgs (id) ON DELETE CASCADE``."""
        text = f"({', '.join(self.columns)}) -> {self.referenced_table} ({', '.join(self.referenced_columns)})"
        if self.on_delete != "RESTRICT":
            text += f" ON DELETE {self.on_delete}"
        if self.on_update != "RESTRICT":
            text += f" ON UPDATE {self.on_update}"
        return text


@attrs.frozen
class Table:
    """One table: engine, collation, columns in order, indexes and foreign keys by name."""

    name: str
    engine: str
    collation: str
    columns: tuple[Column, ...]
    indexes: dict[str, Index]
    foreign_keys: dict[str, ForeignKey]

    def column(self, name: str) -> Column | None:
        """The column ``name``, or None."""
        return next((c for c in self.columns if c.name == name), None)


@attrs.frozen
class Snapshot:
    """Every base table of one database."""

    tables: dict[str, Table]


def snapshot(conn: Connection) -> Snapshot:
    """Read the current database of ``conn`` from information_schema (four queries)."""
    q = registry.core()
    columns: dict[str, list[Column]] = defaultdict(list)
    for row in q.schema_columns(conn):
        columns[row["table_name"]].append(
            Column(
                name=row["column_name"],
                data_type=row["data_type"],
                column_type=row["column_type"],
                nullable=row["is_nullable"] == "YES",
                default=_normalise_default(row["column_default"]),
                extra=_normalise_extra(row["extra"]),
                collation=row["collation"],
            )
        )
    index_parts: dict[tuple[str, str], list[str]] = defaultdict(list)
    unique: dict[tuple[str, str], bool] = {}
    for row in q.schema_index_columns(conn):
        key = (row["table_name"], row["index_name"])
        index_parts[key].append(row["column_name"])
        unique[key] = not row["non_unique"]
    indexes: dict[str, dict[str, Index]] = defaultdict(dict)
    for (table, name), cols in index_parts.items():
        indexes[table][name] = Index(name=name, unique=unique[(table, name)], columns=tuple(cols))
    fk_parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in q.schema_foreign_keys(conn):
        fk_parts[(row["table_name"], row["constraint_name"])].append(row)
    fks: dict[str, dict[str, ForeignKey]] = defaultdict(dict)
    for (table, name), rows in fk_parts.items():
        fks[table][name] = ForeignKey(
            name=name,
            columns=tuple(r["column_name"] for r in rows),
            referenced_table=rows[0]["referenced_table"],
            referenced_columns=tuple(r["referenced_column"] for r in rows),
            on_update=rows[0]["update_rule"],
            on_delete=rows[0]["delete_rule"],
        )
    tables = {
        row["table_name"]: Table(
            name=row["table_name"],
            engine=row["engine"] or "",
            collation=row["collation"] or "",
            columns=tuple(columns[row["table_name"]]),
            indexes=indexes[row["table_name"]],
            foreign_keys=fks[row["table_name"]],
        )
        for row in q.schema_tables(conn)
    }
    return Snapshot(tables=tables)


def diff(expected: Snapshot, actual: Snapshot) -> list[str]:
    """How ``actual`` differs from ``expected``, one readable line each (``+`` extra, ``-`` missing, ``~`` changed)."""
    lines: list[str] = []
    for name in sorted(set(expected.tables) | set(actual.tables)):
        want, have = expected.tables.get(name), actual.tables.get(name)
        if want is None:
            lines.append(f"+ table {name}: not in the expected schema")
        elif have is None:
            lines.append(f"- table {name}: missing")
        else:
            lines += _diff_table(want, have)
    return lines


def _diff_table(want: Table, have: Table) -> list[str]:
    lines: list[str] = []
    name = want.name
    if (want.engine, want.collation) != (have.engine, have.collation):
        lines.append(f"~ table {name}: {have.engine}/{have.collation}, expected {want.engine}/{want.collation}")
    want_cols, have_cols = {c.name: c for c in want.columns}, {c.name: c for c in have.columns}
    for col in sorted(set(want_cols) | set(have_cols)):
        w, h = want_cols.get(col), have_cols.get(col)
        if w is None and h is not None:
            lines.append(f"+ column {name}.{col}: {h.describe()}")
        elif h is None and w is not None:
            lines.append(f"- column {name}.{col}: {w.describe()}")
        elif w is not None and h is not None and attrs.evolve(w, collation=h.collation) == h and w != h:
            # identifiers compare byte for byte: a collation that drifted can merge distinct names
            lines.append(f"~ column {name}.{col}: collation {h.collation}, expected {w.collation}")
        elif w is not None and h is not None and w != h:
            lines.append(f"~ column {name}.{col}: {h.describe()}, expected {w.describe()}")
    for kind, wanted, had in (
        ("index", want.indexes, have.indexes),
        ("foreign key", want.foreign_keys, have.foreign_keys),
    ):
        for key in sorted(set(wanted) | set(had)):
            a, b = wanted.get(key), had.get(key)
            if a is None and b is not None:
                lines.append(f"+ {kind} {name}.{key}: {b.describe()}")
            elif b is None and a is not None:
                lines.append(f"- {kind} {name}.{key}: {a.describe()}")
            elif a is not None and b is not None and a != b:
                lines.append(f"~ {kind} {name}.{key}: {b.describe()}, expected {a.describe()}")
    return lines


def _normalise_default(value: Any) -> str | None:
    # MariaDB reports a string default quoted ('main') and NULL as the text NULL; MySQL unquoted.
    if value is None or value == "NULL":
        return None
    text = str(value)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = text[1:-1]
    return text.lower() if text.lower().startswith("current_timestamp") else text


def _normalise_extra(value: Any) -> str:
    # MySQL says DEFAULT_GENERATED for expression defaults; MariaDB says nothing.
    text = str(value or "").replace("DEFAULT_GENERATED", "").strip()
    return " ".join(text.lower().split())
