-- =============================================================================
-- grants.sql: the two accounts omnidb is meant to run under (omnidb grants)
-- =============================================================================
-- * the migrator: every privilege on the platform database (DDL for
--   migrations), and on omnidb_check_* scratch databases (omnidb check);
-- * the application: SELECT on the platform database, and INSERT, UPDATE,
--   DELETE on each of its tables except the migration bookkeeping
--   (schema_migrations, schema_migration_history), which it may only read.
--   It cannot create, alter or drop anything. Table privileges name tables
--   that exist: run omnidb grants again after a migration adds tables.
-- Account names and passwords are bound parameters (PyMySQL sends them as
-- quoted string literals, which is what account names are). Database and
-- table names are identifiers and cannot be bound: omnidb checks a database
-- name against [A-Za-z0-9_$]{1,64}, takes table names from
-- information_schema, and puts them where {database} and {table} stand. In a
-- database-level GRANT (ON `{database}`.*) the name is a pattern where _ and %
-- are wildcards: omnidb escapes them there (tenant\_1), so tenant_1 never
-- also grants tenant11. In a table-level GRANT the name is literal.
-- =============================================================================
-- GRANT targets are patterns and placeholders ({database}, omnidb\_check\_%%,
-- host '%'), which sqlfluff's RF05 reads as special characters in identifiers:
-- noqa: disable=RF05


-- name: create_account(user, host, password)!
-- Creates account :user@:host with :password; fails with 1396 when it exists
-- (then change_password sets the new password).
CREATE USER :user@:host IDENTIFIED BY :password;


-- name: change_password(user, host, password)!
-- Sets the password of the existing account :user@:host to :password.
-- (sqlfluff's mysql dialect cannot parse ALTER USER: its PRS is silenced.)
ALTER USER :user@:host IDENTIFIED BY :password; -- noqa: PRS


-- name: drop_account(user, host)!
-- Drops account :user@:host: an account this run created, when a later step
-- failed (omnidb grants leaves no half-made pair behind).
DROP USER :user@:host;


-- name: account_privileges(user, host, database)
-- Returns what :user@:host holds that bears on the platform database
-- :database, for omnidb grants to compare with what it gives the application:
-- global privileges (scope '*.*'), privileges on a database pattern matching
-- :database (in a GRANT, _ and % are wildcards and \ escapes, which is what
-- LIKE reads; scope the pattern), and table privileges there (scope
-- database.table); grantable is 'YES' where the account may pass the
-- privilege on (WITH GRANT OPTION). Both servers store the account as
-- 'user'@'host', the host in lower case; the name is compared byte for byte
-- ('app' is not 'APP'). Another account's rows are visible only to an
-- account that may read the mysql schema: to others this returns nothing.
SELECT
    PRIVILEGE_TYPE AS privilege,
    '*.*' AS scope,
    IS_GRANTABLE AS grantable
FROM information_schema.USER_PRIVILEGES
WHERE
    CAST(GRANTEE AS BINARY)
    = CAST(CONCAT('''', :user, '''@''', :host, '''') AS BINARY)
UNION ALL
SELECT
    PRIVILEGE_TYPE AS privilege,
    TABLE_SCHEMA AS scope,
    IS_GRANTABLE AS grantable
FROM information_schema.SCHEMA_PRIVILEGES
WHERE
    CAST(GRANTEE AS BINARY)
    = CAST(CONCAT('''', :user, '''@''', :host, '''') AS BINARY)
    AND :database LIKE TABLE_SCHEMA
UNION ALL
SELECT
    PRIVILEGE_TYPE AS privilege,
    CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) AS scope,
    IS_GRANTABLE AS grantable
FROM information_schema.TABLE_PRIVILEGES
WHERE
    CAST(GRANTEE AS BINARY)
    = CAST(CONCAT('''', :user, '''@''', :host, '''') AS BINARY)
    AND TABLE_SCHEMA = :database
ORDER BY scope, privilege;


-- name: grant_migrator(user, host)!
-- Gives :user@:host every privilege on the platform database ({database} is
-- the escaped name).
GRANT ALL PRIVILEGES ON `{database}`.* TO :user@:host;


-- name: grant_migrator_scratch(user, host)!
-- Lets :user@:host create and drop the omnidb_check_* scratch databases of
-- omnidb check (in a GRANT, _ is a wildcard: escaped to match itself; the
-- pattern's % is written %% because parameters are bound pyformat-style).
GRANT ALL PRIVILEGES ON `omnidb\_check\_%%`.* TO :user@:host;


-- name: grant_application_reads(user, host)!
-- Gives :user@:host SELECT on every table of the platform database
-- ({database} is the escaped name).
GRANT SELECT ON `{database}`.* TO :user@:host;


-- name: revoke_application_writes(user, host)!
-- Takes back database-wide INSERT, UPDATE, DELETE, which omnidb grants gave
-- before table-level writes (fails with 1141 when the account has none).
REVOKE INSERT, UPDATE, DELETE ON `{database}`.* FROM :user@:host;


-- name: revoke_application_lock_writes(user, host)!
-- Takes back INSERT, UPDATE, DELETE on the migration lock's table, which
-- omnidb grants gave before it left that table out ({database} is the literal
-- name here; fails with 1147 when the account has no such grant). An account
-- that may write the lock row could hold off or break a migration.
REVOKE INSERT, UPDATE, DELETE ON `{database}`.`schema_migration_lock`
FROM :user@:host;


-- name: revoke_application_privileges(user, host)!
-- Takes back from :user@:host the privileges on the platform database beyond
-- rows that were given to it outside omnidb grants (CREATE, DROP, ALTER...):
-- {privileges} is their list, each a privilege name the server reported and
-- omnidb knows; {database} is the escaped name. SELECT is never among them.
REVOKE {privileges} ON `{database}`.* FROM :user@:host;


-- name: application_tables(database)
-- Returns the base tables of :database the application may write: all but
-- the migration bookkeeping (versions, history, and the lock of a run).
SELECT TABLE_NAME AS table_name
FROM information_schema.TABLES
WHERE
    TABLE_SCHEMA = :database
    AND TABLE_TYPE = 'BASE TABLE'
    AND TABLE_NAME NOT IN (
        'schema_migrations', 'schema_migration_history', 'schema_migration_lock'
    )
ORDER BY TABLE_NAME;


-- name: grant_application_writes(user, host)!
-- Gives :user@:host INSERT, UPDATE and DELETE on one table ({database} is the
-- literal name here, {table} the table's).
GRANT INSERT, UPDATE, DELETE ON `{database}`.`{table}` TO :user@:host;
