"""Rules of the v1 domain actions that SQL cannot state: each checks the values an action binds.

The declarations (``omnidb/v1/declarations.py``) name these as an action's ``check``; they run
before the statement, so a refused value never reaches the database. The enums are looked up in
``omnidb.v1.tables`` when a rule runs, so importing the rules makes no struct.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omnidb.errors import InvalidInput
from omnidb.v1 import tables


def instances_not_negative(values: Mapping[str, Any]) -> None:
    """``scale_app``: the desired instance count is 0 or more."""
    if values["instances"] < 0:
        raise InvalidInput(f"instances must be a whole number >= 0, got {values['instances']!r}", field="instances")


def build_ends(values: Mapping[str, Any]) -> None:
    """``finish_build``: the status is one that ends a build."""
    if tables.BuildStatus(values["status"]) not in (
        tables.BuildStatus.SUCCEEDED,
        tables.BuildStatus.FAILED,
        tables.BuildStatus.CANCELED,
    ):
        raise InvalidInput(
            f"finish_build: status must be succeeded, failed or canceled, got {values['status']!r}", field="status"
        )


def deployment_ends(values: Mapping[str, Any]) -> None:
    """``finish_deployment``: the status is one that ends a deployment."""
    ending = (tables.DeploymentStatus.DEPLOYED, tables.DeploymentStatus.FAILED, tables.DeploymentStatus.CANCELED)
    if tables.DeploymentStatus(values["status"]) not in ending:
        raise InvalidInput(
            f"finish_deployment: status must be deployed, failed or canceled, got {values['status']!r}",
            field="status",
        )


def task_ends(values: Mapping[str, Any]) -> None:
    """``finish_task``: the status is one a task ends with on its own (cancel_task cancels)."""
    if tables.TaskStatus(values["status"]) not in (tables.TaskStatus.SUCCEEDED, tables.TaskStatus.FAILED):
        raise InvalidInput(f"finish_task: status must be succeeded or failed, got {values['status']!r}", field="status")


# -- storage, notifications, alerts, backups, cost


def size_not_negative(values: Mapping[str, Any]) -> None:
    """``complete_backup``: the size in bytes is 0 or more."""
    if values["size_bytes"] < 0:
        raise InvalidInput(f"size_bytes must be a whole number >= 0, got {values['size_bytes']!r}", field="size_bytes")


def snapshot_size_not_negative(values: Mapping[str, Any]) -> None:
    """``complete_storage_snapshot``: the final size in GB, when given, is 0 or more."""
    size = values.get("size_gb")
    if size is not None and size < 0:
        raise InvalidInput(f"size_gb must be a whole number >= 0, got {size!r}", field="size_gb")


def mount_path_absolute(values: Mapping[str, Any]) -> None:
    """``attach_storage_volume``: the mount path is an absolute path ("/data"): not empty, no NUL."""
    path = values["mount_path"]
    if not path.startswith("/") or "\x00" in path:
        raise InvalidInput(
            f'mount_path must be an absolute path without NUL ("/data"), got {path!r}', field="mount_path"
        )
