"""The struct of table ``providers`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Provider", "ProviderStatus", "ProviderType"]


class ProviderType(str, enum.Enum):
    """Values of ``providers.provider_type``."""

    CLOUD = "cloud"
    ON_PREM = "on-prem"


class ProviderStatus(str, enum.Enum):
    """Values of ``providers.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    DEPRECATED = "deprecated"


@attrs.frozen
class Provider:
    """A row of ``providers``: where workers run: a cloud or an on-premises site."""

    id: int
    name: str
    display_name: str
    provider_type: ProviderType
    status: ProviderStatus
    created_at: datetime
    updated_at: datetime
