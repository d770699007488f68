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


class AlertSeverity(str, enum.Enum):
    """Values of ``alerts.severity``."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class AlertStatus(str, enum.Enum):
    """Values of ``alerts.status``."""

    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    AUTO_RESOLVED = "auto_resolved"


class AppHealthCheckType(str, enum.Enum):
    """Values of ``apps.health_check_type``."""

    HTTP = "http"
    PORT = "port"
    PROCESS = "process"
    TCP = "tcp"
    CUSTOM = "custom"


class AppRestartPolicy(str, enum.Enum):
    """Values of ``apps.restart_policy``."""

    ALWAYS = "always"
    ON_FAILURE = "on-failure"
    NO = "no"


class AutoscalingRuleMetricType(str, enum.Enum):
    """Values of ``autoscaling_rules.metric_type``."""

    CPU = "cpu"
    MEMORY = "memory"
    HTTP_THROUGHPUT = "http_throughput"
    HTTP_LATENCY = "http_latency"
    QUEUE_DEPTH = "queue_depth"
    CUSTOM = "custom"


class AutoscalingRuleComparisonOperator(str, enum.Enum):
    """Values of ``autoscaling_rules.comparison_operator``."""

    GREATER_THAN_OR_EQUAL_TO_THRESHOLD = "GreaterThanOrEqualToThreshold"
    GREATER_THAN_THRESHOLD = "GreaterThanThreshold"
    LESS_THAN_THRESHOLD = "LessThanThreshold"
    LESS_THAN_OR_EQUAL_TO_THRESHOLD = "LessThanOrEqualToThreshold"


class BackupType(str, enum.Enum):
    """Values of ``backups.backup_type``."""

    PLATFORM = "PLATFORM"
    APPLICATION = "APPLICATION"
    PARTIAL = "PARTIAL"


class BackupStatus(str, enum.Enum):
    """Values of ``backups.status``."""

    CREATING = "CREATING"
    AVAILABLE = "AVAILABLE"
    RESTORING = "RESTORING"
    FAILED = "FAILED"
    DELETED = "DELETED"


class CostAllocationTagResourceType(str, enum.Enum):
    """Values of ``cost_allocation_tags.resource_type``."""

    APP = "app"
    WORKER = "worker"
    INSTANCE = "instance"
    VOLUME = "volume"
    SERVICE = "service"


class CostBudgetPeriod(str, enum.Enum):
    """Values of ``cost_budgets.budget_period``."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    CUSTOM = "custom"


class CostProjectionPeriod(str, enum.Enum):
    """Values of ``cost_projections.projection_period``."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class CostType(str, enum.Enum):
    """Values of ``provider_costs.cost_type``, ``usage_costs.cost_type`` and ``cost_summaries.cost_type``."""

    COMPUTE = "compute"
    STORAGE = "storage"
    NETWORK = "network"
    OTHER = "other"


class CostSummaryPeriod(str, enum.Enum):
    """Values of ``cost_summaries.summary_period``."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


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


class HealthCheckType(str, enum.Enum):
    """Values of ``health_checks.type``."""

    HTTP = "http"
    TCP = "tcp"
    PORT = "port"
    PROCESS = "process"
    CUSTOM = "custom"


class HealthCheckProtocol(str, enum.Enum):
    """Values of ``health_checks.protocol``."""

    HTTP = "http"
    HTTPS = "https"
    TCP = "tcp"


class NetworkPolicyProtocol(str, enum.Enum):
    """Values of ``network_policies.protocol``."""

    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"
    ALL = "all"


class NodeType(str, enum.Enum):
    """Values of ``nodes.node_type``."""

    MASTER = "master"
    WORKER = "worker"
    EDGE = "edge"
    STORAGE = "storage"


class NodeStatus(str, enum.Enum):
    """Values of ``nodes.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    PROVISIONING = "provisioning"
    DECOMMISSIONING = "decommissioning"


class NotificationType(str, enum.Enum):
    """Values of ``notifications.notification_type``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    SUCCESS = "success"


