-- =============================================================================
-- loading.sql: the bulk loads (omnidb/loading.py)
-- =============================================================================
-- A bulk load (load_apps, load_metrics...) hands the server a file of rows
-- with LOAD DATA LOCAL INFILE, on a session of its own that may send a local
-- file. Before writing the file it asks whether the server allows that;
-- after the LOAD it reads the warnings, and any warning rolls the load back.
-- =============================================================================


-- name: local_infile_allowed()$
-- Returns 1 when the server accepts LOAD DATA LOCAL INFILE, 0 when it
-- refuses it (local_infile OFF, MySQL 8.0's default); then the rows go
-- through the multi-row INSERTs of create_<r>s_bulk instead.
SELECT @@GLOBAL.local_infile AS allowed;


-- name: load_warnings()
-- Returns the warnings and notes of the statement before it (Level, Code,
-- Message; at most max_error_count of them): a row LOAD DATA skipped, a
-- value it had to change, truncate or default. A load with any warning is
-- rolled back; a note (a DECIMAL rounded, as an INSERT rounds it) is not.
SHOW WARNINGS;
