"""Builds in API v2: unchanged from v1 (table ``builds`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import builds as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_build_by_id = reuse(_v1.get_build_by_id)
list_builds = reuse(_v1.list_builds)
count_builds = reuse(_v1.count_builds)
create_build = reuse(_v1.create_build)
update_build = reuse(_v1.update_build)
delete_build = reuse(_v1.delete_build)
start_build = reuse(_v1.start_build)
finish_build = reuse(_v1.finish_build)
list_builds_after = reuse(_v1.list_builds_after)
