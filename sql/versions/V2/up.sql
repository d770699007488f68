-- =============================================================================
-- Migration: app types and features
-- =============================================================================
-- Schema version 2 (API v2). Additive only: every new column has a default or
-- is nullable, so API v1 code keeps reading and writing a V2 database.
--
-- Online DDL: ADD COLUMN uses ALGORITHM=INSTANT (metadata only, whatever the
-- row count; MySQL 8.0.12+ appends the column, MariaDB 10.3+ too). Indexes are
-- built with ALGORITHM=INPLACE, LOCK=NONE, so writes go on meanwhile.
-- Runs on MySQL 8.0+ and MariaDB 10.6+. Reverted by down.sql.
-- =============================================================================


-- Every existing app becomes a 'standard' app.
ALTER TABLE apps
    ADD COLUMN app_type VARCHAR(50) NOT NULL DEFAULT 'standard',
    ALGORITHM = INSTANT;


-- -----------------------------------------------------------------------------
-- features: platform features an app can be attached to. Soft-deletable.
-- -----------------------------------------------------------------------------
CREATE TABLE features (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_features_name (name),
    INDEX idx_features_deleted_at (deleted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- The seed guide adds fk_apps_feature on apps.feature_id without ever creating
-- the column, which fails; here the column comes first, then its index, then
-- the constraint.
ALTER TABLE apps
    ADD COLUMN feature_id BIGINT NULL,
    ALGORITHM = INSTANT;

ALTER TABLE apps
    ADD INDEX idx_apps_feature_id (feature_id),
    ALGORITHM = INPLACE, LOCK = NONE;

-- Both servers add a foreign key in place (no table copy) only while
-- foreign_key_checks is off. It is safe here: feature_id was just added and
-- is NULL in every row, so there is nothing to check.
SET SESSION foreign_key_checks = 0;

ALTER TABLE apps
    ADD CONSTRAINT fk_apps_feature FOREIGN KEY (feature_id)
        REFERENCES features (id),
    ALGORITHM = INPLACE, LOCK = NONE;

SET SESSION foreign_key_checks = 1;
