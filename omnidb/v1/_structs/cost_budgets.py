"""The struct of table ``cost_budgets`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import date, datetime
    from decimal import Decimal
    from typing import Any

__all__ = ["CostBudget", "CostBudgetPeriod"]


class CostBudgetPeriod(str, enum.Enum):
    """Values of ``cost_budgets.budget_period``."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    CUSTOM = "custom"


@attrs.frozen
class CostBudget:
    """A row of ``cost_budgets``: spending limits of an org (or an app) and when to warn. Soft-deletable."""

    id: int
    org_id: int
    app_id: int | None
    budget_name: str
    budget_amount: Decimal
    currency: str
    budget_period: CostBudgetPeriod
    period_start: date | None
    period_end: date | None
    alert_threshold_percentage: Decimal
    alert_contacts: list[Any] | None
    is_active: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
