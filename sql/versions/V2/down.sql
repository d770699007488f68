-- =============================================================================
-- V2 down: remove what V2 up.sql added; V1 data is not touched.
-- =============================================================================
-- Nothing V2 wrote is destroyed: it is archived, and a later migrate to V2
-- (up.sql) restores it.
--   * apps.app_type / apps.feature_id of every app that differs from the
--     defaults are copied to v2_archive_apps before the columns are dropped;
--   * features and app_features are renamed to v2_archive_features and
--     v2_archive_app_features (instant, no copy), after their foreign keys are
--     dropped so the archives never block changes to V1 tables.
-- The archives are plain tables an operator can read, export or drop. API v1
-- code never reads them.
--
-- Copying app_type/feature_id and dropping them happen under LOCK TABLES
-- apps WRITE: a v2 write acknowledged between the copy and the drop would
-- otherwise be lost. Writers wait meanwhile (the copy reads only the apps
-- that differ from the defaults; the drops are instant), then fail on the
-- missing columns, which omnidb reports as SchemaVersionMismatch.
-- =============================================================================

CREATE TABLE v2_archive_apps (
    app_id BIGINT NOT NULL PRIMARY KEY,
    app_type VARCHAR(50) NOT NULL,
    feature_id BIGINT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

LOCK TABLES apps WRITE, v2_archive_apps WRITE; -- noqa: PRS

-- REPLACE, not INSERT: omnidb resume may run it again after an interruption.
REPLACE INTO v2_archive_apps (app_id, app_type, feature_id)
SELECT id, app_type, feature_id
FROM apps
WHERE app_type <> 'standard'
    OR feature_id IS NOT NULL;

ALTER TABLE apps DROP FOREIGN KEY fk_apps_feature;

ALTER TABLE apps
    DROP INDEX idx_apps_feature_id,
    DROP INDEX idx_apps_app_type;

ALTER TABLE apps
    DROP COLUMN feature_id,
    DROP COLUMN app_type;

UNLOCK TABLES; -- noqa: PRS

ALTER TABLE app_features
    DROP FOREIGN KEY fk_app_features_app_id,
    DROP FOREIGN KEY fk_app_features_feature_id;

RENAME TABLE
    app_features TO v2_archive_app_features,
    features TO v2_archive_features;
