"""Schema V1: every resource declared once.

Each :class:`~omnidb.resource.Resource` says what its generated module (``omnidb/v1/<plural>.py``)
offers: the filters of ``list_``/``count_``, the keywords ``create_`` requires, the columns
``update_`` may change, the parents a foreign key names, keyset pages, bulk writers and domain
actions. Types come from the struct (``omnidb/v1/tables.py``); the statements from
``queries/v1/<plural>.sql``. After a change here or there, run ``omnidb generate``; a test fails
while a generated module is stale or a query's parameters disagree with its declaration.

Adding a plain CRUD resource takes its SQL (the named queries of ``queries/README.md``), its
struct, and one declaration below.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from omnidb.resource import (
    NOT_BLANK,
    NOT_NEGATIVE,
    PORT,
    Bulk,
    Keyset,
    Resource,
    StructRefs,
    act,
    lookup,
    select,
    upsert,
)
from omnidb.v1 import rules
from omnidb.v1.tables import AppStatus

if TYPE_CHECKING:
    from omnidb.v1.tables import (
        Alert,
        AlertAcknowledgment,
        AlertEscalation,
        AlertHistoryEntry,
        Allocation,
        ApiKey,
        App,
        AuditLog,
        AutoscalingRule,
        Backup,
        Build,
        ConfigVar,
        CostAllocationTag,
        CostBudget,
        CostMetric,
        CostProjection,
        CostSummary,
        DataService,
        Deployment,
        DeploymentLog,
        Domain,
        HealthCheck,
        HostCred,
        Instance,
        InstanceLog,
        Metric,
        NetworkPolicy,
        Node,
        Notification,
        NotificationAcknowledgment,
        Org,
        OrgMember,
        Permission,
        Pipeline,
        Platform,
        Provider,
        ProviderAuditLog,
        ProviderCost,
        ProviderRegion,
        Quota,
        Region,
        ResourcePricing,
        ResourceType,
        Role,
        RoleNotification,
        RolePermission,
        Rollback,
        Route,
        ServiceBinding,
        Space,
        StorageClass,
        StorageMigration,
        StorageQosPolicy,
        StorageSnapshot,
        StorageVolume,
        Task,
        UsageCost,
        User,
        UserMeta,
        UserNotification,
        UserPii,
        UserRole,
        UserSession,
        VolumeQosPolicyAssignment,
        Worker,
    )

#: The structs, by name: each is made when its resource first needs it (omnidb/v1/tables.py).
_t = StructRefs("omnidb.v1.tables")

#: Filters of the time-series tables that bound their timestamp column.
TIME_RANGE = {"since": datetime, "until": datetime}

USERS: Resource[User] = Resource(
    _t.User,
    version=1,
    singular="user",
    plural="users",
    table="users",
    rules={"email": NOT_BLANK},
    doc="People who sign in to the platform. Soft-deletable.",
    filters=("status", "active"),
    required=("email", "password_hash", "salt"),
    updatable=(
        "email",
        "name",
        "password_hash",
        "salt",
        "email_verified",
        "active",
        "status",
        "two_factor_enabled",
        "locked_until",
        "two_factor_verified",
    ),
    actions=(
        lookup(
            "get_user_by_email",
            ("email",),
            missing="{email!r}",
            doc="Return the user with e-mail ``email``. Raises ``NotFound``.",
        ),
        act("record_login", doc="Record a successful sign-in: stamp ``last_login_at``, reset ``login_attempts``."),
        act("record_failed_login", doc="Count one more failed sign-in of user ``user_id``."),
    ),
)

ORGS: Resource[Org] = Resource(
    _t.Org,
    version=1,
    singular="org",
    plural="orgs",
    table="orgs",
    rules={"name": NOT_BLANK},
    doc="The tenants: every app, space and domain belongs to one. Soft-deletable.",
    filters=("status", "plan"),
    required=("name",),
    updatable=(
        "name",
        "display_name",
        "description",
        "billing_email",
        "plan",
        "status",
        "logo_url",
        "website",
    ),
    actions=(
        lookup(
            "get_org_by_name", ("name",), missing="{name!r}", doc="Return the org named ``name``. Raises ``NotFound``."
        ),
    ),
)

ORG_MEMBERS: Resource[OrgMember] = Resource(
    _t.OrgMember,
    version=1,
    singular="org_member",
    plural="org_members",
    table="orgmember",
    doc="Which users belong to which org, with their role in it.",
    filters=("org_id", "user_id", "role"),
    required=("org_id", "user_id"),
    updatable=(
        "role",
        "invitation_status",
        "invitation_token",
        "invitation_expires_at",
    ),
    parents={"org_id": "org", "user_id": "user"},
)

ROLES: Resource[Role] = Resource(
    _t.Role,
    version=1,
    singular="role",
    plural="roles",
    table="roles",
    cascades=("notification_acknowledgments", "permissions_role", "role_notifications", "role_user"),
    doc="Named sets of permissions.",
    filters=("scope",),
    required=("name",),
    updatable=("name", "description", "is_system_role", "scope"),
    actions=(
        select(
            "list_roles_of_user",
            params=("user_id",),
            types={"user_id": int},
            doc="Return the roles user ``user_id`` holds (through ``role_user``), each once, newest first.",
        ),
    ),
)

PERMISSIONS: Resource[Permission] = Resource(
    _t.Permission,
    version=1,
    singular="permission",
    plural="permissions",
    table="permissions",
    cascades=("permissions_role",),
    doc="What may be done (action) to what (resource_type).",
    filters=("resource_type", "action"),
    required=("name", "resource_type", "action"),
    updatable=("name", "description", "resource_type", "action"),
    actions=(
        select(
            "list_permissions_of_user",
            params=("user_id",),
            types={"user_id": int},
            doc="Return the permissions user ``user_id`` has through any of its roles, each once, newest first.",
        ),
    ),
)

ROLE_PERMISSIONS: Resource[RolePermission] = Resource(
    _t.RolePermission,
    version=1,
    singular="role_permission",
    plural="role_permissions",
    table="permissions_role",
    doc="Which permissions each role grants.",
    filters=("role_id", "permission_id"),
    required=("permission_id", "role_id"),
    parents={"permission_id": "permission", "role_id": "role"},
)

USER_ROLES: Resource[UserRole] = Resource(
    _t.UserRole,
    version=1,
    singular="user_role",
    plural="user_roles",
    table="role_user",
    doc="Which roles each user holds, globally or scoped to an org, space or app.",
    filters=("user_id", "role_id", "scope_type"),
    required=("user_id", "role_id"),
    parents={"user_id": "user", "role_id": "role"},
)

API_KEYS: Resource[ApiKey] = Resource(
    _t.ApiKey,
    version=1,
    singular="api_key",
    plural="api_keys",
    table="api_keys",
    doc="Keys for programmatic access. Only a hash is stored; ``prefix`` identifies a key.",
    filters=("org_id", "user_id", "revoked"),
    required=("org_id", "user_id", "name", "key_hash", "prefix"),
    updatable=("name", "description", "scopes", "expires_at"),
    parents={"org_id": "org", "user_id": "user", "revoked_by": "user"},
    actions=(
        lookup(
            "get_api_key_by_prefix",
            ("prefix",),
            missing="{prefix!r}",
            doc="Return the key with ``prefix`` (check ``revoked`` and ``expires_at``). Raises ``NotFound``.",
        ),
        act(
            "revoke_api_key",
            optional=("revoked_by",),
            verb="revoke",
            state="revoked",
            doc="Revoke key ``api_key_id``. Raises ``NotFound``, or ``Conflict`` if it is already revoked.",
        ),
        act("touch_api_key", doc="Stamp ``last_used_at`` of key ``api_key_id``."),
    ),
)

PROVIDERS: Resource[Provider] = Resource(
    _t.Provider,
    version=1,
    singular="provider",
    plural="providers",
    table="providers",
    cascades=("providers_regions",),
    doc="Where workers run: a cloud or an on-premises site.",
    filters=("provider_type", "status"),
    required=("name", "display_name"),
    updatable=("display_name", "provider_type", "status"),
)

REGIONS: Resource[Region] = Resource(
    _t.Region,
    version=1,
    singular="region",
    plural="regions",
    table="regions",
    cascades=("providers_regions",),
    doc="A provider's locations. Upstream names the foreign key ``provider``; here it is ``provider_id``.",
    filters=("provider_id", "status"),
    required=("provider_id", "name", "display_name"),
    updatable=(
        "display_name",
        "location",
        "is_public",
        "region_class",
        "status",
        "latitude",
        "longitude",
    ),
    parents={"provider_id": "provider"},
    actions=(
        select(
            "list_regions_of_provider",
            params=("provider_id",),
            doc="Return the regions provider ``provider_id`` serves (through ``providers_regions``, any "
            "status), newest first.",
        ),
    ),
)

WORKERS: Resource[Worker] = Resource(
    _t.Worker,
    version=1,
    singular="worker",
    plural="workers",
    table="workers",
    doc="The machines instances run on. Capacities in MB (memory, disk) and cores (cpu). Soft-deletable.",
    filters=("region_id", "status"),
    required=(
        "region_id",
        "name",
        "cpu_total",
        "cpu_available",
        "memory_total",
        "memory_available",
        "disk_total",
        "disk_available",
    ),
    updatable=(
        "cpu_total",
        "cpu_available",
        "memory_total",
        "memory_available",
        "disk_total",
        "disk_available",
        "instance_type",
        "status",
        "ssh_address",
        "ssh_port",
        "ssh_user",
        "docker_version",
        "labels",
        "provider_resource_id",
        "cpu_reserved",
        "memory_reserved",
        "disk_reserved",
        "network_in_capacity",
        "network_out_capacity",
        "ssh_key",
        "taints",
        "annotations",
    ),
    parents={"region_id": "region"},
    actions=(
        act(
            "record_worker_heartbeat",
            optional=("cpu_available", "memory_available", "disk_available"),
            doc="Stamp ``last_heartbeat`` of worker ``worker_id`` and record the free capacity given.",
        ),
    ),
)

ALLOCATIONS: Resource[Allocation] = Resource(
    _t.Allocation,
    version=1,
    singular="allocation",
    plural="allocations",
    table="allocations",
    doc="Resource plans an app's instances get: cores, MB, Mbps, and price.",
    required=("name", "cpu", "memory", "uplink", "downlink", "disk"),
    updatable=("name", "cpu", "memory", "uplink", "downlink", "disk", "price_per_hour"),
)

SPACES: Resource[Space] = Resource(
    _t.Space,
    version=1,
    singular="space",
    plural="spaces",
    table="spaces",
    doc="An org's environments (production, staging...). Soft-deletable.",
    filters=("org_id", "status"),
    required=("org_id", "name"),
    updatable=(
        "name",
        "description",
        "status",
        "isolation_segment",
        "network_isolation",
    ),
    parents={"org_id": "org"},
)

APPS: Resource[App] = Resource(
    _t.App,
    version=1,
    singular="app",
    plural="apps",
    table="apps",
    rules={"name": NOT_BLANK},
    doc="The applications the orchestrator deploys. An app's name is unique within its org. Soft-deletable.",
    filters=("org_id", "space_id", "region_id", "status"),
    required=("org_id", "name"),
    updatable=(
        "space_id",
        "region_id",
        "name",
        "display_name",
        "git_repo",
        "git_branch",
        "container_image_url",
        "instances",
        "status",
        "maintenance_mode",
        "labels",
        "default_allocation_id",
        "git_credentials_id",
        "container_registry_credentials_id",
        "buildpack_url",
        "runtime",
        "health_check_type",
        "health_check_endpoint",
        "health_check_interval",
        "health_check_timeout",
        "health_check_retries",
        "restart_policy",
        "auto_scaling_enabled",
        "deployment_strategy",
        "canary_percentage",
        "idle_timeout",
        "max_concurrent_builds",
        "annotations",
    ),
    parents={"org_id": "org", "space_id": "space", "region_id": "region", "default_allocation_id": "allocation"},
    keyset=Keyset(filters=("org_id", "status")),
    bulk_insert=Bulk(
        "create_apps",
        required=("org_id", "name"),
        doc="Columns left out take their defaults (status stopped, one instance, branch main).",
        load=True,
    ),
    actions=(
        lookup(
            "get_app_by_name",
            ("org_id", "name"),
            missing="{name!r} in org {org_id}",
            doc="Return the app named ``name`` in org ``org_id``. Raises ``NotFound``.",
        ),
        act(
            "start_app",
            query="set_app_status",
            fixed={"status": AppStatus.STARTING},
            doc="Mark app ``app_id`` as starting (the orchestrator sets ``started`` once instances run).",
        ),
        act(
            "stop_app",
            query="set_app_status",
            fixed={"status": AppStatus.STOPPING},
            doc="Mark app ``app_id`` as stopping (the orchestrator sets ``stopped`` once instances are down).",
        ),
        act(
            "set_app_status",
            params=("status",),
            doc="Set the status of app ``app_id`` (e.g. ``started``, ``crashed``) and return it.",
        ),
        act(
            "scale_app",
            params=("instances",),
            check=rules.instances_not_negative,
            doc="Set the desired instance count of app ``app_id``. Raises ``InvalidInput`` below 0.",
        ),
        act(
            "set_maintenance_mode",
            query="set_app_maintenance_mode",
            params=("enabled",),
            types={"enabled": bool},
            doc="Turn maintenance mode of app ``app_id`` on or off and return the app.",
        ),
    ),
)

INSTANCES: Resource[Instance] = Resource(
    _t.Instance,
    version=1,
    singular="instance",
    plural="instances",
    table="instances",
    rules={"instance_index": NOT_NEGATIVE},
    cascades=("instance_logs", "metrics"),
    doc="Running copies of an app, each on one worker. Upstream calls the worker ``node_id``; here it is "
    "``worker_id``.",
    filters=("app_id", "worker_id", "status"),
    required=("app_id", "guid", "instance_index", "instance_type"),
    fixed_width=("guid",),
    updatable=(
        "worker_id",
        "region_id",
        "instance_type",
        "status",
        "container_id",
        "container_ip",
        "exit_code",
        "exit_reason",
        "health_status",
        "last_health_check",
        "cpu_usage",
        "memory_usage",
        "restart_count",
        "started_at",
        "stopped_at",
        "allocation_id",
        "disk_usage",
        "uptime",
        "last_restart_reason",
        "scheduler_metadata",
    ),
    parents={"app_id": "app", "worker_id": "worker", "region_id": "region", "allocation_id": "allocation"},
    keyset=Keyset(filters=("app_id", "status")),
    bulk_insert=Bulk(
        "create_instances",
        required=("app_id", "guid", "instance_index", "instance_type", "status"),
        doc="Each row gives app_id, guid, instance_index, instance_type and status; the rest is optional.",
        load=True,
    ),
    actions=(
        act(
            "set_instance_status",
            params=("status",),
            doc="Set the status of instance ``instance_id``; running stamps ``started_at``, stopping ones "
            "``stopped_at``.",
        ),
        act(
            "record_instance_health",
            params=("health_status",),
            optional=("cpu_usage", "memory_usage"),
            doc="Record a health check of instance ``instance_id`` (usage left None keeps the last value).",
        ),
    ),
)

BUILDS: Resource[Build] = Resource(
    _t.Build,
    version=1,
    singular="build",
    plural="builds",
    table="builds",
    doc="Builds of an app's source into a runnable artifact.",
    filters=("app_id", "status"),
    required=("app_id",),
    updatable=(
        "source_version",
        "commit_sha",
        "commit_message",
        "author",
        "status",
        "build_pack_used",
        "build_image",
        "build_arguments",
        "log_url",
        "artifact_url",
        "artifact_checksum",
        "artifact_size",
        "error_message",
        "started_at",
        "completed_at",
        "build_duration",
        "build_pack_url",
        "build_pack_version",
        "build_environment",
        "build_cache_key",
    ),
    parents={"app_id": "app"},
    keyset=Keyset(filters=("app_id", "status")),
    actions=(
        act(
            "start_build",
            verb="start",
            doc="Move build ``build_id`` from pending to building. Raises ``Conflict`` from any other status.",
        ),
        act(
            "finish_build",
            params=("status",),
            optional=("error_message", "artifact_url", "artifact_checksum", "artifact_size"),
            verb="finish",
            check=rules.build_ends,
            doc="End build ``build_id`` as succeeded, failed or canceled; stamps ``completed_at`` and the "
            "duration. Raises ``InvalidInput`` for a status that does not end a build, ``Conflict`` if it has "
            "ended.",
        ),
        lookup(
            "get_latest_successful_build",
            ("app_id",),
            missing="that succeeded for app {app_id}",
            doc="Return the newest build of app ``app_id`` that succeeded. Raises ``NotFound`` if none has.",
        ),
    ),
)

DEPLOYMENTS: Resource[Deployment] = Resource(
    _t.Deployment,
    version=1,
    singular="deployment",
    plural="deployments",
    table="deployments",
    cascades=("deployment_logs",),
    doc="Rollouts of a build of an app.",
    filters=("app_id", "build_id", "status"),
    required=("app_id", "build_id"),
    updatable=(
        "status",
        "deployment_strategy",
        "canary_percentage",
        "staged_instances",
        "total_instances",
        "environment_variables",
        "labels",
        "version",
        "error_message",
        "started_at",
        "completed_at",
        "deployment_duration",
        "annotations",
    ),
    parents={"app_id": "app", "build_id": "build", "previous_deployment_id": "deployment", "created_by": "user"},
    keyset=Keyset(filters=("app_id", "status")),
    actions=(
        act(
            "start_deployment",
            verb="start",
            doc="Move deployment ``deployment_id`` from pending to in_progress. Raises ``Conflict`` otherwise.",
        ),
        act(
            "finish_deployment",
            params=("status",),
            optional=("error_message",),
            verb="finish",
            check=rules.deployment_ends,
            doc="End deployment ``deployment_id`` as deployed, failed or canceled; stamps ``completed_at``. "
            "Raises ``InvalidInput`` for a status that does not end a deployment, ``Conflict`` if it has ended.",
        ),
        lookup(
            "get_latest_deployment",
            ("app_id",),
            missing="of app {app_id}",
            doc="Return the newest deployment of app ``app_id``, whatever its status. Raises ``NotFound`` if it "
            "has none.",
        ),
    ),
)

DOMAINS: Resource[Domain] = Resource(
    _t.Domain,
    version=1,
    singular="domain",
    plural="domains",
    table="domains",
    doc="DNS domains routes are served under. Soft-deletable.",
    filters=("org_id", "verification_status"),
    required=("name",),
    updatable=(
        "domain_type",
        "ssl_enabled",
        "ssl_expiry_date",
        "verified",
        "verification_method",
        "verification_status",
        "auto_renew",
        "ssl_cert_path",
        "ssl_key_path",
        "ssl_cert_data",
        "ssl_issuer",
        "dns_validation_record",
    ),
    parents={"org_id": "org"},
    actions=(act("mark_domain_verified", doc="Mark domain ``domain_id`` as verified and return it."),),
)

ROUTES: Resource[Route] = Resource(
    _t.Route,
    version=1,
    singular="route",
    plural="routes",
    table="routes",
    doc="host + path under a domain, served by an app.",
    filters=("domain_id", "app_id", "status"),
    required=("domain_id",),
    updatable=("app_id", "host", "path", "port", "weight", "https_only", "internal", "status"),
    parents={"domain_id": "domain", "app_id": "app"},
)

CONFIG_VARS: Resource[ConfigVar] = Resource(
    _t.ConfigVar,
    version=1,
    singular="config_var",
    plural="config_vars",
    table="config_vars",
    rules={"key": NOT_BLANK},
    doc="An app's environment variables. Values are kept out of repr: they often hold secrets.",
    filters=("app_id", "is_secret"),
    required=("app_id", "key", "value"),
    updatable=(
        "value",
        "is_secret",
        "description",
        "encryption_key_id",
        "updated_by",
    ),
    parents={"app_id": "app", "created_by": "user", "updated_by": "user"},
    actions=(
        lookup(
            "get_config_var_by_key",
            ("app_id", "key"),
            missing="{key!r} of app {app_id}",
            doc="Return config var ``key`` of app ``app_id``. Raises ``NotFound``.",
        ),
        upsert(
            "set_config_var",
            params=("app_id", "key", "value"),
            optional=("is_secret",),
            doc="Create config var ``key`` of app ``app_id``, or replace its value; return it as stored.",
        ),
    ),
)

DEPLOYMENT_LOGS: Resource[DeploymentLog] = Resource(
    _t.DeploymentLog,
    version=1,
    singular="deployment_log",
    plural="deployment_logs",
    table="deployment_logs",
    doc="Log lines of deployments. Append-only.",
    filters=("deployment_id", "log_level", "since", "until"),
    filter_types=TIME_RANGE,
    required=("deployment_id", "message"),
    parents={"deployment_id": "deployment"},
    keyset=Keyset(filters=("deployment_id",), order="logged_at"),
    bulk_insert=Bulk(
        "append_deployment_logs",
        required=("deployment_id", "log_type", "log_level", "message", "logged_at"),
        doc="Each row gives deployment_id, log_type, log_level, message and logged_at (aware); metadata is optional.",
        load=True,
    ),
)

INSTANCE_LOGS: Resource[InstanceLog] = Resource(
    _t.InstanceLog,
    version=1,
    singular="instance_log",
    plural="instance_logs",
    table="instance_logs",
    doc="Log lines of running instances. Append-only.",
    filters=("instance_id", "app_id", "log_level", "since", "until"),
    filter_types=TIME_RANGE,
    required=("instance_id", "app_id", "message"),
    parents={"instance_id": "instance", "app_id": "app"},
    keyset=Keyset(filters=("instance_id", "app_id"), order="logged_at"),
    bulk_insert=Bulk(
        "append_instance_logs",
        required=("instance_id", "app_id", "log_type", "log_level", "message", "logged_at"),
        doc="Each row gives instance_id, app_id, log_type, log_level, message and logged_at (aware); source "
        "and metadata are optional.",
        load=True,
    ),
)

METRICS: Resource[Metric] = Resource(
    _t.Metric,
    version=1,
    singular="metric",
    plural="metrics",
    table="metrics",
    doc="Time series samples of apps and instances. Append-only.",
    filters=("app_id", "instance_id", "metric_name", "since", "until"),
    filter_types=TIME_RANGE,
    required=("metric_name", "metric_value"),
    parents={"app_id": "app", "instance_id": "instance"},
    keyset=Keyset(filters=("app_id", "instance_id", "metric_name"), order="recorded_at"),
    bulk_insert=Bulk(
        "record_metrics",
        required=("metric_name", "metric_value", "recorded_at"),
        doc="Each row gives metric_name, metric_value and recorded_at (aware), and app_id and/or "
        "instance_id; labels are optional.",
        load=True,
    ),
)

AUDIT_LOGS: Resource[AuditLog] = Resource(
    _t.AuditLog,
    version=1,
    singular="audit_log",
    plural="audit_logs",
    table="audit_logs",
    doc="Who did what to which resource. Append-only: no update or delete query exists.",
    filters=("user_id", "org_id", "app_id", "action", "resource_type", "since", "until"),
    filter_types=TIME_RANGE,
    required=("action", "resource_type"),
    parents={"user_id": "user", "org_id": "org", "app_id": "app"},
    deletable=False,
)

# == Identity, tenancy and platform: the rest of upstream's tables ======================================

USER_META: Resource[UserMeta] = Resource(
    _t.UserMeta,
    version=1,
    singular="user_meta",
    plural="user_meta",
    table="user_meta",
    doc="A user's preferences and non-sensitive settings, one row per user.",
    filters=("user_id",),
    required=("user_id",),
    updatable=(
        "timezone",
        "language",
        "theme",
        "notification_preferences",
        "profile_image",
        "dashboard_layout",
        "onboarding_completed",
    ),
    parents={"user_id": "user"},
    actions=(
        lookup(
            "get_user_meta_of_user",
            ("user_id",),
            missing="of user {user_id}",
            doc="Return the settings of user ``user_id``. Raises ``NotFound`` if it has none.",
        ),
    ),
)

USER_PII: Resource[UserPii] = Resource(
    _t.UserPii,
    version=1,
    singular="user_pii",
    plural="user_pii",
    table="user_pii",
    doc="Personally identifiable information of a user, one row per user, kept apart so it can be protected "
    "and erased on its own. Names stay out of repr.",
    filters=("user_id", "identity_verified"),
    required=("user_id",),
    updatable=(
        "first_name",
        "last_name",
        "full_name",
        "identity_verified",
        "identity_verification_date",
        "identity_verification_method",
    ),
    parents={"user_id": "user"},
    actions=(
        lookup(
            "get_user_pii_of_user",
            ("user_id",),
            missing="of user {user_id}",
            doc="Return the personal data of user ``user_id``. Raises ``NotFound`` if it has none.",
        ),
    ),
)

USER_SESSIONS: Resource[UserSession] = Resource(
    _t.UserSession,
    version=1,
    singular="user_session",
    plural="user_sessions",
    table="user_sessions",
    doc="Signed-in sessions. ``session_token`` holds a SHA-256 hash of the token the client keeps, never the "
    "token; both tokens stay out of repr. A session ends (``is_active`` 0) or expires; it is not soft-deleted.",
    filters=("user_id", "is_active"),
    required=("user_id", "session_token", "expires_at"),
    updatable=("ip_address", "user_agent", "expires_at", "device_info", "location_info"),
    parents={"user_id": "user"},
    keyset=Keyset(filters=("user_id",)),
)

QUOTAS: Resource[Quota] = Resource(
    _t.Quota,
    version=1,
    singular="quota",
    plural="quotas",
    table="quotas",
    doc="Limits of an org: memory and disk (MB), cores, instances, routes, services, domains, builds. Soft-deletable.",
    filters=("org_id",),
    required=("org_id", "name", "memory_limit", "instance_limit", "routes_limit", "services_limit"),
    updatable=(
        "name",
        "memory_limit",
        "cpu_limit",
        "disk_limit",
        "instance_limit",
        "routes_limit",
        "services_limit",
        "buildpack_limit",
        "domains_limit",
        "allow_paid_services",
        "concurrent_builds_limit",
    ),
    parents={"org_id": "org"},
)

PLATFORMS: Resource[Platform] = Resource(
    _t.Platform,
    version=1,
    singular="platform",
    plural="platforms",
    table="platforms",
    doc="The OmniCloud platforms a deployment hosts, each on its own subdomain. Soft-deletable.",
    required=("name",),
    updatable=("name", "description", "table_name", "subdomain"),
)


# == Infrastructure and applications: the rest of upstream's tables ======================================

PIPELINES: Resource[Pipeline] = Resource(
    _t.Pipeline,
    version=1,
    singular="pipeline",
    plural="pipelines",
    table="pipelines",
    doc="An app's delivery pipelines; ``stages`` is a JSON array of stage definitions. Soft-deletable.",
    filters=("app_id", "status"),
    required=("app_id", "name"),
    updatable=("name", "description", "status", "stages", "updated_by"),
    parents={"app_id": "app", "created_by": "user", "updated_by": "user"},
)

PROVIDER_AUDIT_LOGS: Resource[ProviderAuditLog] = Resource(
    _t.ProviderAuditLog,
    version=1,
    singular="provider_audit_log",
    plural="provider_audit_logs",
    table="provider_audit_logs",
    doc="What was done to each provider. Append-only: no update or delete query exists.",
    filters=("provider_id", "action"),
    required=("provider_id", "action"),
    parents={"provider_id": "provider"},
    keyset=Keyset(filters=("provider_id",), order="created_at"),
    deletable=False,
)

PROVIDERS_REGIONS: Resource[ProviderRegion] = Resource(
    _t.ProviderRegion,
    version=1,
    singular="provider_region",
    plural="providers_regions",
    table="providers_regions",
    doc="Which regions each provider serves, and the state of each pairing.",
    filters=("provider_id", "region_id", "status"),
    required=("provider_id", "region_id"),
    updatable=("status",),
    parents={"provider_id": "provider", "region_id": "region"},
)

NODES: Resource[Node] = Resource(
    _t.Node,
    version=1,
    singular="node",
    plural="nodes",
    table="nodes",
    doc="The hosts that make up a worker (control plane, worker, edge, storage). Soft-deletable.",
    filters=("worker_id", "node_type", "status"),
    required=("worker_id", "node_type", "hostname", "ip_address", "cpu_cores", "ram_gb", "disk_gb"),
    updatable=("node_type", "hostname", "ip_address", "cpu_cores", "ram_gb", "disk_gb", "status"),
    parents={"worker_id": "worker"},
)

HOST_CREDS: Resource[HostCred] = Resource(
    _t.HostCred,
    version=1,
    singular="host_cred",
    plural="host_creds",
    table="host_creds",
    doc="How to reach and authenticate to a host. The encrypted password, key and secret stay out of repr. "
    "Soft-deletable.",
    filters=("region_id", "provider_type"),
    required=("host_id", "host_name", "host_address", "is_physical_node", "auth_type"),
    fixed_width=("host_id",),
    updatable=(
        "host_name",
        "host_address",
        "is_physical_node",
        "provider_type",
        "region_id",
        "auth_type",
        "username",
        "password_encrypted",
        "key_encrypted",
        "key_id",
        "secret_encrypted",
        "port",
        "ssh_key_path",
        "connection_timeout",
        "cpu_cores",
        "memory_gb",
        "storage_gb",
        "tags",
        "last_connected_at",
    ),
    parents={"region_id": "region"},
)

DATA_SERVICES: Resource[DataService] = Resource(
    _t.DataService,
    version=1,
    singular="data_service",
    plural="data_services",
    table="data_services",
    doc="Managed services apps bind to (databases, caches, queues...). The connection string stays out of "
    "repr. Soft-deletable.",
    filters=("region_id", "service_type", "status"),
    required=("region_id", "name", "service_type", "plan"),
    updatable=(
        "name",
        "display_name",
        "service_subtype",
        "status",
        "version",
        "plan",
        "tier",
        "is_highly_available",
        "backup_enabled",
        "backup_retention_days",
        "encryption_at_rest",
        "connection_string",
        "endpoint",
    ),
    parents={"region_id": "region"},
)

ROLLBACKS: Resource[Rollback] = Resource(
    _t.Rollback,
    version=1,
    singular="rollback",
    plural="rollbacks",
    table="rollbacks",
    doc="Returns of an app from one deployment to an earlier one. ``record_rollback`` checks the pair; "
    "``start_rollback``, ``complete_rollback`` and ``fail_rollback`` move it along.",
    filters=("app_id", "status"),
    required=("app_id", "from_deployment_id", "to_deployment_id"),
    updatable=("reason", "trigger_condition"),
    parents={
        "app_id": "app",
        "from_deployment_id": "deployment",
        "to_deployment_id": "deployment",
        "created_by": "user",
    },
    actions=(
        act(
            "start_rollback",
            verb="start",
            doc="Move rollback ``rollback_id`` from pending to in_progress; stamps ``started_at``. Raises "
            "``Conflict`` from any other status.",
        ),
        act(
            "complete_rollback",
            verb="complete",
            doc="Mark rollback ``rollback_id`` completed; stamps ``completed_at`` and the duration. Raises "
            "``Conflict`` unless it is in progress.",
        ),
        act(
            "fail_rollback",
            optional=("error_message",),
            verb="fail",
            doc="Mark rollback ``rollback_id`` failed with ``error_message``; stamps ``completed_at``. Raises "
            "``Conflict`` if it has already ended.",
        ),
    ),
)

TASKS: Resource[Task] = Resource(
    _t.Task,
    version=1,
    singular="task",
    plural="tasks",
    table="tasks",
    rules=dict.fromkeys(("memory_in_mb", "disk_in_mb", "cpu", "timeout_seconds"), NOT_NEGATIVE),
    doc="One-off commands run in an app's environment on a worker, and their outcome.",
    filters=("app_id", "worker_id", "status"),
    required=("app_id", "command"),
    updatable=("name", "memory_in_mb", "disk_in_mb", "cpu", "timeout_seconds", "sequence_id"),
    parents={"app_id": "app", "worker_id": "worker", "created_by": "user"},
    keyset=Keyset(filters=("app_id", "status"), order="created_at"),
    actions=(
        act(
            "start_task",
            optional=("worker_id",),
            verb="start",
            doc="Move task ``task_id`` from pending to running (on ``worker_id``, if given); stamps "
            "``started_at``. Raises ``Conflict`` from any other status, ``ParentNotFound`` for no such worker.",
        ),
        act(
            "finish_task",
            params=("status",),
            optional=("exit_code", "result", "error_message"),
            verb="finish",
            check=rules.task_ends,
            doc="End running task ``task_id`` as succeeded or failed; stamps ``completed_at`` and the duration. "
            "Raises ``InvalidInput`` for another status, ``Conflict`` unless it is running.",
        ),
        act(
            "cancel_task",
            verb="cancel",
            doc="Cancel task ``task_id`` while it is pending or running; stamps ``completed_at``. Raises "
            "``Conflict`` once it has ended.",
        ),
    ),
)

HEALTH_CHECKS: Resource[HealthCheck] = Resource(
    _t.HealthCheck,
    version=1,
    singular="health_check",
    plural="health_checks",
    table="health_checks",
    doc="How the orchestrator probes an app's instances: type, endpoint, interval, thresholds. Soft-deletable.",
    filters=("app_id", "type"),
    required=("app_id",),
    updatable=(
        "type",
        "endpoint",
        "timeout",
        "check_interval",
        "healthy_threshold",
        "unhealthy_threshold",
        "port",
        "protocol",
        "http_status_codes",
        "response_body_regex",
        "follow_redirects",
        "initial_delay_seconds",
    ),
    parents={"app_id": "app"},
    keyset=Keyset(filters=("app_id",)),
)

AUTOSCALING_RULES: Resource[AutoscalingRule] = Resource(
    _t.AutoscalingRule,
    version=1,
    singular="autoscaling_rule",
    plural="autoscaling_rules",
    table="autoscaling_rules",
    doc="When to add or remove an app's instances: a metric, a threshold and an adjustment. Soft-deletable.",
    filters=("app_id", "metric_type", "enabled"),
    required=("app_id", "metric_type", "threshold_value"),
    updatable=(
        "name",
        "min_instances",
        "max_instances",
        "target_instances",
        "metric_type",
        "custom_metric_name",
        "custom_metric_query",
        "threshold_value",
        "threshold_unit",
        "comparison_operator",
        "evaluation_periods",
        "period_seconds",
        "scaling_adjustment",
        "cooldown_period_seconds",
        "enabled",
    ),
    parents={"app_id": "app", "created_by": "user"},
)

NETWORK_POLICIES: Resource[NetworkPolicy] = Resource(
    _t.NetworkPolicy,
    version=1,
    singular="network_policy",
    plural="network_policies",
    table="network_policies",
    rules=dict.fromkeys(("port_range_start", "port_range_end"), PORT),
    spans=(("port_range_start", "port_range_end"),),
    doc="Which app may reach which, by protocol and port range. Soft-deletable.",
    filters=("source_app_id", "destination_app_id", "enabled"),
    required=("source_app_id", "destination_app_id"),
    updatable=("protocol", "port_range_start", "port_range_end", "description", "enabled", "priority"),
    parents={"source_app_id": "app", "destination_app_id": "app", "created_by": "user"},
)

SERVICE_BINDINGS: Resource[ServiceBinding] = Resource(
    _t.ServiceBinding,
    version=1,
    singular="service_binding",
    plural="service_bindings",
    table="service_bindings",
    doc="Which data services each app is bound to, with the credentials handed to it (encrypted; kept out of repr).",
    filters=("app_id", "service_id", "status"),
    required=("app_id", "service_id"),
    updatable=(
        "credentials",
        "credentials_encryption_key_id",
        "binding_name",
        "mount_path",
        "environment_injection",
        "status",
        "last_operation",
        "error_message",
    ),
    parents={"app_id": "app", "service_id": "data_service"},
)


# == Storage ===========================================================================================
# This group imports its structs here, in its own section, so that the groups merge without conflicts.
from datetime import date  # noqa: E402

from omnidb.resource import Action, ActionKind  # noqa: E402

STORAGE_CLASSES: Resource[StorageClass] = Resource(
    _t.StorageClass,
    version=1,
    singular="storage_class",
    plural="storage_classes",
    table="storage_classes",
    rules={"name": NOT_BLANK},
    doc="Kinds of storage volumes are provisioned from (local disk, distributed, geo-replicated...). The name "
    "is unique. Soft-deletable.",
    filters=("storage_type",),
    required=("name", "provisioner", "storage_type"),
    updatable=("provisioner", "reclaim_policy", "volume_binding_mode", "allow_volume_expansion", "default_filesystem"),
    actions=(
        lookup(
            "get_storage_class_by_name",
            ("name",),
            missing="{name!r}",
            doc="Return the storage class named ``name``. Raises ``NotFound``.",
        ),
    ),
)

STORAGE_QOS_POLICIES: Resource[StorageQosPolicy] = Resource(
    _t.StorageQosPolicy,
    version=1,
    singular="storage_qos_policy",
    plural="storage_qos_policies",
    table="storage_qos_policies",
    doc="IOPS, throughput (MB/s) and latency limits volumes can be given. The name is unique. Soft-deletable.",
    required=("name",),
    updatable=(
        "name",
        "max_iops",
        "max_throughput_mbps",
        "burst_iops",
        "burst_duration_seconds",
        "latency_target_ms",
    ),
)

STORAGE_VOLUMES: Resource[StorageVolume] = Resource(
    _t.StorageVolume,
    version=1,
    singular="storage_volume",
    plural="storage_volumes",
    table="storage_volumes",
    doc="An app's persistent volumes, in GB, on one worker. A new volume is Provisioned; "
    "``attach_storage_volume`` mounts it, ``detach_storage_volume`` releases it; deleting it sets status "
    "Deleted. Soft-deletable.",
    filters=("app_id", "storage_class_id", "worker_id", "status"),
    required=("app_id", "storage_class_id", "worker_id", "name", "size_gb"),
    updatable=(
        "size_gb",
        "access_mode",
        "encryption_enabled",
        "persistence_level",
        "write_concern",
        "reclaim_policy",
        "filesystem_type",
    ),
    parents={
        "app_id": "app",
        "storage_class_id": "storage_class",
        "worker_id": "worker",
        "snapshot_id": "storage_snapshot",
    },
    actions=(
        act(
            "attach_storage_volume",
            params=("worker_id", "mount_path"),
            types={"mount_path": str},
            verb="attach",
            check=rules.mount_path_absolute,
            doc="Mount volume ``storage_volume_id`` at ``mount_path`` on worker ``worker_id`` (status Mounted). "
            "Raises ``Conflict`` unless it is Provisioned, Bound or Released, ``ParentNotFound`` for a missing "
            "worker, ``InvalidInput`` for a mount path that is not absolute (``/data``).",
        ),
        act(
            "detach_storage_volume",
            verb="detach",
            doc="Unmount volume ``storage_volume_id`` (status Released, no mount path). Raises ``Conflict`` "
            "unless it is Mounted.",
        ),
    ),
)

STORAGE_SNAPSHOTS: Resource[StorageSnapshot] = Resource(
    _t.StorageSnapshot,
    version=1,
    singular="storage_snapshot",
    plural="storage_snapshots",
    table="storage_snapshots",
    doc="Point-in-time copies of a volume, in GB. A snapshot is Creating until ``complete_storage_snapshot`` "
    "(Available) or ``fail_storage_snapshot`` (Deleted: the schema has no failed status); deleting it sets "
    "status Deleted. ``snapshot_storage_volume`` checks the volume first. Soft-deletable.",
    filters=("volume_id", "status"),
    required=("volume_id", "name", "size_gb"),
    updatable=("name", "description", "retention_date"),
    parents={"volume_id": "storage_volume"},
    actions=(
        act(
            "complete_storage_snapshot",
            optional=("size_gb",),
            verb="complete",
            check=rules.snapshot_size_not_negative,
            doc="Mark snapshot ``storage_snapshot_id`` Available (with its final ``size_gb`` when given, 0 or "
            "more). Raises ``Conflict`` unless it is Creating.",
        ),
        act(
            "fail_storage_snapshot",
            verb="fail",
            doc="Mark snapshot ``storage_snapshot_id``, which could not be taken, Deleted. Raises ``Conflict`` "
            "unless it is Creating.",
        ),
    ),
)

STORAGE_MIGRATIONS: Resource[StorageMigration] = Resource(
    _t.StorageMigration,
    version=1,
    singular="storage_migration",
    plural="storage_migrations",
    table="storage_migrations",
    doc="Moves of a volume's data to another volume, with their progress. History: no soft delete.",
    filters=("source_volume_id", "destination_volume_id", "status"),
    required=("source_volume_id", "destination_volume_id", "migration_type", "created_by"),
    updatable=("status", "progress_percent", "completed_at", "is_online", "error_message"),
    parents={"source_volume_id": "storage_volume", "destination_volume_id": "storage_volume"},
)

VOLUME_QOS_POLICY_ASSIGNMENTS: Resource[VolumeQosPolicyAssignment] = Resource(
    _t.VolumeQosPolicyAssignment,
    version=1,
    singular="volume_qos_policy_assignment",
    plural="volume_qos_policy_assignments",
    table="volume_qos_policy_assignments",
    doc="Which QoS policies apply to which volume. A join table: nothing to update.",
    filters=("volume_id", "policy_id"),
    required=("volume_id", "policy_id"),
    parents={"volume_id": "storage_volume", "policy_id": "storage_qos_policy"},
)


# == Notifications and alerts ==========================================================================

NOTIFICATIONS: Resource[Notification] = Resource(
    _t.Notification,
    version=1,
    singular="notification",
    plural="notifications",
    table="notifications",
    doc="Messages to a user, an org or about an app (the general inbox).",
    filters=("user_id", "org_id", "app_id", "read_status"),
    required=("message",),
    updatable=("notification_type", "message", "read_status"),
    parents={"user_id": "user", "org_id": "org", "app_id": "app"},
    keyset=Keyset(filters=("user_id",), order="created_at"),
    actions=(act("mark_notification_read", doc="Mark notification ``notification_id`` read and return it."),),
)

USER_NOTIFICATIONS: Resource[UserNotification] = Resource(
    _t.UserNotification,
    version=1,
    singular="user_notification",
    plural="user_notifications",
    table="user_notifications",
    cascades=("notification_acknowledgments",),
    doc="Notifications addressed to one user, read or unread. Unread counts, marking all read and "
    "acknowledging are in ``omnidb/v1/domain/user_notifications.py``.",
    filters=("user_id", "org_id", "app_id", "read_status", "notification_type"),
    required=("user_id", "notification_type", "message"),
    updatable=("notification_type", "message", "importance", "action_url", "action_label", "expires_at"),
    parents={"user_id": "user", "org_id": "org", "app_id": "app"},
    keyset=Keyset(filters=("user_id",), order="created_at"),
    actions=(
        act(
            "mark_user_notification_read",
            doc="Mark notification ``user_notification_id`` read (again, if it already is) and return it.",
        ),
    ),
)

ROLE_NOTIFICATIONS: Resource[RoleNotification] = Resource(
    _t.RoleNotification,
    version=1,
    singular="role_notification",
    plural="role_notifications",
    table="role_notifications",
    cascades=("notification_acknowledgments",),
    doc="Notifications addressed to everyone holding a role; each user acknowledges them "
    "(``acknowledge_notification``).",
    filters=("role_id", "org_id", "app_id", "notification_type"),
    required=("role_id", "notification_type", "message"),
    updatable=("notification_type", "message", "importance", "action_url", "action_label", "expires_at"),
    parents={"role_id": "role", "org_id": "org", "app_id": "app"},
    keyset=Keyset(filters=("role_id",), order="created_at"),
)

NOTIFICATION_ACKNOWLEDGMENTS: Resource[NotificationAcknowledgment] = Resource(
    _t.NotificationAcknowledgment,
    version=1,
    singular="notification_acknowledgment",
    plural="notification_acknowledgments",
    table="notification_acknowledgments",
    doc="Who has acknowledged which notification: a user notification or a role notification, exactly one of "
    "the two. Nothing to update; ``acknowledge_notification`` checks what it acknowledges.",
    filters=("user_id", "notification_id", "role_notification_id"),
    required=("user_id",),
    parents={"user_id": "user", "notification_id": "user_notification", "role_notification_id": "role_notification"},
)

ALERTS: Resource[Alert] = Resource(
    _t.Alert,
    version=1,
    singular="alert",
    plural="alerts",
    table="alerts",
    cascades=("alert_acknowledgments", "alert_escalations", "alert_history"),
    doc="Problems the platform detected, and their resolution. A new alert is active; acknowledging, "
    "resolving, escalating and status changes are in ``omnidb/v1/domain/alerts.py``, each recorded in "
    "alert_history in the same transaction. History: no soft delete.",
    filters=("org_id", "app_id", "severity", "status", "since", "until"),
    filter_types=TIME_RANGE,
    required=("alert_type", "severity", "service", "message"),
    updatable=("alert_type", "severity", "service", "message", "metadata"),
    parents={
        "org_id": "org",
        "app_id": "app",
        "instance_id": "instance",
        "region_id": "region",
        "worker_id": "worker",
        "resolved_by": "user",
    },
    keyset=Keyset(filters=("org_id", "app_id", "status"), order="raised_at"),
)

ALERT_ACKNOWLEDGMENTS: Resource[AlertAcknowledgment] = Resource(
    _t.AlertAcknowledgment,
    version=1,
    singular="alert_acknowledgment",
    plural="alert_acknowledgments",
    table="alert_acknowledgments",
    doc="Who acknowledged an alert, and their notes (``acknowledge_alert`` writes them).",
    filters=("alert_id", "user_id"),
    required=("alert_id", "user_id"),
    updatable=("notes",),
    parents={"alert_id": "alert", "user_id": "user"},
)

ALERT_ESCALATIONS: Resource[AlertEscalation] = Resource(
    _t.AlertEscalation,
    version=1,
    singular="alert_escalation",
    plural="alert_escalations",
    table="alert_escalations",
    doc="Each escalation of an alert: level, to whom (JSON) and how (email, sms, webhook...) "
    "(``escalate_alert`` writes them).",
    filters=("alert_id",),
    required=("alert_id", "escalation_level", "escalation_method"),
    updatable=("escalated_to", "escalation_method", "response_required_by"),
    parents={"alert_id": "alert"},
)

ALERT_HISTORY: Resource[AlertHistoryEntry] = Resource(
    _t.AlertHistoryEntry,
    version=1,
    singular="alert_history_entry",
    plural="alert_history",
    table="alert_history",
    doc="Every change of an alert, with the state before and after. Append-only: no update or delete query exists.",
    filters=("alert_id", "performed_by", "action", "since", "until"),
    filter_types=TIME_RANGE,
    required=("alert_id", "action"),
    parents={"alert_id": "alert", "performed_by": "user"},
    keyset=Keyset(filters=("alert_id",), order="performed_at"),
    deletable=False,
)


# == Backups and cost ==================================================================================

BACKUPS: Resource[Backup] = Resource(
    _t.Backup,
    version=1,
    singular="backup",
    plural="backups",
    table="backups",
    doc="Platform, application and partial backups: what each holds and where it is stored. ``create_backup`` "
    "starts one (CREATING) until ``complete_backup`` (AVAILABLE) or ``fail_backup`` (FAILED); deleting it sets "
    "status DELETED. Soft-deletable.",
    filters=("creator_user_id", "primary_app_id", "backup_type", "status"),
    required=(
        "name",
        "created_by",
        "backup_type",
        "format_version",
        "source_environment",
        "storage_location",
        "manifest_path",
    ),
    updatable=(
        "name",
        "description",
        "metadata",
        "last_validated_at",
        "last_restored_at",
        "restore_target_environment",
        "restore_status",
    ),
    parents={"creator_user_id": "user", "primary_app_id": "app"},
    keyset=Keyset(filters=("primary_app_id", "status")),
    actions=(
        act(
            "complete_backup",
            params=("size_bytes",),
            optional=("storage_location",),
            types={"size_bytes": int},
            check=rules.size_not_negative,
            verb="complete",
            doc="Mark backup ``backup_id`` AVAILABLE with its size (and final location, when given). Raises "
            "``InvalidInput`` for a negative size, ``Conflict`` unless it is CREATING.",
        ),
        act(
            "fail_backup",
            optional=("error_message",),
            types={"error_message": str},
            verb="fail",
            doc="Mark backup ``backup_id`` FAILED, keeping ``error_message`` in its metadata (``error``). Raises "
            "``Conflict`` unless it is CREATING.",
        ),
    ),
)

RESOURCE_TYPES: Resource[ResourceType] = Resource(
    _t.ResourceType,
    version=1,
    singular="resource_type",
    plural="resource_types",
    table="resource_types",
    rules={"name": NOT_BLANK},
    doc="What can be billed, and in which unit ('CPU-hour', 'GB-month', 'request'). The name is unique.",
    filters=("category",),
    required=("name", "category", "unit_of_measurement"),
    updatable=("name", "category", "unit_of_measurement", "description"),
    actions=(
        lookup(
            "get_resource_type_by_name",
            ("name",),
            missing="{name!r}",
            doc="Return the resource type named ``name``. Raises ``NotFound``.",
        ),
    ),
)

PROVIDER_COSTS: Resource[ProviderCost] = Resource(
    _t.ProviderCost,
    version=1,
    singular="provider_cost",
    plural="provider_costs",
    table="provider_costs",
    doc="A provider's unit prices over time, per region and cost type.",
    filters=("provider_id", "region_id", "cost_type"),
    required=("provider_id", "cost_type", "unit", "unit_price", "effective_date"),
    updatable=("cost_subtype", "unit", "unit_price", "currency", "expiration_date"),
    parents={"provider_id": "provider", "region_id": "region"},
)

USAGE_COSTS: Resource[UsageCost] = Resource(
    _t.UsageCost,
    version=1,
    singular="usage_cost",
    plural="usage_costs",
    table="usage_costs",
    doc="What the platform used of a provider, and what it cost, over a time span. Recorded, not edited: no "
    "update query.",
    filters=("provider_id", "region_id", "app_id", "cost_type", "since", "until"),
    filter_types=TIME_RANGE,
    required=("provider_id", "cost_type", "usage_quantity", "unit", "total_cost", "usage_start", "usage_end"),
    parents={"provider_id": "provider", "region_id": "region", "app_id": "app"},
    keyset=Keyset(filters=("provider_id", "app_id"), order="usage_start"),
    bulk_insert=Bulk(
        "record_usage_costs",
        required=(
            "provider_id",
            "cost_type",
            "usage_quantity",
            "unit",
            "total_cost",
            "usage_start",
            "usage_end",
        ),
        doc="Each row gives provider_id, cost_type, usage_quantity, unit, total_cost, usage_start and usage_end "
        "(aware); region_id, app_id, cost_subtype and currency (default USD) are optional.",
        defaults={"currency": "USD"},
        load=True,
    ),
)

COST_SUMMARIES: Resource[CostSummary] = Resource(
    _t.CostSummary,
    version=1,
    singular="cost_summary",
    plural="cost_summaries",
    table="cost_summaries",
    spans=(("period_start", "period_end"),),
    doc="Costs added up per day, week or month, by provider, region, app and cost type.",
    filters=("provider_id", "region_id", "app_id", "cost_type", "summary_period"),
    required=("cost_type", "total_cost", "summary_period", "period_start", "period_end"),
    updatable=("total_cost", "currency"),
    parents={"provider_id": "provider", "region_id": "region", "app_id": "app"},
)

COST_METRICS: Resource[CostMetric] = Resource(
    _t.CostMetric,
    version=1,
    singular="cost_metric",
    plural="cost_metrics",
    table="cost_metrics",
    spans=(("start_time", "end_time"),),
    doc="Metered usage of one resource type, with its cost, over a time span; billing_period is 'YYYY-MM'. "
    "Recorded, not edited: no update query. Totals by org, app, resource type and month are in "
    "``omnidb/v1/domain/cost_metrics.py``.",
    filters=("resource_type_id", "org_id", "app_id", "provider_id", "region_id", "since", "until"),
    filter_types=TIME_RANGE,
    required=("resource_type_id", "start_time", "end_time", "usage_quantity", "unit_cost", "total_cost"),
    parents={
        "resource_type_id": "resource_type",
        "provider_id": "provider",
        "region_id": "region",
        "app_id": "app",
        "worker_id": "worker",
        "org_id": "org",
    },
    keyset=Keyset(filters=("org_id",), order="start_time"),
    bulk_insert=Bulk(
        "record_cost_metrics",
        required=(
            "resource_type_id",
            "start_time",
            "end_time",
            "usage_quantity",
            "unit_cost",
            "total_cost",
        ),
        doc="Each row gives resource_type_id, start_time and end_time (aware), usage_quantity, unit_cost and "
        "total_cost; the provider, region, app, worker, org, discount_percentage (default 0), discount_reason, "
        "billing_period and currency (default USD) are optional.",
        defaults={"currency": "USD", "discount_percentage": 0},
        load=True,
    ),
)

COST_PROJECTIONS: Resource[CostProjection] = Resource(
    _t.CostProjection,
    version=1,
    singular="cost_projection",
    plural="cost_projections",
    table="cost_projections",
    spans=(("start_date", "end_date"),),
    doc="Forecast costs of an org (or one of its apps) over a period; confidence_level 0.95 means 95%.",
    filters=("org_id", "app_id", "projection_period"),
    required=("org_id", "projection_period", "start_date", "end_date", "projected_cost", "projection_model"),
    updatable=("projected_cost", "projection_model", "confidence_level", "metadata"),
    parents={"org_id": "org", "app_id": "app"},
    actions=(
        Action(
            "get_cost_projection_for_date",
            ActionKind.LOOKUP,
            "get_cost_projection_for_date",
            "Return the newest projection of org ``org_id`` (of app ``app_id``; None: of the whole org) whose "
            "period covers ``on_date``. Raises ``NotFound``.",
            params=("org_id", "app_id", "on_date"),
            types={"on_date": date},
            missing="for org {org_id}, app {app_id}, on {on_date}",
        ),
    ),
)

COST_BUDGETS: Resource[CostBudget] = Resource(
    _t.CostBudget,
    version=1,
    singular="cost_budget",
    plural="cost_budgets",
    table="cost_budgets",
    rules={"budget_amount": NOT_NEGATIVE},
    spans=(("period_start", "period_end"),),
    doc="Spending limits of an org (or one of its apps) over a period, and the share of it spent at which to "
    "warn. The name is unique within its org. The threshold check is in ``omnidb/v1/domain/cost_budgets.py``. "
    "Soft-deletable.",
    filters=("org_id", "app_id", "is_active"),
    required=("org_id", "budget_name", "budget_amount", "budget_period"),
    updatable=(
        "budget_name",
        "budget_amount",
        "currency",
        "budget_period",
        "period_start",
        "period_end",
        "alert_threshold_percentage",
        "alert_contacts",
        "is_active",
    ),
    parents={"org_id": "org", "app_id": "app", "created_by": "user"},
)

RESOURCE_PRICING: Resource[ResourcePricing] = Resource(
    _t.ResourcePricing,
    version=1,
    singular="resource_price",
    plural="resource_pricing",
    table="resource_pricing",
    spans=(("effective_from", "effective_to"),),
    doc="Price of a resource type at a provider (and region) over time, by tier and pricing model "
    "('on-demand', 'reserved', 'spot').",
    filters=("resource_type_id", "provider_id", "region_id", "pricing_model"),
    required=("resource_type_id", "provider_id", "unit_price", "effective_from"),
    updatable=(
        "tier_name",
        "unit_price",
        "currency",
        "effective_to",
        "pricing_model",
        "commitment_period",
        "volume_discount_tiers",
    ),
    parents={"resource_type_id": "resource_type", "provider_id": "provider", "region_id": "region"},
    actions=(
        Action(
            "get_resource_price",
            ActionKind.LOOKUP,
            "get_resource_price",
            "Return the price of resource type ``resource_type_id`` at provider ``provider_id`` in effect at "
            "``at``: the region's own price when it has one, else the provider-wide one (region None); the most "
            "recent ``effective_from`` wins. Raises ``NotFound``.",
            params=("resource_type_id", "provider_id", "region_id", "at"),
            types={"at": datetime},
            missing="for resource type {resource_type_id} at provider {provider_id}, region {region_id}, at {at}",
        ),
    ),
)

COST_ALLOCATION_TAGS: Resource[CostAllocationTag] = Resource(
    _t.CostAllocationTag,
    version=1,
    singular="cost_allocation_tag",
    plural="cost_allocation_tags",
    table="cost_allocation_tags",
    doc="Key/value tags that attribute costs to a resource (an app, worker, instance, volume or service); "
    "``resource_id`` points into the table ``resource_type`` names, so no foreign key checks it.",
    filters=("resource_type", "resource_id", "tag_key"),
    required=("tag_key", "tag_value", "resource_id", "resource_type"),
    updatable=("tag_value",),
)


#: Every V1 resource by its module name (``omnidb.v1.<name>``), in the order declared above.
RESOURCES: dict[str, Resource[Any]] = {
    value.plural: value for value in list(globals().values()) if isinstance(value, Resource) and value.version == 1
}
