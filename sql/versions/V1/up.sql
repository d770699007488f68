-- =============================================================================
-- Migration: platform core
-- =============================================================================
-- Schema version 1 (API v1): the OmniOrchestrator platform tables.
-- Reference: OmniOrchestrator's sql/v1/platform_up.sql, ported to omnidb's
-- conventions:
--   * id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY on every entity table;
--   * created_at / updated_at DATETIME(6), set by the server, in UTC (omnidb
--     sessions run with time_zone '+00:00');
--   * a foreign key column is named <table>_id, has its own index (or leads a
--     composite one) and a named constraint fk_<table>_<column>;
--   * deleted_at marks soft-deleted rows; ENUM status columns; InnoDB, utf8mb4.
-- JSON columns: native JSON on MySQL 8.0; on MariaDB, JSON is LONGTEXT with an
-- automatic JSON_VALID check. Both reject invalid JSON.
-- Runs on MySQL 8.0+ and MariaDB 10.6+. Reverted by down.sql.
-- =============================================================================


-- -----------------------------------------------------------------------------
-- users: People who sign in to the platform. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE users (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    name VARCHAR(255) NULL,
    email_verified TINYINT(1) NOT NULL DEFAULT 0,
    -- a salted hash (argon2/bcrypt), never the password
    password_hash VARCHAR(255) NOT NULL,
    salt VARCHAR(255) NOT NULL,
    -- failed sign-ins since the last success
    login_attempts INT NOT NULL DEFAULT 0,
    locked_until DATETIME(6) NULL,
    two_factor_enabled TINYINT(1) NOT NULL DEFAULT 0,
    active TINYINT(1) NOT NULL DEFAULT 1,
    status ENUM('active', 'deactivated', 'suspended', 'pending') NOT NULL DEFAULT 'pending',
    last_login_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_users_email (email),
    INDEX idx_users_status (status),
    INDEX idx_users_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- orgs: The tenants: every app, space and domain belongs to one. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE orgs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NULL,
    description TEXT NULL,
    billing_email VARCHAR(255) NULL,
    plan ENUM('free', 'starter', 'professional', 'enterprise') NOT NULL DEFAULT 'free',
    status ENUM('active', 'suspended', 'pending') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_orgs_name (name),
    INDEX idx_orgs_status (status),
    INDEX idx_orgs_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- orgmember: Which users belong to which org, with their role in it.
-- -----------------------------------------------------------------------------
CREATE TABLE orgmember (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    role ENUM('owner', 'admin', 'billing', 'member', 'guest') NOT NULL DEFAULT 'member',
    invitation_status ENUM('pending', 'accepted', 'rejected') NOT NULL DEFAULT 'accepted',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_orgmember_org_id_user_id (org_id, user_id),
    INDEX idx_orgmember_user_id (user_id),
    CONSTRAINT fk_orgmember_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE CASCADE,
    CONSTRAINT fk_orgmember_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- roles: Named sets of permissions.
-- -----------------------------------------------------------------------------
CREATE TABLE roles (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    is_system_role TINYINT(1) NOT NULL DEFAULT 0,
    scope ENUM('global', 'organization', 'space', 'application') NOT NULL DEFAULT 'global',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_roles_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- permissions: What may be done (action) to what (resource_type).
-- -----------------------------------------------------------------------------
CREATE TABLE permissions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    resource_type VARCHAR(255) NOT NULL,
    action VARCHAR(50) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_permissions_name_action_resource_type (name, action, resource_type),
    INDEX idx_permissions_resource_type (resource_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- permissions_role: Which permissions each role grants.
-- -----------------------------------------------------------------------------
CREATE TABLE permissions_role (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    permission_id BIGINT NOT NULL,
    role_id BIGINT NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_permissions_role_role_id_permission_id (role_id, permission_id),
    INDEX idx_permissions_role_permission_id (permission_id),
    CONSTRAINT fk_permissions_role_permission_id FOREIGN KEY (permission_id)
        REFERENCES permissions (id) ON DELETE CASCADE,
    CONSTRAINT fk_permissions_role_role_id FOREIGN KEY (role_id)
        REFERENCES roles (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- role_user: Which roles each user holds, globally or scoped to an org, space or app.
-- -----------------------------------------------------------------------------
CREATE TABLE role_user (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    role_id BIGINT NOT NULL,
    scope_type ENUM('global', 'organization', 'space', 'application') NOT NULL DEFAULT 'global',
    -- id of the org/space/app; 0 for global
    scope_id BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_role_user_user_id_role_id_scope_type_scope_id
        (user_id, role_id, scope_type, scope_id),
    INDEX idx_role_user_role_id (role_id),
    CONSTRAINT fk_role_user_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_user_role_id FOREIGN KEY (role_id)
        REFERENCES roles (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- api_keys: Keys for programmatic access. Only a hash is stored; prefix identifies a key.
-- -----------------------------------------------------------------------------
CREATE TABLE api_keys (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    key_hash VARCHAR(255) NOT NULL,
    prefix VARCHAR(16) NOT NULL,
    scopes JSON NULL,
    expires_at DATETIME(6) NULL,
    last_used_at DATETIME(6) NULL,
    revoked TINYINT(1) NOT NULL DEFAULT 0,
    revoked_at DATETIME(6) NULL,
    -- the user who revoked it
    revoked_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_api_keys_prefix (prefix),
    INDEX idx_api_keys_org_id (org_id),
    INDEX idx_api_keys_user_id (user_id),
    INDEX idx_api_keys_revoked_by (revoked_by),
    CONSTRAINT fk_api_keys_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_api_keys_user_id FOREIGN KEY (user_id)
        REFERENCES users (id),
    CONSTRAINT fk_api_keys_revoked_by FOREIGN KEY (revoked_by)
        REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- providers: Where workers run: a cloud or an on-premises site.
-- -----------------------------------------------------------------------------
CREATE TABLE providers (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    provider_type ENUM('cloud', 'on-prem') NOT NULL DEFAULT 'cloud',
    status ENUM('active', 'maintenance', 'offline', 'deprecated') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_providers_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- regions: A provider's locations. The reference names the foreign key `provider`; here it is provider_id.
-- -----------------------------------------------------------------------------
CREATE TABLE regions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    location VARCHAR(255) NULL,
    is_public TINYINT(1) NOT NULL DEFAULT 1,
    -- the reference names it `class`, a keyword in Python
    region_class VARCHAR(50) NOT NULL DEFAULT 'primary',
    status ENUM('active', 'maintenance', 'offline', 'deprecated') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_regions_name (name),
    INDEX idx_regions_provider_id (provider_id),
    CONSTRAINT fk_regions_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- workers: The machines instances run on. Capacities in MB (memory, disk) and cores (cpu). Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE workers (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    instance_type VARCHAR(255) NULL,
    status ENUM(
        'active', 'provisioning', 'maintenance', 'powered_off', 'unreachable', 'degraded',
        'decommissioning'
    ) NOT NULL DEFAULT 'provisioning',
    cpu_total DOUBLE NOT NULL,
    cpu_available DOUBLE NOT NULL,
    -- MB
    memory_total DOUBLE NOT NULL,
    -- MB
    memory_available DOUBLE NOT NULL,
    -- MB
    disk_total DOUBLE NOT NULL,
    -- MB
    disk_available DOUBLE NOT NULL,
    ssh_address VARCHAR(255) NULL,
    ssh_port INT NOT NULL DEFAULT 22,
    ssh_user VARCHAR(50) NULL,
    docker_version VARCHAR(50) NULL,
    labels JSON NULL,
    last_heartbeat DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_workers_region_id_name (region_id, name),
    INDEX idx_workers_status (status),
    INDEX idx_workers_deleted_at (deleted_at),
    CONSTRAINT fk_workers_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- allocations: Resource plans an app's instances get: cores, MB, Mbps, and price.
-- -----------------------------------------------------------------------------
CREATE TABLE allocations (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    cpu DOUBLE NOT NULL,
    -- MB
    memory DOUBLE NOT NULL,
    -- Mbps
    uplink DOUBLE NOT NULL,
    -- Mbps
    downlink DOUBLE NOT NULL,
    -- MB
    disk DOUBLE NOT NULL,
    price_per_hour DECIMAL(10, 4) NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_allocations_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- spaces: An org's environments (production, staging...). Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE spaces (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    status ENUM('active', 'suspended', 'archived') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_spaces_org_id_name (org_id, name),
    INDEX idx_spaces_deleted_at (deleted_at),
    CONSTRAINT fk_spaces_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- apps: The applications the orchestrator deploys. An app's name is unique within its org. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE apps (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    space_id BIGINT NULL,
    region_id BIGINT NULL,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NULL,
    git_repo VARCHAR(255) NULL,
    git_branch VARCHAR(255) NOT NULL DEFAULT 'main',
    container_image_url VARCHAR(255) NULL,
    -- desired number of running instances
    instances INT NOT NULL DEFAULT 1,
    status ENUM(
        'started', 'stopped', 'crashed', 'starting', 'stopping', 'staged'
    ) NOT NULL DEFAULT 'stopped',
    maintenance_mode TINYINT(1) NOT NULL DEFAULT 0,
    labels JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_apps_org_id_name (org_id, name),
    -- (org_id) is also (org_id, id) in InnoDB: it serves an org's apps in id order
    INDEX idx_apps_org_id (org_id),
    INDEX idx_apps_space_id (space_id),
    INDEX idx_apps_region_id (region_id),
    INDEX idx_apps_status (status),
    INDEX idx_apps_deleted_at (deleted_at),
    CONSTRAINT fk_apps_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_apps_space_id FOREIGN KEY (space_id)
        REFERENCES spaces (id),
    CONSTRAINT fk_apps_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT chk_apps_instances CHECK (instances >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- instances: Running copies of an app, each on one worker. The reference calls the worker `node_id`; here it is worker_id.
-- -----------------------------------------------------------------------------
CREATE TABLE instances (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    worker_id BIGINT NULL,
    region_id BIGINT NULL,
    guid CHAR(36) NOT NULL,
    -- 0-based position among the app's instances
    instance_index INT NOT NULL,
    instance_type VARCHAR(255) NOT NULL,
    status ENUM(
        'running', 'starting', 'stopping', 'stopped', 'paused', 'crashed', 'degraded',
        'terminated', 'unknown'
    ) NOT NULL DEFAULT 'starting',
    health_status ENUM('healthy', 'degraded', 'critical', 'unknown') NOT NULL DEFAULT 'unknown',
    container_id VARCHAR(255) NULL,
    container_ip VARCHAR(45) NULL,
    cpu_usage DOUBLE NULL,
    memory_usage DOUBLE NULL,
    restart_count INT NOT NULL DEFAULT 0,
    last_health_check DATETIME(6) NULL,
    started_at DATETIME(6) NULL,
    stopped_at DATETIME(6) NULL,
    exit_code INT NULL,
    exit_reason TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_instances_app_id_instance_index (app_id, instance_index),
    INDEX idx_instances_app_id (app_id),
    UNIQUE KEY uq_instances_guid (guid),
    INDEX idx_instances_worker_id (worker_id),
    INDEX idx_instances_region_id (region_id),
    INDEX idx_instances_status (status),
    CONSTRAINT fk_instances_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_instances_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id),
    CONSTRAINT fk_instances_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- builds: Builds of an app's source into a runnable artifact.
-- -----------------------------------------------------------------------------
CREATE TABLE builds (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    source_version VARCHAR(255) NULL,
    commit_sha VARCHAR(64) NULL,
    commit_message TEXT NULL,
    author VARCHAR(255) NULL,
    status ENUM(
        'pending', 'building', 'succeeded', 'failed', 'canceled'
    ) NOT NULL DEFAULT 'pending',
    build_pack_used VARCHAR(255) NULL,
    build_image VARCHAR(255) NULL,
    build_arguments JSON NULL,
    log_url VARCHAR(255) NULL,
    artifact_url VARCHAR(255) NULL,
    artifact_checksum VARCHAR(255) NULL,
    -- bytes
    artifact_size BIGINT NULL,
    error_message TEXT NULL,
    started_at DATETIME(6) NULL,
    completed_at DATETIME(6) NULL,
    -- seconds
    build_duration INT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_builds_app_id (app_id),
    INDEX idx_builds_status (status),
    CONSTRAINT fk_builds_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- deployments: Rollouts of a build of an app.
-- -----------------------------------------------------------------------------
CREATE TABLE deployments (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    build_id BIGINT NOT NULL,
    version VARCHAR(50) NULL,
    status ENUM(
        'pending', 'in_progress', 'deployed', 'failed', 'canceled'
    ) NOT NULL DEFAULT 'pending',
    deployment_strategy ENUM(
        'rolling', 'blue-green', 'canary', 'recreate'
    ) NOT NULL DEFAULT 'rolling',
    previous_deployment_id BIGINT NULL,
    canary_percentage INT NOT NULL DEFAULT 20,
    staged_instances INT NOT NULL DEFAULT 0,
    total_instances INT NOT NULL DEFAULT 0,
    environment_variables JSON NULL,
    labels JSON NULL,
    error_message TEXT NULL,
    started_at DATETIME(6) NULL,
    completed_at DATETIME(6) NULL,
    -- seconds
    deployment_duration INT NULL,
    -- the user who started it
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_deployments_app_id (app_id),
    INDEX idx_deployments_build_id (build_id),
    INDEX idx_deployments_previous_deployment_id (previous_deployment_id),
    INDEX idx_deployments_created_by (created_by),
    INDEX idx_deployments_status (status),
    CONSTRAINT fk_deployments_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_deployments_build_id FOREIGN KEY (build_id)
        REFERENCES builds (id),
    CONSTRAINT fk_deployments_previous_deployment_id FOREIGN KEY (previous_deployment_id)
        REFERENCES deployments (id),
    CONSTRAINT fk_deployments_created_by FOREIGN KEY (created_by)
        REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- domains: DNS domains routes are served under. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE domains (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- NULL for system domains
    org_id BIGINT NULL,
    name VARCHAR(255) NOT NULL,
    domain_type ENUM('system', 'private', 'shared') NOT NULL DEFAULT 'private',
    ssl_enabled TINYINT(1) NOT NULL DEFAULT 0,
    ssl_expiry_date DATE NULL,
    auto_renew TINYINT(1) NOT NULL DEFAULT 1,
    verified TINYINT(1) NOT NULL DEFAULT 0,
    verification_method ENUM('dns', 'http', 'email', 'manual') NOT NULL DEFAULT 'dns',
    verification_status ENUM('pending', 'verified', 'failed') NOT NULL DEFAULT 'pending',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_domains_name (name),
    INDEX idx_domains_org_id (org_id),
    INDEX idx_domains_ssl_expiry_date (ssl_expiry_date),
    INDEX idx_domains_deleted_at (deleted_at),
    CONSTRAINT fk_domains_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- routes: host + path under a domain, served by an app.
-- -----------------------------------------------------------------------------
CREATE TABLE routes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    domain_id BIGINT NOT NULL,
    app_id BIGINT NULL,
    host VARCHAR(253) NOT NULL DEFAULT '',
    path VARCHAR(255) NOT NULL DEFAULT '',
    port INT NULL,
    weight INT NOT NULL DEFAULT 100,
    https_only TINYINT(1) NOT NULL DEFAULT 0,
    internal TINYINT(1) NOT NULL DEFAULT 0,
    status ENUM('active', 'reserved', 'suspended') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_routes_domain_id_host_path (domain_id, host, path),
    INDEX idx_routes_app_id (app_id),
    CONSTRAINT fk_routes_domain_id FOREIGN KEY (domain_id)
        REFERENCES domains (id),
    CONSTRAINT fk_routes_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- config_vars: An app's environment variables. Values are kept out of repr: they often hold secrets.
-- -----------------------------------------------------------------------------
CREATE TABLE config_vars (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    value TEXT NOT NULL,
    is_secret TINYINT(1) NOT NULL DEFAULT 0,
    description TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_config_vars_app_id_key (app_id, `key`),
    CONSTRAINT fk_config_vars_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- deployment_logs: Log lines of deployments. Append-only.
-- -----------------------------------------------------------------------------
CREATE TABLE deployment_logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    deployment_id BIGINT NOT NULL,
    log_type ENUM('app', 'system', 'deployment', 'build') NOT NULL DEFAULT 'deployment',
    log_level ENUM('debug', 'info', 'warn', 'error', 'fatal') NOT NULL DEFAULT 'info',
    message TEXT NOT NULL,
    metadata JSON NULL,
    -- when the line was emitted
    logged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_deployment_logs_deployment_id_logged_at (deployment_id, logged_at),
    INDEX idx_deployment_logs_logged_at (logged_at),
    CONSTRAINT fk_deployment_logs_deployment_id FOREIGN KEY (deployment_id)
        REFERENCES deployments (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- instance_logs: Log lines of running instances. Append-only.
-- -----------------------------------------------------------------------------
CREATE TABLE instance_logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    instance_id BIGINT NOT NULL,
    app_id BIGINT NOT NULL,
    log_type ENUM('app', 'system', 'deployment', 'build', 'task', 'audit') NOT NULL DEFAULT 'app',
    log_level ENUM('debug', 'info', 'warn', 'error', 'fatal') NOT NULL DEFAULT 'info',
    message TEXT NOT NULL,
    source VARCHAR(255) NULL,
    metadata JSON NULL,
    -- when the line was emitted
    logged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_instance_logs_instance_id_logged_at (instance_id, logged_at),
    INDEX idx_instance_logs_app_id_logged_at (app_id, logged_at),
    INDEX idx_instance_logs_logged_at (logged_at),
    CONSTRAINT fk_instance_logs_instance_id FOREIGN KEY (instance_id)
        REFERENCES instances (id) ON DELETE CASCADE,
    CONSTRAINT fk_instance_logs_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- metrics: Time series samples of apps and instances. Append-only.
-- -----------------------------------------------------------------------------
CREATE TABLE metrics (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NULL,
    instance_id BIGINT NULL,
    metric_name VARCHAR(255) NOT NULL,
    metric_value DOUBLE NOT NULL,
    labels JSON NULL,
    -- when the sample was taken
    recorded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_metrics_app_id_metric_name_recorded_at (app_id, metric_name, recorded_at),
    INDEX idx_metrics_app_id_recorded_at (app_id, recorded_at),
    INDEX idx_metrics_instance_id_recorded_at (instance_id, recorded_at),
    INDEX idx_metrics_metric_name_recorded_at (metric_name, recorded_at),
    INDEX idx_metrics_recorded_at (recorded_at),
    CONSTRAINT fk_metrics_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_metrics_instance_id FOREIGN KEY (instance_id)
        REFERENCES instances (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- audit_logs: Who did what to which resource. Append-only: no update or delete query exists.
-- -----------------------------------------------------------------------------
CREATE TABLE audit_logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NULL,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    action VARCHAR(255) NOT NULL,
    resource_type VARCHAR(255) NOT NULL,
    resource_id VARCHAR(255) NULL,
    before_state JSON NULL,
    after_state JSON NULL,
    details JSON NULL,
    ip_address VARCHAR(45) NULL,
    user_agent TEXT NULL,
    request_id VARCHAR(255) NULL,
    status ENUM('success', 'failure', 'warning') NOT NULL DEFAULT 'success',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_audit_logs_user_id_created_at (user_id, created_at),
    INDEX idx_audit_logs_org_id_created_at (org_id, created_at),
    INDEX idx_audit_logs_app_id_created_at (app_id, created_at),
    INDEX idx_audit_logs_action (action),
    INDEX idx_audit_logs_created_at (created_at),
    CONSTRAINT fk_audit_logs_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_audit_logs_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE SET NULL,
    CONSTRAINT fk_audit_logs_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
