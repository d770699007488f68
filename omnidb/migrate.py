"""The public face of the migration runner, for applications that migrate at start-up.

``init_schema(db)`` brings the schema to the latest version (or ``init_schema(db, 1)``). The runner
itself, with everything an operator needs (status, rollback, resume, resolve), is
:mod:`omnidb.tooling.migrate`; the ``omnidb`` command drives it.
"""

from omnidb.tooling.migrate import Migration, Migrator, Status, Step, init_schema, load_migrations

__all__ = ["Migration", "Migrator", "Status", "Step", "init_schema", "load_migrations"]
