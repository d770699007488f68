"""Permissions in API v2: unchanged from v1 (table ``permissions`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import permissions as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_permission_by_id = reuse(_v1.get_permission_by_id)
list_permissions = reuse(_v1.list_permissions)
count_permissions = reuse(_v1.count_permissions)
create_permission = reuse(_v1.create_permission)
update_permission = reuse(_v1.update_permission)
delete_permission = reuse(_v1.delete_permission)
