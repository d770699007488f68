"""Schema V2 table structs: V1's, with what V2 changed written again (V2 changed only ``apps``).

Unchanged tables keep their V1 struct: ``omnidb.v2.tables.Build`` is ``omnidb.v1.tables.Build``,
made on first use as there (importing this module does not make the 60-odd V1 structs; that took
70 ms of every V2 start-up). ``App`` gains ``app_type`` and ``feature_id`` (appended after the
timestamps, where ``ALGORITHM=INSTANT`` put them); ``Feature`` and ``AppFeature`` are new.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from omnidb.v1 import tables as _v1

# What V2's own structs' annotations name: typing.get_type_hints resolves them in this module.
from omnidb.v1.tables import AppHealthCheckType, AppRestartPolicy, AppStatus, DeploymentStrategy

if TYPE_CHECKING:
    from omnidb.v1.tables import (
        Alert,
        AlertAcknowledgment,
        AlertEscalation,
        AlertHistoryEntry,
        AlertSeverity,
        AlertStatus,
        Allocation,
        ApiKey,
        AuditLog,
        AuditLogStatus,
        AutoscalingRule,
        AutoscalingRuleComparisonOperator,
        AutoscalingRuleMetricType,
        Backup,
        BackupStatus,
        BackupType,
        Build,
        BuildStatus,
        ConfigVar,
        CostAllocationTag,
        CostAllocationTagResourceType,
        CostBudget,
        CostBudgetPeriod,
        CostMetric,
        CostProjection,
        CostProjectionPeriod,
        CostSummary,
        CostSummaryPeriod,
        CostType,
        DataService,
        DataServiceStatus,
        DataServiceTier,
        DataServiceType,
        Deployment,
        DeploymentLog,
        DeploymentLogLogLevel,
        DeploymentLogLogType,
        DeploymentStatus,
        Domain,
        DomainType,
        DomainVerificationMethod,
        DomainVerificationStatus,
        HealthCheck,
        HealthCheckProtocol,
        HealthCheckType,
        HostCred,
        Instance,
        InstanceHealthStatus,
        InstanceLog,
        InstanceLogLogLevel,
        InstanceLogLogType,
        InstanceStatus,
        Metric,
        NetworkPolicy,
        NetworkPolicyProtocol,
        Node,
        NodeStatus,
        NodeType,
        Notification,
        NotificationAcknowledgment,
        NotificationType,
        Org,
        OrgMember,
        OrgMemberInvitationStatus,
        OrgMemberRole,
        OrgPlan,
        OrgStatus,
        Permission,
        Pipeline,
        PipelineStatus,
        Platform,
        Provider,
        ProviderAuditLog,
        ProviderAuditLogAction,
        ProviderCost,
        ProviderRegion,
        ProviderRegionStatus,
        ProviderStatus,
        ProviderType,
        Quota,
        Region,
        RegionStatus,
        ResourcePricing,
        ResourceType,
        ResourceTypeCategory,
        Role,
        RoleNotification,
        RolePermission,
        RoleScope,
        Rollback,
        RollbackStatus,
        Route,
        RouteStatus,
        ServiceBinding,
        ServiceBindingStatus,
        Space,
        SpaceStatus,
        StorageClass,
        StorageClassReclaimPolicy,
        StorageClassStorageType,
        StorageClassVolumeBindingMode,
        StorageMigration,
        StorageMigrationStatus,
        StorageMigrationType,
        StorageQosPolicy,
        StorageSnapshot,
        StorageSnapshotStatus,
        StorageVolume,
        StorageVolumeAccessMode,
        StorageVolumePersistenceLevel,
        StorageVolumeReclaimPolicy,
        StorageVolumeStatus,
        StorageVolumeWriteConcern,
        Task,
        TaskStatus,
        UsageCost,
        User,
        UserMeta,
        UserNotification,
        UserPii,
        UserRole,
        UserRoleScopeType,
        UserSession,
        UserStatus,
        VolumeQosPolicyAssignment,
        Worker,
        WorkerStatus,
    )


@attrs.frozen
class App:
    """A row of ``apps`` at V2: the V1 columns, then ``app_type`` and ``feature_id``."""

    id: int
    org_id: int
    space_id: int | None
    region_id: int | None
    default_allocation_id: int | None
    name: str
    display_name: str | None
    git_repo: str | None
    git_branch: str
    git_credentials_id: int | None
    container_image_url: str | None
    container_registry_credentials_id: int | None
    buildpack_url: str | None
    runtime: str | None
    instances: int
    health_check_type: AppHealthCheckType
    health_check_endpoint: str | None
    health_check_interval: int
    health_check_timeout: int
    health_check_retries: int
    restart_policy: AppRestartPolicy
    status: AppStatus
    maintenance_mode: bool
    auto_scaling_enabled: bool
    deployment_strategy: DeploymentStrategy
    canary_percentage: int
    idle_timeout: int
    max_concurrent_builds: int
    labels: dict[str, Any] | None
    annotations: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    app_type: str
    feature_id: int | None


@attrs.frozen
class Feature:
    """A row of ``features``: platform features apps can use. Soft-deletable."""

    id: int
    name: str
    description: str | None
    enabled: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class AppFeature:
    """A row of ``app_features``: one app's flag for one feature, with its settings."""

    id: int
    app_id: int
    feature_id: int
    enabled: bool
    settings: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class _Tables(Mapping[str, type]):
    """Table name -> struct at V2: V2's own, else V1's, made when asked for (as V1's ``TABLES``)."""

    def __getitem__(self, table: str) -> type:
        return _OWN[table] if table in _OWN else _v1.TABLES[table]

    def __iter__(self) -> Iterator[str]:
        yield from _v1.TABLES
        yield from (table for table in _OWN if table not in _v1.TABLES)

    def __len__(self) -> int:
        return len(_v1.TABLES) + sum(table not in _v1.TABLES for table in _OWN)


