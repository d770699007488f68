"""The struct of table ``service_bindings`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ServiceBinding", "ServiceBindingStatus"]


class ServiceBindingStatus(str, enum.Enum):
    """Values of ``service_bindings.status``."""

    CREATING = "creating"
    CREATED = "created"
    DELETING = "deleting"
    DELETED = "deleted"
    FAILED = "failed"


@attrs.frozen
class ServiceBinding:
    """A row of ``service_bindings``: which data services each app is bound to, with the credentials handed to it
    (encrypted; kept out of repr).
    """

    id: int
    app_id: int
    service_id: int
    credentials: str | None = attrs.field(repr=False)
    credentials_encryption_key_id: str | None
    binding_name: str | None
    mount_path: str | None
    environment_injection: bool
    status: ServiceBindingStatus
    last_operation: str | None
    error_message: str | None
    created_at: datetime
    updated_at: datetime
