-- =============================================================================
-- sample_data.sql: a coherent development data set
-- =============================================================================
-- Loaded by `omnidb seed` into a database at V1 or later, in one transaction
-- (then, at V2 or later, sql/versions/V2/sample_data.sql, in the same one).
-- Rows refer to each other by name, never by hard-coded id, so the file loads
-- whatever AUTO_INCREMENT values the server hands out. DML only: a failure
-- rolls the whole load back.
-- =============================================================================


-- Providers and their regions --------------------------------------------------
INSERT INTO providers (name, display_name, provider_type, status)
VALUES
    ('aws', 'Amazon Web Services', 'cloud', 'active'),
    ('hetzner', 'Hetzner Cloud', 'cloud', 'active'),
    ('homelab', 'On-premises lab', 'on-prem', 'maintenance');

INSERT INTO regions (provider_id, name, display_name, location, region_class)
SELECT p.id, r.name, r.display_name, r.location, r.region_class
FROM (
    SELECT 'aws' AS provider, 'us-east-1' AS name,
        'US East (N. Virginia)' AS display_name, 'Virginia, US' AS location,
        'primary' AS region_class
    UNION ALL SELECT 'aws', 'eu-west-1', 'EU (Ireland)', 'Dublin, IE', 'primary'
    UNION ALL SELECT 'hetzner', 'fsn1', 'Falkenstein', 'Falkenstein, DE', 'primary'
    UNION ALL SELECT 'homelab', 'lab-1', 'Lab rack 1', 'Basement', 'edge'
) AS r
INNER JOIN providers AS p ON p.name = r.provider;


-- Users, roles and permissions ------------------------------------------------
-- password_hash / salt are placeholders, not hashes of any real password.
INSERT INTO users (email, name, email_verified, password_hash, salt, active, status)
VALUES
    ('ada@acme.example', 'Ada Admin', 1, 'sample-hash-ada', 'sample-salt-ada', 1, 'active'),
    ('bob@acme.example', 'Bob Builder', 1, 'sample-hash-bob', 'sample-salt-bob', 1, 'active'),
    ('gina@globex.example', 'Gina Globex', 1, 'sample-hash-gina', 'sample-salt-gina', 1, 'active'),
    (
        'ivan@initech.example', 'Ivan Initech', 0, 'sample-hash-ivan', 'sample-salt-ivan', 1,
        'pending'
    );

INSERT INTO roles (name, description, is_system_role, scope)
VALUES
    ('platform-admin', 'Everything, everywhere', 1, 'global'),
    ('org-admin', 'Manage one organization', 1, 'organization'),
    ('developer', 'Deploy and operate apps', 1, 'space');

INSERT INTO permissions (name, description, resource_type, action)
VALUES
    ('apps.read', 'See apps', 'app', 'read'),
    ('apps.write', 'Create and change apps', 'app', 'write'),
    ('apps.deploy', 'Deploy apps', 'app', 'deploy'),
    ('orgs.manage', 'Manage organizations', 'org', 'manage');

INSERT INTO permissions_role (permission_id, role_id)
SELECT p.id, r.id
FROM (
    SELECT 'platform-admin' AS role, 'apps.read' AS permission
    UNION ALL SELECT 'platform-admin', 'apps.write'
    UNION ALL SELECT 'platform-admin', 'apps.deploy'
    UNION ALL SELECT 'platform-admin', 'orgs.manage'
    UNION ALL SELECT 'org-admin', 'apps.read'
    UNION ALL SELECT 'org-admin', 'apps.write'
    UNION ALL SELECT 'org-admin', 'orgs.manage'
    UNION ALL SELECT 'developer', 'apps.read'
    UNION ALL SELECT 'developer', 'apps.deploy'
) AS g
INNER JOIN roles AS r ON r.name = g.role
INNER JOIN permissions AS p ON p.name = g.permission;

INSERT INTO role_user (user_id, role_id, scope_type, scope_id)
SELECT u.id, r.id, 'global', 0
FROM users AS u
INNER JOIN roles AS r ON r.name = 'platform-admin'
WHERE u.email = 'ada@acme.example';


-- Allocations -------------------------------------------------------------------
INSERT INTO allocations (name, cpu, memory, uplink, downlink, disk, price_per_hour)
VALUES
    ('small', 0.5, 512, 100, 100, 2048, 0.0100),
    ('medium', 1, 2048, 250, 250, 10240, 0.0400),
    ('large', 4, 8192, 1000, 1000, 51200, 0.1600);


-- Organizations and their spaces -----------------------------------------------
INSERT INTO orgs (name, display_name, description, billing_email, plan, status)
VALUES
    ('acme', 'Acme Corp', 'Maker of everything', 'billing@acme.example', 'enterprise', 'active'),
    ('globex', 'Globex', 'Global exports', 'accounts@globex.example', 'professional', 'active'),
    ('initech', 'Initech', NULL, NULL, 'free', 'pending');

INSERT INTO spaces (org_id, name, description, status)
SELECT o.id, s.name, s.description, 'active'
FROM (
    SELECT 'acme' AS org, 'production' AS name, 'Live traffic' AS description
    UNION ALL SELECT 'acme', 'staging', 'Pre-release checks'
    UNION ALL SELECT 'globex', 'production', 'Live traffic'
    UNION ALL SELECT 'initech', 'sandbox', NULL
) AS s
INNER JOIN orgs AS o ON o.name = s.org;

INSERT INTO orgmember (org_id, user_id, role, invitation_status)
SELECT o.id, u.id, m.role, 'accepted'
FROM (
    SELECT 'acme' AS org, 'ada@acme.example' AS email, 'owner' AS role
    UNION ALL SELECT 'acme', 'bob@acme.example', 'member'
    UNION ALL SELECT 'globex', 'gina@globex.example', 'owner'
    UNION ALL SELECT 'initech', 'ivan@initech.example', 'admin'
) AS m
INNER JOIN orgs AS o ON o.name = m.org
INNER JOIN users AS u ON u.email = m.email;

-- key_hash is a placeholder; the prefix is what a client shows.
INSERT INTO api_keys (org_id, user_id, name, description, key_hash, prefix, scopes)
SELECT o.id, u.id, 'ci', 'Deploys from CI', 'sample-key-hash', 'omk_acme1',
    '["apps.read", "apps.deploy"]'
FROM orgs AS o
INNER JOIN users AS u ON u.email = 'bob@acme.example'
WHERE o.name = 'acme';


-- Applications -------------------------------------------------------------------
INSERT INTO apps (
    org_id, space_id, region_id, name, display_name, git_repo, git_branch,
    container_image_url, instances, status, maintenance_mode, labels
)
SELECT o.id, s.id, r.id, a.name, a.display_name, a.git_repo, a.git_branch,
    a.image, a.instances, a.status, a.maintenance, a.labels
