"""Allocations in API v2: unchanged from v1 (table ``allocations`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import allocations as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_allocation_by_id = reuse(_v1.get_allocation_by_id)
list_allocations = reuse(_v1.list_allocations)
count_allocations = reuse(_v1.count_allocations)
create_allocation = reuse(_v1.create_allocation)
update_allocation = reuse(_v1.update_allocation)
delete_allocation = reuse(_v1.delete_allocation)
