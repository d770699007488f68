"""Schema version 2, async: one generated module per resource (``omnidb.aio.v2.apps``, ...)."""

SCHEMA_VERSION = 2
