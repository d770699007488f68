-- =============================================================================
-- sample_data.sql: a coherent development data set
-- =============================================================================
-- Loaded by `omnidb seed` into a database at V1 or later, in one transaction.
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
