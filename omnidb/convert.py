"""The one cattrs converter: MySQL values -> Python types, and Python values -> query parameters.

Rows come from PyMySQL as dicts of driver values: naive ``datetime`` (in UTC, since every omnidb
session runs with ``time_zone '+00:00'``), ``int`` 0/1 for TINYINT(1), ``str`` for ENUM and JSON
columns (MariaDB stores JSON as LONGTEXT; MySQL's JSON also arrives as text), ``Decimal``.
:func:`structure` turns one into an attrs struct with timezone-aware datetimes, ``bool``, enums
and parsed JSON. :func:`to_param` does the reverse for one parameter value.
"""

from __future__ import annotations

import enum
import functools
import json
import math
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, Union, get_args, get_origin

import attrs

if TYPE_CHECKING:
    import cattrs

from omnidb.errors import InvalidInput

T = TypeVar("T")


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


def _is_json_type(kind: Any) -> bool:
    origin: Any = get_origin(kind)
    return origin is dict or origin is list


@functools.cache
def _converter() -> cattrs.Converter:
    """The converter, made on first use (importing cattrs costs ~9 ms of start-up; the row builders
    need it only for rare field types)."""
    import cattrs

    # detailed_validation off: a row that does not fit its struct is a schema/struct mismatch (which
    # omnidb check reports), not user input, and the per-field bookkeeping costs ~20% of hydration.
    made = cattrs.Converter(detailed_validation=False)
    made.register_structure_hook(datetime, _structure_datetime)
    made.register_structure_hook(bool, _structure_bool)
    made.register_structure_hook(Decimal, _structure_decimal)
    made.register_structure_hook(date, lambda v, _: v if isinstance(v, date) else date.fromisoformat(v))
    # JSON columns are typed dict[str, Any] or list[Any] on the structs.
    made.register_structure_hook_func(_is_json_type, _structure_json)
    return made


def __getattr__(name: str) -> Any:
    if name == "converter":  # the cattrs converter, as omnidb.convert.converter
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def structure(row: Mapping[str, Any], cls: type[T]) -> T:
    """Build ``cls`` from one row dict (extra columns are an error: queries list their columns)."""
    return _converter().structure(row, cls)


# -- row builders: the same conversions, applied fast -------------------------------------------------

_UTC = timezone.utc
# Conversions written into the builders as expressions of the non-None value ``v``.
_INLINE: dict[Any, str] = {
    datetime: "(v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC))",
    bool: "(v if v.__class__ is bool else to_bool(v, bool))",
}
_BUILDERS: dict[tuple[type, tuple[str, ...]], Callable[[Sequence[Any]], Any]] = {}


def row_builder(cls: type[T], columns: Sequence[str]) -> Callable[[Sequence[Any]], T]:
    """A function that builds ``cls`` from one tuple row whose columns are ``columns``, made once per
    (struct, column list) and cached.

    The conversions are the converter's (cattrs stays the converter of record: every field type
    without a fast path here goes through its hook), with the common ones inlined: an aware UTC
    datetime, a bool from 0/1, an enum member, parsed JSON; values already of their type pass as
    they are. About twice as fast as ``structure`` on dict rows for a struct of 16 fields.
    """
    key = (cls, tuple(columns))
    found = _BUILDERS.get(key)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls)
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    if sorted(names) != sorted(columns):
        missing, extra = sorted(set(names) - set(columns)), sorted(set(columns) - set(names))
        raise TypeError(f"{cls.__name__}: the row lacks {missing} and has extra {extra}")
    position = {name: index for index, name in enumerate(columns)}
    # One function written for this struct and column order, each field's conversion inlined: no
    # per-value lookups of hooks, no per-row loops.
    namespace: dict[str, Any] = {"cls": cls}
    arguments = []
    for number, name in enumerate(names):
        base, _ = _unwrap_optional(hints[name])
        value = f"row[{position[name]}]"
        inline = _INLINE.get(base)
        if base in (int, str):
            arguments.append(value)
        elif inline is not None:
            arguments.append(f"(None if (v := {value}) is None else {inline})")
        elif isinstance(base, type) and issubclass(base, enum.Enum):
            # A member found by its value in a dict (~10x faster than calling the enum); the enum's
            # own call for anything else (its aliases, its _missing_, its error).
            namespace[f"members{number}"] = {member.value: member for member in base}
            namespace[f"step{number}"] = base
            arguments.append(
                f"(None if (v := {value}) is None else "
                f"(m if (m := members{number}.get(v)) is not None else step{number}(v)))"
            )
        else:
            namespace[f"step{number}"] = _field_step(hints[name])
            arguments.append(f"(None if (v := {value}) is None else step{number}(v))")
    namespace.update(UTC=_UTC, to_bool=_structure_bool)
    source = f"def build(row):\n    return cls({', '.join(arguments)})\n"
    exec(compile(source, f"<omnidb row builder of {cls.__name__}>", "exec"), namespace)
    build: Callable[[Sequence[Any]], T] = namespace["build"]
    _BUILDERS[key] = build
    return build


