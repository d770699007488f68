"""The row builder (omnidb.convert.row_builder) against the enums' own conversion: no server needed."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import pytest

from omnidb.convert import row_builder


class Kind(str, enum.Enum):
    EMPTY = ""  # a falsy member
    WEB = "web"
    WEBSITE = "web"  # an alias of WEB

    @classmethod
    def _missing_(cls, value: object) -> Kind | None:
        return cls.WEB if value == "www" else None


class Level(enum.IntEnum):
    ZERO = 0
    ONE = 1


@attrs.frozen
class Thing:
    id: int
    kind: Kind
    level: Level | None


def test_enum_fields_are_their_members_as_the_enum_itself_makes_them() -> None:
    build = row_builder(Thing, ["id", "kind", "level"])
    for kind in ("", "web", "www"):
        for level in (0, 1, None):
            built = build((1, kind, level))
            assert built.kind is Kind(kind) and built.level is (None if level is None else Level(level))
    assert row_builder(Thing, ["level", "kind", "id"])((1, "web", 7)) == Thing(7, Kind.WEB, Level.ONE)


@pytest.mark.parametrize(
    ("row", "message"), [((1, "nope", 0), "'nope' is not a valid Kind"), ((1, "web", 2), "2 is not a valid Level")]
)
def test_a_value_no_member_has_raises_the_enums_own_error(row: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        row_builder(Thing, ["id", "kind", "level"])(row)
