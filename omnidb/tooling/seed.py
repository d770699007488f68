"""Loading the development sample data (``sql/sample_data.sql``)."""

from __future__ import annotations

from omnidb import registry
from omnidb.errors import MigrationError, OmniDBError
from omnidb.pool import Database
from omnidb.sqlfiles import sql_file
from omnidb.tooling.migrate import Migrator
from omnidb.tooling.sqlscript import split_statements
from omnidb.transaction import writing


def load_sample_data(db: Database, *, force: bool = False) -> int:
    """Load ``sql/sample_data.sql`` in one transaction; return the number of rows inserted.

    The sample data holds only DML, so a failure part-way rolls all of it back. Raises
    ``MigrationError`` when the database is not migrated to V1 or later, and ``OmniDBError`` when it
    already holds data (unless ``force``).
    """
    status = Migrator(db).status()
    if status.current < 1 or status.dirty is not None:
        raise MigrationError(f"{db.name} is at V{status.current}: run `omnidb migrate` before seeding")
    statements = split_statements(sql_file("sample_data.sql").read_text(encoding="utf-8"))
    rows = 0
    with writing(db) as conn:
        if not force and registry.core().has_platform_data(conn):
            raise OmniDBError(f"{db.name} already holds platform data: not seeding it (use --force to load anyway)")
        with conn.cursor() as cur:
            for statement in statements:
                rows += cur.execute(statement.sql)
    return rows
