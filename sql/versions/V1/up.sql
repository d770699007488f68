-- =============================================================================
-- Migration: platform core
-- =============================================================================
-- Schema version 1 (API v1): the OmniOrchestrator platform tables, every table
-- and column of the reference (OmniOrchestrator's sql/db_init.sql, 63 tables,
-- and the newer layout's sql/v1/omni_up.sql and platform_up.sql, which add
-- platforms and pipelines), ported to omnidb's conventions:
--   * id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY on every table (the
--     reference's join tables keyed by their two columns, and host_creds keyed
--     by a UUID, get an id; the old key stays a UNIQUE KEY);
--   * created_at / updated_at DATETIME(6) on every table, set by the server,
--     in UTC (omnidb sessions run with time_zone '+00:00'). The reference's
--     DATETIME and TIMESTAMP columns are DATETIME(6) here;
--   * NOT NULL wherever a value must exist: a reference column with a DEFAULT
--     but no NOT NULL is NOT NULL DEFAULT here;
--   * a foreign key column has its own index (or leads a composite one) and a
--     named constraint fk_<table>_<column>, declared after its column exists;
--   * deleted_at marks soft-deleted rows of entities (named things people
--     create and manage); logs, history, events, costs, join rows and
--     catalogues have none;
--   * ENUM status columns; InnoDB, utf8mb4; TINYINT(1) for flags (BOOLEAN).
--   * Counters, ports, seconds, percentages and limits are INT where the
--     reference says BIGINT (as in every table here: an INT holds 2^31); ids
--     and byte counts stay BIGINT.
-- JSON columns: native JSON on MySQL 8.0; on MariaDB, JSON is LONGTEXT with an
-- automatic JSON_VALID check. Both reject invalid JSON.
--
-- Collations. Text people read and search (display names, descriptions,
-- messages) uses the table default, utf8mb4_unicode_ci. A column that
-- identifies something (a name, key, email, token, hash, host, path, tag)
-- compares byte for byte, with NO PAD, so that distinct values stay distinct:
-- under utf8mb4_unicode_ci every emoji equals every other, 'straße' equals
-- 'strasse', 'Region' equals 'region', and (PAD SPACE) 'web ' equals 'web',
-- so a unique key refused the second of each pair. Such a column says
--     /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */
-- MariaDB runs the first (/*M! is MariaDB-only) and ignores the second
-- (MariaDB skips MySQL executable comments numbered 50700..99999); MySQL 8.0
-- skips the first (a plain comment to it) and runs the second. MariaDB's
-- utf8mb4_bin and MySQL's utf8mb4_bin are PAD SPACE, so neither will do.
--
-- ON DELETE. Soft-deleted rows stay, so a foreign key's rule only fires when
-- an operator purges rows by hand. The reference cascades almost everywhere;
-- here every constraint follows one of four rules, named at each table:
--   [owned]   CASCADE: rows that mean nothing without their parent and hold no
--             history of their own (a user's settings and sessions, join and
--             assignment rows, acknowledgments, an alert's escalations and
--             history, inbox notifications, log lines): purging the parent
--             purges them.
--   [keep]    RESTRICT (the default): entities, history and money (apps,
--             deployments, volumes, alerts, costs...) are never erased by a
--             cascade; a purge must remove them first, on purpose. The
--             reference's CASCADE is replaced by this rule on every such row
--             (deleting a provider there deleted its regions, workers, apps'
--             instances and every cost record).
--   [actor]   SET NULL: who did something (created_by, updated_by,
--             revoked_by, resolved_by, performed_by, creator_user_id): the
--             record stays when a user is purged, without the person.
--   [outlive] SET NULL: an optional link to a row that is deleted for real
--             (instances, snapshots, an app a backup or a route pointed at):
--             the row that points at it outlives it.
-- Runs on MySQL 8.0+ and MariaDB 10.6+. Reverted by down.sql.
-- =============================================================================


-- #############################################################################
-- Identity and access
-- #############################################################################

-- -----------------------------------------------------------------------------
-- users: People who sign in to the platform. Soft-deletable.
-- Reference differences: `password` is password_hash (it holds a hash, never
-- the password); `name` is omnidb's (the reference keeps names in user_pii).
-- -----------------------------------------------------------------------------
CREATE TABLE users (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    name VARCHAR(255) NULL,
    email_verified TINYINT(1) NOT NULL DEFAULT 0,
    -- a salted hash (argon2/bcrypt), never the password
    password_hash VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    salt VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    password_changed_at DATETIME(6) NULL,
    -- failed sign-ins since the last success
    login_attempts INT NOT NULL DEFAULT 0,
    locked_until DATETIME(6) NULL,
    two_factor_enabled TINYINT(1) NOT NULL DEFAULT 0,
    two_factor_verified TINYINT(1) NOT NULL DEFAULT 0,
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
-- user_meta: A user's preferences and non-sensitive settings, one row per user.
-- ON DELETE: user_id [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE user_meta (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    -- an IANA zone name
    timezone VARCHAR(50) NOT NULL DEFAULT 'UTC',
    language VARCHAR(10) NOT NULL DEFAULT 'en',
    theme VARCHAR(50) NOT NULL DEFAULT 'light',
    notification_preferences JSON NULL,
    profile_image VARCHAR(255) NULL,
    dashboard_layout JSON NULL,
    onboarding_completed TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    -- also the index of fk_user_meta_user_id (the reference adds a second one)
    UNIQUE KEY uq_user_meta_user_id (user_id),
    CONSTRAINT fk_user_meta_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- user_pii: Personally identifiable information of a user, one row per user,
-- kept apart so it can be protected and erased on its own. Names stay out of
-- repr. ON DELETE: user_id [owned] (erasing a user erases this).
-- -----------------------------------------------------------------------------
CREATE TABLE user_pii (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    first_name VARCHAR(100) NULL,
    last_name VARCHAR(100) NULL,
    full_name VARCHAR(255) NULL,
    identity_verified TINYINT(1) NOT NULL DEFAULT 0,
    identity_verification_date DATETIME(6) NULL,
    identity_verification_method VARCHAR(100) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_user_pii_user_id (user_id),
    INDEX idx_user_pii_identity_verified (identity_verified),
    CONSTRAINT fk_user_pii_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- user_sessions: Signed-in sessions. Tokens stay out of repr. A session ends
-- (is_active = 0) or expires; it is not soft-deleted. updated_at is added (the
-- reference has created_at only). ON DELETE: user_id [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE user_sessions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    session_token VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    refresh_token VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    ip_address VARCHAR(45) NULL,
    user_agent TEXT NULL,
    device_info JSON NULL,
    location_info JSON NULL,
    is_active TINYINT(1) NOT NULL DEFAULT 1,
    last_activity DATETIME(6) NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_user_sessions_session_token (session_token),
    UNIQUE KEY uq_user_sessions_refresh_token (refresh_token),
    INDEX idx_user_sessions_user_id_is_active (user_id, is_active),
    INDEX idx_user_sessions_expires_at (expires_at),
    CONSTRAINT fk_user_sessions_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- roles: Named sets of permissions. A catalogue: no soft delete.
-- -----------------------------------------------------------------------------
CREATE TABLE roles (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    is_system_role TINYINT(1) NOT NULL DEFAULT 0,
    scope ENUM('global', 'organization', 'space', 'application') NOT NULL DEFAULT 'global',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_roles_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- permissions: What may be done (action) to what (resource_type). A catalogue.
-- resource_type is NOT NULL (nullable in the reference): a permission on
-- nothing cannot be checked, and a NULL would escape the unique key.
-- -----------------------------------------------------------------------------
CREATE TABLE permissions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    resource_type VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    action VARCHAR(50) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_permissions_name_action_resource_type (name, action, resource_type),
    INDEX idx_permissions_resource_type (resource_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- permissions_role: Which permissions each role grants. The reference's
-- permissions_id is permission_id, and the row has an id (its old primary key
-- is the unique key). ON DELETE: both [owned].
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
-- role_user: Which roles each user holds, globally or scoped to an org, space
-- or app. Has an id (its old primary key is the unique key).
-- ON DELETE: both [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE role_user (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    role_id BIGINT NOT NULL,
    scope_type ENUM('global', 'organization', 'space', 'application') NOT NULL DEFAULT 'global',
    -- id of the org/space/app; 0 for global (which table depends on scope_type:
    -- no foreign key can say that)
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


-- #############################################################################
-- Tenancy
-- #############################################################################

-- -----------------------------------------------------------------------------
-- platforms: The virtual platforms a deployment hosts (the newer reference
-- layout keeps them in a separate "omni" database; here they share one).
-- Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE platforms (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    -- where the platform's data lives (the reference's name for it)
    table_name VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    subdomain VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_platforms_name (name),
    -- added: two platforms cannot answer on one subdomain
    UNIQUE KEY uq_platforms_subdomain (subdomain),
    INDEX idx_platforms_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- orgs: The tenants: every app, space and domain belongs to one. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE orgs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    display_name VARCHAR(255) NULL,
    description TEXT NULL,
    logo_url VARCHAR(255) NULL,
    website VARCHAR(255) NULL,
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
-- orgmember: Which users belong to which org, with their role in it. The
-- invitation token stays out of repr; it is unique (added) so a link finds
-- one invitation. ON DELETE: both [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE orgmember (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    role ENUM('owner', 'admin', 'billing', 'member', 'guest') NOT NULL DEFAULT 'member',
    invitation_status ENUM('pending', 'accepted', 'rejected') NOT NULL DEFAULT 'accepted',
    invitation_token VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    invitation_expires_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_orgmember_org_id_user_id (org_id, user_id),
    UNIQUE KEY uq_orgmember_invitation_token (invitation_token),
    INDEX idx_orgmember_user_id (user_id),
    CONSTRAINT fk_orgmember_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE CASCADE,
    CONSTRAINT fk_orgmember_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- api_keys: Keys for programmatic access. Only a hash is stored; prefix
-- identifies a key. Revoked, never deleted. ON DELETE: org_id, user_id [keep]
-- (the reference cascades); revoked_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE api_keys (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    key_hash VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    -- VARCHAR(10) in the reference: room for a longer prefix
    prefix VARCHAR(16) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- quotas: Resource limits of an org. Memory and disk in MB. Soft-deletable
-- (deleted_at added). The name is unique within its org (globally unique in
-- the reference: two orgs could not both have a "default" quota).
-- ON DELETE: org_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE quotas (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    -- MB
    memory_limit BIGINT NOT NULL,
    -- cores
    cpu_limit DOUBLE NULL,
    -- MB
    disk_limit BIGINT NULL,
    instance_limit INT NOT NULL,
    routes_limit INT NOT NULL,
    services_limit INT NOT NULL,
    buildpack_limit INT NULL,
    domains_limit INT NULL,
    allow_paid_services TINYINT(1) NOT NULL DEFAULT 1,
    concurrent_builds_limit INT NOT NULL DEFAULT 5,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_quotas_org_id_name (org_id, name),
    INDEX idx_quotas_deleted_at (deleted_at),
    CONSTRAINT fk_quotas_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- spaces: An org's environments (production, staging...). Soft-deletable.
-- ON DELETE: org_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE spaces (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    status ENUM('active', 'suspended', 'archived') NOT NULL DEFAULT 'active',
    isolation_segment VARCHAR(255) NULL,
    network_isolation TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_spaces_org_id_name (org_id, name),
    INDEX idx_spaces_deleted_at (deleted_at),
    CONSTRAINT fk_spaces_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Infrastructure
-- #############################################################################

-- -----------------------------------------------------------------------------
-- providers: Where workers run: a cloud or an on-premises site. A catalogue:
-- retired with status 'deprecated', not deleted.
-- -----------------------------------------------------------------------------
CREATE TABLE providers (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    display_name VARCHAR(255) NOT NULL,
    provider_type ENUM('cloud', 'on-prem') NOT NULL DEFAULT 'cloud',
    status ENUM('active', 'maintenance', 'offline', 'deprecated') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_providers_name (name),
    INDEX idx_providers_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- provider_audit_logs: What was done to each provider. Append-only.
-- ON DELETE: provider_id [keep] (the reference cascades: an audit trail must
-- not vanish with its subject).
-- -----------------------------------------------------------------------------
CREATE TABLE provider_audit_logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    action ENUM('create', 'update', 'delete', 'scale', 'deploy') NOT NULL,
    details TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_provider_audit_logs_provider_id_created_at (provider_id, created_at),
    CONSTRAINT fk_provider_audit_logs_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- regions: A provider's locations. Reference differences: `provider` is
-- provider_id; `class` (a Python keyword) is region_class; status is omnidb's;
-- `coordinates POINT` is latitude and longitude (degrees, WGS 84): a POINT
-- reaches Python as WKB bytes, needs ST_ functions in every query, and MySQL
-- and MariaDB disagree on its axis order; two numbers read the same
-- everywhere. ON DELETE: provider_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE regions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    display_name VARCHAR(255) NOT NULL,
    location VARCHAR(255) NULL,
    latitude DECIMAL(9, 6) NULL,
    longitude DECIMAL(9, 6) NULL,
    is_public TINYINT(1) NOT NULL DEFAULT 1,
    region_class VARCHAR(50) NOT NULL DEFAULT 'primary',
    status ENUM('active', 'maintenance', 'offline', 'deprecated') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_regions_name (name),
    INDEX idx_regions_provider_id (provider_id),
    CONSTRAINT fk_regions_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT chk_regions_latitude CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT chk_regions_longitude CHECK (longitude BETWEEN -180 AND 180)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- providers_regions: Which providers serve which regions, with the status of
-- each pairing. ON DELETE: both [owned] (a join row).
-- -----------------------------------------------------------------------------
CREATE TABLE providers_regions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    region_id BIGINT NOT NULL,
    status ENUM('active', 'maintenance', 'offline', 'deprecated') NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_providers_regions_provider_id_region_id (provider_id, region_id),
    INDEX idx_providers_regions_region_id (region_id),
    CONSTRAINT fk_providers_regions_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id) ON DELETE CASCADE,
    CONSTRAINT fk_providers_regions_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- workers: The machines instances run on. Capacities in cores (cpu), MB
-- (memory, disk) and Mbps (network). Soft-deletable. The ssh_key reference
-- stays out of repr. Reference differences: `provider_id VARCHAR` (the
-- provider's own id of the machine, e.g. an EC2 instance id, not a foreign
-- key) is provider_resource_id, so that <table>_id keeps meaning a foreign
-- key. ON DELETE: region_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE workers (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    provider_resource_id VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    instance_type VARCHAR(255) NULL,
    status ENUM(
        'active', 'provisioning', 'maintenance', 'powered_off', 'unreachable', 'degraded',
        'decommissioning'
    ) NOT NULL DEFAULT 'provisioning',
    cpu_total DOUBLE NOT NULL,
    cpu_available DOUBLE NOT NULL,
    cpu_reserved DOUBLE NOT NULL DEFAULT 0,
    -- MB
    memory_total DOUBLE NOT NULL,
    memory_available DOUBLE NOT NULL,
    memory_reserved DOUBLE NOT NULL DEFAULT 0,
    -- MB
    disk_total DOUBLE NOT NULL,
    disk_available DOUBLE NOT NULL,
    disk_reserved DOUBLE NOT NULL DEFAULT 0,
    -- Mbps
    network_in_capacity DOUBLE NULL,
    network_out_capacity DOUBLE NULL,
    ssh_address VARCHAR(255) NULL,
    ssh_port INT NOT NULL DEFAULT 22,
    ssh_user VARCHAR(50) NULL,
    -- which key to connect with (a name in the secret store or a path)
    ssh_key VARCHAR(255) NULL,
    docker_version VARCHAR(50) NULL,
    labels JSON NULL,
    taints JSON NULL,
    annotations JSON NULL,
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
-- nodes: The hosts that make up a worker (control plane, edge, storage...).
-- Soft-deletable (deleted_at added). ON DELETE: worker_id [keep] (the
-- reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE nodes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    worker_id BIGINT NOT NULL,
    node_type ENUM('master', 'worker', 'edge', 'storage') NOT NULL,
    hostname VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    ip_address VARCHAR(45) NOT NULL,
    cpu_cores INT NOT NULL,
    ram_gb INT NOT NULL,
    disk_gb INT NOT NULL,
    status ENUM(
        'active', 'maintenance', 'offline', 'provisioning', 'decommissioning'
    ) NOT NULL DEFAULT 'provisioning',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_nodes_worker_id_hostname (worker_id, hostname),
    INDEX idx_nodes_hostname (hostname),
    INDEX idx_nodes_status (status),
    INDEX idx_nodes_deleted_at (deleted_at),
    CONSTRAINT fk_nodes_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- host_creds: How to reach and authenticate to a physical or cloud host.
-- Secrets are stored encrypted by the orchestrator and stay out of repr.
-- Soft-deletable (deleted_at added). Reference differences: the table is keyed
-- by an id like every other; the reference's key, the UUID host_id, is a
-- unique key. ON DELETE: region_id [keep] (the reference cascades: losing a
-- region must not lose the means to reach its hosts).
-- -----------------------------------------------------------------------------
CREATE TABLE host_creds (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    host_id CHAR(36) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    host_name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    host_address VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    is_physical_node TINYINT(1) NOT NULL,
    -- 'aws', 'azure', 'gcp', 'on-prem'...
    provider_type VARCHAR(255) NULL,
    region_id BIGINT NULL,
    -- 'ssh-key', 'ssh-password', 'api-key', 'iam-role'...
    auth_type VARCHAR(50) NOT NULL,
    username VARCHAR(255) NULL,
    password_encrypted TEXT NULL,
    key_encrypted TEXT NULL,
    -- a key kept outside this database
    key_id VARCHAR(255) NULL,
    secret_encrypted TEXT NULL,
    port INT NULL,
    ssh_key_path VARCHAR(512) NULL,
    -- seconds
    connection_timeout INT NOT NULL DEFAULT 30,
    -- -1 for unlimited (cloud hosts)
    cpu_cores INT NULL,
    memory_gb INT NULL,
    storage_gb INT NULL,
    tags JSON NULL,
    last_connected_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_host_creds_host_id (host_id),
    UNIQUE KEY uq_host_creds_host_name (host_name),
    UNIQUE KEY uq_host_creds_host_address (host_address),
    INDEX idx_host_creds_region_id (region_id),
    INDEX idx_host_creds_provider_type (provider_type),
    INDEX idx_host_creds_deleted_at (deleted_at),
    CONSTRAINT fk_host_creds_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- allocations: Resource plans an app's instances get: cores, MB, Mbps, and
-- price. A catalogue.
-- -----------------------------------------------------------------------------
CREATE TABLE allocations (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- VARCHAR(100) in the reference
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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
-- data_services: Managed services apps bind to (databases, caches, queues...).
-- The connection string may hold a password: it stays out of repr.
-- Soft-deletable. ON DELETE: region_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE data_services (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    region_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    display_name VARCHAR(255) NULL,
    service_type ENUM(
        'database', 'cache', 'message_queue', 'network_filesystem', 'cdn', 'search', 'ai',
        'analytics'
    ) NOT NULL,
    -- e.g. mysql, redis, rabbitmq
    service_subtype VARCHAR(100) NULL,
    status ENUM(
        'active', 'provisioning', 'maintenance', 'powered_off', 'unreachable', 'degraded',
        'decommissioning'
    ) NOT NULL DEFAULT 'active',
    version VARCHAR(50) NULL,
    plan VARCHAR(50) NOT NULL,
    tier ENUM('free', 'basic', 'standard', 'premium', 'enterprise') NOT NULL DEFAULT 'standard',
    is_highly_available TINYINT(1) NOT NULL DEFAULT 0,
    backup_enabled TINYINT(1) NOT NULL DEFAULT 1,
    backup_retention_days INT NOT NULL DEFAULT 7,
    encryption_at_rest TINYINT(1) NOT NULL DEFAULT 1,
    connection_string VARCHAR(255) NULL,
    endpoint VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_data_services_region_id_name (region_id, name),
    INDEX idx_data_services_status (status),
    INDEX idx_data_services_service_type (service_type),
    INDEX idx_data_services_deleted_at (deleted_at),
    CONSTRAINT fk_data_services_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Applications
-- #############################################################################

-- -----------------------------------------------------------------------------
-- apps: The applications the orchestrator deploys. An app's name is unique
-- within its org. Soft-deletable. git_credentials_id and
-- container_registry_credentials_id name credentials in the orchestrator's
-- secret store, outside this database: no table to reference, so no foreign
-- key. ON DELETE: org_id [keep] (the reference cascades); space_id,
-- region_id, default_allocation_id [keep].
-- -----------------------------------------------------------------------------
CREATE TABLE apps (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    space_id BIGINT NULL,
    region_id BIGINT NULL,
    default_allocation_id BIGINT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    display_name VARCHAR(255) NULL,
    git_repo VARCHAR(255) NULL,
    git_branch VARCHAR(255) NOT NULL DEFAULT 'main',
    git_credentials_id BIGINT NULL,
    container_image_url VARCHAR(255) NULL,
    container_registry_credentials_id BIGINT NULL,
    buildpack_url VARCHAR(255) NULL,
    runtime VARCHAR(255) NULL,
    -- desired number of running instances
    instances INT NOT NULL DEFAULT 1,
    health_check_type ENUM('http', 'port', 'process', 'tcp', 'custom') NOT NULL DEFAULT 'port',
    health_check_endpoint VARCHAR(255) NULL,
    -- seconds
    health_check_interval INT NOT NULL DEFAULT 30,
    -- seconds
    health_check_timeout INT NOT NULL DEFAULT 30,
    health_check_retries INT NOT NULL DEFAULT 3,
    restart_policy ENUM('always', 'on-failure', 'no') NOT NULL DEFAULT 'always',
    status ENUM(
        'started', 'stopped', 'crashed', 'starting', 'stopping', 'staged'
    ) NOT NULL DEFAULT 'stopped',
    maintenance_mode TINYINT(1) NOT NULL DEFAULT 0,
    auto_scaling_enabled TINYINT(1) NOT NULL DEFAULT 0,
    deployment_strategy ENUM(
        'rolling', 'blue-green', 'canary', 'recreate'
    ) NOT NULL DEFAULT 'rolling',
    canary_percentage INT NOT NULL DEFAULT 20,
    -- seconds
    idle_timeout INT NOT NULL DEFAULT 300,
    max_concurrent_builds INT NOT NULL DEFAULT 1,
    labels JSON NULL,
    annotations JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_apps_org_id_name (org_id, name),
    -- (org_id) is also (org_id, id) in InnoDB: it serves an org's apps in id order
    INDEX idx_apps_org_id (org_id),
    INDEX idx_apps_space_id (space_id),
    INDEX idx_apps_region_id (region_id),
    INDEX idx_apps_default_allocation_id (default_allocation_id),
    INDEX idx_apps_status (status),
    INDEX idx_apps_deleted_at (deleted_at),
    CONSTRAINT fk_apps_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_apps_space_id FOREIGN KEY (space_id)
        REFERENCES spaces (id),
    CONSTRAINT fk_apps_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_apps_default_allocation_id FOREIGN KEY (default_allocation_id)
        REFERENCES allocations (id),
    CONSTRAINT chk_apps_instances CHECK (instances >= 0),
    CONSTRAINT chk_apps_canary_percentage CHECK (canary_percentage BETWEEN 0 AND 100)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- instances: Running copies of an app, each on one worker. Deleted for real
-- when gone (no deleted_at). Reference differences: node_id is worker_id (it
-- references workers; `nodes` is another table), start_time / stop_time are
-- started_at / stopped_at. ON DELETE: app_id [keep] (the reference
-- cascades); worker_id, region_id, allocation_id [keep].
-- -----------------------------------------------------------------------------
CREATE TABLE instances (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    worker_id BIGINT NULL,
    region_id BIGINT NULL,
    allocation_id BIGINT NULL,
    guid CHAR(36) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    -- 0-based position among the app's instances
    instance_index INT NOT NULL,
    instance_type VARCHAR(255) NOT NULL,
    status ENUM(
        'running', 'starting', 'stopping', 'stopped', 'paused', 'crashed', 'degraded',
        'terminated', 'unknown'
    ) NOT NULL DEFAULT 'starting',
    health_status ENUM('healthy', 'degraded', 'critical', 'unknown') NOT NULL DEFAULT 'unknown',
    container_id VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    container_ip VARCHAR(45) NULL,
    cpu_usage DOUBLE NULL,
    memory_usage DOUBLE NULL,
    disk_usage DOUBLE NULL,
    -- seconds
    uptime BIGINT NOT NULL DEFAULT 0,
    restart_count INT NOT NULL DEFAULT 0,
    last_restart_reason TEXT NULL,
    last_health_check DATETIME(6) NULL,
    started_at DATETIME(6) NULL,
    stopped_at DATETIME(6) NULL,
    exit_code INT NULL,
    exit_reason TEXT NULL,
    scheduler_metadata JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_instances_app_id_instance_index (app_id, instance_index),
    INDEX idx_instances_app_id (app_id),
    UNIQUE KEY uq_instances_guid (guid),
    INDEX idx_instances_worker_id (worker_id),
    INDEX idx_instances_region_id (region_id),
    INDEX idx_instances_allocation_id (allocation_id),
    INDEX idx_instances_status (status),
    CONSTRAINT fk_instances_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_instances_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id),
    CONSTRAINT fk_instances_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_instances_allocation_id FOREIGN KEY (allocation_id)
        REFERENCES allocations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- builds: Builds of an app's source into a runnable artifact. History: no
-- soft delete. updated_at is added. ON DELETE: app_id [keep] (the reference
-- cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE builds (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    source_version VARCHAR(255) NULL,
    -- VARCHAR(255) in the reference; a SHA-256 commit id is 64 hex digits
    commit_sha VARCHAR(64) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    commit_message TEXT NULL,
    author VARCHAR(255) NULL,
    status ENUM(
        'pending', 'building', 'succeeded', 'failed', 'canceled'
    ) NOT NULL DEFAULT 'pending',
    build_pack_used VARCHAR(255) NULL,
    build_pack_url VARCHAR(255) NULL,
    build_pack_version VARCHAR(50) NULL,
    build_image VARCHAR(255) NULL,
    build_arguments JSON NULL,
    build_environment JSON NULL,
    build_cache_key VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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
-- deployments: Rollouts of a build of an app. History: no soft delete.
-- updated_at is added. ON DELETE: app_id [keep] (the reference cascades);
-- build_id, previous_deployment_id [keep]; created_by [actor].
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
    annotations JSON NULL,
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
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- rollbacks: Returns of an app from one deployment to an earlier one. History:
-- no soft delete. updated_at is added. ON DELETE: app_id [keep] (the
-- reference cascades); from/to_deployment_id [keep]; created_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE rollbacks (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    from_deployment_id BIGINT NOT NULL,
    to_deployment_id BIGINT NOT NULL,
    status ENUM('pending', 'in_progress', 'completed', 'failed') NOT NULL DEFAULT 'pending',
    reason TEXT NULL,
    automatic TINYINT(1) NOT NULL DEFAULT 0,
    trigger_condition VARCHAR(255) NULL,
    started_at DATETIME(6) NULL,
    completed_at DATETIME(6) NULL,
    -- seconds
    rollback_duration INT NULL,
    error_message TEXT NULL,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_rollbacks_app_id_created_at (app_id, created_at),
    INDEX idx_rollbacks_from_deployment_id (from_deployment_id),
    INDEX idx_rollbacks_to_deployment_id (to_deployment_id),
    INDEX idx_rollbacks_created_by (created_by),
    INDEX idx_rollbacks_status (status),
    CONSTRAINT fk_rollbacks_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_rollbacks_from_deployment_id FOREIGN KEY (from_deployment_id)
        REFERENCES deployments (id),
    CONSTRAINT fk_rollbacks_to_deployment_id FOREIGN KEY (to_deployment_id)
        REFERENCES deployments (id),
    CONSTRAINT fk_rollbacks_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- pipelines: An app's delivery pipelines; stages is a JSON array of stage
-- definitions. Soft-deletable (deleted_at added). The name is unique within
-- the app (added). The reference (platform_up.sql) keeps users in another
-- database, so created_by / updated_by have no constraint there; here they
-- do. ON DELETE: app_id [keep] (the reference cascades); created_by,
-- updated_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE pipelines (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    status ENUM('draft', 'active', 'paused', 'archived') NOT NULL DEFAULT 'draft',
    stages JSON NULL,
    created_by BIGINT NULL,
    updated_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_pipelines_app_id_name (app_id, name),
    INDEX idx_pipelines_status (status),
    INDEX idx_pipelines_created_by (created_by),
    INDEX idx_pipelines_updated_by (updated_by),
    INDEX idx_pipelines_deleted_at (deleted_at),
    CONSTRAINT fk_pipelines_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_pipelines_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_pipelines_updated_by FOREIGN KEY (updated_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- tasks: One-off commands run in an app's environment. History: no soft
-- delete. updated_at is added. Reference differences: node_id is worker_id
-- (it references workers). sequence_id numbers an app's tasks; it is not a
-- foreign key. ON DELETE: app_id [keep] (the reference cascades); worker_id
-- [keep]; created_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE tasks (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    worker_id BIGINT NULL,
    command TEXT NOT NULL,
    name VARCHAR(255) NULL,
    status ENUM('pending', 'running', 'succeeded', 'failed', 'canceled') NOT NULL DEFAULT 'pending',
    memory_in_mb INT NULL,
    disk_in_mb INT NULL,
    cpu DOUBLE NULL,
    timeout_seconds INT NOT NULL DEFAULT 3600,
    result TEXT NULL,
    exit_code INT NULL,
    sequence_id BIGINT NULL,
    started_at DATETIME(6) NULL,
    completed_at DATETIME(6) NULL,
    -- seconds
    duration INT NULL,
    error_message TEXT NULL,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_tasks_app_id_created_at (app_id, created_at),
    INDEX idx_tasks_worker_id (worker_id),
    INDEX idx_tasks_created_by (created_by),
    INDEX idx_tasks_status (status),
    CONSTRAINT fk_tasks_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_tasks_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id),
    CONSTRAINT fk_tasks_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- health_checks: How the orchestrator probes an app's instances. Times in
-- seconds. Soft-deletable (deleted_at added). ON DELETE: app_id [keep] (the
-- reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE health_checks (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    type ENUM('http', 'tcp', 'port', 'process', 'custom') NOT NULL DEFAULT 'port',
    endpoint VARCHAR(255) NULL,
    timeout INT NOT NULL DEFAULT 60,
    check_interval INT NOT NULL DEFAULT 10,
    healthy_threshold INT NOT NULL DEFAULT 3,
    unhealthy_threshold INT NOT NULL DEFAULT 3,
    port INT NULL,
    protocol ENUM('http', 'https', 'tcp') NOT NULL DEFAULT 'http',
    http_status_codes VARCHAR(255) NOT NULL DEFAULT '200-399',
    response_body_regex VARCHAR(255) NULL,
    follow_redirects TINYINT(1) NOT NULL DEFAULT 1,
    initial_delay_seconds INT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    INDEX idx_health_checks_app_id (app_id),
    INDEX idx_health_checks_deleted_at (deleted_at),
    CONSTRAINT fk_health_checks_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- autoscaling_rules: When to add or remove an app's instances. Soft-deletable
-- (deleted_at added). ON DELETE: app_id [keep] (the reference cascades);
-- created_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE autoscaling_rules (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    name VARCHAR(255) NULL,
    min_instances INT NOT NULL DEFAULT 1,
    max_instances INT NOT NULL DEFAULT 1,
    target_instances INT NULL,
    metric_type ENUM(
        'cpu', 'memory', 'http_throughput', 'http_latency', 'queue_depth', 'custom'
    ) NOT NULL,
    custom_metric_name VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    custom_metric_query TEXT NULL,
    threshold_value DOUBLE NOT NULL,
    threshold_unit VARCHAR(50) NULL,
    comparison_operator ENUM(
        'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold',
        'LessThanOrEqualToThreshold'
    ) NOT NULL DEFAULT 'GreaterThanOrEqualToThreshold',
    evaluation_periods INT NOT NULL DEFAULT 1,
    period_seconds INT NOT NULL DEFAULT 60,
    scaling_adjustment INT NOT NULL DEFAULT 1,
    cooldown_period_seconds INT NOT NULL DEFAULT 300,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    INDEX idx_autoscaling_rules_app_id (app_id),
    INDEX idx_autoscaling_rules_created_by (created_by),
    INDEX idx_autoscaling_rules_deleted_at (deleted_at),
    CONSTRAINT fk_autoscaling_rules_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_autoscaling_rules_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT chk_autoscaling_rules_instances CHECK (min_instances <= max_instances)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- network_policies: Which app may reach which, by protocol and port range.
-- Soft-deletable (deleted_at added). ON DELETE: source_app_id,
-- destination_app_id [keep] (the reference cascades); created_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE network_policies (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    source_app_id BIGINT NOT NULL,
    destination_app_id BIGINT NOT NULL,
    protocol ENUM('tcp', 'udp', 'icmp', 'all') NOT NULL DEFAULT 'tcp',
    port_range_start INT NULL,
    port_range_end INT NULL,
    description TEXT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    priority INT NOT NULL DEFAULT 1000,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    -- leads with source_app_id: also the index of its foreign key
    UNIQUE KEY uq_network_policies_source_destination_protocol_ports
        (source_app_id, destination_app_id, protocol, port_range_start, port_range_end),
    INDEX idx_network_policies_destination_app_id (destination_app_id),
    INDEX idx_network_policies_created_by (created_by),
    INDEX idx_network_policies_deleted_at (deleted_at),
    CONSTRAINT fk_network_policies_source_app_id FOREIGN KEY (source_app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_network_policies_destination_app_id FOREIGN KEY (destination_app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_network_policies_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- service_bindings: Which data services each app is bound to, with the
-- credentials handed to it (encrypted; kept out of repr). A binding ends by
-- its status ('deleting', 'deleted'), so it has no deleted_at.
-- ON DELETE: app_id, service_id [keep] (the reference cascades: a purge must
-- unbind first, so no credentials are left behind unnoticed).
-- -----------------------------------------------------------------------------
CREATE TABLE service_bindings (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    -- a data_services row
    service_id BIGINT NOT NULL,
    credentials TEXT NULL,
    credentials_encryption_key_id VARCHAR(255) NULL,
    binding_name VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    mount_path VARCHAR(255) NULL,
    environment_injection TINYINT(1) NOT NULL DEFAULT 1,
    status ENUM('creating', 'created', 'deleting', 'deleted', 'failed') NOT NULL DEFAULT 'creating',
    last_operation VARCHAR(255) NULL,
    error_message TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_service_bindings_app_id_service_id (app_id, service_id),
    INDEX idx_service_bindings_service_id (service_id),
    INDEX idx_service_bindings_status (status),
    CONSTRAINT fk_service_bindings_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_service_bindings_service_id FOREIGN KEY (service_id)
        REFERENCES data_services (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- config_vars: An app's environment variables. Values are kept out of repr:
-- they often hold secrets. value is NOT NULL (nullable in the reference: an
-- unset variable has no row). ON DELETE: app_id [keep] (the reference
-- cascades); created_by, updated_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE config_vars (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    `key` VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    value TEXT NOT NULL,
    is_secret TINYINT(1) NOT NULL DEFAULT 0,
    encryption_key_id VARCHAR(255) NULL,
    description TEXT NULL,
    created_by BIGINT NULL,
    updated_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_config_vars_app_id_key (app_id, `key`),
    INDEX idx_config_vars_created_by (created_by),
    INDEX idx_config_vars_updated_by (updated_by),
    CONSTRAINT fk_config_vars_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_config_vars_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_config_vars_updated_by FOREIGN KEY (updated_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Routing
-- #############################################################################

-- -----------------------------------------------------------------------------
-- domains: DNS domains routes are served under. Soft-deletable (deleted_at
-- added). The certificate data and the path of its private key stay out of
-- repr. ON DELETE: org_id [keep] (the reference cascades).
-- -----------------------------------------------------------------------------
CREATE TABLE domains (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- NULL for system domains
    org_id BIGINT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    domain_type ENUM('system', 'private', 'shared') NOT NULL DEFAULT 'private',
    ssl_enabled TINYINT(1) NOT NULL DEFAULT 0,
    ssl_cert_path VARCHAR(255) NULL,
    ssl_key_path VARCHAR(255) NULL,
    ssl_cert_data TEXT NULL,
    ssl_issuer VARCHAR(255) NULL,
    ssl_expiry_date DATE NULL,
    auto_renew TINYINT(1) NOT NULL DEFAULT 1,
    dns_validation_record VARCHAR(255) NULL,
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
-- routes: host + path under a domain, served by an app. VARCHAR(253) host
-- (255 in the reference): the longest DNS name. ON DELETE: domain_id [keep]
-- (the reference cascades); app_id [outlive] (a route outlives its app,
-- unassigned).
-- -----------------------------------------------------------------------------
CREATE TABLE routes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    domain_id BIGINT NOT NULL,
    app_id BIGINT NULL,
    host VARCHAR(253) NOT NULL DEFAULT ''
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    path VARCHAR(255) NOT NULL DEFAULT ''
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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


-- #############################################################################
-- Storage
-- #############################################################################

-- -----------------------------------------------------------------------------
-- storage_classes: Kinds of storage volumes are provisioned from. The name is
-- unique (added: volumes find their class by it). Soft-deletable (deleted_at
-- added).
-- -----------------------------------------------------------------------------
CREATE TABLE storage_classes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    provisioner VARCHAR(255) NOT NULL,
    reclaim_policy ENUM('Delete', 'Retain') NOT NULL DEFAULT 'Delete',
    volume_binding_mode ENUM('Immediate', 'WaitForFirstConsumer') NOT NULL DEFAULT 'Immediate',
    allow_volume_expansion TINYINT(1) NOT NULL DEFAULT 1,
    storage_type ENUM('local-disk', 'local-resilient', 'distributed', 'geo-replicated') NOT NULL,
    default_filesystem VARCHAR(50) NOT NULL DEFAULT 'ext4',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_storage_classes_name (name),
    INDEX idx_storage_classes_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- storage_qos_policies: IOPS, throughput and latency limits volumes can be
-- given. Soft-deletable (deleted_at added).
-- -----------------------------------------------------------------------------
CREATE TABLE storage_qos_policies (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    max_iops INT NULL,
    -- MB/s
    max_throughput_mbps INT NULL,
    burst_iops INT NULL,
    burst_duration_seconds INT NULL,
    latency_target_ms INT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_storage_qos_policies_name (name),
    INDEX idx_storage_qos_policies_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- storage_volumes: An app's persistent volumes, in GB. Soft-deletable
-- (deleted_at added; status follows the backing storage). storage_class
-- repeats the class name as the reference has it; storage_class_id is the
-- reference that counts. Reference differences: node_id (the worker the
-- volume is mounted on) is worker_id. snapshot_id gets its constraint below,
-- once storage_snapshots exists. ON DELETE: app_id [keep] (the reference
-- cascades); storage_class_id [keep] (the reference cascades: deleting a
-- class would have deleted every volume of it, data and all); worker_id
-- [keep]; snapshot_id [outlive].
-- -----------------------------------------------------------------------------
CREATE TABLE storage_volumes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    storage_class_id BIGINT NOT NULL,
    worker_id BIGINT NOT NULL,
    -- the snapshot it was created from
    snapshot_id BIGINT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    size_gb INT NOT NULL,
    storage_class VARCHAR(100) NOT NULL DEFAULT 'standard',
    access_mode ENUM(
        'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'
    ) NOT NULL DEFAULT 'ReadWriteOnce',
    status ENUM(
        'Provisioned', 'Bound', 'Mounted', 'Released', 'Deleting', 'Deleted'
    ) NOT NULL DEFAULT 'Provisioned',
    encryption_enabled TINYINT(1) NOT NULL DEFAULT 0,
    persistence_level ENUM('Basic', 'Enhanced', 'High', 'Maximum') NOT NULL DEFAULT 'High',
    write_concern ENUM(
        'WriteAcknowledged', 'WriteDurable', 'WriteReplicated', 'WriteDistributed'
    ) NOT NULL DEFAULT 'WriteDurable',
    reclaim_policy ENUM('Delete', 'Retain') NOT NULL DEFAULT 'Delete',
    filesystem_type VARCHAR(50) NOT NULL DEFAULT 'ext4',
    mount_path VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_storage_volumes_app_id_name (app_id, name),
    INDEX idx_storage_volumes_storage_class_id (storage_class_id),
    INDEX idx_storage_volumes_worker_id (worker_id),
    INDEX idx_storage_volumes_snapshot_id (snapshot_id),
    INDEX idx_storage_volumes_status (status),
    INDEX idx_storage_volumes_deleted_at (deleted_at),
    CONSTRAINT fk_storage_volumes_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_storage_volumes_storage_class_id FOREIGN KEY (storage_class_id)
        REFERENCES storage_classes (id),
    CONSTRAINT fk_storage_volumes_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- storage_snapshots: Point-in-time copies of a volume, in GB. Soft-deletable
-- (deleted_at added). updated_at is added. ON DELETE: volume_id [keep] (the
-- reference cascades: a snapshot is often kept precisely because its volume
-- went away).
-- -----------------------------------------------------------------------------
CREATE TABLE storage_snapshots (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    volume_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    size_gb INT NOT NULL,
    status ENUM('Creating', 'Available', 'Deleting', 'Deleted') NOT NULL DEFAULT 'Creating',
    description VARCHAR(255) NULL,
    -- keep it at least until then
    retention_date DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_storage_snapshots_volume_id_name (volume_id, name),
    INDEX idx_storage_snapshots_status (status),
    INDEX idx_storage_snapshots_deleted_at (deleted_at),
    CONSTRAINT fk_storage_snapshots_volume_id FOREIGN KEY (volume_id)
        REFERENCES storage_volumes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A volume made from a snapshot keeps working when the snapshot is purged.
ALTER TABLE storage_volumes
    ADD CONSTRAINT fk_storage_volumes_snapshot_id FOREIGN KEY (snapshot_id)
        REFERENCES storage_snapshots (id) ON DELETE SET NULL;


-- -----------------------------------------------------------------------------
-- storage_migrations: Moves of a volume's data to another volume. History: no
-- soft delete. created_at / updated_at are added. created_by names who or what
-- started it (often the platform itself), as the reference has it: it is not
-- a user id. ON DELETE: source_volume_id, destination_volume_id [keep].
-- -----------------------------------------------------------------------------
CREATE TABLE storage_migrations (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    source_volume_id BIGINT NOT NULL,
    destination_volume_id BIGINT NOT NULL,
    migration_type ENUM('StorageClass', 'Node', 'Zone', 'Environment') NOT NULL,
    status ENUM(
        'Pending', 'Copying', 'Syncing', 'ReadyForCutover', 'Completed', 'Failed'
    ) NOT NULL DEFAULT 'Pending',
    progress_percent INT NOT NULL DEFAULT 0,
    started_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    completed_at DATETIME(6) NULL,
    -- online: the volume stays in use while it moves
    is_online TINYINT(1) NOT NULL DEFAULT 1,
    error_message TEXT NULL,
    created_by VARCHAR(100) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_storage_migrations_source_volume_id (source_volume_id),
    INDEX idx_storage_migrations_destination_volume_id (destination_volume_id),
    INDEX idx_storage_migrations_status (status),
    CONSTRAINT fk_storage_migrations_source_volume_id FOREIGN KEY (source_volume_id)
        REFERENCES storage_volumes (id),
    CONSTRAINT fk_storage_migrations_destination_volume_id FOREIGN KEY (destination_volume_id)
        REFERENCES storage_volumes (id),
    CONSTRAINT chk_storage_migrations_progress_percent CHECK (progress_percent BETWEEN 0 AND 100)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- volume_qos_policy_assignments: Which QoS policies apply to which volume.
-- Has an id (the reference's primary key is the unique key); created_at /
-- updated_at are added. ON DELETE: volume_id, policy_id [owned] (a join row).
-- -----------------------------------------------------------------------------
CREATE TABLE volume_qos_policy_assignments (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    volume_id BIGINT NOT NULL,
    policy_id BIGINT NOT NULL,
    assigned_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_volume_qos_policy_assignments_volume_id_policy_id (volume_id, policy_id),
    INDEX idx_volume_qos_policy_assignments_policy_id (policy_id),
    CONSTRAINT fk_volume_qos_policy_assignments_volume_id FOREIGN KEY (volume_id)
        REFERENCES storage_volumes (id) ON DELETE CASCADE,
    CONSTRAINT fk_volume_qos_policy_assignments_policy_id FOREIGN KEY (policy_id)
        REFERENCES storage_qos_policies (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Logs, metrics and audit
-- #############################################################################

-- -----------------------------------------------------------------------------
-- deployment_logs: Log lines of deployments. Append-only. The reference's
-- `timestamp` is logged_at; created_at / updated_at are added.
-- ON DELETE: deployment_id [owned].
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
-- instance_logs: Log lines of running instances. Append-only. The reference's
-- `timestamp` is logged_at; created_at / updated_at are added. ROW_FORMAT=
-- COMPRESSED is left out (MySQL 8 with innodb_file_per_table only, and a
-- per-server choice). ON DELETE: instance_id [owned]; app_id [keep].
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
-- metrics: Time series samples of apps and instances. Append-only. The
-- reference's `timestamp` is recorded_at; instance_id, created_at and
-- updated_at are omnidb's. ON DELETE: app_id [keep] (the reference
-- cascades); instance_id [owned] (an instance's samples go with it).
-- -----------------------------------------------------------------------------
CREATE TABLE metrics (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NULL,
    instance_id BIGINT NULL,
    metric_name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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
-- audit_logs: Who did what to which resource. Append-only: no update or
-- delete query exists. updated_at is added. ON DELETE: user_id, org_id,
-- app_id SET NULL, as in the reference ([actor]: the trail stays, without
-- the purged subject).
-- -----------------------------------------------------------------------------
CREATE TABLE audit_logs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NULL,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    action VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    resource_type VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    resource_id VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    before_state JSON NULL,
    after_state JSON NULL,
    details JSON NULL,
    ip_address VARCHAR(45) NULL,
    user_agent TEXT NULL,
    request_id VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
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


-- #############################################################################
-- Notifications and alerts
-- #############################################################################

-- -----------------------------------------------------------------------------
-- notifications: Messages to a user, an org or about an app (the reference's
-- first, general inbox). updated_at is added. ON DELETE: user_id, org_id,
-- app_id [owned] (an inbox entry goes with its addressee).
-- -----------------------------------------------------------------------------
CREATE TABLE notifications (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NULL,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    notification_type ENUM('info', 'warning', 'error', 'success') NOT NULL DEFAULT 'info',
    message TEXT NOT NULL,
    read_status TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_notifications_user_id_created_at (user_id, created_at),
    INDEX idx_notifications_org_id (org_id),
    INDEX idx_notifications_app_id (app_id),
    INDEX idx_notifications_created_at (created_at),
    CONSTRAINT fk_notifications_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_notifications_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE CASCADE,
    CONSTRAINT fk_notifications_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- user_notifications: Notifications addressed to one user. created_at has a
-- default (the reference requires the caller to give it); updated_at is
-- added. ON DELETE: user_id, org_id, app_id [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE user_notifications (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    notification_type VARCHAR(50) NOT NULL,
    message TEXT NOT NULL,
    read_status TINYINT(1) NOT NULL DEFAULT 0,
    importance VARCHAR(20) NOT NULL DEFAULT 'normal',
    action_url VARCHAR(255) NULL,
    action_label VARCHAR(100) NULL,
    expires_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_user_notifications_user_id_created_at (user_id, created_at),
    INDEX idx_user_notifications_org_id (org_id),
    INDEX idx_user_notifications_app_id (app_id),
    INDEX idx_user_notifications_notification_type (notification_type),
    CONSTRAINT fk_user_notifications_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_notifications_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE CASCADE,
    CONSTRAINT fk_user_notifications_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- role_notifications: Notifications addressed to everyone holding a role.
-- created_at has a default; updated_at is added. ON DELETE: role_id, org_id,
-- app_id [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE role_notifications (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    role_id BIGINT NOT NULL,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    notification_type VARCHAR(50) NOT NULL,
    message TEXT NOT NULL,
    importance VARCHAR(20) NOT NULL DEFAULT 'normal',
    action_url VARCHAR(255) NULL,
    action_label VARCHAR(100) NULL,
    expires_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_role_notifications_role_id_created_at (role_id, created_at),
    INDEX idx_role_notifications_org_id (org_id),
    INDEX idx_role_notifications_app_id (app_id),
    INDEX idx_role_notifications_notification_type (notification_type),
    CONSTRAINT fk_role_notifications_role_id FOREIGN KEY (role_id)
        REFERENCES roles (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_notifications_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_notifications_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- notification_acknowledgments: Who has acknowledged which notification: a
-- user notification or a role notification, exactly one of the two.
-- created_at / updated_at are added. ON DELETE: all three [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE notification_acknowledgments (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    -- a user_notifications row
    notification_id BIGINT NULL,
    role_notification_id BIGINT NULL,
    acknowledged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_notification_acknowledgments_user_id (user_id),
    INDEX idx_notification_acknowledgments_notification_id (notification_id),
    INDEX idx_notification_acknowledgments_role_notification_id (role_notification_id),
    CONSTRAINT fk_notification_acknowledgments_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_notification_acknowledgments_notification_id FOREIGN KEY (notification_id)
        REFERENCES user_notifications (id) ON DELETE CASCADE,
    CONSTRAINT fk_notification_acknowledgments_role_notification_id
        FOREIGN KEY (role_notification_id)
        REFERENCES role_notifications (id) ON DELETE CASCADE,
    CONSTRAINT chk_notification_acknowledgments_one_target CHECK (
        (notification_id IS NULL AND role_notification_id IS NOT NULL)
        OR (notification_id IS NOT NULL AND role_notification_id IS NULL)
    )
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- alerts: Problems the platform detected, and their resolution. History: no
-- soft delete (resolved by status). created_at / updated_at are added.
-- Reference differences: `timestamp` is raised_at (like logged_at and
-- recorded_at elsewhere); node_id is worker_id (it references workers).
-- ON DELETE: org_id, app_id, region_id, worker_id [keep] (the reference
-- cascades: an alert is history); instance_id [outlive] (instances are
-- deleted for real; the alert stays); resolved_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE alerts (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NULL,
    app_id BIGINT NULL,
    instance_id BIGINT NULL,
    region_id BIGINT NULL,
    worker_id BIGINT NULL,
    alert_type VARCHAR(50) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    severity ENUM('critical', 'warning', 'info') NOT NULL,
    service VARCHAR(100) NOT NULL,
    message TEXT NOT NULL,
    raised_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    status ENUM(
        'active', 'acknowledged', 'resolved', 'auto_resolved'
    ) NOT NULL DEFAULT 'active',
    resolved_at DATETIME(6) NULL,
    resolved_by BIGINT NULL,
    metadata JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_alerts_org_id_raised_at (org_id, raised_at),
    INDEX idx_alerts_app_id_raised_at (app_id, raised_at),
    INDEX idx_alerts_instance_id (instance_id),
    INDEX idx_alerts_region_id (region_id),
    INDEX idx_alerts_worker_id (worker_id),
    INDEX idx_alerts_resolved_by (resolved_by),
    INDEX idx_alerts_status_severity (status, severity),
    INDEX idx_alerts_raised_at (raised_at),
    CONSTRAINT fk_alerts_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_alerts_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_alerts_instance_id FOREIGN KEY (instance_id)
        REFERENCES instances (id) ON DELETE SET NULL,
    CONSTRAINT fk_alerts_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_alerts_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id),
    CONSTRAINT fk_alerts_resolved_by FOREIGN KEY (resolved_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- alert_acknowledgments: Who acknowledged an alert, and notes. created_at /
-- updated_at are added. ON DELETE: alert_id, user_id [owned] (the alert's
-- status and alert_history keep the fact).
-- -----------------------------------------------------------------------------
CREATE TABLE alert_acknowledgments (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    alert_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    acknowledged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    notes TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_alert_acknowledgments_alert_id (alert_id),
    INDEX idx_alert_acknowledgments_user_id (user_id),
    CONSTRAINT fk_alert_acknowledgments_alert_id FOREIGN KEY (alert_id)
        REFERENCES alerts (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_acknowledgments_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- alert_escalations: Each escalation of an alert: level, to whom (roles,
-- users or external systems, as JSON) and how (email, sms, webhook...).
-- created_at / updated_at are added. ON DELETE: alert_id [owned].
-- -----------------------------------------------------------------------------
CREATE TABLE alert_escalations (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    alert_id BIGINT NOT NULL,
    escalation_level INT NOT NULL,
    escalated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    escalated_to JSON NULL,
    escalation_method VARCHAR(50) NOT NULL,
    response_required_by DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_alert_escalations_alert_id_escalation_level (alert_id, escalation_level),
    CONSTRAINT fk_alert_escalations_alert_id FOREIGN KEY (alert_id)
        REFERENCES alerts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- alert_history: Every change of an alert, with the state before and after.
-- Append-only. created_at / updated_at are added. ON DELETE: alert_id
-- [owned]; performed_by [actor].
-- -----------------------------------------------------------------------------
CREATE TABLE alert_history (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    alert_id BIGINT NOT NULL,
    action VARCHAR(50) NOT NULL,
    performed_by BIGINT NULL,
    performed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    previous_state JSON NULL,
    new_state JSON NULL,
    notes TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_alert_history_alert_id_performed_at (alert_id, performed_at),
    INDEX idx_alert_history_performed_by (performed_by),
    CONSTRAINT fk_alert_history_alert_id FOREIGN KEY (alert_id)
        REFERENCES alerts (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_history_performed_by FOREIGN KEY (performed_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Backups
-- #############################################################################

-- -----------------------------------------------------------------------------
-- backups: Platform, application and partial backups, with what each holds
-- and where it is stored. Soft-deletable (deleted_at added; status 'DELETED'
-- says the stored copy is gone). updated_at is added. created_by names who or
-- what made it; creator_user_id is the user, when a user did.
-- encryption_key_id names a key kept outside this database (no table here).
-- included_apps / included_services are JSON (TEXT holding JSON in the
-- reference: JSON is validated). ON DELETE: creator_user_id [actor];
-- primary_app_id [outlive] (a backup outlives its app), both as in the
-- reference.
-- -----------------------------------------------------------------------------
CREATE TABLE backups (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    creator_user_id BIGINT NULL,
    primary_app_id BIGINT NULL,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    description TEXT NULL,
    created_by VARCHAR(255) NOT NULL,
    backup_type ENUM('PLATFORM', 'APPLICATION', 'PARTIAL') NOT NULL,
    status ENUM(
        'CREATING', 'AVAILABLE', 'RESTORING', 'FAILED', 'DELETED'
    ) NOT NULL DEFAULT 'CREATING',
    format_version VARCHAR(50) NOT NULL,
    source_environment VARCHAR(255) NOT NULL,
    encryption_method VARCHAR(100) NULL,
    encryption_key_id BIGINT NULL,
    size_bytes BIGINT NULL,
    has_system_core TINYINT(1) NOT NULL DEFAULT 0,
    has_directors TINYINT(1) NOT NULL DEFAULT 0,
    has_orchestrators TINYINT(1) NOT NULL DEFAULT 0,
    has_network_config TINYINT(1) NOT NULL DEFAULT 0,
    has_app_definitions TINYINT(1) NOT NULL DEFAULT 0,
    has_volume_data TINYINT(1) NOT NULL DEFAULT 0,
    included_apps JSON NULL,
    included_services JSON NULL,
    last_validated_at DATETIME(6) NULL,
    last_restored_at DATETIME(6) NULL,
    restore_target_environment VARCHAR(255) NULL,
    restore_status VARCHAR(50) NULL,
    storage_location TEXT NOT NULL,
    manifest_path TEXT NOT NULL,
    metadata JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    INDEX idx_backups_creator_user_id (creator_user_id),
    INDEX idx_backups_primary_app_id (primary_app_id),
    INDEX idx_backups_backup_type (backup_type),
    INDEX idx_backups_status (status),
    INDEX idx_backups_created_at (created_at),
    INDEX idx_backups_deleted_at (deleted_at),
    CONSTRAINT fk_backups_creator_user_id FOREIGN KEY (creator_user_id)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_backups_primary_app_id FOREIGN KEY (primary_app_id)
        REFERENCES apps (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- #############################################################################
-- Cost
-- #############################################################################
-- Money is DECIMAL: the reference's DOUBLE amounts in cost_metrics cannot hold
-- 0.10 exactly. Cost rows are never cascaded away: every constraint here is
-- [keep] (the reference cascades from providers, regions, apps, workers and
-- orgs), except cost_budgets.created_by [actor]. No cost table is
-- soft-deleted except cost_budgets (an entity people manage).

-- -----------------------------------------------------------------------------
-- resource_types: What can be billed, and in which unit ('CPU-hour',
-- 'GB-month', 'request'). A catalogue. id is BIGINT (INT in the reference),
-- like every id here.
-- -----------------------------------------------------------------------------
CREATE TABLE resource_types (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    category ENUM('compute', 'storage', 'network', 'database', 'service', 'other') NOT NULL,
    unit_of_measurement VARCHAR(50) NOT NULL,
    description TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_resource_types_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- provider_costs: A provider's unit prices over time ('hour', 'GB', 'Mbps').
-- -----------------------------------------------------------------------------
CREATE TABLE provider_costs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    region_id BIGINT NULL,
    cost_type ENUM('compute', 'storage', 'network', 'other') NOT NULL,
    cost_subtype VARCHAR(255) NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    unit VARCHAR(50) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    unit_price DECIMAL(10, 4) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    effective_date DATETIME(6) NOT NULL,
    expiration_date DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_provider_costs_entry
        (provider_id, region_id, cost_type, cost_subtype, unit, effective_date),
    INDEX idx_provider_costs_region_id (region_id),
    INDEX idx_provider_costs_effective_date (effective_date),
    CONSTRAINT fk_provider_costs_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT fk_provider_costs_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- usage_costs: What the platform used of a provider, and what it cost, over a
-- time span.
-- -----------------------------------------------------------------------------
CREATE TABLE usage_costs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    region_id BIGINT NULL,
    app_id BIGINT NULL,
    cost_type ENUM('compute', 'storage', 'network', 'other') NOT NULL,
    cost_subtype VARCHAR(255) NULL,
    usage_quantity DOUBLE NOT NULL,
    unit VARCHAR(50) NOT NULL,
    total_cost DECIMAL(10, 4) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    usage_start DATETIME(6) NOT NULL,
    usage_end DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_usage_costs_provider_id_usage_start (provider_id, usage_start),
    INDEX idx_usage_costs_region_id (region_id),
    INDEX idx_usage_costs_app_id_usage_start (app_id, usage_start),
    INDEX idx_usage_costs_usage_start (usage_start),
    CONSTRAINT fk_usage_costs_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT fk_usage_costs_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_usage_costs_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT chk_usage_costs_span CHECK (usage_end >= usage_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- cost_summaries: Costs added up per day, week or month.
-- -----------------------------------------------------------------------------
CREATE TABLE cost_summaries (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NULL,
    region_id BIGINT NULL,
    app_id BIGINT NULL,
    cost_type ENUM('compute', 'storage', 'network', 'other') NOT NULL,
    total_cost DECIMAL(10, 4) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    summary_period ENUM('daily', 'weekly', 'monthly') NOT NULL,
    period_start DATETIME(6) NOT NULL,
    period_end DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_cost_summaries_entry
        (provider_id, region_id, app_id, cost_type, summary_period, period_start),
    INDEX idx_cost_summaries_region_id (region_id),
    INDEX idx_cost_summaries_app_id (app_id),
    INDEX idx_cost_summaries_period_start (period_start),
    CONSTRAINT fk_cost_summaries_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT fk_cost_summaries_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_cost_summaries_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- cost_metrics: Metered usage of one resource type, with its cost, over a time
-- span; billing_period is 'YYYY-MM'. unit_cost / total_cost are DECIMAL
-- (DOUBLE in the reference); discount_percentage stays DOUBLE (a rate).
-- -----------------------------------------------------------------------------
CREATE TABLE cost_metrics (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    resource_type_id BIGINT NOT NULL,
    provider_id BIGINT NULL,
    region_id BIGINT NULL,
    app_id BIGINT NULL,
    worker_id BIGINT NULL,
    org_id BIGINT NULL,
    start_time DATETIME(6) NOT NULL,
    end_time DATETIME(6) NOT NULL,
    usage_quantity DOUBLE NOT NULL,
    unit_cost DECIMAL(14, 6) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    total_cost DECIMAL(14, 4) NOT NULL,
    discount_percentage DOUBLE NOT NULL DEFAULT 0,
    discount_reason VARCHAR(255) NULL,
    billing_period VARCHAR(20) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_cost_metrics_resource_type_id (resource_type_id),
    INDEX idx_cost_metrics_provider_id (provider_id),
    INDEX idx_cost_metrics_region_id (region_id),
    INDEX idx_cost_metrics_app_id (app_id),
    INDEX idx_cost_metrics_worker_id (worker_id),
    INDEX idx_cost_metrics_org_id_start_time (org_id, start_time),
    INDEX idx_cost_metrics_start_time_end_time (start_time, end_time),
    INDEX idx_cost_metrics_billing_period (billing_period),
    CONSTRAINT fk_cost_metrics_resource_type_id FOREIGN KEY (resource_type_id)
        REFERENCES resource_types (id),
    CONSTRAINT fk_cost_metrics_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT fk_cost_metrics_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id),
    CONSTRAINT fk_cost_metrics_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_cost_metrics_worker_id FOREIGN KEY (worker_id)
        REFERENCES workers (id),
    CONSTRAINT fk_cost_metrics_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- cost_projections: Forecast costs of an org (or one of its apps) over a
-- period; confidence_level 0.95 means 95%.
-- -----------------------------------------------------------------------------
CREATE TABLE cost_projections (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    app_id BIGINT NULL,
    projection_period ENUM('daily', 'weekly', 'monthly', 'quarterly', 'yearly') NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    projected_cost DECIMAL(12, 2) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    -- 'linear', 'average_30d', 'peak_usage'...
    projection_model VARCHAR(100) NOT NULL,
    confidence_level DECIMAL(5, 2) NULL,
    metadata JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_cost_projections_org_id_start_date (org_id, start_date),
    INDEX idx_cost_projections_app_id (app_id),
    CONSTRAINT fk_cost_projections_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_cost_projections_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- cost_budgets: Spending limits of an org (or an app) and when to warn.
-- Soft-deletable (deleted_at added). The name is unique within its org
-- (added).
-- -----------------------------------------------------------------------------
CREATE TABLE cost_budgets (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    org_id BIGINT NOT NULL,
    app_id BIGINT NULL,
    budget_name VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    budget_amount DECIMAL(12, 2) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    budget_period ENUM('monthly', 'quarterly', 'yearly', 'custom') NOT NULL,
    period_start DATE NULL,
    period_end DATE NULL,
    alert_threshold_percentage DECIMAL(5, 2) NOT NULL DEFAULT 80.00,
    -- emails or user ids to notify
    alert_contacts JSON NULL,
    is_active TINYINT(1) NOT NULL DEFAULT 1,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_cost_budgets_org_id_budget_name (org_id, budget_name),
    INDEX idx_cost_budgets_app_id (app_id),
    INDEX idx_cost_budgets_created_by (created_by),
    INDEX idx_cost_budgets_deleted_at (deleted_at),
    CONSTRAINT fk_cost_budgets_org_id FOREIGN KEY (org_id)
        REFERENCES orgs (id),
    CONSTRAINT fk_cost_budgets_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id),
    CONSTRAINT fk_cost_budgets_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- resource_pricing: Price of a resource type at a provider (and region) over
-- time, by tier and pricing model ('on-demand', 'reserved', 'spot').
-- -----------------------------------------------------------------------------
CREATE TABLE resource_pricing (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    resource_type_id BIGINT NOT NULL,
    provider_id BIGINT NOT NULL,
    region_id BIGINT NULL,
    tier_name VARCHAR(100) NULL,
    unit_price DECIMAL(10, 6) NOT NULL,
    currency VARCHAR(10) NOT NULL DEFAULT 'USD',
    effective_from DATETIME(6) NOT NULL,
    effective_to DATETIME(6) NULL,
    pricing_model VARCHAR(100) NULL,
    -- '1-year', '3-year'...
    commitment_period VARCHAR(50) NULL,
    volume_discount_tiers JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_resource_pricing_resource_type_id (resource_type_id),
    INDEX idx_resource_pricing_provider_id_region_id (provider_id, region_id),
    INDEX idx_resource_pricing_region_id (region_id),
    INDEX idx_resource_pricing_effective_from_effective_to (effective_from, effective_to),
    CONSTRAINT fk_resource_pricing_resource_type_id FOREIGN KEY (resource_type_id)
        REFERENCES resource_types (id),
    CONSTRAINT fk_resource_pricing_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id),
    CONSTRAINT fk_resource_pricing_region_id FOREIGN KEY (region_id)
        REFERENCES regions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- cost_allocation_tags: Key/value tags that attribute costs to a resource.
-- resource_id points into the table resource_type names (apps, workers,
-- instances, storage_volumes, data_services): no single foreign key can.
-- -----------------------------------------------------------------------------
CREATE TABLE cost_allocation_tags (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tag_key VARCHAR(128) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    tag_value VARCHAR(256) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    resource_id BIGINT NOT NULL,
    resource_type ENUM('app', 'worker', 'instance', 'volume', 'service') NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_cost_allocation_tags_tag_resource
        (tag_key, tag_value, resource_id, resource_type),
    INDEX idx_cost_allocation_tags_resource_id_resource_type (resource_id, resource_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
