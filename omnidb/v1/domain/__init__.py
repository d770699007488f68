"""Hand-written domain operations of schema V1, one module per resource (``users.py``...).

Each module's ``__all__`` is re-exported by the generated ``omnidb/v1/<plural>.py`` (and, behind the
version guard, by ``omnidb/v2/<plural>.py``). They run the named queries of ``queries/v1/`` in
transactions and return the table structs of ``omnidb/v1/tables.py`` or the result structs of
``omnidb/v1/views.py``.
"""
