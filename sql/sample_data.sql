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

INSERT INTO regions (provider_id, name, display_name, location, class)
SELECT p.id, r.name, r.display_name, r.location, r.class
FROM (
    SELECT 'aws' AS provider, 'us-east-1' AS name,
        'US East (N. Virginia)' AS display_name, 'Virginia, US' AS location,
        'primary' AS class
    UNION ALL SELECT 'aws', 'eu-west-1', 'EU (Ireland)', 'Dublin, IE', 'primary'
    UNION ALL SELECT 'hetzner', 'fsn1', 'Falkenstein', 'Falkenstein, DE', 'primary'
    UNION ALL SELECT 'homelab', 'lab-1', 'Lab rack 1', 'Basement', 'edge'
) AS r
INNER JOIN providers AS p ON p.name = r.provider;


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
