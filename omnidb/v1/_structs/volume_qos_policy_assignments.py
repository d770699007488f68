"""The struct of table ``volume_qos_policy_assignments`` (schema V1): import it from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["VolumeQosPolicyAssignment"]


@attrs.frozen
class VolumeQosPolicyAssignment:
    """A row of ``volume_qos_policy_assignments``: which QoS policies apply to which volume."""

    id: int
    volume_id: int
    policy_id: int
    assigned_at: datetime
    created_at: datetime
    updated_at: datetime
