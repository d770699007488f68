"""Enums of schema V1 that more than one table struct uses (see ``omnidb/v1/tables.py``)."""

from __future__ import annotations

import enum

__all__ = ["CostType", "DeploymentStrategy"]


class DeploymentStrategy(str, enum.Enum):
    """Values of ``deployments.deployment_strategy``."""

    ROLLING = "rolling"
    BLUE_GREEN = "blue-green"
    CANARY = "canary"
    RECREATE = "recreate"


class CostType(str, enum.Enum):
    """Values of ``provider_costs.cost_type``, ``usage_costs.cost_type`` and ``cost_summaries.cost_type``."""

    COMPUTE = "compute"
    STORAGE = "storage"
    NETWORK = "network"
    OTHER = "other"
