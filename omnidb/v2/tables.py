"""Schema V2 table structs: V1's, with what V2 changed written again (V2 changed only ``apps``).

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
    Allocation,
    ApiKey,
    AppStatus,
    AuditLog,
    AuditLogStatus,
    Build,
    BuildStatus,
    ConfigVar,
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
    Instance,
    InstanceHealthStatus,
    InstanceLog,
    InstanceLogLogLevel,
    InstanceLogLogType,
    InstanceStatus,
    Metric,
    Org,
    OrgMember,
    OrgMemberInvitationStatus,
    OrgMemberRole,
    OrgPlan,
    OrgStatus,
    Permission,
    Provider,
    ProviderStatus,
    ProviderType,
    Region,
    RegionStatus,
    Role,
    RolePermission,
    RoleScope,
    Route,
    RouteStatus,
    Space,
    SpaceStatus,
    User,
    UserRole,
    UserRoleScopeType,
    UserStatus,
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
    name: str
    display_name: str | None
    git_repo: str | None
    git_branch: str
    container_image_url: str | None
    instances: int
    status: AppStatus
    maintenance_mode: bool
    labels: dict[str, Any] | None
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
    "Allocation",
    "ApiKey",
    "App",
    "AppFeature",
    "AppStatus",
    "AuditLog",
    "AuditLogStatus",
    "Build",
    "BuildStatus",
    "ConfigVar",
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
    "Instance",
    "InstanceHealthStatus",
    "InstanceLog",
    "InstanceLogLogLevel",
    "InstanceLogLogType",
    "InstanceStatus",
    "Metric",
    "Org",
    "OrgMember",
    "OrgMemberInvitationStatus",
    "OrgMemberRole",
    "OrgPlan",
    "OrgStatus",
    "Permission",
    "Provider",
    "ProviderStatus",
    "ProviderType",
    "Region",
    "RegionStatus",
    "Role",
    "RolePermission",
    "RoleScope",
    "Route",
    "RouteStatus",
    "Space",
    "SpaceStatus",
    "User",
    "UserRole",
    "UserRoleScopeType",
    "UserStatus",
    "Worker",
    "WorkerStatus",
]
