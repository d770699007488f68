"""Schema V1 table structs: one frozen attrs class per table, typed to match its columns.

``Optional`` (``X | None``) exactly where the column is nullable; TINYINT(1) is ``bool``;
DATETIME(6) is a timezone-aware UTC ``datetime``; ENUM columns are ``enum`` subclasses; JSON
columns are parsed (``dict`` / ``list``). Secrets (hashes, salts, config values) stay out of
``repr``. Rows are hydrated by the converter in ``omnidb.convert``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs


class UserStatus(str, enum.Enum):
    """Values of ``users.status``."""

    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    SUSPENDED = "suspended"
    PENDING = "pending"


class OrgPlan(str, enum.Enum):
    """Values of ``orgs.plan``."""

    FREE = "free"
    STARTER = "starter"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


class OrgStatus(str, enum.Enum):
    """Values of ``orgs.status``."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    PENDING = "pending"


class OrgMemberRole(str, enum.Enum):
    """Values of ``orgmember.role``."""

    OWNER = "owner"
    ADMIN = "admin"
    BILLING = "billing"
    MEMBER = "member"
    GUEST = "guest"


class OrgMemberInvitationStatus(str, enum.Enum):
    """Values of ``orgmember.invitation_status``."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RoleScope(str, enum.Enum):
    """Values of ``roles.scope``."""

    GLOBAL = "global"
    ORGANIZATION = "organization"
    SPACE = "space"
    APPLICATION = "application"


class UserRoleScopeType(str, enum.Enum):
    """Values of ``role_user.scope_type``."""

    GLOBAL = "global"
    ORGANIZATION = "organization"
    SPACE = "space"
    APPLICATION = "application"


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


class RegionStatus(str, enum.Enum):
    """Values of ``regions.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    DEPRECATED = "deprecated"


class WorkerStatus(str, enum.Enum):
    """Values of ``workers.status``."""

    ACTIVE = "active"
    PROVISIONING = "provisioning"
    MAINTENANCE = "maintenance"
    POWERED_OFF = "powered_off"
    UNREACHABLE = "unreachable"
    DEGRADED = "degraded"
    DECOMMISSIONING = "decommissioning"


class SpaceStatus(str, enum.Enum):
    """Values of ``spaces.status``."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


class AppStatus(str, enum.Enum):
    """Values of ``apps.status``."""

    STARTED = "started"
    STOPPED = "stopped"
    CRASHED = "crashed"
    STARTING = "starting"
    STOPPING = "stopping"
    STAGED = "staged"


class InstanceStatus(str, enum.Enum):
    """Values of ``instances.status``."""

    RUNNING = "running"
    STARTING = "starting"
    STOPPING = "stopping"
    STOPPED = "stopped"
    PAUSED = "paused"
    CRASHED = "crashed"
    DEGRADED = "degraded"
    TERMINATED = "terminated"
    UNKNOWN = "unknown"


class InstanceHealthStatus(str, enum.Enum):
    """Values of ``instances.health_status``."""

    HEALTHY = "healthy"
    DEGRADED = "degraded"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


class BuildStatus(str, enum.Enum):
    """Values of ``builds.status``."""

    PENDING = "pending"
    BUILDING = "building"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


class DeploymentStatus(str, enum.Enum):
    """Values of ``deployments.status``."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DEPLOYED = "deployed"
    FAILED = "failed"
    CANCELED = "canceled"


class DeploymentStrategy(str, enum.Enum):
    """Values of ``deployments.deployment_strategy``."""

    ROLLING = "rolling"
    BLUE_GREEN = "blue-green"
    CANARY = "canary"
    RECREATE = "recreate"


class DomainType(str, enum.Enum):
    """Values of ``domains.domain_type``."""

    SYSTEM = "system"
    PRIVATE = "private"
    SHARED = "shared"


class DomainVerificationMethod(str, enum.Enum):
    """Values of ``domains.verification_method``."""

    DNS = "dns"
    HTTP = "http"
    EMAIL = "email"
    MANUAL = "manual"


class DomainVerificationStatus(str, enum.Enum):
    """Values of ``domains.verification_status``."""

    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"


class RouteStatus(str, enum.Enum):
    """Values of ``routes.status``."""

    ACTIVE = "active"
    RESERVED = "reserved"
    SUSPENDED = "suspended"


class DeploymentLogLogType(str, enum.Enum):
    """Values of ``deployment_logs.log_type``."""

    APP = "app"
    SYSTEM = "system"
    DEPLOYMENT = "deployment"
    BUILD = "build"


