"""Domains in API v2: unchanged from v1 (table ``domains`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import domains as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_domain_by_id = reuse(_v1.get_domain_by_id)
list_domains = reuse(_v1.list_domains)
count_domains = reuse(_v1.count_domains)
create_domain = reuse(_v1.create_domain)
update_domain = reuse(_v1.update_domain)
delete_domain = reuse(_v1.delete_domain)
mark_domain_verified = reuse(_v1.mark_domain_verified)
