-- =============================================================================
-- V1 down: remove exactly what V1 up.sql created, children before parents.
-- =============================================================================
-- Dropping V1 drops every platform table. The guard makes the runner refuse
-- while any root table (one every other row hangs from) holds a row, unless
-- the operator confirms with --allow-data-loss (take a dump first:
-- mariadb-dump / mysqldump).
--
-- guard: SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM roles) + (SELECT COUNT(*) FROM permissions) + (SELECT COUNT(*) FROM providers) + (SELECT COUNT(*) FROM allocations)
-- =============================================================================

-- A rollback of V2 archives what V2 wrote (see V2/down.sql); those rows refer
-- to V1 rows and go with them.
DROP TABLE IF EXISTS v2_archive_apps, v2_archive_app_features, v2_archive_features;

DROP TABLE audit_logs;
DROP TABLE metrics;
DROP TABLE instance_logs;
DROP TABLE deployment_logs;
DROP TABLE config_vars;
DROP TABLE routes;
DROP TABLE domains;
DROP TABLE deployments;
DROP TABLE builds;
DROP TABLE instances;
DROP TABLE apps;
DROP TABLE spaces;
DROP TABLE allocations;
DROP TABLE workers;
DROP TABLE regions;
DROP TABLE providers;
DROP TABLE api_keys;
DROP TABLE role_user;
DROP TABLE permissions_role;
DROP TABLE permissions;
DROP TABLE roles;
DROP TABLE orgmember;
DROP TABLE orgs;
DROP TABLE users;
