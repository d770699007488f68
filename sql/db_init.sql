-- =============================================================================
-- db_init.sql: global tables every schema version needs
-- =============================================================================
-- Run by the migration runner at the start of every run, under the migration
-- lock, before any version script. Every statement is idempotent
-- (CREATE TABLE IF NOT EXISTS, and a conversion that checks first), so running
-- it again changes nothing.
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
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT NOT NULL,
    name VARCHAR(255) NOT NULL,
    -- sha256 (hex) of the version's up.sql as applied
    checksum CHAR(64) NOT NULL,
    state ENUM('applying', 'applied', 'reverting') NOT NULL,
    statements_total INT NOT NULL DEFAULT 0,
    statements_done INT NOT NULL DEFAULT 0,
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
-- Keys compare byte for byte with NO PAD, like every identifier in V1 (see the
-- collation note at the top of sql/versions/V1/up.sql): 'Region', 'region'
-- and 'region ' are three keys. MariaDB runs /*M! ... */, MySQL 8.0 runs
-- /*!80000 ... */ (MariaDB ignores MySQL comments numbered 50700..99999).
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS metadata (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- `key` is a reserved word in MySQL and MariaDB: always quote it
    `key` VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */,
    value TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_metadata_key (`key`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- A metadata table created before keys compared exactly has `key` in
-- utf8mb4_unicode_ci, where 'region ' and 'Region' were one key. Convert it
-- once; on every later run (and on a new table) the column already has a
-- binary NO PAD collation and the statement prepared is DO 0, so this takes
-- no lock. Keys distinct under the old collation stay distinct under the new
-- one: the conversion cannot fail on the unique key.
SET @omnidb_metadata_key_sql = IF(
    (
        SELECT COLLATION_NAME
        FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE()
            AND TABLE_NAME = 'metadata'
            AND COLUMN_NAME = 'key'
    ) IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'),
    'DO 0',
    'ALTER TABLE metadata MODIFY `key` VARCHAR(255) NOT NULL
        /*M! COLLATE utf8mb4_nopad_bin */ /*!80000 COLLATE utf8mb4_0900_bin */'
);

PREPARE omnidb_metadata_key FROM @omnidb_metadata_key_sql;

EXECUTE omnidb_metadata_key;

DEALLOCATE PREPARE omnidb_metadata_key;
