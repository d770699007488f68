"""Struct checks: each attrs struct of ``omnidb.v<n>.tables`` against its table as the server has it."""

from __future__ import annotations

import enum
import importlib
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from omnidb.tooling.findings import CheckKind, Finding
from omnidb.tooling.introspect import Column, Snapshot, Table


def structs_of(version: int) -> Mapping[str, type]:
    """The ``TABLES`` map (table -> struct) of ``omnidb.v<version>.tables``."""
    tables: Mapping[str, type] = importlib.import_module(f"omnidb.v{version}.tables").TABLES
    return tables


def check_structs(schema: Snapshot, structs: Mapping[str, type], *, exact: bool, label: str) -> list[Finding]:
    """Compare each struct with its table in ``schema``."""
    return [
        Finding(CheckKind.STRUCT, f"{struct.__module__}.{struct.__name__}", f"{label}: {problem}")
        for table, struct in sorted(structs.items())
        for problem in check_struct(struct, schema.tables.get(table), exact=exact)
    ]


_PYTHON_TYPES: dict[Any, tuple[str, ...]] = {
    int: ("bigint", "int", "smallint", "mediumint"),
    str: ("varchar", "char", "text", "mediumtext", "longtext", "tinytext"),
    float: ("double", "float"),
    Decimal: ("decimal",),
    datetime: ("datetime", "timestamp"),
    date: ("date",),
    # MariaDB reports a JSON column as longtext (with a JSON_VALID check); MySQL as json
    # (docs/mysql-compat.md).
    dict: ("json", "longtext"),
    list: ("json", "longtext"),
}


def check_struct(struct: type, table: Table | None, *, exact: bool = True) -> list[str]:
    """Mismatches between ``struct`` and ``table``, one line each; empty when they agree.

    ``exact``: the struct names every column, in order. Otherwise (a struct of an older version
    against a newer table) the table may have more columns, but each must be nullable or have a
    default, so older code can still insert rows.
    """
    name = struct.__name__
    if table is None:
        return [f"{name}: its table does not exist"]
    hints = typing.get_type_hints(struct)
    fields = [f.name for f in attrs.fields(struct)]
    problems: list[str] = []
    columns = {c.name: c for c in table.columns}
    for field in fields:
        column = columns.get(field)
        if column is None:
            problems.append(f"{name}.{field}: no column {table.name}.{field}")
            continue
        kind, optional = _unwrap(hints[field])
        if optional != column.nullable:
            expected = "nullable" if optional else "NOT NULL"
            problems.append(
                f"{name}.{field}: Optional is {optional}, but the column is {column.describe()} ({expected} expected)"
            )
        if not _compatible(kind, column):
            problems.append(f"{name}.{field}: {_type_name(kind)} does not fit {column.column_type}")
    extra = [c for c in table.columns if c.name not in fields]
    if exact:
        problems += [f"{name}: no field for column {table.name}.{c.name} ({c.describe()})" for c in extra]
        if not problems and [c.name for c in table.columns] != fields:
            problems.append(f"{name}: fields are not in column order")
    else:
        problems += [
            f"{name}: column {table.name}.{c.name} is NOT NULL without a default, so older code cannot insert"
            for c in extra
            if not c.nullable and c.default is None and "auto_increment" not in c.extra
        ]
    return problems


def _unwrap(kind: Any) -> tuple[Any, bool]:
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else kind), len(rest) < len(args)
    return kind, False


def _compatible(kind: Any, column: Column) -> bool:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        declared = column.column_type[len("enum(") : -1].replace("'", "").split(",")
        return column.data_type == "enum" and declared == [member.value for member in kind]
    if kind is bool:
        return column.column_type in ("tinyint(1)", "bit(1)")
    origin = typing.get_origin(kind) or kind
    if origin is int and column.data_type == "tinyint":
        return column.column_type != "tinyint(1)"
    return column.data_type in _PYTHON_TYPES.get(origin, ())


def _type_name(kind: Any) -> str:
    return getattr(kind, "__name__", str(kind))