FROM (
    SELECT 'acme' AS org, 'production' AS space, 'us-east-1' AS region,
        'storefront' AS name, 'Storefront' AS display_name,
        'https://git.example/acme/storefront.git' AS git_repo,
        'main' AS git_branch, 'registry.example/acme/storefront:1.4.2' AS image,
        3 AS instances, 'started' AS status, 0 AS maintenance,
        '{"tier": "web", "team": "shop"}' AS labels
    UNION ALL SELECT 'acme', 'production', 'us-east-1', 'checkout', 'Checkout',
        'https://git.example/acme/checkout.git', 'main',
        'registry.example/acme/checkout:2.0.0', 2, 'started', 0,
        '{"tier": "web", "team": "payments", "pci": true}'
    UNION ALL SELECT 'acme', 'production', 'eu-west-1', 'search', 'Search API',
        'https://git.example/acme/search.git', 'main',
        'registry.example/acme/search:0.9.1', 2, 'started', 0, '{"tier": "api"}'
    UNION ALL SELECT 'acme', 'production', 'eu-west-1', 'mailer', 'Mailer',
        'https://git.example/acme/mailer.git', 'main',
        'registry.example/acme/mailer:1.1.0', 1, 'crashed', 0, '{"tier": "worker"}'
    UNION ALL SELECT 'acme', 'staging', 'us-east-1', 'storefront-next', 'Storefront (next)',
        'https://git.example/acme/storefront.git', 'next', NULL, 1, 'staged', 0, NULL
    UNION ALL SELECT 'acme', 'staging', 'us-east-1', 'reports', 'Reports',
        'https://git.example/acme/reports.git', 'develop', NULL, 0, 'stopped', 1, NULL
    UNION ALL SELECT 'globex', 'production', 'fsn1', 'portal', 'Customer portal',
        'https://git.example/globex/portal.git', 'main',
        'registry.example/globex/portal:5.2.0', 4, 'started', 0, '{"tier": "web"}'
    UNION ALL SELECT 'globex', 'production', 'fsn1', 'billing', 'Billing',
        'https://git.example/globex/billing.git', 'release',
        'registry.example/globex/billing:3.3.3', 2, 'starting', 0, '{"tier": "api"}'
    UNION ALL SELECT 'globex', 'production', 'fsn1', 'etl', 'Nightly ETL',
        'https://git.example/globex/etl.git', 'main',
        'registry.example/globex/etl:1.0.0', 1, 'stopping', 0, '{"tier": "batch"}'
    UNION ALL SELECT 'globex', 'production', 'fsn1', 'legacy-crm', 'Legacy CRM',
        NULL, 'main', 'registry.example/globex/crm:0.1.0', 1, 'stopped', 1, NULL
    UNION ALL SELECT 'initech', 'sandbox', 'lab-1', 'tps-reports', 'TPS reports',
        'https://git.example/initech/tps.git', 'main', NULL, 1, 'stopped', 0, NULL
    UNION ALL SELECT 'initech', 'sandbox', 'lab-1', 'stapler', 'Stapler tracker',
        'https://git.example/initech/stapler.git', 'main',
        'registry.example/initech/stapler:0.0.1', 1, 'crashed', 0, '{"red": true}'
) AS a
INNER JOIN orgs AS o ON o.name = a.org
INNER JOIN spaces AS s ON s.org_id = o.id AND s.name = a.space
INNER JOIN regions AS r ON r.name = a.region;


-- Workers -------------------------------------------------------------------------
INSERT INTO workers (
    region_id, name, instance_type, status, cpu_total, cpu_available,
    memory_total, memory_available, disk_total, disk_available,
    ssh_address, ssh_user, docker_version, labels, last_heartbeat
)
SELECT r.id, w.name, w.instance_type, w.status, w.cpu, w.cpu_free,
    w.memory, w.memory_free, w.disk, w.disk_free,
    w.ssh_address, 'omni', '27.3.1', w.labels, CURRENT_TIMESTAMP(6)
FROM (
    SELECT 'us-east-1' AS region, 'use1-w1' AS name, 'm6i.2xlarge' AS instance_type,
        'active' AS status, 8 AS cpu, 3.5 AS cpu_free, 32768 AS memory,
        12288 AS memory_free, 204800 AS disk, 150000 AS disk_free,
        '10.0.1.11' AS ssh_address, '{"zone": "a"}' AS labels
    UNION ALL SELECT 'us-east-1', 'use1-w2', 'm6i.2xlarge', 'active', 8, 6, 32768,
        28000, 204800, 190000, '10.0.1.12', '{"zone": "b"}'
    UNION ALL SELECT 'eu-west-1', 'euw1-w1', 'm6i.xlarge', 'active', 4, 2, 16384,
        6000, 102400, 80000, '10.1.1.11', '{"zone": "a"}'
    UNION ALL SELECT 'fsn1', 'fsn1-w1', 'cx52', 'active', 16, 9, 65536, 30000,
        327680, 200000, '10.2.1.11', NULL
    UNION ALL SELECT 'lab-1', 'lab-w1', 'nuc', 'maintenance', 4, 4, 16384, 16384,
        512000, 500000, '192.0.2.10', NULL
) AS w
INNER JOIN regions AS r ON r.name = w.region;


-- Builds and deployments: one successful build and deployment per started app,
-- and a failed build for the crashed mailer ------------------------------------
INSERT INTO builds (
    app_id, source_version, commit_sha, commit_message, author, status,
    build_pack_used, artifact_url, artifact_size, started_at, completed_at,
    build_duration
)
SELECT a.id, 'v1', SHA1(a.name), CONCAT('Release ', a.name), 'bob@acme.example',
    'succeeded', 'container', CONCAT(a.container_image_url, '.tar'), 104857600,
    CURRENT_TIMESTAMP(6) - INTERVAL 2 HOUR,
    CURRENT_TIMESTAMP(6) - INTERVAL 2 HOUR + INTERVAL 95 SECOND, 95
FROM apps AS a
WHERE a.status IN ('started', 'starting', 'stopping');

INSERT INTO builds (app_id, source_version, commit_sha, commit_message, author,
    status, error_message, started_at, completed_at, build_duration)
SELECT a.id, 'v2', SHA1('mailer-v2'), 'Switch SMTP library', 'bob@acme.example',
    'failed', 'dependency resolution failed: smtplib-ng>=3 not found',
    CURRENT_TIMESTAMP(6) - INTERVAL 1 HOUR,
    CURRENT_TIMESTAMP(6) - INTERVAL 1 HOUR + INTERVAL 40 SECOND, 40
FROM apps AS a
WHERE a.name = 'mailer';

