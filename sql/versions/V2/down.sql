-- =============================================================================
-- V2 down: remove exactly what V2 up.sql added; V1 data is not touched.
-- =============================================================================
-- apps.app_type, apps.feature_id and the features table can hold data written
-- through API v2. The guards make the runner refuse the rollback while they
-- do, unless the operator confirms with --allow-data-loss.
--
-- guard: SELECT COUNT(*) FROM apps WHERE app_type <> 'standard' OR feature_id IS NOT NULL
-- guard: SELECT COUNT(*) FROM features
-- =============================================================================

ALTER TABLE apps DROP FOREIGN KEY fk_apps_feature;

ALTER TABLE apps DROP INDEX idx_apps_feature_id;

ALTER TABLE apps
    DROP COLUMN feature_id,
    DROP COLUMN app_type;

DROP TABLE features;
