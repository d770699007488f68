"""Hand-written domain operations of schema V1, one module per resource (``users.py``...), written
once, async: ``omnidb generate`` writes their sync twins in ``omnidb/v1/domain/`` from these
(:mod:`omnidb.tooling.unasync`), so the sync and async APIs run the same logic.

Each module's ``__all__`` is re-exported by the generated ``omnidb/aio/v1/<plural>.py`` and, in the
sync twin, ``omnidb/v1/<plural>.py`` (and, behind the version guard, by the V2 modules). They run the
named queries of ``queries/v1/`` in transactions and return the table structs of
``omnidb/v1/tables.py`` or the result structs of ``omnidb/v1/views.py``.

Write them so that dropping ``async`` and ``await`` gives the sync code: no lambdas around awaited
calls (a nested ``async def`` instead), ``async for`` over query results, names of
:data:`omnidb.tooling.unasync.RENAMES` for the async types, and docstrings true for both flavours.
"""
