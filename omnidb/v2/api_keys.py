"""API keys in API v2: unchanged from v1 (table ``api_keys`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import api_keys as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_api_key_by_id = reuse(_v1.get_api_key_by_id)
list_api_keys = reuse(_v1.list_api_keys)
count_api_keys = reuse(_v1.count_api_keys)
create_api_key = reuse(_v1.create_api_key)
update_api_key = reuse(_v1.update_api_key)
delete_api_key = reuse(_v1.delete_api_key)
get_api_key_by_prefix = reuse(_v1.get_api_key_by_prefix)
revoke_api_key = reuse(_v1.revoke_api_key)
touch_api_key = reuse(_v1.touch_api_key)
