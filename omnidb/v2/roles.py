"""Roles in API v2: unchanged from v1 (table ``roles`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import roles as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_role_by_id = reuse(_v1.get_role_by_id)
list_roles = reuse(_v1.list_roles)
count_roles = reuse(_v1.count_roles)
create_role = reuse(_v1.create_role)
update_role = reuse(_v1.update_role)
delete_role = reuse(_v1.delete_role)
