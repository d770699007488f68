"""Reusing v1 functions in v2 modules whose resource did not change in V2."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from omnidb.transaction import Executor, database_of

F = TypeVar("F", bound=Callable[..., Any])

SCHEMA_VERSION = 2


def reuse(function: F) -> F:
    """``function`` from ``omnidb.v1``, refusing (``SchemaVersionMismatch``) a database below V2."""

    @functools.wraps(function)
    def checked(db: Executor, *args: Any, **kwargs: Any) -> Any:
        database_of(db).require_schema(SCHEMA_VERSION, "omnidb.v2")
        return function(db, *args, **kwargs)

    return cast(F, checked)