class PipelineStatus(str, enum.Enum):
    """Values of ``pipelines.status``."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


class ProviderRegionStatus(str, enum.Enum):
    """Values of ``providers_regions.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    DEPRECATED = "deprecated"


class ProviderAuditLogAction(str, enum.Enum):
    """Values of ``provider_audit_logs.action``."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SCALE = "scale"
    DEPLOY = "deploy"


class ResourceTypeCategory(str, enum.Enum):
    """Values of ``resource_types.category``."""

    COMPUTE = "compute"
    STORAGE = "storage"
    NETWORK = "network"
    DATABASE = "database"
    SERVICE = "service"
    OTHER = "other"


class RollbackStatus(str, enum.Enum):
    """Values of ``rollbacks.status``."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"


class ServiceBindingStatus(str, enum.Enum):
    """Values of ``service_bindings.status``."""

    CREATING = "creating"
    CREATED = "created"
    DELETING = "deleting"
    DELETED = "deleted"
    FAILED = "failed"


class StorageClassReclaimPolicy(str, enum.Enum):
    """Values of ``storage_classes.reclaim_policy``."""

    DELETE = "Delete"
    RETAIN = "Retain"


class StorageClassVolumeBindingMode(str, enum.Enum):
    """Values of ``storage_classes.volume_binding_mode``."""

    IMMEDIATE = "Immediate"
    WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"


class StorageClassStorageType(str, enum.Enum):
    """Values of ``storage_classes.storage_type``."""

    LOCAL_DISK = "local-disk"
    LOCAL_RESILIENT = "local-resilient"
    DISTRIBUTED = "distributed"
    GEO_REPLICATED = "geo-replicated"


class StorageMigrationType(str, enum.Enum):
    """Values of ``storage_migrations.migration_type``."""

    STORAGE_CLASS = "StorageClass"
    NODE = "Node"
    ZONE = "Zone"
    ENVIRONMENT = "Environment"


class StorageMigrationStatus(str, enum.Enum):
    """Values of ``storage_migrations.status``."""

    PENDING = "Pending"
    COPYING = "Copying"
    SYNCING = "Syncing"
    READY_FOR_CUTOVER = "ReadyForCutover"
    COMPLETED = "Completed"
    FAILED = "Failed"


class StorageSnapshotStatus(str, enum.Enum):
    """Values of ``storage_snapshots.status``."""

    CREATING = "Creating"
    AVAILABLE = "Available"
    DELETING = "Deleting"
    DELETED = "Deleted"


class StorageVolumeAccessMode(str, enum.Enum):
    """Values of ``storage_volumes.access_mode``."""

    READ_WRITE_ONCE = "ReadWriteOnce"
    READ_ONLY_MANY = "ReadOnlyMany"
    READ_WRITE_MANY = "ReadWriteMany"


class StorageVolumeStatus(str, enum.Enum):
    """Values of ``storage_volumes.status``."""

    PROVISIONED = "Provisioned"
    BOUND = "Bound"
    MOUNTED = "Mounted"
    RELEASED = "Released"
    DELETING = "Deleting"
    DELETED = "Deleted"


class StorageVolumePersistenceLevel(str, enum.Enum):
    """Values of ``storage_volumes.persistence_level``."""

    BASIC = "Basic"
    ENHANCED = "Enhanced"
    HIGH = "High"
    MAXIMUM = "Maximum"


class StorageVolumeWriteConcern(str, enum.Enum):
    """Values of ``storage_volumes.write_concern``."""

    WRITE_ACKNOWLEDGED = "WriteAcknowledged"
    WRITE_DURABLE = "WriteDurable"
    WRITE_REPLICATED = "WriteReplicated"
    WRITE_DISTRIBUTED = "WriteDistributed"


