"""Role permissions in API v2: unchanged from v1 (table ``permissions_role`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import role_permissions as _v1
from omnidb.v2._reuse import reuse

get_role_permission_by_id = reuse(_v1.get_role_permission_by_id)
list_role_permissions = reuse(_v1.list_role_permissions)
count_role_permissions = reuse(_v1.count_role_permissions)
create_role_permission = reuse(_v1.create_role_permission)
delete_role_permission = reuse(_v1.delete_role_permission)
