"""Config vars in API v2: unchanged from v1 (table ``config_vars`` did not change in V2).

The v1 functions are reused, not copied; each checks first that the database is at V2 or later.
"""

from __future__ import annotations

from omnidb.v1 import config_vars as _v1
from omnidb.v2._reuse import reuse

UPDATABLE = _v1.UPDATABLE

get_config_var_by_id = reuse(_v1.get_config_var_by_id)
list_config_vars = reuse(_v1.list_config_vars)
count_config_vars = reuse(_v1.count_config_vars)
create_config_var = reuse(_v1.create_config_var)
update_config_var = reuse(_v1.update_config_var)
delete_config_var = reuse(_v1.delete_config_var)
get_config_var_by_key = reuse(_v1.get_config_var_by_key)
set_config_var = reuse(_v1.set_config_var)
