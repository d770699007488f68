"""Providers in API v2: unchanged from v1 (table ``providers`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import providers as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_provider_by_id = reuse(_v1.get_provider_by_id)
list_providers = reuse(_v1.list_providers)
count_providers = reuse(_v1.count_providers)
create_provider = reuse(_v1.create_provider)
update_provider = reuse(_v1.update_provider)
delete_provider = reuse(_v1.delete_provider)
