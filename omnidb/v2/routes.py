"""Routes in API v2: unchanged from v1 (table ``routes`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import routes as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_route_by_id = reuse(_v1.get_route_by_id)
list_routes = reuse(_v1.list_routes)
count_routes = reuse(_v1.count_routes)
create_route = reuse(_v1.create_route)
update_route = reuse(_v1.update_route)
delete_route = reuse(_v1.delete_route)
