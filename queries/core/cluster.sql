-- =============================================================================
-- cluster.sql: running on a cluster (omnidb/cluster.py, omnidb/tooling/clusterlock.py)
-- =============================================================================
-- The migration lock of a cluster is a row, not a GET_LOCK: GET_LOCK is local
-- to one server, so on Galera three runners on three nodes would each get it.
-- A row is written through the cluster: Galera certifies the writes of two
-- nodes to the same primary key against each other and aborts all but the
-- first (error 1213 at COMMIT), so exactly one runner holds the row. The
-- holder renews it (heartbeat); a holder that died stops renewing, and its row
-- may be taken over once expires_at has passed.
--
-- Role queries read server variables and status only (no table): whether a
-- server is read-only, a replica, or a Galera node that is not Synced.
-- =============================================================================


-- name: create_migration_lock_table()!
-- Creates the lock table if missing (idempotent; runs before the lock is
-- taken, so it cannot live in db_init.sql, which runs under the lock).
CREATE TABLE IF NOT EXISTS schema_migration_lock (
    name VARCHAR(64) NOT NULL,
    -- who holds it: host, process id and server node of the runner
    owner VARCHAR(255) NOT NULL,
    -- the server the holder runs its migration on (@@hostname:@@port), and
    -- its session there: a runner that finds the row held by a session of its
    -- own server that no longer holds that server's GET_LOCK knows it is dead
    node VARCHAR(255) NOT NULL,
    connection_id BIGINT NOT NULL,
    -- random per run: only the holder's renew and release match it
    token CHAR(32) NOT NULL,
    acquired_at DATETIME(6) NOT NULL,
    heartbeat_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;


-- name: migration_lock_for_update(name)^
-- Reads the lock row :name and locks it for this transaction; expired is 1
-- when its holder stopped renewing it in time.
SELECT
    owner,
    node,
    connection_id,
    token,
    acquired_at,
    heartbeat_at,
    expires_at,
    expires_at <= CURRENT_TIMESTAMP(6) AS expired
FROM schema_migration_lock
WHERE name = :name
FOR UPDATE;


-- name: migration_lock_holder(name)^
-- The lock row :name without locking it (for status), or nothing when free.
SELECT
    owner,
    node,
    connection_id,
    acquired_at,
    heartbeat_at,
    expires_at,
    expires_at <= CURRENT_TIMESTAMP(6) AS expired
FROM schema_migration_lock
WHERE name = :name;


-- name: insert_migration_lock(name, owner, token, ttl)!
-- Takes the free lock :name for :ttl seconds.
INSERT INTO schema_migration_lock (
    name, owner, node, connection_id, token, acquired_at, heartbeat_at, expires_at
)
VALUES (
    :name,
    :owner,
    CONCAT(@@hostname, ':', @@port),
    CONNECTION_ID(),
    :token,
    CURRENT_TIMESTAMP(6),
    CURRENT_TIMESTAMP(6),
    CURRENT_TIMESTAMP(6) + INTERVAL :ttl SECOND
);


-- name: take_over_migration_lock(name, owner, token, ttl)!
-- Takes over the lock :name, whose holder let it expire or died, for :ttl
-- seconds.
UPDATE schema_migration_lock
SET
    owner = :owner,
    node = CONCAT(@@hostname, ':', @@port),
    connection_id = CONNECTION_ID(),
    token = :token,
    acquired_at = CURRENT_TIMESTAMP(6),
    heartbeat_at = CURRENT_TIMESTAMP(6),
    expires_at = CURRENT_TIMESTAMP(6) + INTERVAL :ttl SECOND
WHERE name = :name;


-- name: renew_migration_lock(name, token, ttl)!
-- The holder's heartbeat: pushes expires_at :ttl seconds ahead. Matches no
-- row when the lock is no longer held with :token.
UPDATE schema_migration_lock
SET
    heartbeat_at = CURRENT_TIMESTAMP(6),
    expires_at = CURRENT_TIMESTAMP(6) + INTERVAL :ttl SECOND
WHERE name = :name AND token = :token;


-- name: release_migration_lock(name, token)!
-- Frees the lock :name if it is still held with :token.
DELETE FROM schema_migration_lock
WHERE name = :name AND token = :token;


-- name: server_role_variables()
-- Variables that say what a server may be used for: read_only, the Galera
-- switch and settings, GTID and identity. Absent variables are left out.
SHOW GLOBAL VARIABLES
WHERE
    variable_name IN (
        'read_only',
        'super_read_only',
        'wsrep_on',
        'wsrep_node_name',
        'wsrep_sync_wait',
        'wsrep_osu_method',
        'wsrep_cluster_address',
        'server_id',
        'gtid_strict_mode',
        'gtid_domain_id',
        'gtid_binlog_pos',
        'gtid_slave_pos',
        'gtid_current_pos',
        'version'
    );


-- name: server_role_status()
-- Status counters of the same: whether a Galera node is ready and Synced, the
-- size and state of its cluster.
SHOW GLOBAL STATUS
WHERE
    variable_name IN (
        'wsrep_ready',
        'wsrep_connected',
        'wsrep_local_state',
        'wsrep_local_state_comment',
        'wsrep_cluster_size',
        'wsrep_cluster_status',
        'wsrep_local_recv_queue',
        'wsrep_flow_control_paused',
        'wsrep_cluster_state_uuid',
        'slaves_running'
    );


-- name: replica_status()
-- One row per replication channel this server replicates from (none on a
-- primary): threads, lag, errors, GTID positions.
SHOW REPLICA STATUS;


-- name: table_row_estimate(table_name)$
-- The server's estimate of the rows of table :table_name in the current
-- database (for omnidb migrate --plan), or nothing when there is no such table.
SELECT TABLE_ROWS
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table_name;


-- name: gtid_binlog_pos()$
-- Where this server's binary log stands (MariaDB GTID list): a replica that
-- has applied it has everything this server committed until now.
SELECT @@gtid_binlog_pos;


-- name: server_node()$
-- How the lock table names this server: @@hostname:@@port.
SELECT CONCAT(@@hostname, ':', @@port);


-- name: set_sync_wait(level)!
-- Causal reads on Galera for this session: 1 makes every read wait until
-- the node has applied what the cluster committed before it; 0 turns it off.
SET SESSION wsrep_sync_wait = :level;


-- name: reset_sync_wait()!
-- Puts this session's wsrep_sync_wait back to the server's global value.
SET SESSION wsrep_sync_wait = DEFAULT;


-- name: last_gtid()$
-- The GTID of the last transaction this session committed (MariaDB), or ''
-- when it committed none.
SELECT @@last_gtid;


-- name: wait_for_gtid(gtid, timeout)$
-- On a replica: waits up to :timeout seconds until :gtid is applied. Returns
-- 0 when it is, -1 on time-out (MariaDB MASTER_GTID_WAIT).
SELECT MASTER_GTID_WAIT(:gtid, :timeout);