_OWN: dict[str, type] = {"apps": App, "features": Feature, "app_features": AppFeature}

#: Every table of schema V2 and its struct.
TABLES: Mapping[str, type] = _Tables()

__all__ = [
    "TABLES",
    "Alert",
    "AlertAcknowledgment",
    "AlertEscalation",
    "AlertHistoryEntry",
    "AlertSeverity",
    "AlertStatus",
    "Allocation",
    "ApiKey",
    "App",
    "AppFeature",
    "AppHealthCheckType",
    "AppRestartPolicy",
    "AppStatus",
    "AuditLog",
    "AuditLogStatus",
    "AutoscalingRule",
    "AutoscalingRuleComparisonOperator",
    "AutoscalingRuleMetricType",
    "Backup",
    "BackupStatus",
    "BackupType",
    "Build",
    "BuildStatus",
    "ConfigVar",
    "CostAllocationTag",
    "CostAllocationTagResourceType",
    "CostBudget",
    "CostBudgetPeriod",
    "CostMetric",
    "CostProjection",
    "CostProjectionPeriod",
    "CostSummary",
    "CostSummaryPeriod",
    "CostType",
    "DataService",
    "DataServiceStatus",
    "DataServiceTier",
    "DataServiceType",
    "Deployment",
    "DeploymentLog",
    "DeploymentLogLogLevel",
    "DeploymentLogLogType",
    "DeploymentStatus",
    "DeploymentStrategy",
    "Domain",
    "DomainType",
    "DomainVerificationMethod",
    "DomainVerificationStatus",
    "Feature",
    "HealthCheck",
    "HealthCheckProtocol",
    "HealthCheckType",
    "HostCred",
    "Instance",
    "InstanceHealthStatus",
    "InstanceLog",
    "InstanceLogLogLevel",
    "InstanceLogLogType",
    "InstanceStatus",
    "Metric",
    "NetworkPolicy",
    "NetworkPolicyProtocol",
    "Node",
    "NodeStatus",
    "NodeType",
    "Notification",
    "NotificationAcknowledgment",
    "NotificationType",
    "Org",
    "OrgMember",
    "OrgMemberInvitationStatus",
    "OrgMemberRole",
    "OrgPlan",
    "OrgStatus",
    "Permission",
    "Pipeline",
    "PipelineStatus",
    "Platform",
    "Provider",
    "ProviderAuditLog",
    "ProviderAuditLogAction",
    "ProviderCost",
    "ProviderRegion",
    "ProviderRegionStatus",
    "ProviderStatus",
    "ProviderType",
    "Quota",
    "Region",
    "RegionStatus",
    "ResourcePricing",
    "ResourceType",
    "ResourceTypeCategory",
    "Role",
    "RoleNotification",
    "RolePermission",
    "RoleScope",
    "Rollback",
    "RollbackStatus",
    "Route",
    "RouteStatus",
    "ServiceBinding",
    "ServiceBindingStatus",
    "Space",
    "SpaceStatus",
    "StorageClass",
    "StorageClassReclaimPolicy",
    "StorageClassStorageType",
    "StorageClassVolumeBindingMode",
    "StorageMigration",
    "StorageMigrationStatus",
    "StorageMigrationType",
    "StorageQosPolicy",
    "StorageSnapshot",
    "StorageSnapshotStatus",
    "StorageVolume",
    "StorageVolumeAccessMode",
    "StorageVolumePersistenceLevel",
    "StorageVolumeReclaimPolicy",
    "StorageVolumeStatus",
    "StorageVolumeWriteConcern",
    "Task",
    "TaskStatus",
    "UsageCost",
    "User",
    "UserMeta",
    "UserNotification",
    "UserPii",
    "UserRole",
    "UserRoleScopeType",
    "UserSession",
    "UserStatus",
    "VolumeQosPolicyAssignment",
    "Worker",
    "WorkerStatus",
]


def __getattr__(name: str) -> Any:
    """V1's struct or enum ``name``, for a table V2 left as it was (made on first use)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_v1, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
