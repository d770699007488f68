"""Loading the development sample data: ``sql/sample_data.sql``, then each later version's own.

Schema V1's rows live in ``sql/sample_data.sql``; a later version that adds tables ships its rows in
``sql/versions/V<n>/sample_data.sql``, loaded after V1's when the database is at V<n> or later.
"""

from __future__ import annotations

from pathlib import Path

from omnidb import registry
from omnidb.errors import DRIVER_ERRORS, Conflict, MigrationError, OmniDBError, translate
from omnidb.pool import Database
from omnidb.sqlfiles import sql_file
from omnidb.tooling.migrate import Migrator
from omnidb.tooling.sqlscript import split_statements
from omnidb.transaction import writing


def sample_data_files(version: int) -> list[Path]:
    """The sample data files for a database at ``version``, in the order they load."""
    files = [sql_file("sample_data.sql")]
    for later in range(2, version + 1):
        path = sql_file("versions") / f"V{later}" / "sample_data.sql"
        if path.is_file():
            files.append(path)
    return files


def load_sample_data(db: Database, *, force: bool = False) -> int:
    """Load the sample data of the database's version in one transaction; return the rows inserted.

    The sample data holds only DML, so a failure part-way rolls all of it back. Raises
    ``MigrationError`` when the database is not migrated to V1 or later, and ``OmniDBError`` when it
    already holds data (unless ``force``). Loads under the migration lock: a rollback whose guards
    found the tables empty must not drop what the load wrote since.
    """
    migrator = Migrator(db)
    _check_seedable(migrator, locked=False)  # first without the lock, which would make its table anywhere
    with migrator.holding_lock():
        current = _check_seedable(migrator, locked=True)
        return _load(db, current, force=force)


def _check_seedable(migrator: Migrator, *, locked: bool) -> int:
    """The version of a database that may be seeded; ``MigrationError`` saying why not. Without the
    lock (``locked`` False) a live run's database is let through: the check under the lock, once
    that run has ended, decides."""
    db, status = migrator.db, migrator.status()
    refusal = status.upstream or status.collides  # what migrate refuses too, and what to do instead
    if refusal is not None:
        raise MigrationError(f"{db.name} cannot be seeded: {refusal}")
    if not locked and status.running is not None:
        return status.current
    if status.unfinished is not None:
        raise MigrationError(f"{db.name} cannot be seeded: V{status.unfinished.version} is unfinished (a run is on "
                             "it, or left it half-done); `omnidb status` says which, and how to finish it")  # fmt: skip
    if status.current < 1:
        raise MigrationError(f"{db.name} is at V{status.current}: run `omnidb migrate` before seeding")
    return status.current


def _load(db: Database, version: int, *, force: bool) -> int:
    statements = [
        statement
        for path in sample_data_files(version)
        for statement in split_statements(path.read_text(encoding="utf-8"))
    ]
    rows = 0
    with writing(db) as conn:
        if not force and registry.core().has_platform_data(conn):
            raise OmniDBError(f"{db.name} already holds platform data: not seeding it (use --force to load anyway)")
        with conn.cursor() as cur:
            for statement in statements:
                try:
                    rows += cur.execute(statement.sql)
                except DRIVER_ERRORS as exc:
                    error = translate(exc)
                    if isinstance(error, Conflict):  # writing() rolls the whole load back
                        raise Conflict(
                            f"the sample data collides with rows {db.name} holds ({error}): nothing was loaded",
                            code=error.code,
                        ) from exc
                    raise
    return rows
