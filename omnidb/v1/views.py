"""Result structs of schema V1's joined reads and statistics: shapes that are not one table's row.

Frozen attrs classes, like the table structs of ``omnidb/v1/tables.py``, built by the hand-written
domain operations of ``omnidb/v1/domain/``. Each group of resources keeps its own section.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from omnidb.v1.tables import App, Build, Deployment, HealthCheck, Instance, Permission, Quota, Role

# == Identity, tenancy, platform, infrastructure, applications ==========================================


@attrs.frozen
class AppWithInstanceCount:
    """An app and how many instances it has (any status): a row of ``list_apps_with_instance_counts``."""

    app: App
    instance_count: int


@attrs.frozen
class AppWithInstances:
    """An app and every one of its instances, by instance index: ``get_app_with_instances``."""

    app: App
    instances: list[Instance]


@attrs.frozen
class DeploymentWithBuild:
    """A deployment and the build it rolls out: ``get_deployment_with_build``."""

    deployment: Deployment
    build: Build


@attrs.frozen
class UserAccess:
    """What a user may do: the roles it holds and the permissions they grant, each once."""

    user_id: int
    roles: list[Role]
    permissions: list[Permission]

    def allows(self, resource_type: str, action: str) -> bool:
        """True if one of the permissions grants ``action`` on ``resource_type``."""
        return any(p.resource_type == resource_type and p.action == action for p in self.permissions)


@attrs.frozen
class OrgUsage:
    """What an org uses of what quotas limit: ``get_org_usage``. Memory and disk in MB, cpu in cores.

    ``instances`` counts those holding resources (not stopped, terminated or crashed); memory, cpu and
    disk are their allocations' (the instance's, else its app's default). Routes and service bindings
    are those of its live apps.
    """

    org_id: int
    apps: int
    instances: int
    memory_mb: float
    cpu: float
    disk_mb: float
    routes: int
    services: int
    domains: int
    builds_running: int


@attrs.frozen
class QuotaExcess:
    """One limit passed: the quota column (``instance_limit``), what it allows and what is (or would be) used."""

    limit: str
    allowed: float
    used: float


@attrs.frozen
class QuotaReport:
    """An org's quota, its usage, and every limit the usage passes (empty: within quota)."""

    quota: Quota
    usage: OrgUsage
    over: list[QuotaExcess]


@attrs.frozen
class InstanceHealth:
    """An instance's latest recorded health and the checks its app defines: ``get_instance_health``."""

    instance_id: int
    app_id: int
    health_status: str
    last_health_check: datetime | None
    cpu_usage: float | None
    memory_usage: float | None
    checks: list[HealthCheck]
