"""omnidb: the versioned MySQL database layer of OmniOrchestrator.

Names only, no logic: ``omnidb.connect(dsn)`` returns a :class:`Database`; resource modules live in
``omnidb.v1`` and ``omnidb.v2``; errors in ``omnidb.errors``; migrations in ``omnidb.tooling.migrate``.
"""

from omnidb import errors
from omnidb.config import Config, parse_dsn
from omnidb.errors import (
    Conflict,
    InvalidInput,
    MigrationError,
    NotFound,
    OmniDBError,
    SchemaVersionMismatch,
)
from omnidb.pool import Database, connect
from omnidb.transaction import Executor, Transaction

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Conflict",
    "Database",
    "Executor",
    "InvalidInput",
    "MigrationError",
    "NotFound",
    "OmniDBError",
    "SchemaVersionMismatch",
    "Transaction",
    "__version__",
    "connect",
    "errors",
    "parse_dsn",
]
