"""Schema version 1: the resource modules of API v1 (``omnidb.v1.apps``, ...)."""

SCHEMA_VERSION = 1
