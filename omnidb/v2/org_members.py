"""Org members in API v2: unchanged from v1 (table ``orgmember`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import org_members as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_org_member_by_id = reuse(_v1.get_org_member_by_id)
list_org_members = reuse(_v1.list_org_members)
count_org_members = reuse(_v1.count_org_members)
create_org_member = reuse(_v1.create_org_member)
update_org_member = reuse(_v1.update_org_member)
delete_org_member = reuse(_v1.delete_org_member)
