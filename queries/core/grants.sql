-- =============================================================================
-- grants.sql: the two accounts omnidb is meant to run under (omnidb grants)
-- =============================================================================
-- * the migrator: every privilege on the platform database (DDL for
--   migrations), and on omnidb_check_* scratch databases (omnidb check);
-- * the application: SELECT, INSERT, UPDATE, DELETE on the platform database
--   only: it cannot create, alter or drop anything.
-- Account names and passwords are bound parameters (PyMySQL sends them as
-- quoted string literals, which is what account names are). A database name
-- is an identifier and cannot be bound: omnidb checks it against
-- [A-Za-z0-9_$]{1,64} and puts it where {database} stands.
-- =============================================================================
-- GRANT targets are patterns and placeholders ({database}, omnidb\_check\_%%,
-- host '%'), which sqlfluff's RF05 reads as special characters in identifiers:
-- noqa: disable=RF05


-- name: create_account(user, host, password)!
-- Creates account :user@:host with :password, or leaves an existing one as is
-- (change its password with ALTER USER).
CREATE USER IF NOT EXISTS :user@:host IDENTIFIED BY :password;


-- name: grant_migrator(user, host)!
-- Gives :user@:host every privilege on the platform database.
GRANT ALL PRIVILEGES ON `{database}`.* TO :user@:host;


-- name: grant_migrator_scratch(user, host)!
-- Lets :user@:host create and drop the omnidb_check_* scratch databases of
-- omnidb check (in a GRANT, _ is a wildcard: escaped to match itself; the
-- pattern's % is written %% because parameters are bound pyformat-style).
GRANT ALL PRIVILEGES ON `omnidb\_check\_%%`.* TO :user@:host;


-- name: grant_application(user, host)!
-- Gives :user@:host reads and writes of rows on the platform database, and
-- nothing else.
GRANT SELECT, INSERT, UPDATE, DELETE ON `{database}`.* TO :user@:host;
