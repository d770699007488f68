"""What the benchmarks share: the hand-written baseline a developer would write instead of omnidb."""

from __future__ import annotations

import enum
import json
import statistics
import time
import typing
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs


def columns_of(struct: type) -> list[str]:
    """The struct's field names: the column list of the hand-written SELECTs."""
    return [f.name for f in attrs.fields(struct)]


def hand_builder(struct: type) -> Callable[[tuple[Any, ...]], Any]:
    """What a hand-written data layer does: one conversion per field, chosen once, applied per row
    (rows whose columns are :func:`columns_of` ``struct``, in that order).
    """
    hints = typing.get_type_hints(struct)

    def convert(kind: Any) -> Callable[[Any], Any]:
        base = next((a for a in typing.get_args(kind) if a is not type(None)), kind)
        if base is datetime:
            return lambda v: v.replace(tzinfo=timezone.utc) if v is not None else None
        if base is bool:
            return lambda v: bool(v) if v is not None else None
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return lambda v: base(v) if v is not None else None
        if typing.get_origin(base) in (dict, list):
            return lambda v: json.loads(v) if v is not None else None
        return lambda v: v

    steps = [convert(hints[name]) for name in columns_of(struct)]

    def build(row: tuple[Any, ...]) -> Any:
        return struct(*(step(value) for step, value in zip(steps, row, strict=True)))

    return build


def rounds(
    sides: dict[str, Callable[[], Any]], count: int, rounds: int = 5, after: Callable[[], Any] | None = None
) -> dict[str, float]:
    """Median seconds per call of each side, the sides alternating round by round; ``after`` runs,
    untimed, after each side's round (deleting what it wrote)."""
    samples: dict[str, list[float]] = {name: [] for name in sides}
    per_round = max(1, count // rounds)
    for _ in range(rounds):
        for name, fn in sides.items():
            started = time.perf_counter()
            for _ in range(per_round):
                fn()
            samples[name].append((time.perf_counter() - started) / per_round)
            if after is not None:
                after()
    return {name: statistics.median(values) for name, values in samples.items()}
