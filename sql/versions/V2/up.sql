-- =============================================================================
-- Migration: app types and features
-- =============================================================================
-- Schema version 2 (API v2). Additive only: every new column has a default or
-- is nullable, so API v1 code keeps reading and writing a V2 database.
--
--   * apps.app_type: what kind of app it is ('standard' for every V1 app).
--   * features: platform features, and apps.feature_id, an app's primary one
--     (the seed guide adds fk_apps_feature but never creates the column:
--     here the column comes first, then its index, then the constraint).
--   * app_features: per-app feature flags. API v2 lets an app switch several
--     features on or off, each with its own settings; one feature_id per app
--     cannot say that.
--
-- No data lost on rollback: down.sql archives what V2 wrote (tables
-- v2_archive_*), and this script brings it back. On a database that never had
-- V2, the archive tables are created empty here and consumed at once, so the
-- same statements serve a first install and a re-apply.
--
-- Online DDL: ADD COLUMN uses ALGORITHM=INSTANT (metadata only, whatever the
-- row count; MySQL 8.0.12+ and MariaDB 10.3+ append the columns); indexes are
-- built with ALGORITHM=INPLACE, LOCK=NONE, so writes go on meanwhile.
-- Runs on MySQL 8.0+ and MariaDB 10.6+. Reverted by down.sql.
--
-- Revisions: this file differs from the first release of V2 only in what it
-- does with data an operator removed while at V1 (features dropped from the
-- archive): the schema it makes is the same, so a database that applied the
-- first release keeps its V2 (the runner records the new checksum).
-- supersedes: sha256:75f01834024d29ba0720cbcc1083cadbb945c61850ca8a48a1e740cc7ebd1f4d
-- =============================================================================


-- -----------------------------------------------------------------------------
-- features: platform features apps can use. Soft-deletable. Restored from
-- v2_archive_features when an earlier rollback left it there.
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS v2_archive_features (
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

RENAME TABLE v2_archive_features TO features;


-- -----------------------------------------------------------------------------
-- app_features: which features each app has switched on or off, with
-- per-app settings. Restored from v2_archive_app_features like features.
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS v2_archive_app_features (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id BIGINT NOT NULL,
    feature_id BIGINT NOT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    settings JSON NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    -- leads with app_id, so it also serves as the index of fk_app_features_app_id
    UNIQUE KEY uq_app_features_app_id_feature_id (app_id, feature_id),
    INDEX idx_app_features_feature_id (feature_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

RENAME TABLE v2_archive_app_features TO app_features;

-- Archived flags of apps deleted by hand while at V1, or of features dropped
-- from the archive, are dropped, as the foreign keys' ON DELETE CASCADE would
-- have done.
DELETE FROM app_features
WHERE app_id NOT IN (SELECT id FROM apps)
    OR feature_id NOT IN (SELECT id FROM features);

-- The constraints are added here, not in the CREATE: down.sql drops them
-- before archiving, so an archive never blocks dropping apps or features.
ALTER TABLE app_features
    ADD CONSTRAINT fk_app_features_app_id FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE,
    ADD CONSTRAINT fk_app_features_feature_id FOREIGN KEY (feature_id)
        REFERENCES features (id) ON DELETE CASCADE;


-- -----------------------------------------------------------------------------
-- apps.app_type and apps.feature_id: instant on any row count. Every existing
-- app becomes a 'standard' app with no feature, unless the archive says what
-- it was before a rollback.
-- -----------------------------------------------------------------------------
ALTER TABLE apps
    ADD COLUMN app_type VARCHAR(50) NOT NULL DEFAULT 'standard',
    ADD COLUMN feature_id BIGINT NULL,
    ALGORITHM = INSTANT;

CREATE TABLE IF NOT EXISTS v2_archive_apps (
    app_id BIGINT NOT NULL PRIMARY KEY,
    app_type VARCHAR(50) NOT NULL,
    feature_id BIGINT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A restore is not an edit: assigning updated_at to itself keeps ON UPDATE
-- from moving it.
UPDATE apps
INNER JOIN v2_archive_apps AS archived ON archived.app_id = apps.id
SET
    apps.app_type = archived.app_type,
    apps.feature_id = archived.feature_id,
    apps.updated_at = apps.updated_at;

DROP TABLE v2_archive_apps;

ALTER TABLE apps
    ADD INDEX idx_apps_feature_id (feature_id),
    ADD INDEX idx_apps_app_type (app_type),
    ALGORITHM = INPLACE, LOCK = NONE;

-- fk_apps_feature is added below with foreign_key_checks off, so the server
-- will not verify existing rows: every feature_id must point at a feature
-- first. An archived feature_id whose feature is gone (an operator dropped
-- v2_archive_features while at V1) is recorded in metadata, under the key
-- v2.orphaned_feature_ids.<UTC time> as {"<app id>": <feature id>, ...},
-- and set to NULL. Both statements find nothing on any other database.
INSERT INTO metadata (`key`, value)
SELECT
    CONCAT(
        'v2.orphaned_feature_ids.',
        DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')
    ) AS orphan_key,
    JSON_OBJECTAGG(apps.id, apps.feature_id) AS orphans
FROM apps
LEFT JOIN features ON apps.feature_id = features.id
WHERE
    apps.feature_id IS NOT NULL
    AND features.id IS NULL
HAVING COUNT(*) > 0;

UPDATE apps
LEFT JOIN features ON apps.feature_id = features.id
SET
    apps.feature_id = NULL,
    apps.updated_at = apps.updated_at
WHERE
    apps.feature_id IS NOT NULL
    AND features.id IS NULL;

-- Both servers add a foreign key in place (no table copy) only while
-- foreign_key_checks is off. It is safe here: every feature_id is now NULL or
-- points at a feature.
SET SESSION foreign_key_checks = 0;

ALTER TABLE apps
    ADD CONSTRAINT fk_apps_feature FOREIGN KEY (feature_id)
        REFERENCES features (id),
    ALGORITHM = INPLACE, LOCK = NONE;

SET SESSION foreign_key_checks = 1;
