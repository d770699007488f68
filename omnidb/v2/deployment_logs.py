"""Deployment logs in API v2: unchanged from v1 (table ``deployment_logs`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import deployment_logs as _v1
from omnidb.v2._reuse import reuse

get_deployment_log_by_id = reuse(_v1.get_deployment_log_by_id)
list_deployment_logs = reuse(_v1.list_deployment_logs)
count_deployment_logs = reuse(_v1.count_deployment_logs)
create_deployment_log = reuse(_v1.create_deployment_log)
delete_deployment_log = reuse(_v1.delete_deployment_log)
list_deployment_logs_after = reuse(_v1.list_deployment_logs_after)
append_deployment_logs = reuse(_v1.append_deployment_logs)
