"""Users in API v2: unchanged from v1 (table ``users`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import users as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_user_by_id = reuse(_v1.get_user_by_id)
list_users = reuse(_v1.list_users)
count_users = reuse(_v1.count_users)
create_user = reuse(_v1.create_user)
update_user = reuse(_v1.update_user)
delete_user = reuse(_v1.delete_user)
get_user_by_email = reuse(_v1.get_user_by_email)
record_login = reuse(_v1.record_login)
record_failed_login = reuse(_v1.record_failed_login)
