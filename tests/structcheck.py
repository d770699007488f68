"""Comparing attrs structs with tables as information_schema reports them (used by the struct tests)."""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dbtools import query

from omnidb.config import Config


def columns_of(config: Config, table: str) -> list[dict[str, Any]]:
    return query(
        config,
        "SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
        config.database,
        table,
    )


def unwrap(kind: Any) -> tuple[Any, bool]:
    """(the type without None, whether None was allowed)."""
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [a for a in args if a is not type(None)]
        assert len(rest) == 1
        return rest[0], len(rest) < len(args)
    return kind, False


def compatible(kind: Any, column: dict[str, Any]) -> bool:
    data_type, column_type = str(column["data_type"]), str(column["column_type"])
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        declared = column_type[len("enum(") : -1].replace("'", "").split(",")
        return data_type == "enum" and declared == [member.value for member in kind]
    origin = typing.get_origin(kind) or kind
    expected = {
        bool: column_type == "tinyint(1)",
        int: data_type in ("bigint", "int") or (data_type == "tinyint" and column_type != "tinyint(1)"),
        str: data_type in ("varchar", "char", "text", "mediumtext", "longtext"),
        float: data_type == "double",
        Decimal: data_type == "decimal",
        datetime: data_type == "datetime",
        date: data_type == "date",
        # MariaDB reports JSON columns as longtext (with a JSON_VALID check); MySQL as json.
        dict: data_type in ("json", "longtext"),
        list: data_type in ("json", "longtext"),
    }
    return expected.get(origin, False)