INSERT INTO deployments (
    app_id, build_id, version, status, deployment_strategy, total_instances,
    staged_instances, started_at, completed_at, deployment_duration, created_by
)
SELECT b.app_id, b.id, 'v1', 'deployed', 'rolling', a.instances, a.instances,
    b.completed_at + INTERVAL 10 SECOND, b.completed_at + INTERVAL 70 SECOND,
    60, u.id
FROM builds AS b
INNER JOIN apps AS a ON a.id = b.app_id
INNER JOIN users AS u ON u.email = 'bob@acme.example'
WHERE b.status = 'succeeded';

INSERT INTO deployment_logs (deployment_id, log_type, log_level, message, logged_at)
SELECT d.id, 'deployment', l.log_level, l.message,
    d.started_at + INTERVAL l.seconds SECOND
FROM deployments AS d
CROSS JOIN (
    SELECT 'info' AS log_level, 'rollout started' AS message, 0 AS seconds
    UNION ALL SELECT 'info', 'instances healthy', 50
    UNION ALL SELECT 'info', 'rollout finished', 60
) AS l;


-- Instances: the desired count of every started app, spread over its region's
-- workers ------------------------------------------------------------------------
INSERT INTO instances (
    app_id, worker_id, region_id, guid, instance_index, instance_type, status,
    health_status, container_id, cpu_usage, memory_usage, started_at
)
SELECT a.id, w.id, a.region_id, UUID(), n.idx, 'container', 'running',
    'healthy', CONCAT('ctr-', a.name, '-', n.idx), 12.5 + n.idx,
    256 + 64 * n.idx, CURRENT_TIMESTAMP(6) - INTERVAL 1 HOUR
FROM apps AS a
INNER JOIN (
    SELECT 0 AS idx UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
) AS n ON n.idx < a.instances
INNER JOIN workers AS w
    ON w.id = (
        SELECT MIN(w2.id) FROM workers AS w2 WHERE w2.region_id = a.region_id
    )
WHERE a.status = 'started';

INSERT INTO instance_logs (instance_id, app_id, log_type, log_level, message, source, logged_at)
SELECT i.id, i.app_id, 'app', l.log_level, l.message, 'stdout',
    i.started_at + INTERVAL l.seconds SECOND
FROM instances AS i
CROSS JOIN (
    SELECT 'info' AS log_level, 'listening on :8080' AS message, 2 AS seconds
    UNION ALL SELECT 'warn', 'slow request: GET /search took 1250 ms', 600
) AS l;

INSERT INTO metrics (app_id, instance_id, metric_name, metric_value, labels, recorded_at)
SELECT i.app_id, i.id, m.name, m.value, NULL,
    CURRENT_TIMESTAMP(6) - INTERVAL m.minutes MINUTE
FROM instances AS i
CROSS JOIN (
    SELECT 'cpu_percent' AS name, 11.0 AS value, 10 AS minutes
    UNION ALL SELECT 'cpu_percent', 14.5, 5
    UNION ALL SELECT 'memory_mb', 310, 10
    UNION ALL SELECT 'memory_mb', 322, 5
) AS m;


-- Domains, routes and config vars ---------------------------------------------------
INSERT INTO domains (
    org_id, name, domain_type, ssl_enabled, ssl_expiry_date, verified, verification_status
)
SELECT o.id, d.name, d.domain_type, 1, CURRENT_DATE + INTERVAL 60 DAY, d.verified, d.status
FROM (
    SELECT 'acme' AS org, 'acme.example' AS name, 'private' AS domain_type,
        1 AS verified, 'verified' AS status
    UNION ALL SELECT 'globex', 'globex.example', 'private', 1, 'verified'
    UNION ALL SELECT 'initech', 'initech.example', 'private', 0, 'pending'
) AS d
INNER JOIN orgs AS o ON o.name = d.org;

INSERT INTO domains (org_id, name, domain_type, verified, verification_status)
VALUES (NULL, 'apps.omni.example', 'system', 1, 'verified');

INSERT INTO routes (domain_id, app_id, host, path, port, https_only)
SELECT d.id, a.id, r.host, r.path, 8080, 1
FROM (
    SELECT 'acme.example' AS domain, 'acme' AS org, 'storefront' AS app,
        'www' AS host, '' AS path
    UNION ALL SELECT 'acme.example', 'acme', 'checkout', 'www', '/checkout'
    UNION ALL SELECT 'acme.example', 'acme', 'search', 'api', '/search'
    UNION ALL SELECT 'globex.example', 'globex', 'portal', 'portal', ''
    UNION ALL SELECT 'apps.omni.example', 'globex', 'billing', 'globex-billing', ''
) AS r
INNER JOIN domains AS d ON d.name = r.domain
INNER JOIN orgs AS o ON o.name = r.org
INNER JOIN apps AS a ON a.org_id = o.id AND a.name = r.app;

INSERT INTO config_vars (app_id, `key`, value, is_secret, description)
SELECT a.id, c.k, c.v, c.secret, c.description
FROM (
    SELECT 'storefront' AS app, 'LOG_LEVEL' AS k, 'info' AS v, 0 AS secret,
        NULL AS description
    UNION ALL SELECT 'storefront', 'DATABASE_URL',
        'mysql://shop:sample@db.internal/shop', 1, 'Primary database'
    UNION ALL SELECT 'checkout', 'PAYMENT_API_KEY', 'sk_sample_000', 1, 'Sandbox key'
    UNION ALL SELECT 'portal', 'FEATURE_FLAGS', 'new-nav,dark-mode', 0, NULL
) AS c
INNER JOIN apps AS a ON a.name = c.app;


-- Audit trail -------------------------------------------------------------------------
INSERT INTO audit_logs (
    user_id, org_id, app_id, action, resource_type, resource_id, details, ip_address, status
)
SELECT u.id, a.org_id, a.id, 'app.deploy', 'app', CAST(a.id AS CHAR),
    '{"version": "v1"}', '203.0.113.7', 'success'
FROM apps AS a
INNER JOIN users AS u ON u.email = 'bob@acme.example'
WHERE a.status = 'started';


-- =============================================================================
-- The rest of V1: identity details, tenancy, infrastructure, app operations,
-- storage, notifications and alerts, backups and cost. Same rules: rows find
-- their parents by name, and every value is a placeholder, never a secret.
-- =============================================================================


-- Identity: preferences, personal data and sessions ----------------------------
UPDATE users
SET password_changed_at = created_at, two_factor_verified = two_factor_enabled
WHERE status = 'active';

INSERT INTO user_meta (user_id, timezone, language, theme, notification_preferences,
    onboarding_completed)
