"""Schema version 1, async: one generated module per resource (``omnidb.aio.v1.apps``, ...)."""

SCHEMA_VERSION = 1
