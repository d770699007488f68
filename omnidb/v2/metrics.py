"""Metrics in API v2: unchanged from v1 (table ``metrics`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import metrics as _v1
from omnidb.v2._reuse import reuse

get_metric_by_id = reuse(_v1.get_metric_by_id)
list_metrics = reuse(_v1.list_metrics)
count_metrics = reuse(_v1.count_metrics)
create_metric = reuse(_v1.create_metric)
delete_metric = reuse(_v1.delete_metric)
list_metrics_after = reuse(_v1.list_metrics_after)
record_metrics = reuse(_v1.record_metrics)
