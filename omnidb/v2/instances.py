"""Instances in API v2: unchanged from v1 (table ``instances`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import instances as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_instance_by_id = reuse(_v1.get_instance_by_id)
list_instances = reuse(_v1.list_instances)
count_instances = reuse(_v1.count_instances)
create_instance = reuse(_v1.create_instance)
update_instance = reuse(_v1.update_instance)
delete_instance = reuse(_v1.delete_instance)
set_instance_status = reuse(_v1.set_instance_status)
record_instance_health = reuse(_v1.record_instance_health)
list_instances_after = reuse(_v1.list_instances_after)
create_instances = reuse(_v1.create_instances)
