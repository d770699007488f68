-- =============================================================================
-- savepoints.sql: one operation of several statements, inside a caller's
-- transaction, undone alone when it fails
-- =============================================================================
-- Some operations run several statements: a domain operation (escalate an
-- alert: its escalation row, then its history entry), a bulk INSERT that the
-- driver sends as several multi-row INSERTs. On a Database they run in a
-- transaction of their own. In the caller's transaction, a failure after the
-- first statement would leave the first in it, committed with the caller's
-- block if the caller catches the error. So omnidb sets this savepoint before
-- such an operation, rolls back to it when the operation fails, and releases
-- it when it succeeds. One name: an operation inside another runs under the
-- outer one's savepoint, and sets none of its own. (noqa: PRS: sqlfluff's
-- MySQL grammar has no SAVEPOINT statements.)
-- =============================================================================


-- name: set_operation_savepoint()!
-- Marks the start of one operation in the current transaction.
SAVEPOINT omnidb_operation; -- noqa: PRS


-- name: roll_back_operation()!
-- Undoes what the operation wrote, and nothing the transaction wrote before it.
-- The savepoint stays set; release_operation_savepoint removes it.
ROLLBACK TO SAVEPOINT omnidb_operation; -- noqa: PRS


-- name: release_operation_savepoint()!
-- Ends the operation: what it wrote stays in the transaction.
RELEASE SAVEPOINT omnidb_operation; -- noqa: PRS
