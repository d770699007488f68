"""Deployments in API v2: unchanged from v1 (table ``deployments`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import deployments as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_deployment_by_id = reuse(_v1.get_deployment_by_id)
list_deployments = reuse(_v1.list_deployments)
count_deployments = reuse(_v1.count_deployments)
create_deployment = reuse(_v1.create_deployment)
update_deployment = reuse(_v1.update_deployment)
delete_deployment = reuse(_v1.delete_deployment)
start_deployment = reuse(_v1.start_deployment)
finish_deployment = reuse(_v1.finish_deployment)
list_deployments_after = reuse(_v1.list_deployments_after)
