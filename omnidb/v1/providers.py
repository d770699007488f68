"""Providers (table ``providers``). Queries: ``queries/v1/providers.sql``.

Where workers run: a cloud or an on-premises site.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Provider, ProviderStatus, ProviderType

#: Columns update_provider may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"display_name", "provider_type", "status"})

_providers = Resource(
    Provider,
    version=1,
    singular="provider",
    plural="providers",
    filters=("provider_type", "status"),
    updatable=UPDATABLE,
)


def get_provider_by_id(db: Executor, provider_id: int) -> Provider:
    """Return provider ``provider_id``. Raises ``NotFound`` if there is none."""
    return _providers.get(db, provider_id)


def list_providers(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    provider_type: ProviderType | None = None,
    status: ProviderStatus | None = None,
) -> list[Provider]:
    """Return one page of providers, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _providers.page(db, page, per_page, {"provider_type": provider_type, "status": status})


def count_providers(
    db: Executor, *, provider_type: ProviderType | None = None, status: ProviderStatus | None = None
) -> int:
    """Return how many providers ``list_providers`` pages through with the same filters."""
    return _providers.count(db, {"provider_type": provider_type, "status": status})


def create_provider(
    db: Executor,
    *,
    name: str,
    display_name: str,
    provider_type: ProviderType | None = None,
    status: ProviderStatus | None = None,
) -> Provider:
    """Insert a provider and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _providers.create(
        db, {"name": name, "display_name": display_name, "provider_type": provider_type, "status": status}
    )


def update_provider(
    db: Executor, provider_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Provider:
    """Change only the given columns (names from ``UPDATABLE``) of provider ``provider_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such provider, ``Conflict`` on a duplicate unique key.
    """
    return _providers.update(db, provider_id, changes, expected_updated_at=expected_updated_at)


def delete_provider(db: Executor, provider_id: int) -> None:
    """Delete provider ``provider_id``. Raises ``NotFound`` if there is none."""
    _providers.delete(db, provider_id)
