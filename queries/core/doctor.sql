-- =============================================================================
-- doctor.sql: the checks of omnidb doctor (the usual causes of trouble)
-- =============================================================================
-- Read-only. PROCESSLIST shows every session only to an account with the
-- PROCESS privilege; others see their own sessions.
-- =============================================================================


-- name: server_settings()^
-- Returns the server version, its global sql_mode, the session's sql_mode
-- (omnidb sets its own), max_connections and the session time zone.
SELECT
    VERSION() AS version,
    @@version_comment AS version_comment,
    @@GLOBAL.sql_mode AS global_sql_mode,
    @@SESSION.sql_mode AS session_sql_mode,
    @@max_connections AS max_connections,
    @@SESSION.time_zone AS time_zone;


-- name: connection_count()^
-- Returns how many sessions the server holds, every account's, in Value. Not a
-- count of information_schema.PROCESSLIST: without the PROCESS privilege an
-- account sees only its own sessions there. Needs no privilege.
SHOW GLOBAL STATUS LIKE 'Threads_connected';


-- name: long_running_queries(min_seconds)
-- Returns statements running for :min_seconds or more, longest first, with the
-- first 1000 characters of their text (omnidb doctor masks their literals and
-- shows 200). Idle sessions and this one are left out. Without the PROCESS
-- privilege, only this account's own sessions.
SELECT
    ID AS id,
    USER AS user,
    DB AS db,
    COMMAND AS command,
    TIME AS seconds,
    STATE AS state,
    LEFT(INFO, 1000) AS query
FROM information_schema.PROCESSLIST
WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump')
    AND TIME >= :min_seconds
    AND ID <> CONNECTION_ID()
ORDER BY TIME DESC;


-- name: open_transactions(min_seconds)
-- Returns InnoDB transactions open for :min_seconds or more, oldest first, with
-- the first 1000 characters of the statement running in each (masked by omnidb
-- doctor). Needs the PROCESS privilege (error 1227 without it).
-- Caution: where the server's system time zone is not UTC, trx_started may
-- be shown in it while NOW() is in the session's UTC, shifting the ages.
SELECT
    trx_id AS trx_id,
    trx_state AS state,
    trx_mysql_thread_id AS thread_id,
    TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS seconds,
    trx_rows_locked AS rows_locked,
    LEFT(trx_query, 1000) AS query
FROM information_schema.INNODB_TRX
WHERE TIMESTAMPDIFF(SECOND, trx_started, NOW()) >= :min_seconds
ORDER BY trx_started;


-- name: tables_without_primary_key()
-- Returns the base tables of the current database that have no primary key.
-- Read from STATISTICS (a primary key is the index named PRIMARY on both
-- servers), which an account with SELECT alone sees: MariaDB shows
-- TABLE_CONSTRAINTS only to an account with a privilege beyond SELECT.
SELECT t.TABLE_NAME AS table_name
FROM information_schema.TABLES AS t
LEFT JOIN information_schema.STATISTICS AS s
    ON s.TABLE_SCHEMA = t.TABLE_SCHEMA
    AND s.TABLE_NAME = t.TABLE_NAME
    AND s.INDEX_NAME = 'PRIMARY'
    AND s.SEQ_IN_INDEX = 1
WHERE t.TABLE_SCHEMA = DATABASE()
    AND t.TABLE_TYPE = 'BASE TABLE'
    AND s.INDEX_NAME IS NULL
ORDER BY t.TABLE_NAME;


-- name: foreign_keys_without_index()
-- Returns foreign keys of the current database whose first column leads no
-- index (InnoDB adds one itself, so any row here was dropped by hand).
SELECT
    k.TABLE_NAME AS table_name,
    k.CONSTRAINT_NAME AS constraint_name,
    k.COLUMN_NAME AS column_name
FROM information_schema.KEY_COLUMN_USAGE AS k
LEFT JOIN information_schema.STATISTICS AS s
    ON s.TABLE_SCHEMA = k.TABLE_SCHEMA
    AND s.TABLE_NAME = k.TABLE_NAME
    AND s.COLUMN_NAME = k.COLUMN_NAME
    AND s.SEQ_IN_INDEX = 1
WHERE k.TABLE_SCHEMA = DATABASE()
    AND k.REFERENCED_TABLE_NAME IS NOT NULL
    AND k.ORDINAL_POSITION = 1
    AND s.INDEX_NAME IS NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME;


-- name: index_usage_mariadb()
-- MariaDB only, with user statistics on (SET GLOBAL userstat = 1): rows read
-- through each index of the current database since statistics were reset.
SELECT
    TABLE_NAME AS table_name,
    INDEX_NAME AS index_name,
    ROWS_READ AS rows_read
FROM information_schema.INDEX_STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY ROWS_READ DESC;


-- name: userstat_enabled()$
-- MariaDB only: 1 when user statistics are collected.
SELECT @@GLOBAL.userstat;


-- name: unused_indexes_mysql()
-- MySQL only (the sys schema): indexes of the current database never used
-- since the server started.
SELECT
    object_name AS table_name,
    index_name AS index_name
FROM sys.schema_unused_indexes
WHERE object_schema = DATABASE()
ORDER BY object_name, index_name;


-- name: scratch_databases()
-- Returns the omnidb_check_* scratch databases on the server that this
-- account can see: omnidb check and omnidb resume create one for a run and
-- drop it after, so one that stays was left by a run killed midway. With
-- how many tables it holds and the age in seconds of its newest one (NULL:
-- no table), which tells a run's own from a forgotten one.
SELECT
    s.SCHEMA_NAME AS database_name,
    COUNT(t.TABLE_NAME) AS tables,
    TIMESTAMPDIFF(SECOND, MAX(t.CREATE_TIME), NOW()) AS newest_table_age
FROM information_schema.SCHEMATA AS s
LEFT JOIN information_schema.TABLES AS t
    ON s.SCHEMA_NAME = t.TABLE_SCHEMA
WHERE s.SCHEMA_NAME LIKE 'omnidb!_check!_%%' ESCAPE '!'
GROUP BY s.SCHEMA_NAME
ORDER BY s.SCHEMA_NAME;
