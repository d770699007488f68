"""API keys (table ``api_keys``). Queries: ``queries/v1/api_keys.sql``.

Keys for programmatic access. Only a hash is stored; prefix identifies a key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import ApiKey

#: Columns update_api_key may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "description", "scopes", "expires_at"})

_api_keys = Resource(
    ApiKey,
    version=1,
    singular="api_key",
    plural="api_keys",
    filters=("org_id", "user_id", "revoked"),
    updatable=UPDATABLE,
    parents={"org_id": "org", "user_id": "user", "revoked_by": "user"},
)


def get_api_key_by_id(db: Executor, api_key_id: int) -> ApiKey:
    """Return api key ``api_key_id``. Raises ``NotFound`` if there is none."""
    return _api_keys.get(db, api_key_id)


def list_api_keys(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    org_id: int | None = None,
    user_id: int | None = None,
    revoked: bool | None = None,
) -> list[ApiKey]:
    """Return one page of api keys, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _api_keys.page(db, page, per_page, {"org_id": org_id, "user_id": user_id, "revoked": revoked})


def count_api_keys(
    db: Executor, *, org_id: int | None = None, user_id: int | None = None, revoked: bool | None = None
) -> int:
    """Return how many api keys ``list_api_keys`` pages through with the same filters."""
    return _api_keys.count(db, {"org_id": org_id, "user_id": user_id, "revoked": revoked})


def create_api_key(
    db: Executor,
    *,
    org_id: int,
    user_id: int,
    name: str,
    key_hash: str,
    prefix: str,
    description: str | None = None,
    scopes: list[Any] | None = None,
    expires_at: datetime | None = None,
    last_used_at: datetime | None = None,
    revoked: bool | None = None,
    revoked_at: datetime | None = None,
    revoked_by: int | None = None,
) -> ApiKey:
    """Insert an api key and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such org, user),
    ``InvalidInput`` (a bad value).
    """
    return _api_keys.create(
        db,
        {
            "org_id": org_id,
            "user_id": user_id,
            "name": name,
            "description": description,
            "key_hash": key_hash,
            "prefix": prefix,
            "scopes": scopes,
            "expires_at": expires_at,
            "last_used_at": last_used_at,
            "revoked": revoked,
            "revoked_at": revoked_at,
            "revoked_by": revoked_by,
        },
    )


def update_api_key(
    db: Executor, api_key_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> ApiKey:
    """Change only the given columns (names from ``UPDATABLE``) of api key ``api_key_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such api key, ``Conflict`` on a duplicate unique key.
    """
    return _api_keys.update(db, api_key_id, changes, expected_updated_at=expected_updated_at)


def delete_api_key(db: Executor, api_key_id: int) -> None:
    """Delete api key ``api_key_id``. Raises ``NotFound`` if there is none."""
    _api_keys.delete(db, api_key_id)


def get_api_key_by_prefix(db: Executor, prefix: str) -> ApiKey:
    """Return the key with ``prefix`` (check ``revoked`` and ``expires_at``). Raises ``NotFound``."""
    return _api_keys.select_one(db, "get_api_key_by_prefix", repr(prefix), prefix=prefix)


def revoke_api_key(db: Executor, api_key_id: int, *, revoked_by: int | None = None) -> ApiKey:
    """Revoke key ``api_key_id``. Raises ``NotFound``, or ``Conflict`` if it is already revoked."""
    return _api_keys.act(db, "revoke_api_key", api_key_id, verb="revoke", revoked_by=revoked_by)


def touch_api_key(db: Executor, api_key_id: int) -> ApiKey:
    """Stamp ``last_used_at`` of key ``api_key_id``."""
    return _api_keys.act(db, "touch_api_key", api_key_id)
