"""What a check finds: :class:`Finding`, with a :class:`Severity`. Shared by every checker."""

from __future__ import annotations

import enum

import attrs


class Severity(str, enum.Enum):
    """How much a finding weighs: an ``ERROR`` fails ``omnidb check``, a ``WARNING`` is reported."""

    ERROR = "error"
    WARNING = "warning"


class CheckKind(str, enum.Enum):
    """Which checker found it."""

    QUERY = "query"
    STRUCT = "struct"
    DRIFT = "drift"
    ORPHAN = "orphan"
    MIGRATION = "migration"


@attrs.frozen
class Finding:
    """One problem found: where, what, and how much it weighs."""

    check: CheckKind
    where: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.value}: [{self.check.value}] {self.where}: {self.message}"
