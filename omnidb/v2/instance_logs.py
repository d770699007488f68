"""Instance logs in API v2: unchanged from v1 (table ``instance_logs`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import instance_logs as _v1
from omnidb.v2._reuse import reuse

get_instance_log_by_id = reuse(_v1.get_instance_log_by_id)
list_instance_logs = reuse(_v1.list_instance_logs)
count_instance_logs = reuse(_v1.count_instance_logs)
create_instance_log = reuse(_v1.create_instance_log)
delete_instance_log = reuse(_v1.delete_instance_log)
list_instance_logs_after = reuse(_v1.list_instance_logs_after)
append_instance_logs = reuse(_v1.append_instance_logs)
