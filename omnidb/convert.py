"""The one cattrs converter: MySQL values -> Python types, and Python values -> query parameters.

Rows come from PyMySQL as dicts of driver values: naive ``datetime`` (in UTC, since every omnidb
session runs with ``time_zone '+00:00'``), ``int`` 0/1 for TINYINT(1), ``str`` for ENUM and JSON
columns (MariaDB stores JSON as LONGTEXT; MySQL's JSON also arrives as text), ``Decimal``.
:func:`structure` turns one into an attrs struct with timezone-aware datetimes, ``bool``, enums
and parsed JSON. :func:`to_param` does the reverse for one parameter value.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, TypeVar, get_origin

import cattrs

from omnidb.errors import InvalidInput

T = TypeVar("T")

# detailed_validation off: a row that does not fit its struct is a schema/struct mismatch (which
# omnidb check reports), not user input, and the per-field bookkeeping costs ~20% of hydration.
converter = cattrs.Converter(detailed_validation=False)


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, str):
        return _structure_datetime(datetime.fromisoformat(value), datetime)
    raise TypeError(f"expected a datetime, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, (bool, int)):
        return bool(value)
    if isinstance(value, (bytes, bytearray)):  # BIT(1)
        return value != b"\x00"
    raise TypeError(f"expected a 0/1 flag, got {value!r}")


def _structure_json(value: Any, kind: type) -> Any:
    parsed = json.loads(value) if isinstance(value, (str, bytes, bytearray)) else value
    origin = get_origin(kind) or kind
    if not isinstance(parsed, origin):
        raise TypeError(f"expected a JSON {origin.__name__}, got {type(parsed).__name__}")
    return parsed


def _structure_decimal(value: Any, _: type) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


converter.register_structure_hook(datetime, _structure_datetime)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook(date, lambda v, _: v if isinstance(v, date) else date.fromisoformat(v))
# JSON columns are typed dict[str, Any] or list[Any] on the structs.


def _is_json_type(kind: Any) -> bool:
    origin: Any = get_origin(kind)
    return origin is dict or origin is list


converter.register_structure_hook_func(_is_json_type, _structure_json)


def structure(row: Mapping[str, Any], cls: type[T]) -> T:
    """Build ``cls`` from one row dict (extra columns are an error: queries list their columns)."""
    return converter.structure(row, cls)


def to_param(name: str, value: Any) -> Any:
    """Convert one Python value into what the driver binds, refusing what MySQL would mangle.

    Enums bind their value, dicts and lists their JSON text; an aware datetime binds as naive UTC.
    A naive datetime is refused (omnidb cannot know which zone it meant), and so is text that is not
    valid Unicode (a lone surrogate cannot be encoded as utf8mb4).
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dict, list)):
        try:
            value = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"{name}: not JSON-serialisable: {exc}", field=name) from None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"{name}: not valid Unicode text (a lone surrogate)", field=name) from None
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(f"{name}: naive datetime {value.isoformat()}: give a timezone (UTC)", field=name)
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    if isinstance(value, float) and value != value:  # NaN
        raise InvalidInput(f"{name}: NaN cannot be stored", field=name)
    return value


def to_params(values: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`to_param` over a mapping of parameter names to values."""
    return {name: to_param(name, value) for name, value in values.items()}
