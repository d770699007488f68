"""Schema version 2: the resource modules of API v2 (``omnidb.v2.apps``, ...)."""

SCHEMA_VERSION = 2
