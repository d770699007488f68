"""The table structs of schema V1, one module per table, loaded on first use by ``omnidb.v1.tables``
(import them from there: their ``__module__`` is ``omnidb.v1.tables``)."""
