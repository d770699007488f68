"""The struct of table ``data_services`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["DataService", "DataServiceStatus", "DataServiceTier", "DataServiceType"]


class DataServiceType(str, enum.Enum):
    """Values of ``data_services.service_type``."""

    DATABASE = "database"
    CACHE = "cache"
    MESSAGE_QUEUE = "message_queue"
    NETWORK_FILESYSTEM = "network_filesystem"
    CDN = "cdn"
    SEARCH = "search"
    AI = "ai"
    ANALYTICS = "analytics"


class DataServiceStatus(str, enum.Enum):
    """Values of ``data_services.status``."""

    ACTIVE = "active"
    PROVISIONING = "provisioning"
    MAINTENANCE = "maintenance"
    POWERED_OFF = "powered_off"
    UNREACHABLE = "unreachable"
    DEGRADED = "degraded"
    DECOMMISSIONING = "decommissioning"


class DataServiceTier(str, enum.Enum):
    """Values of ``data_services.tier``."""

    FREE = "free"
    BASIC = "basic"
    STANDARD = "standard"
    PREMIUM = "premium"
    ENTERPRISE = "enterprise"


@attrs.frozen
class DataService:
    """A row of ``data_services``: managed services apps bind to (databases, caches, queues...). Soft-deletable."""

    id: int
    region_id: int
    name: str
    display_name: str | None
    service_type: DataServiceType
    service_subtype: str | None
    status: DataServiceStatus
    version: str | None
    plan: str
    tier: DataServiceTier
    is_highly_available: bool
    backup_enabled: bool
    backup_retention_days: int
    encryption_at_rest: bool
    connection_string: str | None = attrs.field(repr=False)
    endpoint: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
