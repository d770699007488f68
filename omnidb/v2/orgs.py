"""Organizations in API v2: unchanged from v1 (table ``orgs`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import orgs as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_org_by_id = reuse(_v1.get_org_by_id)
list_orgs = reuse(_v1.list_orgs)
count_orgs = reuse(_v1.count_orgs)
create_org = reuse(_v1.create_org)
update_org = reuse(_v1.update_org)
delete_org = reuse(_v1.delete_org)
get_org_by_name = reuse(_v1.get_org_by_name)