SELECT u.id, m.tz, m.lang, m.theme, m.prefs, m.onboarded
FROM (
    SELECT 'ada@acme.example' AS email, 'America/New_York' AS tz, 'en' AS lang,
        'dark' AS theme, '{"email": true, "sms": true}' AS prefs, 1 AS onboarded
    UNION ALL SELECT 'bob@acme.example', 'Europe/Berlin', 'de', 'light', '{"email": true}', 1
    UNION ALL SELECT 'gina@globex.example', 'UTC', 'en', 'light', NULL, 1
    UNION ALL SELECT 'ivan@initech.example', 'UTC', 'en', 'light', NULL, 0
) AS m
INNER JOIN users AS u ON u.email = m.email;

INSERT INTO user_pii (user_id, first_name, last_name, full_name, identity_verified,
    identity_verification_date, identity_verification_method)
SELECT u.id, p.first_name, p.last_name, CONCAT(p.first_name, ' ', p.last_name),
    p.verified, IF(p.verified = 1, CURRENT_TIMESTAMP(6) - INTERVAL 30 DAY, NULL),
    IF(p.verified = 1, 'document', NULL)
FROM (
    SELECT 'ada@acme.example' AS email, 'Ada' AS first_name, 'Admin' AS last_name, 1 AS verified
    UNION ALL SELECT 'bob@acme.example', 'Bob', 'Builder', 1
    UNION ALL SELECT 'gina@globex.example', 'Gina', 'Globex', 0
    UNION ALL SELECT 'ivan@initech.example', 'Ivan', 'Initech', 0
) AS p
INNER JOIN users AS u ON u.email = p.email;

-- session and refresh tokens are placeholders
INSERT INTO user_sessions (user_id, session_token, refresh_token, ip_address, user_agent,
    device_info, is_active, last_activity, expires_at)
SELECT u.id, s.token, s.refresh, s.ip, 'Mozilla/5.0 (sample)', '{"os": "linux"}', s.active,
    CURRENT_TIMESTAMP(6) - INTERVAL s.idle MINUTE,
    CURRENT_TIMESTAMP(6) + INTERVAL s.ttl HOUR
FROM (
    SELECT 'ada@acme.example' AS email, 'sample-session-ada' AS token,
        'sample-refresh-ada' AS refresh, '203.0.113.7' AS ip, 1 AS active, 5 AS idle, 8 AS ttl
    UNION ALL SELECT 'bob@acme.example', 'sample-session-bob', NULL, '203.0.113.8', 0, 600, -2
) AS s
INNER JOIN users AS u ON u.email = s.email;


-- Tenancy: platforms, quotas, an open invitation ---------------------------------
INSERT INTO platforms (name, description, table_name, subdomain)
VALUES
    ('omni-main', 'The main platform', 'omni_main', 'main'),
    ('omni-eu', 'EU-only platform', 'omni_eu', 'eu');

UPDATE orgs
SET logo_url = CONCAT('https://cdn.example/logos/', name, '.png'),
    website = CONCAT('https://www.', name, '.example')
WHERE status = 'active';

INSERT INTO quotas (org_id, name, memory_limit, cpu_limit, disk_limit, instance_limit,
    routes_limit, services_limit, buildpack_limit, domains_limit, allow_paid_services,
    concurrent_builds_limit)
SELECT o.id, q.name, q.memory, q.cpu, q.disk, q.instances, q.routes, q.services, q.buildpacks,
    q.domains, q.paid, q.builds
FROM (
    SELECT 'acme' AS org, 'enterprise' AS name, 262144 AS memory, 64 AS cpu,
        2097152 AS disk, 200 AS instances, 500 AS routes, 50 AS services, 20 AS buildpacks,
        50 AS domains, 1 AS paid, 10 AS builds
    UNION ALL SELECT 'globex', 'professional', 65536, 16, 524288, 50, 100, 10, 5, 10, 1, 5
    UNION ALL SELECT 'initech', 'free', 2048, 1, 10240, 2, 2, 1, NULL, 1, 0, 1
) AS q
INNER JOIN orgs AS o ON o.name = q.org;

-- Bob is invited to Globex and has not answered yet.
INSERT INTO orgmember (org_id, user_id, role, invitation_status, invitation_token,
    invitation_expires_at)
SELECT o.id, u.id, 'member', 'pending', 'sample-invitation-globex-bob',
    CURRENT_TIMESTAMP(6) + INTERVAL 7 DAY
FROM orgs AS o
INNER JOIN users AS u ON u.email = 'bob@acme.example'
WHERE o.name = 'globex';

UPDATE spaces
SET isolation_segment = 'pci', network_isolation = 1
WHERE name = 'production';


-- Infrastructure: provider audit, coordinates, nodes, host credentials, services --
INSERT INTO provider_audit_logs (provider_id, action, details)
SELECT p.id, a.action, a.details
FROM (
    SELECT 'aws' AS provider, 'create' AS action, 'Registered by ada@acme.example' AS details
    UNION ALL SELECT 'hetzner', 'create', 'Registered by ada@acme.example'
    UNION ALL SELECT 'homelab', 'create', 'Registered by ada@acme.example'
    UNION ALL SELECT 'aws', 'scale', 'us-east-1: 1 -> 2 workers'
    UNION ALL SELECT 'homelab', 'update', 'status active -> maintenance'
) AS a
INNER JOIN providers AS p ON p.name = a.provider;

UPDATE regions
INNER JOIN (
    SELECT 'us-east-1' AS name, 38.944500 AS latitude, -77.455800 AS longitude
    UNION ALL SELECT 'eu-west-1', 53.349800, -6.260300
    UNION ALL SELECT 'fsn1', 50.478100, 12.370400
) AS c ON c.name = regions.name
SET regions.latitude = c.latitude, regions.longitude = c.longitude;

INSERT INTO providers_regions (provider_id, region_id, status)
SELECT r.provider_id, r.id, IF(p.status = 'maintenance', 'maintenance', 'active')
FROM regions AS r
INNER JOIN providers AS p ON p.id = r.provider_id;

UPDATE workers
SET provider_resource_id = CONCAT('i-', LEFT(SHA1(name), 17)),
    cpu_reserved = 0.5, memory_reserved = 1024, disk_reserved = 10240,
    network_in_capacity = 10000, network_out_capacity = 10000,
    ssh_key = 'vault:workers/omni-ed25519',
    taints = '[]', annotations = '{"managed-by": "omni"}'
WHERE status = 'active';

INSERT INTO nodes (worker_id, node_type, hostname, ip_address, cpu_cores, ram_gb, disk_gb, status)
SELECT w.id, 'worker', CONCAT(w.name, '.nodes.omni.example'), w.ssh_address,
    CAST(w.cpu_total AS UNSIGNED), CAST(w.memory_total / 1024 AS UNSIGNED),
    CAST(w.disk_total / 1024 AS UNSIGNED), IF(w.status = 'active', 'active', 'maintenance')
FROM workers AS w;