class StorageVolumeReclaimPolicy(str, enum.Enum):
    """Values of ``storage_volumes.reclaim_policy``."""

    DELETE = "Delete"
    RETAIN = "Retain"


class TaskStatus(str, enum.Enum):
    """Values of ``tasks.status``."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


@attrs.frozen
class User:
    """A row of ``users``: people who sign in to the platform. Soft-deletable."""

    id: int
    email: str
    name: str | None
    email_verified: bool
    password_hash: str = attrs.field(repr=False)
    salt: str = attrs.field(repr=False)
    password_changed_at: datetime | None
    login_attempts: int
    locked_until: datetime | None
    two_factor_enabled: bool
    two_factor_verified: bool
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
    logo_url: str | None
    website: str | None
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
    invitation_token: str | None = attrs.field(repr=False)
    invitation_expires_at: datetime | None
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
    latitude: Decimal | None
    longitude: Decimal | None
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
    provider_resource_id: str | None
    instance_type: str | None
    status: WorkerStatus
    cpu_total: float
    cpu_available: float
    cpu_reserved: float
    memory_total: float
    memory_available: float
    memory_reserved: float
    disk_total: float
    disk_available: float
    disk_reserved: float
    network_in_capacity: float | None
    network_out_capacity: float | None
    ssh_address: str | None
    ssh_port: int
    ssh_user: str | None
    ssh_key: str | None = attrs.field(repr=False)
    docker_version: str | None
    labels: dict[str, Any] | None
    taints: list[Any] | None
    annotations: dict[str, Any] | None
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
    isolation_segment: str | None
    network_isolation: bool
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


@attrs.frozen
class Instance:
    """A row of ``instances``: running copies of an app, each on one worker. The reference calls the worker
    `node_id`; here it is worker_id.
    """

    id: int
    app_id: int
    worker_id: int | None
    region_id: int | None
    allocation_id: int | None
    guid: str
    instance_index: int
    instance_type: str
    status: InstanceStatus
    health_status: InstanceHealthStatus
    container_id: str | None
    container_ip: str | None
    cpu_usage: float | None
    memory_usage: float | None
    disk_usage: float | None
    uptime: int
    restart_count: int
    last_restart_reason: str | None
    last_health_check: datetime | None
    started_at: datetime | None
    stopped_at: datetime | None
    exit_code: int | None
    exit_reason: str | None
    scheduler_metadata: dict[str, Any] | None
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
    build_pack_url: str | None
    build_pack_version: str | None
    build_image: str | None
    build_arguments: dict[str, Any] | None
    build_environment: dict[str, Any] | None
    build_cache_key: str | None
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
    annotations: dict[str, Any] | None
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
    ssl_cert_path: str | None
    ssl_key_path: str | None = attrs.field(repr=False)
    ssl_cert_data: str | None = attrs.field(repr=False)
    ssl_issuer: str | None
    ssl_expiry_date: date | None
    auto_renew: bool
    dns_validation_record: str | None
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
    encryption_key_id: str | None
    description: str | None
    created_by: int | None
    updated_by: int | None
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


@attrs.frozen
class UserMeta:
    """A row of ``user_meta``: a user's preferences and non-sensitive settings, one row per user."""

    id: int
    user_id: int
    timezone: str
    language: str
    theme: str
    notification_preferences: dict[str, Any] | None
    profile_image: str | None
    dashboard_layout: dict[str, Any] | None
    onboarding_completed: bool
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class UserPii:
    """A row of ``user_pii``: personally identifiable information of a user, one row per user, kept apart so it can be
    protected and erased on its own.
    """

    id: int
    user_id: int
    first_name: str | None = attrs.field(repr=False)
    last_name: str | None = attrs.field(repr=False)
    full_name: str | None = attrs.field(repr=False)
    identity_verified: bool
    identity_verification_date: datetime | None
    identity_verification_method: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class UserSession:
    """A row of ``user_sessions``: signed-in sessions."""

    id: int
    user_id: int
    session_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(repr=False)
    ip_address: str | None
    user_agent: str | None
    device_info: dict[str, Any] | None
    location_info: dict[str, Any] | None
    is_active: bool
    last_activity: datetime | None
    expires_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Platform:
    """A row of ``platforms``: the virtual platforms a deployment hosts (the newer reference layout keeps them in a
    separate "omni" database; here they share one). Soft-deletable.
    """

    id: int
    name: str
    description: str | None
    table_name: str | None
    subdomain: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class Quota:
    """A row of ``quotas``: resource limits of an org. Soft-deletable."""

    id: int
    org_id: int
    name: str
    memory_limit: int
    cpu_limit: float | None
    disk_limit: int | None
    instance_limit: int
    routes_limit: int
    services_limit: int
    buildpack_limit: int | None
    domains_limit: int | None
    allow_paid_services: bool
    concurrent_builds_limit: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class ProviderAuditLog:
    """A row of ``provider_audit_logs``: what was done to each provider."""

    id: int
    provider_id: int
    action: ProviderAuditLogAction
    details: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class ProviderRegion:
    """A row of ``providers_regions``: which providers serve which regions, with the status of each pairing."""

    id: int
    provider_id: int
    region_id: int
    status: ProviderRegionStatus
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Node:
    """A row of ``nodes``: the hosts that make up a worker (control plane, edge, storage...). Soft-deletable."""

    id: int
    worker_id: int
    node_type: NodeType
    hostname: str
    ip_address: str
    cpu_cores: int
    ram_gb: int
    disk_gb: int
    status: NodeStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


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


