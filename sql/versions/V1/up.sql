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
-- providers: where workers run (a cloud or an on-premises site).
-- -----------------------------------------------------------------------------
CREATE TABLE providers (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    provider_type ENUM('cloud', 'on-prem') NOT NULL DEFAULT 'cloud',
    status ENUM('active', 'maintenance', 'offline', 'deprecated')
        NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_providers_name (name),
    INDEX idx_providers_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- regions: a provider's locations. The reference names the foreign key column
-- `provider`; here it is provider_id, as the convention says.
-- -----------------------------------------------------------------------------
CREATE TABLE regions (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    location VARCHAR(255) NULL,
    is_public TINYINT(1) NOT NULL DEFAULT 1,
    class VARCHAR(50) NOT NULL DEFAULT 'primary',
    status ENUM('active', 'maintenance', 'offline', 'deprecated')
        NOT NULL DEFAULT 'active',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_regions_name (name),
    INDEX idx_regions_provider_id (provider_id),
    CONSTRAINT fk_regions_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- orgs: the tenants. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE orgs (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NULL,
    description TEXT NULL,
    billing_email VARCHAR(255) NULL,
    plan ENUM('free', 'starter', 'professional', 'enterprise')
        NOT NULL DEFAULT 'free',
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
-- spaces: an org's environments (staging, production...). Soft-deletable.
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
    -- leads with org_id, so it also serves as the index of fk_spaces_org_id
    UNIQUE KEY uq_spaces_org_id_name (org_id, name),
    INDEX idx_spaces_deleted_at (deleted_at),
    CONSTRAINT fk_spaces_org_id FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- apps: the applications the orchestrator deploys. Soft-deletable; an app's
-- name is unique within its org.
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
    status ENUM('started', 'stopped', 'crashed', 'starting', 'stopping', 'staged')
        NOT NULL DEFAULT 'stopped',
    maintenance_mode TINYINT(1) NOT NULL DEFAULT 0,
    labels JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    -- leads with org_id, so it also serves as the index of fk_apps_org_id
    UNIQUE KEY uq_apps_org_id_name (org_id, name),
    INDEX idx_apps_space_id (space_id),
    INDEX idx_apps_region_id (region_id),
    INDEX idx_apps_status (status),
    INDEX idx_apps_deleted_at (deleted_at),
    CONSTRAINT fk_apps_org_id FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT fk_apps_space_id FOREIGN KEY (space_id) REFERENCES spaces (id),
    CONSTRAINT fk_apps_region_id FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT chk_apps_instances CHECK (instances >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