INSERT INTO nodes (worker_id, node_type, hostname, ip_address, cpu_cores, ram_gb, disk_gb, status)
SELECT w.id, 'storage', 'use1-storage-1.nodes.omni.example', '10.0.1.21', 4, 16, 4096, 'active'
FROM workers AS w
WHERE w.name = 'use1-w1';

-- *_encrypted values are placeholders, not ciphertext of anything real.
INSERT INTO host_creds (host_id, host_name, host_address, is_physical_node, provider_type,
    region_id, auth_type, username, key_encrypted, port, connection_timeout, cpu_cores,
    memory_gb, storage_gb, tags, last_connected_at)
SELECT UUID(), w.name, w.ssh_address, p.provider_type = 'on-prem', p.name, w.region_id,
    'ssh-key', w.ssh_user, 'sample-encrypted-key', w.ssh_port, 30,
    CAST(w.cpu_total AS UNSIGNED), CAST(w.memory_total / 1024 AS UNSIGNED),
    CAST(w.disk_total / 1024 AS UNSIGNED), '{"pool": "default"}', w.last_heartbeat
FROM workers AS w
INNER JOIN regions AS r ON r.id = w.region_id
INNER JOIN providers AS p ON p.id = r.provider_id;

-- connection strings hold placeholder passwords
INSERT INTO data_services (region_id, name, display_name, service_type, service_subtype, status,
    version, plan, tier, is_highly_available, connection_string, endpoint)
SELECT r.id, d.name, d.display_name, d.service_type, d.subtype, 'active', d.version, d.plan,
    d.tier, d.ha, d.connection_string, d.endpoint
FROM (
    SELECT 'us-east-1' AS region, 'acme-pg' AS name, 'Acme Postgres' AS display_name,
        'database' AS service_type, 'postgresql' AS subtype, '16.4' AS version,
        'db-standard-2' AS plan, 'premium' AS tier, 1 AS ha,
        'postgresql://acme:sample@acme-pg.internal:5432/acme' AS connection_string,
        'acme-pg.internal:5432' AS endpoint
    UNION ALL SELECT 'us-east-1', 'acme-cache', 'Acme cache', 'cache', 'redis', '7.2',
        'cache-small', 'standard', 0, 'redis://:sample@acme-cache.internal:6379/0',
        'acme-cache.internal:6379'
    UNION ALL SELECT 'fsn1', 'globex-mq', 'Globex queue', 'message_queue', 'rabbitmq', '3.13',
        'mq-standard', 'standard', 1, 'amqp://globex:sample@globex-mq.internal:5672/',
        'globex-mq.internal:5672'
) AS d
INNER JOIN regions AS r ON r.name = d.region;


-- Applications: runtime settings, rollbacks, pipelines, tasks, health, scaling ----
UPDATE apps
INNER JOIN allocations AS al ON al.name = IF(apps.instances > 2, 'medium', 'small')
SET apps.default_allocation_id = al.id,
    apps.runtime = 'container',
    apps.health_check_type = 'http',
    apps.health_check_endpoint = '/healthz',
    apps.annotations = '{"owner": "platform-team"}'
WHERE apps.status IN ('started', 'starting', 'stopping');

UPDATE apps
SET auto_scaling_enabled = 1, deployment_strategy = 'canary', canary_percentage = 10
WHERE name IN ('storefront', 'portal');

UPDATE instances
INNER JOIN apps AS a ON a.id = instances.app_id
SET instances.allocation_id = a.default_allocation_id, instances.uptime = 3600,
    instances.disk_usage = 512
WHERE instances.status = 'running';

UPDATE builds
SET build_pack_url = 'https://buildpacks.example/container', build_pack_version = '1.2.0',
    build_cache_key = CONCAT('cache-', app_id)
WHERE status = 'succeeded';

UPDATE domains
SET ssl_issuer = 'Let''s Encrypt', ssl_cert_path = CONCAT('/etc/omni/certs/', name, '.crt'),
    ssl_key_path = CONCAT('/etc/omni/certs/', name, '.key'),
    dns_validation_record = CONCAT('_omni-challenge.', name)
WHERE ssl_enabled = 1;

UPDATE config_vars
INNER JOIN users AS u ON u.email = 'bob@acme.example'
SET config_vars.created_by = u.id, config_vars.updated_by = u.id;

-- Storefront's v2 rollout failed its health checks and was rolled back to v1.
INSERT INTO builds (app_id, source_version, commit_sha, commit_message, author, status,
    build_pack_used, started_at, completed_at, build_duration)
SELECT a.id, 'v2', SHA1('storefront-v2'), 'New checkout flow', 'bob@acme.example',
    'succeeded', 'container', CURRENT_TIMESTAMP(6) - INTERVAL 50 MINUTE,
    CURRENT_TIMESTAMP(6) - INTERVAL 48 MINUTE, 120
FROM apps AS a
WHERE a.name = 'storefront';

INSERT INTO deployments (app_id, build_id, version, status, deployment_strategy,
    previous_deployment_id, canary_percentage, total_instances, error_message, started_at,
    completed_at, deployment_duration, created_by)
SELECT b.app_id, b.id, 'v2', 'failed', 'canary', d.id, 10, 3,
    'canary failed health checks', b.completed_at + INTERVAL 10 SECOND,
    b.completed_at + INTERVAL 130 SECOND, 120, u.id
FROM builds AS b
INNER JOIN deployments AS d ON d.app_id = b.app_id AND d.version = 'v1'
INNER JOIN users AS u ON u.email = 'bob@acme.example'
WHERE b.source_version = 'v2' AND b.status = 'succeeded';

INSERT INTO rollbacks (app_id, from_deployment_id, to_deployment_id, status, reason, automatic,
    trigger_condition, started_at, completed_at, rollback_duration)
SELECT d.app_id, d.id, d.previous_deployment_id, 'completed', 'canary failed health checks', 1,
    'health_check_failure_rate > 5%', d.completed_at, d.completed_at + INTERVAL 40 SECOND, 40
FROM deployments AS d
WHERE d.version = 'v2' AND d.status = 'failed';

INSERT INTO pipelines (app_id, name, description, status, stages, created_by)
SELECT a.id, p.name, p.description, p.status, p.stages, u.id
FROM (
    SELECT 'storefront' AS app, 'release' AS name, 'Build, test, canary, promote' AS description,
        'active' AS status,
        CONCAT(
            '[{"name": "build"}, {"name": "test"}, ',
            '{"name": "canary", "percent": 10}, {"name": "promote"}]'
        ) AS stages
    UNION ALL SELECT 'checkout', 'release', 'Build and roll out', 'draft',
        '[{"name": "build"}, {"name": "rollout"}]'
) AS p
INNER JOIN apps AS a ON a.name = p.app
INNER JOIN users AS u ON u.email = 'bob@acme.example';