@attrs.frozen
class Rollback:
    """A row of ``rollbacks``: returns of an app from one deployment to an earlier one."""

    id: int
    app_id: int
    from_deployment_id: int
    to_deployment_id: int
    status: RollbackStatus
    reason: str | None
    automatic: bool
    trigger_condition: str | None
    started_at: datetime | None
    completed_at: datetime | None
    rollback_duration: int | None
    error_message: str | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Pipeline:
    """A row of ``pipelines``: an app's delivery pipelines; stages is a JSON array of stage definitions. Soft-
    deletable.
    """

    id: int
    app_id: int
    name: str
    description: str | None
    status: PipelineStatus
    stages: list[Any] | None
    created_by: int | None
    updated_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class Task:
    """A row of ``tasks``: one-off commands run in an app's environment."""

    id: int
    app_id: int
    worker_id: int | None
    command: str
    name: str | None
    status: TaskStatus
    memory_in_mb: int | None
    disk_in_mb: int | None
    cpu: float | None
    timeout_seconds: int
    result: str | None
    exit_code: int | None
    sequence_id: int | None
    started_at: datetime | None
    completed_at: datetime | None
    duration: int | None
    error_message: str | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class HealthCheck:
    """A row of ``health_checks``: how the orchestrator probes an app's instances. Soft-deletable."""

    id: int
    app_id: int
    type: HealthCheckType
    endpoint: str | None
    timeout: int
    check_interval: int
    healthy_threshold: int
    unhealthy_threshold: int
    port: int | None
    protocol: HealthCheckProtocol
    http_status_codes: str
    response_body_regex: str | None
    follow_redirects: bool
    initial_delay_seconds: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class AutoscalingRule:
    """A row of ``autoscaling_rules``: when to add or remove an app's instances. Soft-deletable."""

    id: int
    app_id: int
    name: str | None
    min_instances: int
    max_instances: int
    target_instances: int | None
    metric_type: AutoscalingRuleMetricType
    custom_metric_name: str | None
    custom_metric_query: str | None
    threshold_value: float
    threshold_unit: str | None
    comparison_operator: AutoscalingRuleComparisonOperator
    evaluation_periods: int
    period_seconds: int
    scaling_adjustment: int
    cooldown_period_seconds: int
    enabled: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class NetworkPolicy:
    """A row of ``network_policies``: which app may reach which, by protocol and port range. Soft-deletable."""

    id: int
    source_app_id: int
    destination_app_id: int
    protocol: NetworkPolicyProtocol
    port_range_start: int | None
    port_range_end: int | None
    description: str | None
    enabled: bool
    priority: int
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


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


