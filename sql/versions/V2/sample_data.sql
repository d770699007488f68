-- =============================================================================
-- V2 sample data: features, per-app feature flags, app types
-- =============================================================================
-- Loaded by `omnidb seed` after sql/sample_data.sql, in the same transaction,
-- when the database is at V2 or later. DML only; rows find their parents by
-- name. Not a migration: it is not checksummed and never runs on its own.
-- =============================================================================

INSERT INTO features (name, description, enabled)
VALUES
    ('gpu', 'GPU workers for batch and ML jobs', 1),
    ('edge-cache', 'Responses cached at the edge', 1),
    ('preview-envs', 'An environment per pull request', 0);

-- The nightly ETL is a batch app whose primary feature is GPU workers.
UPDATE apps
INNER JOIN features AS f ON f.name = 'gpu'
SET apps.app_type = 'batch', apps.feature_id = f.id
WHERE apps.name = 'etl';

UPDATE apps
SET app_type = 'worker'
WHERE name = 'mailer';

INSERT INTO app_features (app_id, feature_id, enabled, settings)
SELECT a.id, f.id, af.enabled, af.settings
FROM (
    SELECT 'storefront' AS app, 'edge-cache' AS feature, 1 AS enabled,
        '{"ttl_seconds": 300}' AS settings
    UNION ALL SELECT 'portal', 'edge-cache', 1, '{"ttl_seconds": 60}'
    UNION ALL SELECT 'etl', 'gpu', 1, '{"gpus": 2}'
    UNION ALL SELECT 'storefront', 'preview-envs', 0, NULL
) AS af
INNER JOIN apps AS a ON a.name = af.app
INNER JOIN features AS f ON f.name = af.feature;
