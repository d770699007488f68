"""Audit logs in API v2: unchanged from v1 (table ``audit_logs`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import audit_logs as _v1
from omnidb.v2._reuse import reuse

get_audit_log_by_id = reuse(_v1.get_audit_log_by_id)
list_audit_logs = reuse(_v1.list_audit_logs)
count_audit_logs = reuse(_v1.count_audit_logs)
create_audit_log = reuse(_v1.create_audit_log)
