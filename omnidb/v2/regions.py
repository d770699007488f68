"""Regions in API v2: unchanged from v1 (table ``regions`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import regions as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_region_by_id = reuse(_v1.get_region_by_id)
list_regions = reuse(_v1.list_regions)
count_regions = reuse(_v1.count_regions)
create_region = reuse(_v1.create_region)
update_region = reuse(_v1.update_region)
delete_region = reuse(_v1.delete_region)
