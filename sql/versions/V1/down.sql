-- =============================================================================
-- V1 down: remove exactly what V1 up.sql created, children before parents.
-- =============================================================================
-- Dropping V1 drops every platform table. The guards make the runner refuse
-- while any V1 table holds a row, unless the operator confirms with
-- --allow-data-loss (take a dump first: mariadb-dump / mysqldump). Every
-- table is guarded, not only the roots: rows can exist below a root that was
-- emptied (audit_logs, metrics, domains and routes can all hold rows while
-- users, orgs and providers are empty). EXISTS stops at the first row, so a
-- guard costs one index probe whatever the table's size.
-- tests/test_migrate.py checks that every V1 table has its guard.
--
-- guard: SELECT EXISTS (SELECT 1 FROM users) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM user_meta) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM user_pii) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM user_sessions) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM roles) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM permissions) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM permissions_role) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM role_user) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM platforms) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM orgs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM orgmember) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM api_keys) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM quotas) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM spaces) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM providers) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM provider_audit_logs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM regions) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM providers_regions) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM workers) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM nodes) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM host_creds) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM allocations) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM data_services) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM apps) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM instances) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM builds) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM deployments) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM rollbacks) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM pipelines) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM tasks) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM health_checks) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM autoscaling_rules) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM network_policies) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM service_bindings) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM config_vars) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM domains) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM routes) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM storage_classes) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM storage_qos_policies) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM storage_volumes) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM storage_snapshots) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM storage_migrations) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM volume_qos_policy_assignments) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM deployment_logs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM instance_logs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM metrics) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM audit_logs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM notifications) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM user_notifications) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM role_notifications) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM notification_acknowledgments) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM alerts) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM alert_acknowledgments) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM alert_escalations) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM alert_history) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM backups) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM resource_types) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM provider_costs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM usage_costs) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM cost_summaries) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM cost_metrics) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM cost_projections) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM cost_budgets) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM resource_pricing) AS has_rows
-- guard: SELECT EXISTS (SELECT 1 FROM cost_allocation_tags) AS has_rows
-- =============================================================================

-- A rollback of V2 archives what V2 wrote (see V2/down.sql); those rows refer
-- to V1 rows and go with them.
DROP TABLE IF EXISTS v2_archive_apps, v2_archive_app_features, v2_archive_features;

-- storage_volumes and storage_snapshots refer to each other: break the cycle
-- up.sql closed last.
ALTER TABLE storage_volumes DROP FOREIGN KEY fk_storage_volumes_snapshot_id;

DROP TABLE cost_allocation_tags;
DROP TABLE resource_pricing;
DROP TABLE cost_budgets;
DROP TABLE cost_projections;
DROP TABLE cost_metrics;
DROP TABLE cost_summaries;
DROP TABLE usage_costs;
DROP TABLE provider_costs;
DROP TABLE resource_types;
DROP TABLE backups;
DROP TABLE alert_history;
DROP TABLE alert_escalations;
DROP TABLE alert_acknowledgments;
DROP TABLE alerts;
DROP TABLE notification_acknowledgments;
DROP TABLE role_notifications;
DROP TABLE user_notifications;
DROP TABLE notifications;
DROP TABLE audit_logs;
DROP TABLE metrics;
DROP TABLE instance_logs;
DROP TABLE deployment_logs;
DROP TABLE volume_qos_policy_assignments;
DROP TABLE storage_migrations;
DROP TABLE storage_snapshots;
DROP TABLE storage_volumes;
DROP TABLE storage_qos_policies;
DROP TABLE storage_classes;
DROP TABLE routes;
DROP TABLE domains;
DROP TABLE config_vars;
DROP TABLE service_bindings;
DROP TABLE network_policies;
DROP TABLE autoscaling_rules;
DROP TABLE health_checks;
DROP TABLE tasks;
DROP TABLE pipelines;
DROP TABLE rollbacks;
DROP TABLE deployments;
DROP TABLE builds;
DROP TABLE instances;
DROP TABLE apps;
DROP TABLE data_services;
DROP TABLE allocations;
DROP TABLE host_creds;
DROP TABLE nodes;
DROP TABLE workers;
DROP TABLE providers_regions;
DROP TABLE regions;
DROP TABLE provider_audit_logs;
DROP TABLE providers;
DROP TABLE spaces;
DROP TABLE quotas;
DROP TABLE api_keys;
DROP TABLE orgmember;
DROP TABLE orgs;
DROP TABLE platforms;
DROP TABLE role_user;
DROP TABLE permissions_role;
DROP TABLE permissions;
DROP TABLE roles;
DROP TABLE user_sessions;
DROP TABLE user_pii;
DROP TABLE user_meta;
DROP TABLE users;