@attrs.frozen
class StorageClass:
    """A row of ``storage_classes``: kinds of storage volumes are provisioned from. Soft-deletable."""

    id: int
    name: str
    provisioner: str
    reclaim_policy: StorageClassReclaimPolicy
    volume_binding_mode: StorageClassVolumeBindingMode
    allow_volume_expansion: bool
    storage_type: StorageClassStorageType
    default_filesystem: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class StorageQosPolicy:
    """A row of ``storage_qos_policies``: iOPS, throughput and latency limits volumes can be given. Soft-deletable."""

    id: int
    name: str
    max_iops: int | None
    max_throughput_mbps: int | None
    burst_iops: int | None
    burst_duration_seconds: int | None
    latency_target_ms: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class StorageVolume:
    """A row of ``storage_volumes``: an app's persistent volumes, in GB. Soft-deletable."""

    id: int
    app_id: int
    storage_class_id: int
    worker_id: int
    snapshot_id: int | None
    name: str
    size_gb: int
    storage_class: str
    access_mode: StorageVolumeAccessMode
    status: StorageVolumeStatus
    encryption_enabled: bool
    persistence_level: StorageVolumePersistenceLevel
    write_concern: StorageVolumeWriteConcern
    reclaim_policy: StorageVolumeReclaimPolicy
    filesystem_type: str
    mount_path: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class StorageSnapshot:
    """A row of ``storage_snapshots``: point-in-time copies of a volume, in GB. Soft-deletable."""

    id: int
    volume_id: int
    name: str
    size_gb: int
    status: StorageSnapshotStatus
    description: str | None
    retention_date: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class StorageMigration:
    """A row of ``storage_migrations``: moves of a volume's data to another volume."""

    id: int
    source_volume_id: int
    destination_volume_id: int
    migration_type: StorageMigrationType
    status: StorageMigrationStatus
    progress_percent: int
    started_at: datetime
    completed_at: datetime | None
    is_online: bool
    error_message: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class VolumeQosPolicyAssignment:
    """A row of ``volume_qos_policy_assignments``: which QoS policies apply to which volume."""

    id: int
    volume_id: int
    policy_id: int
    assigned_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Notification:
    """A row of ``notifications``: messages to a user, an org or about an app (the reference's first, general inbox)."""

    id: int
    user_id: int | None
    org_id: int | None
    app_id: int | None
    notification_type: NotificationType
    message: str
    read_status: bool
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class UserNotification:
    """A row of ``user_notifications``: notifications addressed to one user."""

    id: int
    user_id: int
    org_id: int | None
    app_id: int | None
    notification_type: str
    message: str
    read_status: bool
    importance: str
    action_url: str | None
    action_label: str | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class RoleNotification:
    """A row of ``role_notifications``: notifications addressed to everyone holding a role."""

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
    updated_at: datetime


