"""Loads ``queries/`` with aiosql, once per process: one query object per schema version.

``queries/core/`` holds the version-independent queries (migration bookkeeping, metadata, locks);
``queries/v<n>/`` the resource queries of schema version ``n``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import aiosql
from aiosql.adapters.pyformat import PyFormatAdapter

from omnidb.resources import data_dir


class PyMySQLAdapter(PyFormatAdapter):
    """aiosql's pyformat adapter for PyMySQL, with two differences from its built-in one.

    - The parameter dict is always passed, even empty, so PyMySQL always %-formats: a literal ``%``
      is written ``%%`` in every query alike (the built-in adapter passes None for no parameters,
      which makes ``%%`` mean ``%%`` in some queries and ``%`` in others).
    - ``<!`` (insert-returning) queries return the new AUTO_INCREMENT id from the server's OK
      packet. MySQL has no ``INSERT ... RETURNING`` (MariaDB only from 10.5), so the seed guide's
      insert-then-fetch-the-row in one statement cannot work there; the id costs no extra round trip.
    """

    def insert_returning(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
        with conn.cursor() as cur:
            cur.execute(sql, parameters)
            return cur.lastrowid


# The query objects' methods are generated from the SQL files at load time, so they are typed Any:
# their real signatures are the `-- name: f(params)` lines, which the checks of queries verify.
def _load(folder: str) -> Any:
    path = data_dir("queries") / folder
    if not path.is_dir():
        raise LookupError(f"no queries for {folder!r} (looked in {path})")
    return aiosql.from_path(path, PyMySQLAdapter, kwargs_only=True)


@cache
def core() -> Any:
    """The version-independent queries of ``queries/core/``."""
    return _load("core")


@cache
def version(number: int) -> Any:
    """The resource queries of schema version ``number`` (``queries/v<number>/``)."""
    return _load(f"v{number}")
