-- =============================================================================
-- seed.sql: checks made before loading sql/sample_data.sql (omnidb seed)
-- =============================================================================


-- name: has_platform_data()$
-- Returns 1 when any root table of the platform (one every other row hangs
-- from) holds a row, else 0. EXISTS stops at the first row, whatever the size.
SELECT
    EXISTS (SELECT 1 FROM providers)
    OR EXISTS (SELECT 1 FROM orgs)
    OR EXISTS (SELECT 1 FROM users)
    OR EXISTS (SELECT 1 FROM roles) AS has_data;