@attrs.frozen
class NotificationAcknowledgment:
    """A row of ``notification_acknowledgments``: who has acknowledged which notification: a user notification or a
    role notification, exactly one of the two.
    """

    id: int
    user_id: int
    notification_id: int | None
    role_notification_id: int | None
    acknowledged_at: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Alert:
    """A row of ``alerts``: problems the platform detected, and their resolution."""

    id: int
    org_id: int | None
    app_id: int | None
    instance_id: int | None
    region_id: int | None
    worker_id: int | None
    alert_type: str
    severity: AlertSeverity
    service: str
    message: str
    raised_at: datetime
    status: AlertStatus
    resolved_at: datetime | None
    resolved_by: int | None
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class AlertAcknowledgment:
    """A row of ``alert_acknowledgments``: who acknowledged an alert, and notes."""

    id: int
    alert_id: int
    user_id: int
    acknowledged_at: datetime
    notes: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class AlertEscalation:
    """A row of ``alert_escalations``: each escalation of an alert: level, to whom (roles, users or external systems,
    as JSON) and how (email, sms, webhook...).
    """

    id: int
    alert_id: int
    escalation_level: int
    escalated_at: datetime
    escalated_to: list[Any] | None
    escalation_method: str
    response_required_by: datetime | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class AlertHistoryEntry:
    """A row of ``alert_history``: every change of an alert, with the state before and after."""

    id: int
    alert_id: int
    action: str
    performed_by: int | None
    performed_at: datetime
    previous_state: dict[str, Any] | None
    new_state: dict[str, Any] | None
    notes: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class Backup:
    """A row of ``backups``: platform, application and partial backups, with what each holds and where it is stored.
    Soft-deletable.
    """

    id: int
    creator_user_id: int | None
    primary_app_id: int | None
    name: str
    description: str | None
    created_by: str
    backup_type: BackupType
    status: BackupStatus
    format_version: str
    source_environment: str
    encryption_method: str | None
    encryption_key_id: int | None
    size_bytes: int | None
    has_system_core: bool
    has_directors: bool
    has_orchestrators: bool
    has_network_config: bool
    has_app_definitions: bool
    has_volume_data: bool
    included_apps: list[Any] | None
    included_services: list[Any] | None
    last_validated_at: datetime | None
    last_restored_at: datetime | None
    restore_target_environment: str | None
    restore_status: str | None
    storage_location: str
    manifest_path: str
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class ResourceType:
    """A row of ``resource_types``: what can be billed, and in which unit ('CPU-hour', 'GB-month', 'request')."""

    id: int
    name: str
    category: ResourceTypeCategory
    unit_of_measurement: str
    description: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class ProviderCost:
    """A row of ``provider_costs``: a provider's unit prices over time ('hour', 'GB', 'Mbps')."""

    id: int
    provider_id: int
    region_id: int | None
    cost_type: CostType
    cost_subtype: str | None
    unit: str
    unit_price: Decimal
    currency: str
    effective_date: datetime
    expiration_date: datetime | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class UsageCost:
    """A row of ``usage_costs``: what the platform used of a provider, and what it cost, over a time span."""

    id: int
    provider_id: int
    region_id: int | None
    app_id: int | None
    cost_type: CostType
    cost_subtype: str | None
    usage_quantity: float
    unit: str
    total_cost: Decimal
    currency: str
    usage_start: datetime
    usage_end: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class CostSummary:
    """A row of ``cost_summaries``: costs added up per day, week or month."""

    id: int
    provider_id: int | None
    region_id: int | None
    app_id: int | None
    cost_type: CostType
    total_cost: Decimal
    currency: str
    summary_period: CostSummaryPeriod
    period_start: datetime
    period_end: datetime
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class CostMetric:
    """A row of ``cost_metrics``: metered usage of one resource type, with its cost, over a time span; billing_period
    is 'YYYY-MM'.
    """

    id: int
    resource_type_id: int
    provider_id: int | None
    region_id: int | None
    app_id: int | None
    worker_id: int | None
    org_id: int | None
    start_time: datetime
    end_time: datetime
    usage_quantity: float
    unit_cost: Decimal
    currency: str
    total_cost: Decimal
    discount_percentage: float
    discount_reason: str | None
    billing_period: str | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class CostProjection:
    """A row of ``cost_projections``: forecast costs of an org (or one of its apps) over a period; confidence_level
    0.95 means 95%.
    """

    id: int
    org_id: int
    app_id: int | None
    projection_period: CostProjectionPeriod
    start_date: date
    end_date: date
    projected_cost: Decimal
    currency: str
    projection_model: str
    confidence_level: Decimal | None
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class CostBudget:
    """A row of ``cost_budgets``: spending limits of an org (or an app) and when to warn. Soft-deletable."""

    id: int
    org_id: int
    app_id: int | None
    budget_name: str
    budget_amount: Decimal
    currency: str
    budget_period: CostBudgetPeriod
    period_start: date | None
    period_end: date | None
    alert_threshold_percentage: Decimal
    alert_contacts: list[Any] | None
    is_active: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@attrs.frozen
