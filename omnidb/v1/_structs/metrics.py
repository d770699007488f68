"""The struct of table ``metrics`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Metric"]


@attrs.frozen
class Metric:
    """A row of ``metrics``: time series samples of apps and instances. Append-only."""

    id: int
    app_id: int | None
    instance_id: int | None
    metric_name: str
    metric_value: float
    labels: dict[str, Any] | None
    recorded_at: datetime
    created_at: datetime
    updated_at: datetime