def _field_step(kind: Any) -> Callable[[Any], Any] | None:
    """The conversion of one non-None value of a field typed ``kind``; None when it passes as is."""
    base, _ = _unwrap_optional(kind)
    if base is datetime:
        return lambda v: v.replace(tzinfo=_UTC) if v.tzinfo is None else v.astimezone(_UTC)
    if base is bool:
        return lambda v: v if v.__class__ is bool else _structure_bool(v, bool)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base
    if _is_json_type(base):
        origin = get_origin(base)

        def json_step(value: Any) -> Any:  # _structure_json, its origin worked out once
            parsed = json.loads(value) if isinstance(value, (str, bytes, bytearray)) else value
            if not isinstance(parsed, origin):
                raise TypeError(f"expected a JSON {origin.__name__}, got {type(parsed).__name__}")
            return parsed

        return json_step
    if base in (int, str):
        return None
    hook = _converter().get_structure_hook(base)
    return lambda v: hook(v, base)


def to_param(name: str, value: Any) -> Any:
    """Convert one Python value into what the driver binds, refusing what MySQL would mangle.

    Enums bind their value, dicts and lists their JSON text; an aware datetime binds as naive UTC.
    A naive datetime is refused (omnidb cannot know which zone it meant), and so is text that is not
    valid Unicode (a lone surrogate cannot be encoded as utf8mb4).
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dict, list)):
        _check_json_keys(name, value)
        try:
            value = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except RecursionError:
            raise InvalidInput(f"{name}: not JSON-serialisable: nested too deep", field=name) from None
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
        try:
            return value.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            raise InvalidInput(f"{name}: {value.isoformat()} is out of range in UTC", field=name) from None
    if isinstance(value, float) and value != value:  # NaN
        raise InvalidInput(f"{name}: NaN cannot be stored", field=name)
    return value


def _check_json_keys(name: str, value: dict[Any, Any] | list[Any]) -> None:
    """Refuse a JSON object key that is not text: json.dumps would turn ``1`` into ``"1"`` and keep
    both of ``{1: "a", "1": "b"}`` as one key, losing a value. Walked without recursion."""
    pending: list[Any] = [value]
    seen: set[int] = set()  # a value that contains itself is walked once (json.dumps then refuses it)
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise InvalidInput(
                        f"{name}: not JSON-serialisable: a key must be text (str), got {type(key).__name__} {key!r}",
                        field=name,
                    )
                if isinstance(inner, (dict, list, tuple)):
                    pending.append(inner)
        else:  # a list, or a tuple (json.dumps writes it as an array)
            pending.extend(inner for inner in item if isinstance(inner, (dict, list, tuple)))


# -- checking parameters against their declared types ------------------------------------------------

#: The largest value omnidb sends in one parameter. MariaDB's and MySQL's default
#: ``max_allowed_packet`` is 16 MiB (64 MiB on MySQL 8.0); past it the server drops the connection,
#: which would look like a network fault rather than the caller's mistake.
MAX_VALUE_BYTES = 16 * 1024 * 1024 - 64 * 1024
_INT_RANGE = (-(2**63), 2**64 - 1)  # BIGINT, signed and unsigned
Checker = Callable[[Any], Any]


def checker(name: str, kind: Any) -> Checker:
    """A function that takes a value meant for parameter ``name`` of declared type ``kind`` and
    returns what the driver binds, or raises ``InvalidInput`` naming ``name``.

    Nothing is coerced: ``"1"`` is not an int, ``1.5`` is not an int, ``1`` is not a bool, and an
    enum takes its member or its exact value (``"started"``, not ``"STARTED"``). ``X | None``
    accepts None. Built once per parameter, so the per-call cost is one or two ``isinstance``.
    """
    base, optional = _unwrap_optional(kind)
    check = _base_checker(name, base)
    if not optional:

        def required(value: Any) -> Any:
            if value is None:
                raise InvalidInput(f"{name}: a value is required, got None", field=name)
            return check(value)

        return required
    return lambda value: None if value is None else check(value)


def shown_number(value: int | float | Decimal) -> str:
    """``value`` as a message shows it: whole when short, else its first digits and how many there
    are (``str()`` of an int of more than 4,300 digits raises ValueError in Python 3.11+)."""
    if isinstance(value, int) and value.bit_length() > 200:
        digits = int(value.bit_length() * 0.30103) + 1  # log10(2): the count, give or take one
        return f"a {'negative ' if value < 0 else ''}whole number of about {digits} digits"
    text = str(value)
    return text if len(text) <= 60 else f"{text[:20]}... ({len(text)} characters)"


def _unwrap_optional(kind: Any) -> tuple[Any, bool]:
    args = get_args(kind)
    if isinstance(kind, types.UnionType) or get_origin(kind) is Union:
        rest = tuple(a for a in args if a is not type(None))
        base: Any = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
        return base, len(rest) < len(args)
    return kind, False


def _refuse(name: str, expected: str, value: Any) -> NoReturn:
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise InvalidInput(f"{name}: expected {expected}, got {type(value).__name__} {shown}", field=name)


def _base_checker(name: str, kind: Any) -> Checker:
    origin = get_origin(kind) or kind
    if kind is Any:
        return lambda value: to_param(name, value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        by_value = {member.value: member.value for member in kind}
        allowed = ", ".join(str(v) for v in by_value)

        def check_enum(value: Any) -> Any:
            if isinstance(value, kind):
                return value.value
            if isinstance(value, str) and not isinstance(value, enum.Enum) and value in by_value:
                return value
            _refuse(name, f"a {kind.__name__} ({allowed})", value)

        return check_enum
    if kind is bool:

        def check_bool(value: Any) -> Any:
            if isinstance(value, bool):
                return value
            _refuse(name, "True or False", value)

        return check_bool
    if kind is int:

        def check_int(value: Any) -> Any:
            if isinstance(value, int) and not isinstance(value, bool):
                if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
                    raise InvalidInput(f"{name}: {shown_number(value)} is out of range for a BIGINT column", field=name)
                return value
            _refuse(name, "a whole number (int)", value)

        return check_int
    if kind is float or kind is Decimal:

        def check_number(value: Any) -> Any:
            # Each kind told finite its own way: math.isfinite raises on an int past a float's range
            # and on a signalling NaN, and calls Decimal("1e400") infinite. What is finite but out of
            # the column's range is the server's to refuse (1264, naming the column).
            if isinstance(value, float):
                finite = math.isfinite(value)
            elif isinstance(value, Decimal):
                finite = value.is_finite()
            elif isinstance(value, int) and not isinstance(value, bool):
                finite = True
            else:
                _refuse(name, "a number", value)
            if not finite:
                raise InvalidInput(f"{name}: {value} cannot be stored (only finite numbers)", field=name)
            if kind is float and not isinstance(value, float):
                # A DOUBLE column: bound as the float it stores. Sent as written, a Decimal or an int
                # of more than 65 digits is cut to 1e65 by the server with a warning only (1916).
                try:
                    bound = float(value)  # an int past a float's range raises; a Decimal gives inf
                except OverflowError:
                    bound = math.inf
                if math.isinf(bound):
                    raise InvalidInput(f"{name}: {shown_number(value)} is out of range for a DOUBLE column", field=name)
                return bound
            return value

        return check_number
    if kind is str:

        def check_str(value: Any) -> Any:
            if isinstance(value, str) and not isinstance(value, enum.Enum):
                if value.isascii():  # the common case, told in O(1): one byte a character, no surrogate
                    if len(value) > MAX_VALUE_BYTES:
                        _too_big(name, value)
                    return value
                if len(value) > MAX_VALUE_BYTES // 4 and len(value.encode("utf-8", "surrogatepass")) > MAX_VALUE_BYTES:
                    _too_big(name, value)
                return to_param(name, value)
            _refuse(name, "text (str)", value)

        return check_str
    if kind is datetime:

        def check_datetime(value: Any) -> Any:
            if isinstance(value, datetime):
                return to_param(name, value)
            _refuse(name, "a timezone-aware datetime", value)

        return check_datetime
    if kind is date:

        def check_date(value: Any) -> Any:
            if isinstance(value, date) and not isinstance(value, datetime):
                return value
            _refuse(name, "a date", value)

        return check_date
    if origin is dict or origin is list:

        def check_json(value: Any) -> Any:
            if not isinstance(value, origin):
                _refuse(name, f"a JSON {origin.__name__}", value)
            text = to_param(name, value)
            if len(text) > MAX_VALUE_BYTES // 4 and len(text.encode("utf-8")) > MAX_VALUE_BYTES:
                _too_big(name, text)
            return text

        return check_json
    return lambda value: to_param(name, value)


def _too_big(name: str, value: str) -> NoReturn:
    size = len(value.encode("utf-8", "surrogatepass"))
    raise InvalidInput(
        f"{name}: the value is {size / 1024 / 1024:.1f} MiB; omnidb sends at most "
        f"{MAX_VALUE_BYTES / 1024 / 1024:.1f} MiB in one value (the server's max_allowed_packet)",
        field=name,
    )


def check_id(name: str, value: Any) -> int:
    """``value`` if it is a row id (an int >= 1, not a bool); else ``InvalidInput`` naming ``name``."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _INT_RANGE[1]:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        raise InvalidInput(f"{name}: ids are whole numbers from 1, got {value}", field=name)
    _refuse(name, "an id (int)", value)