class ResourcePricing:
    """A row of ``resource_pricing``: price of a resource type at a provider (and region) over time, by tier and
    pricing model ('on-demand', 'reserved', 'spot').
    """

    id: int
    resource_type_id: int
    provider_id: int
    region_id: int | None
    tier_name: str | None
    unit_price: Decimal
    currency: str
    effective_from: datetime
    effective_to: datetime | None
    pricing_model: str | None
    commitment_period: str | None
    volume_discount_tiers: list[Any] | None
    created_at: datetime
    updated_at: datetime


@attrs.frozen
class CostAllocationTag:
    """A row of ``cost_allocation_tags``: key/value tags that attribute costs to a resource."""

    id: int
    tag_key: str
    tag_value: str
    resource_id: int
    resource_type: CostAllocationTagResourceType
    created_at: datetime
    updated_at: datetime


#: Every table of schema V1 and its struct.
TABLES: dict[str, type] = {
    "users": User,
    "user_meta": UserMeta,
    "user_pii": UserPii,
    "user_sessions": UserSession,
    "roles": Role,
    "permissions": Permission,
    "permissions_role": RolePermission,
    "role_user": UserRole,
    "platforms": Platform,
    "orgs": Org,
    "orgmember": OrgMember,
    "api_keys": ApiKey,
    "quotas": Quota,
    "spaces": Space,
    "providers": Provider,
    "provider_audit_logs": ProviderAuditLog,
    "regions": Region,
    "providers_regions": ProviderRegion,
    "workers": Worker,
    "nodes": Node,
    "host_creds": HostCred,
    "allocations": Allocation,
    "data_services": DataService,
    "apps": App,
    "instances": Instance,
    "builds": Build,
    "deployments": Deployment,
    "rollbacks": Rollback,
    "pipelines": Pipeline,
    "tasks": Task,
    "health_checks": HealthCheck,
    "autoscaling_rules": AutoscalingRule,
    "network_policies": NetworkPolicy,
    "service_bindings": ServiceBinding,
    "config_vars": ConfigVar,
    "domains": Domain,
    "routes": Route,
    "storage_classes": StorageClass,
    "storage_qos_policies": StorageQosPolicy,
    "storage_volumes": StorageVolume,
    "storage_snapshots": StorageSnapshot,
    "storage_migrations": StorageMigration,
    "volume_qos_policy_assignments": VolumeQosPolicyAssignment,
    "deployment_logs": DeploymentLog,
    "instance_logs": InstanceLog,
    "metrics": Metric,
    "audit_logs": AuditLog,
    "notifications": Notification,
    "user_notifications": UserNotification,
    "role_notifications": RoleNotification,
    "notification_acknowledgments": NotificationAcknowledgment,
    "alerts": Alert,
    "alert_acknowledgments": AlertAcknowledgment,
    "alert_escalations": AlertEscalation,
    "alert_history": AlertHistoryEntry,
    "backups": Backup,
    "resource_types": ResourceType,
    "provider_costs": ProviderCost,
    "usage_costs": UsageCost,
    "cost_summaries": CostSummary,
    "cost_metrics": CostMetric,
    "cost_projections": CostProjection,
    "cost_budgets": CostBudget,
    "resource_pricing": ResourcePricing,
    "cost_allocation_tags": CostAllocationTag,
}
