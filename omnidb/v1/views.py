"""Result structs of schema V1's joined reads and statistics: shapes that are not one table's row.

Frozen attrs classes, like the table structs of ``omnidb/v1/tables.py``, built by the hand-written
domain operations of ``omnidb/v1/domain/``. Each group of resources keeps its own section.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from omnidb.v1.tables import (
    AlertSeverity,
    AlertStatus,
    App,
    Build,
    CostBudget,
    Deployment,
    HealthCheck,
    Instance,
    Permission,
    Quota,
    Role,
)

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


# == Storage, notifications, alerts, backups, cost ======================================================


@attrs.frozen
class AlertStatistics:
    """How many alerts there are by severity, by status and by both: ``alert_statistics``.

    Every severity and every status is a key, with 0 when no alert has it.
    """

    total: int
    by_severity: dict[AlertSeverity, int]
    by_status: dict[AlertStatus, int]
    by_severity_and_status: dict[tuple[AlertSeverity, AlertStatus], int]


@attrs.frozen
class UnreadNotificationCounts:
    """What user ``user_id`` has not read yet: ``unread_notification_counts``."""

    user_id: int
    #: unread rows of ``user_notifications`` addressed to the user
    user_notifications: int
    #: ``role_notifications`` of the roles the user holds that the user has not acknowledged
    role_notifications: int
    #: unread rows of the general inbox, ``notifications``
    notifications: int

    @property
    def total(self) -> int:
        """All three added up."""
        return self.user_notifications + self.role_notifications + self.notifications


@attrs.frozen
class RoleNotificationForUser:
    """A notification addressed to a role the user holds, and when the user acknowledged it (None: not yet):
    a row of ``list_role_notifications_for_user``.
    """

    id: int
    role_id: int
    org_id: int | None
    app_id: int | None
    notification_type: str
    message: str
    importance: str
    action_url: str | None
    action_label: str | None
    expires_at: datetime | None
    created_at: datetime
    acknowledged_at: datetime | None


@attrs.frozen
class CostByOrg:
    """The cost metrics of one org (None: of no org) in one currency: ``cost_totals_by_org``."""

    org_id: int | None
    currency: str
    total_cost: Decimal
    usage_quantity: float
    entries: int


@attrs.frozen
class CostByApp:
    """The cost metrics of one app (None: of no app) in one currency: ``cost_totals_by_app``."""

    app_id: int | None
    currency: str
    total_cost: Decimal
    usage_quantity: float
    entries: int


@attrs.frozen
class CostByResourceType:
    """The cost metrics of one resource type in one currency, usage in the type's unit:
    ``cost_totals_by_resource_type``.
    """

    resource_type_id: int
    resource_type_name: str
    unit_of_measurement: str
    currency: str
    total_cost: Decimal
    usage_quantity: float
    entries: int


@attrs.frozen
class CostByMonth:
    """The cost metrics that started in one calendar month (``YYYY-MM``, UTC), in one currency:
    ``cost_totals_by_month``.
    """

    period: str
    currency: str
    total_cost: Decimal
    usage_quantity: float
    entries: int


@attrs.frozen
class BudgetCheck:
    """A budget against what was spent in its period: ``check_cost_budget``.

    ``spent`` adds up the cost metrics of the budget's org (and app, when it has one) in the budget's
    currency whose ``start_time`` falls in ``period_start`` .. ``period_end`` (both days included, UTC).
    """

    budget: CostBudget
    period_start: date
    period_end: date
    spent: Decimal
    #: ``spent`` as a percentage of the budget amount, to two decimals
    percent_used: Decimal
    #: ``percent_used`` has reached the budget's ``alert_threshold_percentage``
    over_threshold: bool
    #: ``spent`` has reached the budget amount
    over_budget: bool