class DeploymentLogLogLevel(str, enum.Enum):
    """Values of ``deployment_logs.log_level``."""

    DEBUG = "debug"
    INFO = "info"
    WARN = "warn"
    ERROR = "error"
    FATAL = "fatal"


class InstanceLogLogType(str, enum.Enum):
    """Values of ``instance_logs.log_type``."""

    APP = "app"
    SYSTEM = "system"
    DEPLOYMENT = "deployment"
    BUILD = "build"
    TASK = "task"
    AUDIT = "audit"


class InstanceLogLogLevel(str, enum.Enum):
    """Values of ``instance_logs.log_level``."""

    DEBUG = "debug"
    INFO = "info"
    WARN = "warn"
    ERROR = "error"
    FATAL = "fatal"


class AuditLogStatus(str, enum.Enum):
    """Values of ``audit_logs.status``."""

    SUCCESS = "success"
    FAILURE = "failure"
    WARNING = "warning"


@attrs.frozen
class User:
    """A row of ``users``: people who sign in to the platform. Soft-deletable."""

    id: int
    email: str
    name: str | None
    email_verified: bool
    password_hash: str = attrs.field(repr=False)
    salt: str = attrs.field(repr=False)
    login_attempts: int
    locked_until: datetime | None
    two_factor_enabled: bool
    active: bool
    status: UserStatus
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class Org:
    """A row of ``orgs``: the tenants: every app, space and domain belongs to one. Soft-deletable."""

    id: int
    name: str
    display_name: str | None
    description: str | None
    billing_email: str | None
    plan: OrgPlan
    status: OrgStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class OrgMember:
    """A row of ``orgmember``: which users belong to which org, with their role in it."""

    id: int
    org_id: int
    user_id: int
    role: OrgMemberRole
    invitation_status: OrgMemberInvitationStatus
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Role:
    """A row of ``roles``: named sets of permissions."""

    id: int
    name: str
    description: str | None
    is_system_role: bool
    scope: RoleScope
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Permission:
    """A row of ``permissions``: what may be done (action) to what (resource_type)."""

    id: int
    name: str
    description: str | None
    resource_type: str
    action: str
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class RolePermission:
    """A row of ``permissions_role``: which permissions each role grants."""

    id: int
    permission_id: int
    role_id: int
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class UserRole:
    """A row of ``role_user``: which roles each user holds, globally or scoped to an org, space or app."""

    id: int
    user_id: int
    role_id: int
    scope_type: UserRoleScopeType
    scope_id: int
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class ApiKey:
    """A row of ``api_keys``: keys for programmatic access. Only a hash is stored; prefix identifies a key."""

    id: int
    org_id: int
    user_id: int
    name: str
    description: str | None
    key_hash: str = attrs.field(repr=False)
    prefix: str
    scopes: list[Any] | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool
    revoked_at: datetime | None
    revoked_by: int | None
    created_at: datetime
    updated_at: datetime


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


@attrs.frozen
class Region:
    """A row of ``regions``: a provider's locations. The reference names the foreign key `provider`; here
    it is provider_id.
    """

    id: int
    provider_id: int
    name: str
    display_name: str
    location: str | None
    is_public: bool
    region_class: str
    status: RegionStatus
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Worker:
    """A row of ``workers``: the machines instances run on. Capacities in MB (memory, disk) and cores
    (cpu). Soft-deletable.
    """

    id: int
    region_id: int
    name: str
    instance_type: str | None
    status: WorkerStatus
    cpu_total: float
    cpu_available: float
    memory_total: float
    memory_available: float
    disk_total: float
    disk_available: float
    ssh_address: str | None
    ssh_port: int
    ssh_user: str | None
    docker_version: str | None
    labels: dict[str, Any] | None
    last_heartbeat: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class Allocation:
    """A row of ``allocations``: resource plans an app's instances get: cores, MB, Mbps, and price."""

    id: int
    name: str
    cpu: float
    memory: float
    uplink: float
    downlink: float
    disk: float
    price_per_hour: Decimal
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Space:
    """A row of ``spaces``: an org's environments (production, staging...). Soft-deletable."""

    id: int
    org_id: int
    name: str
    description: str | None
    status: SpaceStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class App:
    """A row of ``apps``: the applications the orchestrator deploys. An app's name is unique within its
    org. Soft-deletable.
    """

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


