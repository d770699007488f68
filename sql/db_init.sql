-- =============================================================================
-- db_init.sql: global tables every schema version needs
-- =============================================================================
-- Run by the migration runner at the start of every run, under the migration
-- lock, before any version script. Every statement is idempotent
-- (CREATE TABLE IF NOT EXISTS), so running it again changes nothing.
--
-- Unlike the seed guide's init_schema, which re-ran every version's up.sql at
-- every start-up, only this file is re-run: version scripts run once and are
-- recorded in schema_migrations.
--
-- Runs on MySQL 8.0+ and MariaDB 10.6+.
-- =============================================================================


-- -----------------------------------------------------------------------------
-- schema_migrations: one row per version that is applied, or was left
-- half-applied. MySQL DDL is not transactional, so a version is recorded as
-- 'applying' (or 'reverting') before its first statement runs and as 'applied'
-- (or deleted) after its last. A row in any other state than 'applied' marks
-- the database dirty: the runner refuses to go on until an operator resolves
-- it (omnidb resolve).
--
-- The version number is the natural primary key: a surrogate id would let the
-- same version be recorded twice.
--
-- A run records "statement N started" (statement_started) before it sends
-- statement N, and "N done" after: a client that dies in between leaves the
-- number of the statement whose outcome is unknown, which omnidb resume
-- decides by comparing schemas. run_connection_id and run_started_at say who
-- is running it and since when (omnidb status tells a live run, whose
-- connection holds the migration lock, from a dead one). paused marks a run
-- that stopped cleanly before statement statements_done + 1 because other
-- sessions held a table lock: nothing is half-done, and omnidb migrate goes on.
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    -- sha256 (hex) of the version's up.sql as applied
    checksum CHAR(64) NOT NULL,
    -- sha256 (hex) of the down.sql shipped with it (NULL: recorded by an
    -- omnidb that did not checksum down.sql; the next run fills it in)
    down_checksum CHAR(64) NULL,
    state ENUM('applying', 'applied', 'reverting') NOT NULL,
    statements_total INT NOT NULL DEFAULT 0,
    statements_done INT NOT NULL DEFAULT 0,
    statement_started INT NULL,
    paused TINYINT(1) NOT NULL DEFAULT 0,
    run_connection_id BIGINT NULL,
    run_started_at DATETIME(6) NULL,
    -- set when a statement failed: which one, and what the server said
    failed_statement TEXT NULL,
    error TEXT NULL,
    applied_at DATETIME(6) NULL,
    execution_ms BIGINT NULL,
    applied_by VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Databases migrated by an omnidb from before these columns get them here.
-- ADD COLUMN IF NOT EXISTS is MariaDB syntax (MySQL 8.0 lacks it).
ALTER TABLE schema_migrations
    ADD COLUMN IF NOT EXISTS down_checksum CHAR(64) NULL AFTER checksum,
    ADD COLUMN IF NOT EXISTS statement_started INT NULL AFTER statements_done,
    ADD COLUMN IF NOT EXISTS paused TINYINT(1) NOT NULL DEFAULT 0
    AFTER statement_started,
    ADD COLUMN IF NOT EXISTS run_connection_id BIGINT NULL AFTER paused,
    ADD COLUMN IF NOT EXISTS run_started_at DATETIME(6) NULL
    AFTER run_connection_id;


-- -----------------------------------------------------------------------------
-- schema_migration_history: an append-only audit trail of every run of every
-- version, in both directions, including failures and operator resolutions.
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS schema_migration_history (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version BIGINT NOT NULL,
    direction ENUM('up', 'down', 'resolve') NOT NULL,
    checksum CHAR(64) NOT NULL,
    outcome ENUM('running', 'succeeded', 'failed') NOT NULL DEFAULT 'running',
    execution_ms BIGINT NULL,
    error TEXT NULL,
    run_by VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_schema_migration_history_version (version, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- -----------------------------------------------------------------------------
-- metadata: a small key-value store for system configuration (omnidb.meta).
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS metadata (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- `key` is a reserved word in MySQL and MariaDB: always quote it
    `key` VARCHAR(255) NOT NULL,
    value TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_metadata_key (`key`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
