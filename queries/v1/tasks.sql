-- =============================================================================
-- tasks.sql: tasks (table tasks), schema V1
-- =============================================================================
-- One-off commands run for an app on a worker (migrations, jobs), and their
-- outcome.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_task_by_id(id)^
-- Returns the task with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by,
    created_at,
    updated_at
FROM tasks
WHERE id = :id;


-- name: list_tasks(app_id, worker_id, status, limit, offset)
-- Returns one page of tasks, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :worker_id, :status.
SELECT
    id,
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by,
    created_at,
    updated_at
FROM tasks
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_tasks(app_id, worker_id, status)$
-- Returns how many tasks list_tasks pages through with the same filters.
SELECT COUNT(*)
FROM tasks
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status);


-- name: create_task(app_id, worker_id, command, name, status, memory_in_mb, disk_in_mb, cpu, timeout_seconds, result, exit_code, sequence_id, started_at, completed_at, duration, error_message, created_by)<!
-- Inserts one task; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO tasks (
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by
)
VALUES (
    :app_id,
    :worker_id,
    :command,
    :name,
    COALESCE(:status, DEFAULT(status)),
    :memory_in_mb,
    :disk_in_mb,
    :cpu,
    COALESCE(:timeout_seconds, DEFAULT(timeout_seconds)),
    :result,
    :exit_code,
    :sequence_id,
    :started_at,
    :completed_at,
    :duration,
    :error_message,
    :created_by
);


-- name: create_task_returning(app_id, worker_id, command, name, status, memory_in_mb, disk_in_mb, cpu, timeout_seconds, result, exit_code, sequence_id, started_at, completed_at, duration, error_message, created_by)^
-- Inserts one task and returns it as stored, in one statement: MariaDB 10.5+
-- only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_task plus a read-back; on MySQL it runs create_task. The same columns
-- and defaults as create_task; RETURNING lists the columns of get_task_by_id,
-- in its order. (sqlfluff parses MySQL, which lacks RETURNING.)
INSERT INTO tasks (
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by
)
VALUES (
    :app_id,
    :worker_id,
    :command,
    :name,
    COALESCE(:status, DEFAULT(status)),
    :memory_in_mb,
    :disk_in_mb,
    :cpu,
    COALESCE(:timeout_seconds, DEFAULT(timeout_seconds)),
    :result,
    :exit_code,
    :sequence_id,
    :started_at,
    :completed_at,
    :duration,
    :error_message,
    :created_by
)
RETURNING  -- noqa: PRS
    id,
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by,
    created_at,
    updated_at;


-- name: update_task(id, expected_updated_at)!
-- Changes the given columns of task :id and moves updated_at; returns the
-- rows matched (0: no such task). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/tasks.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE tasks
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_task(id)!
-- Deletes task :id; returns 1, or 0 if there is no such task.
DELETE FROM tasks
WHERE id = :id;


-- name: list_tasks_after(after_time, after_id, app_id, status, limit)
-- Keyset pagination: returns up to :limit tasks older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest created_at first, ties broken by id. A deep page costs what the
-- first one does: the (created_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    app_id,
    worker_id,
    command,
    name,
    status,
    memory_in_mb,
    disk_in_mb,
    cpu,
    timeout_seconds,
    result,
    exit_code,
    sequence_id,
    started_at,
    completed_at,
    duration,
    error_message,
    created_by,
    created_at,
    updated_at
FROM tasks
WHERE (
        :after_id IS NULL
        OR created_at < :after_time
        OR (created_at = :after_time AND id < :after_id)
    )
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC
LIMIT :limit;


-- name: start_task(id, worker_id)!
-- Moves task :id from pending to running on worker :worker_id (NULL keeps
-- the one it has) and stamps started_at; returns the rows matched (0: no
-- such task, or not pending).
UPDATE tasks
SET
    status = 'running',
    worker_id = COALESCE(:worker_id, worker_id),
    started_at = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'pending';


-- name: finish_task(id, status, exit_code, result, error_message)!
-- Ends running task :id as :status (succeeded or failed), with its exit code,
-- result and error; stamps completed_at and duration (whole seconds since
-- started_at). Returns the rows matched (0: no such task, or not running).
UPDATE tasks
SET
    status = :status,
    exit_code = :exit_code,
    result = :result,
    error_message = :error_message,
    completed_at = CURRENT_TIMESTAMP(6),
    duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'running';


-- name: cancel_task(id)!
-- Cancels task :id while it is pending or running; stamps completed_at.
-- Returns the rows matched (0: no such task, or it has ended).
UPDATE tasks
SET
    status = 'canceled',
    completed_at = CURRENT_TIMESTAMP(6),
    duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status IN ('pending', 'running');