@attrs.frozen
class Instance:
    """A row of ``instances``: running copies of an app, each on one worker. The reference calls the worker
    `node_id`; here it is worker_id.
    """

    id: int
    app_id: int
    worker_id: int | None
    region_id: int | None
    guid: str
    instance_index: int
    instance_type: str
    status: InstanceStatus
    health_status: InstanceHealthStatus
    container_id: str | None
    container_ip: str | None
    cpu_usage: float | None
    memory_usage: float | None
    restart_count: int
    last_health_check: datetime | None
    started_at: datetime | None
    stopped_at: datetime | None
    exit_code: int | None
    exit_reason: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Build:
    """A row of ``builds``: builds of an app's source into a runnable artifact."""

    id: int
    app_id: int
    source_version: str | None
    commit_sha: str | None
    commit_message: str | None
    author: str | None
    status: BuildStatus
    build_pack_used: str | None
    build_image: str | None
    build_arguments: dict[str, Any] | None
    log_url: str | None
    artifact_url: str | None
    artifact_checksum: str | None
    artifact_size: int | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    build_duration: int | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Deployment:
    """A row of ``deployments``: rollouts of a build of an app."""

    id: int
    app_id: int
    build_id: int
    version: str | None
    status: DeploymentStatus
    deployment_strategy: DeploymentStrategy
    previous_deployment_id: int | None
    canary_percentage: int
    staged_instances: int
    total_instances: int
    environment_variables: dict[str, Any] | None
    labels: dict[str, Any] | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    deployment_duration: int | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Domain:
    """A row of ``domains``: dNS domains routes are served under. Soft-deletable."""

    id: int
    org_id: int | None
    name: str
    domain_type: DomainType
    ssl_enabled: bool
    ssl_expiry_date: date | None
    auto_renew: bool
    verified: bool
    verification_method: DomainVerificationMethod
    verification_status: DomainVerificationStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class Route:
    """A row of ``routes``: host + path under a domain, served by an app."""

    id: int
    domain_id: int
    app_id: int | None
    host: str
    path: str
    port: int | None
    weight: int
    https_only: bool
    internal: bool
    status: RouteStatus
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class ConfigVar:
    """A row of ``config_vars``: an app's environment variables. Values are kept out of repr: they often
    hold secrets.
    """

    id: int
    app_id: int
    key: str
    value: str = attrs.field(repr=False)
    is_secret: bool
    description: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class DeploymentLog:
    """A row of ``deployment_logs``: log lines of deployments. Append-only."""

    id: int
    deployment_id: int
    log_type: DeploymentLogLogType
    log_level: DeploymentLogLogLevel
    message: str
    metadata: dict[str, Any] | None
    logged_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class InstanceLog:
    """A row of ``instance_logs``: log lines of running instances. Append-only."""

    id: int
    instance_id: int
    app_id: int
    log_type: InstanceLogLogType
    log_level: InstanceLogLogLevel
    message: str
    source: str | None
    metadata: dict[str, Any] | None
    logged_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Metric:
    """A row of ``metrics``: time series samples of apps and instances. Append-only."""

    id: int
    app_id: int | None
    instance_id: int | None
    metric_name: str
    metric_value: float
    labels: dict[str, Any] | None
    recorded_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class AuditLog:
    """A row of ``audit_logs``: who did what to which resource. Append-only: no update or delete query
    exists.
    """

    id: int
    user_id: int | None
    org_id: int | None
    app_id: int | None
    action: str
    resource_type: str
    resource_id: str | None
    before_state: dict[str, Any] | None
    after_state: dict[str, Any] | None
    details: dict[str, Any] | None
    ip_address: str | None
    user_agent: str | None
    request_id: str | None
    status: AuditLogStatus
    created_at: datetime
    updated_at: datetime


#: Every table of schema V1 and its struct.
TABLES: dict[str, type] = {
    "users": User,
    "orgs": Org,
    "orgmember": OrgMember,
    "roles": Role,
    "permissions": Permission,
    "permissions_role": RolePermission,
    "role_user": UserRole,
    "api_keys": ApiKey,
    "providers": Provider,
    "regions": Region,
    "workers": Worker,
    "allocations": Allocation,
    "spaces": Space,
    "apps": App,
    "instances": Instance,
    "builds": Build,
    "deployments": Deployment,
    "domains": Domain,
    "routes": Route,
    "config_vars": ConfigVar,
    "deployment_logs": DeploymentLog,
    "instance_logs": InstanceLog,
    "metrics": Metric,
    "audit_logs": AuditLog,
}
