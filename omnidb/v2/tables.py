"""Schema V2 table structs: V1's, with what V2 changed written again (the seed's copy-and-change).

Unchanged tables keep their V1 struct, imported below. ``App`` gains ``app_type`` and ``feature_id``
(appended after the timestamps, where ``ALGORITHM=INSTANT`` put them); ``Feature`` and
``AppFeature`` are new.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from omnidb.v1.tables import TABLES as V1_TABLES
from omnidb.v1.tables import (
    Alert,
    AlertAcknowledgment,
    AlertEscalation,
    AlertHistoryEntry,
    AlertSeverity,
    AlertStatus,
    Allocation,
    ApiKey,
    AppHealthCheckType,
    AppRestartPolicy,
    AppStatus,
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
    DeploymentStrategy,
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


#: Every table of schema V2 and its struct.
TABLES: dict[str, type] = {**V1_TABLES, "apps": App, "features": Feature, "app_features": AppFeature}

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