INSERT INTO tasks (app_id, worker_id, command, name, status, memory_in_mb, cpu, result,
    exit_code, sequence_id, started_at, completed_at, duration, error_message, created_by)
SELECT a.id, i.worker_id, t.command, t.name, t.status, 256, 0.5, t.result, t.exit_code, 1,
    CURRENT_TIMESTAMP(6) - INTERVAL 30 MINUTE, CURRENT_TIMESTAMP(6) - INTERVAL 29 MINUTE, 60,
    t.error, u.id
FROM (
    SELECT 'storefront' AS app, 'bin/migrate' AS command, 'db-migrate' AS name,
        'succeeded' AS status, '12 migrations applied' AS result, 0 AS exit_code, NULL AS error
    UNION ALL SELECT 'search', 'bin/reindex --all', 'reindex', 'failed', NULL, 1,
        'index lock held by another task'
) AS t
INNER JOIN apps AS a ON a.name = t.app
INNER JOIN instances AS i ON i.app_id = a.id AND i.instance_index = 0
INNER JOIN users AS u ON u.email = 'bob@acme.example';

INSERT INTO health_checks (app_id, type, endpoint, port, protocol, initial_delay_seconds)
SELECT a.id, h.type, h.endpoint, 8080, h.protocol, h.delay
FROM (
    SELECT 'storefront' AS app, 'http' AS type, '/healthz' AS endpoint, 'http' AS protocol,
        10 AS delay
    UNION ALL SELECT 'checkout', 'http', '/health', 'https', 5
    UNION ALL SELECT 'search', 'tcp', NULL, 'tcp', 0
    UNION ALL SELECT 'portal', 'http', '/status', 'http', 15
) AS h
INNER JOIN apps AS a ON a.name = h.app;

INSERT INTO autoscaling_rules (app_id, name, min_instances, max_instances, metric_type,
    threshold_value, threshold_unit, comparison_operator, created_by)
SELECT a.id, r.name, r.min_i, r.max_i, r.metric, r.threshold, r.unit,
    'GreaterThanOrEqualToThreshold', u.id
FROM (
    SELECT 'storefront' AS app, 'cpu-high' AS name, 2 AS min_i, 6 AS max_i, 'cpu' AS metric,
        70 AS threshold, 'percent' AS unit
    UNION ALL SELECT 'portal', 'memory-high', 2, 8, 'memory', 80, 'percent'
) AS r
INNER JOIN apps AS a ON a.name = r.app
INNER JOIN users AS u ON u.email = 'ada@acme.example';

INSERT INTO network_policies (source_app_id, destination_app_id, protocol, port_range_start,
    port_range_end, description, priority, created_by)
SELECT s.id, d.id, 'tcp', 8080, 8080, n.description, n.priority, u.id
FROM (
    SELECT 'storefront' AS source, 'checkout' AS destination,
        'storefront calls checkout' AS description, 100 AS priority
    UNION ALL SELECT 'storefront', 'search', 'storefront queries search', 200
    UNION ALL SELECT 'checkout', 'mailer', 'checkout sends receipts', 300
) AS n
INNER JOIN apps AS s ON s.name = n.source
INNER JOIN apps AS d ON d.name = n.destination AND d.org_id = s.org_id
INNER JOIN users AS u ON u.email = 'ada@acme.example';

-- credentials are placeholders, not ciphertext of anything real
INSERT INTO service_bindings (app_id, service_id, credentials, credentials_encryption_key_id,
    binding_name, environment_injection, status, last_operation)
SELECT a.id, ds.id, 'sample-encrypted-credentials', 'kms:sample', b.binding_name, 1,
    'created', 'bind'
FROM (
    SELECT 'storefront' AS app, 'acme-pg' AS service, 'DATABASE' AS binding_name
    UNION ALL SELECT 'checkout', 'acme-pg', 'DATABASE'
    UNION ALL SELECT 'storefront', 'acme-cache', 'CACHE'
    UNION ALL SELECT 'portal', 'globex-mq', 'QUEUE'
) AS b
INNER JOIN apps AS a ON a.name = b.app
INNER JOIN data_services AS ds ON ds.name = b.service;


-- Storage ------------------------------------------------------------------------
INSERT INTO storage_classes (name, provisioner, reclaim_policy, volume_binding_mode,
    allow_volume_expansion, storage_type, default_filesystem)
VALUES
    ('standard', 'omni.storage/local', 'Delete', 'Immediate', 1, 'local-disk', 'ext4'),
    ('replicated', 'omni.storage/distributed', 'Retain', 'WaitForFirstConsumer', 1,
        'distributed', 'xfs');

INSERT INTO storage_qos_policies (name, max_iops, max_throughput_mbps, burst_iops,
    burst_duration_seconds, latency_target_ms)
VALUES
    ('gold', 16000, 1000, 32000, 60, 2),
    ('bronze', 3000, 125, NULL, NULL, 20);

INSERT INTO storage_volumes (app_id, storage_class_id, worker_id, name, size_gb, storage_class,
    access_mode, status, encryption_enabled, persistence_level, reclaim_policy, filesystem_type,
    mount_path)
SELECT a.id, sc.id, i.worker_id, v.name, v.size_gb, sc.name, v.access_mode, v.status, 1,
    v.persistence, sc.reclaim_policy, sc.default_filesystem, v.mount_path
FROM (
    SELECT 'storefront' AS app, 'standard' AS class, 'uploads' AS name, 50 AS size_gb,
        'ReadWriteOnce' AS access_mode, 'Mounted' AS status, 'High' AS persistence,
        '/data/uploads' AS mount_path
    UNION ALL SELECT 'checkout', 'replicated', 'ledger', 20, 'ReadWriteOnce', 'Mounted',
        'Maximum', '/data/ledger'
    UNION ALL SELECT 'portal', 'replicated', 'assets', 100, 'ReadOnlyMany', 'Bound', 'Enhanced',
        '/srv/assets'
) AS v
INNER JOIN apps AS a ON a.name = v.app
INNER JOIN storage_classes AS sc ON sc.name = v.class
INNER JOIN instances AS i ON i.app_id = a.id AND i.instance_index = 0;

INSERT INTO storage_snapshots (volume_id, name, size_gb, status, description, retention_date)
SELECT v.id, CONCAT(v.name, '-nightly'), v.size_gb, 'Available', 'Nightly snapshot',
    CURRENT_TIMESTAMP(6) + INTERVAL 30 DAY
FROM storage_volumes AS v;

-- A restore drill: a volume made from the uploads snapshot, then a move of the
-- uploads volume onto replicated storage.
INSERT INTO storage_volumes (app_id, storage_class_id, worker_id, snapshot_id, name, size_gb,
    storage_class, status, persistence_level)
