"""User roles in API v2: unchanged from v1 (table ``role_user`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import user_roles as _v1
from omnidb.v2._reuse import reuse

get_user_role_by_id = reuse(_v1.get_user_role_by_id)
list_user_roles = reuse(_v1.list_user_roles)
count_user_roles = reuse(_v1.count_user_roles)
create_user_role = reuse(_v1.create_user_role)
delete_user_role = reuse(_v1.delete_user_role)
