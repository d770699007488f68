"""The struct of table ``host_creds`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["HostCred"]


@attrs.frozen
class HostCred:
    """A row of ``host_creds``: how to reach and authenticate to a physical or cloud host. Soft-deletable."""

    id: int
    host_id: str
    host_name: str
    host_address: str
    is_physical_node: bool
    provider_type: str | None
    region_id: int | None
    auth_type: str
    username: str | None
    password_encrypted: str | None = attrs.field(repr=False)
    key_encrypted: str | None = attrs.field(repr=False)
    key_id: str | None
    secret_encrypted: str | None = attrs.field(repr=False)
    port: int | None
    ssh_key_path: str | None
    connection_timeout: int
    cpu_cores: int | None
    memory_gb: int | None
    storage_gb: int | None
    tags: dict[str, Any] | None
    last_connected_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