SELECT v.app_id, sc.id, v.worker_id, s.id, 'uploads-restore-drill', v.size_gb, sc.name,
    'Provisioned', 'High'
FROM storage_volumes AS v
INNER JOIN storage_snapshots AS s ON s.volume_id = v.id
INNER JOIN storage_classes AS sc ON sc.name = 'replicated'
WHERE v.name = 'uploads';

INSERT INTO storage_migrations (source_volume_id, destination_volume_id, migration_type, status,
    progress_percent, started_at, completed_at, is_online, created_by)
SELECT src.id, dst.id, 'StorageClass', 'Completed', 100,
    CURRENT_TIMESTAMP(6) - INTERVAL 3 HOUR, CURRENT_TIMESTAMP(6) - INTERVAL 2 HOUR, 1,
    'ada@acme.example'
FROM storage_volumes AS src
INNER JOIN storage_volumes AS dst ON dst.name = 'uploads-restore-drill' AND dst.app_id = src.app_id
WHERE src.name = 'uploads';

INSERT INTO volume_qos_policy_assignments (volume_id, policy_id)
SELECT v.id, p.id
FROM storage_volumes AS v
INNER JOIN storage_qos_policies AS p
    ON p.name = IF(v.persistence_level IN ('High', 'Maximum'), 'gold', 'bronze');


-- Notifications and alerts ------------------------------------------------------------
INSERT INTO notifications (user_id, org_id, app_id, notification_type, message, read_status)
SELECT u.id, a.org_id, a.id, n.kind, n.message, n.was_read
FROM (
    SELECT 'bob@acme.example' AS email, 'storefront' AS app, 'success' AS kind,
        'storefront v1 deployed' AS message, 1 AS was_read
    UNION ALL SELECT 'bob@acme.example', 'mailer', 'error', 'mailer v2 build failed', 0
) AS n
INNER JOIN users AS u ON u.email = n.email
INNER JOIN apps AS a ON a.name = n.app;

INSERT INTO user_notifications (user_id, org_id, app_id, notification_type, message, importance,
    action_url, action_label, expires_at)
SELECT u.id, a.org_id, a.id, 'alert', 'mailer has crashed', 'high',
    CONCAT('https://console.omni.example/apps/', a.id), 'Open app',
    CURRENT_TIMESTAMP(6) + INTERVAL 7 DAY
FROM users AS u
INNER JOIN apps AS a ON a.name = 'mailer'
WHERE u.email = 'ada@acme.example';

INSERT INTO role_notifications (role_id, notification_type, message, importance)
SELECT r.id, 'maintenance', 'lab-1 is in maintenance until further notice', 'normal'
FROM roles AS r
WHERE r.name = 'platform-admin';

INSERT INTO notification_acknowledgments (user_id, notification_id, role_notification_id)
SELECT n.user_id, n.id, NULL
FROM user_notifications AS n
UNION ALL
SELECT u.id, NULL, rn.id
FROM role_notifications AS rn
INNER JOIN users AS u ON u.email = 'ada@acme.example';

INSERT INTO alerts (org_id, app_id, instance_id, region_id, worker_id, alert_type, severity,
    service, message, raised_at, status, resolved_at, resolved_by, metadata)
SELECT a.org_id, a.id, NULL, a.region_id, NULL, 'app_crashed', 'critical', 'scheduler',
    'mailer exited with code 1 three times in five minutes',
    CURRENT_TIMESTAMP(6) - INTERVAL 55 MINUTE, 'acknowledged', NULL, NULL,
    '{"restarts": 3}'
FROM apps AS a
WHERE a.name = 'mailer';

INSERT INTO alerts (org_id, app_id, instance_id, region_id, worker_id, alert_type, severity,
    service, message, raised_at, status, resolved_at, resolved_by, metadata)
SELECT NULL, NULL, NULL, w.region_id, w.id, 'worker_maintenance', 'warning', 'fleet',
    'lab-w1 entered maintenance', CURRENT_TIMESTAMP(6) - INTERVAL 2 DAY, 'resolved',
    CURRENT_TIMESTAMP(6) - INTERVAL 1 DAY, u.id, NULL
FROM workers AS w
INNER JOIN users AS u ON u.email = 'ada@acme.example'
WHERE w.name = 'lab-w1';

INSERT INTO alerts (org_id, app_id, instance_id, region_id, worker_id, alert_type, severity,
    service, message, raised_at, status, resolved_at, resolved_by, metadata)
SELECT a.org_id, a.id, i.id, i.region_id, i.worker_id, 'cpu_high', 'info', 'metrics',
    'storefront instance 0 above 80% CPU for 5 minutes',
    CURRENT_TIMESTAMP(6) - INTERVAL 20 MINUTE, 'auto_resolved',
    CURRENT_TIMESTAMP(6) - INTERVAL 10 MINUTE, NULL, '{"cpu_percent": 83.5}'
FROM apps AS a
INNER JOIN instances AS i ON i.app_id = a.id AND i.instance_index = 0
WHERE a.name = 'storefront';

INSERT INTO alert_acknowledgments (alert_id, user_id, acknowledged_at, notes)
SELECT al.id, u.id, al.raised_at + INTERVAL 5 MINUTE, 'Looking into the SMTP library change'
FROM alerts AS al
INNER JOIN users AS u ON u.email = 'ada@acme.example'
WHERE al.alert_type = 'app_crashed';

INSERT INTO alert_escalations (alert_id, escalation_level, escalated_at, escalated_to,
    escalation_method, response_required_by)
SELECT al.id, 1, al.raised_at + INTERVAL 2 MINUTE, '["role:platform-admin"]', 'email',
    al.raised_at + INTERVAL 32 MINUTE
FROM alerts AS al
WHERE al.alert_type = 'app_crashed';

INSERT INTO alert_history (alert_id, action, performed_by, performed_at, previous_state,
    new_state, notes)
SELECT al.id, 'acknowledge', u.id, al.raised_at + INTERVAL 5 MINUTE, '{"status": "active"}',
    '{"status": "acknowledged"}', NULL
FROM alerts AS al
INNER JOIN users AS u ON u.email = 'ada@acme.example'
WHERE al.alert_type = 'app_crashed'
UNION ALL
SELECT al.id, 'resolve', al.resolved_by, al.resolved_at, '{"status": "active"}',
    '{"status": "resolved"}', 'Maintenance finished'
FROM alerts AS al
WHERE al.alert_type = 'worker_maintenance';


-- Backups -----------------------------------------------------------------------------
INSERT INTO backups (creator_user_id, primary_app_id, name, description, created_by,
    backup_type, status, format_version, source_environment, encryption_method, size_bytes,
    has_system_core, has_directors, has_orchestrators, has_network_config,
    has_app_definitions, has_volume_data, included_apps, last_validated_at, storage_location,
    manifest_path, metadata)
