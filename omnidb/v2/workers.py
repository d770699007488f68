"""Workers in API v2: unchanged from v1 (table ``workers`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import workers as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_worker_by_id = reuse(_v1.get_worker_by_id)
list_workers = reuse(_v1.list_workers)
count_workers = reuse(_v1.count_workers)
create_worker = reuse(_v1.create_worker)
update_worker = reuse(_v1.update_worker)
delete_worker = reuse(_v1.delete_worker)
record_worker_heartbeat = reuse(_v1.record_worker_heartbeat)
