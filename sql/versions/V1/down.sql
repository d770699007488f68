-- =============================================================================
-- V1 down: remove exactly what V1 up.sql created, children before parents.
-- =============================================================================
-- Dropping V1 drops every platform table. The guard below makes the runner
-- refuse while any of them holds a row, unless the operator confirms with
-- --allow-data-loss (take a dump first: mariadb-dump / mysqldump).
--
-- guard: SELECT (SELECT COUNT(*) FROM providers) + (SELECT COUNT(*) FROM regions) + (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM spaces) + (SELECT COUNT(*) FROM apps)
-- =============================================================================

DROP TABLE apps;
DROP TABLE spaces;
DROP TABLE orgs;
DROP TABLE regions;
DROP TABLE providers;