SELECT u.id, NULL, 'nightly-platform', 'Nightly platform backup', u.email, 'PLATFORM',
    'AVAILABLE', '1.0', 'production', 'aes-256-gcm', 21474836480, 1, 1, 1, 1, 1, 0, NULL,
    CURRENT_TIMESTAMP(6) - INTERVAL 6 HOUR, 's3://omni-backups/platform/nightly',
    's3://omni-backups/platform/nightly/manifest.json', '{"retention_days": 30}'
FROM users AS u
WHERE u.email = 'ada@acme.example'
UNION ALL
SELECT u.id, a.id, 'storefront-before-v2', 'Storefront before the v2 rollout', u.email,
    'APPLICATION', 'AVAILABLE', '1.0', 'production', 'aes-256-gcm', 53687091200, 0, 0, 0, 0,
    1, 1, JSON_ARRAY(a.name), NULL, 's3://omni-backups/apps/storefront/before-v2',
    's3://omni-backups/apps/storefront/before-v2/manifest.json', NULL
FROM users AS u
INNER JOIN apps AS a ON a.name = 'storefront'
WHERE u.email = 'bob@acme.example';


-- Cost --------------------------------------------------------------------------------
INSERT INTO resource_types (name, category, unit_of_measurement, description)
VALUES
    ('cpu', 'compute', 'CPU-hour', 'One core for one hour'),
    ('block-storage', 'storage', 'GB-month', 'Provisioned volume capacity'),
    ('egress', 'network', 'GB', 'Data sent out of the region');

INSERT INTO provider_costs (provider_id, region_id, cost_type, cost_subtype, unit, unit_price,
    currency, effective_date)
SELECT p.id, r.id, c.cost_type, c.subtype, c.unit, c.price, c.currency,
    CURRENT_TIMESTAMP(6) - INTERVAL 90 DAY
FROM (
    SELECT 'aws' AS provider, 'us-east-1' AS region, 'compute' AS cost_type,
        'm6i.2xlarge' AS subtype, 'hour' AS unit, 0.3840 AS price, 'USD' AS currency
    UNION ALL SELECT 'aws', 'us-east-1', 'storage', 'gp3', 'GB', 0.0800, 'USD'
    UNION ALL SELECT 'aws', 'eu-west-1', 'network', 'egress', 'GB', 0.0900, 'USD'
    UNION ALL SELECT 'hetzner', 'fsn1', 'compute', 'cx52', 'hour', 0.0535, 'EUR'
) AS c
INNER JOIN providers AS p ON p.name = c.provider
INNER JOIN regions AS r ON r.name = c.region;

INSERT INTO usage_costs (provider_id, region_id, app_id, cost_type, cost_subtype,
    usage_quantity, unit, total_cost, currency, usage_start, usage_end)
SELECT r.provider_id, r.id, a.id, 'compute', 'm6i.2xlarge', a.instances * 24, 'hour',
    a.instances * 24 * 0.3840, 'USD', CURRENT_DATE - INTERVAL 1 DAY, CURRENT_DATE
FROM apps AS a
INNER JOIN regions AS r ON r.id = a.region_id
WHERE a.status = 'started' AND r.name = 'us-east-1';

INSERT INTO cost_summaries (provider_id, region_id, app_id, cost_type, total_cost, currency,
    summary_period, period_start, period_end)
SELECT uc.provider_id, uc.region_id, uc.app_id, uc.cost_type, uc.total_cost, uc.currency,
    'daily', uc.usage_start, uc.usage_end
FROM usage_costs AS uc;

INSERT INTO cost_metrics (resource_type_id, provider_id, region_id, app_id, worker_id, org_id,
    start_time, end_time, usage_quantity, unit_cost, currency, total_cost,
    discount_percentage, discount_reason, billing_period)
SELECT rt.id, r.provider_id, r.id, a.id, i.worker_id, a.org_id,
    CURRENT_DATE - INTERVAL 1 DAY, CURRENT_DATE, 24, 0.048000, 'USD', 1.1520, 0, NULL,
    DATE_FORMAT(CURRENT_DATE - INTERVAL 1 DAY, '%Y-%m')
FROM apps AS a
INNER JOIN regions AS r ON r.id = a.region_id
INNER JOIN instances AS i ON i.app_id = a.id AND i.instance_index = 0
INNER JOIN resource_types AS rt ON rt.name = 'cpu'
WHERE a.status = 'started';

INSERT INTO cost_projections (org_id, app_id, projection_period, start_date, end_date,
    projected_cost, currency, projection_model, confidence_level, metadata)
SELECT o.id, NULL, 'monthly', CURRENT_DATE, CURRENT_DATE + INTERVAL 1 MONTH, 2150.00, 'USD',
    'average_30d', 0.90, '{"history_days": 30}'
FROM orgs AS o
WHERE o.name = 'acme';

INSERT INTO cost_budgets (org_id, app_id, budget_name, budget_amount, currency, budget_period,
    alert_threshold_percentage, alert_contacts, created_by)
SELECT o.id, NULL, 'production-monthly', 2500.00, 'USD', 'monthly', 80.00,
    '["billing@acme.example"]', u.id
FROM orgs AS o
INNER JOIN users AS u ON u.email = 'ada@acme.example'
WHERE o.name = 'acme';

INSERT INTO resource_pricing (resource_type_id, provider_id, region_id, tier_name, unit_price,
    currency, effective_from, pricing_model, commitment_period, volume_discount_tiers)
SELECT rt.id, r.provider_id, r.id, p.tier, p.price, 'USD',
    CURRENT_TIMESTAMP(6) - INTERVAL 90 DAY, p.model, p.commitment, p.tiers
FROM (
    SELECT 'cpu' AS resource_type, 'standard' AS tier, 0.048000 AS price,
        'on-demand' AS model, NULL AS commitment, NULL AS tiers
    UNION ALL SELECT 'cpu', 'standard', 0.030000, 'reserved', '1-year', NULL
    UNION ALL SELECT 'egress', 'standard', 0.090000, 'on-demand', NULL,
        '[{"from_gb": 10240, "price": 0.085}]'
) AS p
INNER JOIN resource_types AS rt ON rt.name = p.resource_type
INNER JOIN regions AS r ON r.name = 'us-east-1';

INSERT INTO cost_allocation_tags (tag_key, tag_value, resource_id, resource_type)
SELECT 'team', JSON_UNQUOTE(JSON_EXTRACT(a.labels, '$.team')), a.id, 'app'
FROM apps AS a
WHERE JSON_EXTRACT(a.labels, '$.team') IS NOT NULL
UNION ALL
SELECT 'env', 'production', w.id, 'worker'
FROM workers AS w
WHERE w.status = 'active';
