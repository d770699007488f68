"""Spaces in API v2: unchanged from v1 (table ``spaces`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import spaces as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_space_by_id = reuse(_v1.get_space_by_id)
list_spaces = reuse(_v1.list_spaces)
count_spaces = reuse(_v1.count_spaces)
create_space = reuse(_v1.create_space)
update_space = reuse(_v1.update_space)
delete_space = reuse(_v1.delete_space)
