"""Storage snapshots beyond CRUD: taking a snapshot of a volume that can still be read, and a volume's
snapshots. Completing and failing one are the declared actions ``complete_storage_snapshot`` and
``fail_storage_snapshot``.
"""

from __future__ import annotations

from datetime import datetime

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read, writing
from omnidb.aio.v1.declarations import STORAGE_SNAPSHOTS, STORAGE_VOLUMES
from omnidb.aio.v1.domain._joined import create, transaction_of
from omnidb.convert import check_id, structure
from omnidb.errors import Conflict, ParentNotFound
from omnidb.v1.tables import StorageSnapshot, StorageVolume, StorageVolumeStatus

__all__ = ["list_volume_snapshots", "snapshot_storage_volume"]

#: Statuses of a volume whose data is going or gone: no snapshot can be taken of it.
UNREADABLE = frozenset({StorageVolumeStatus.DELETING, StorageVolumeStatus.DELETED})


async def snapshot_storage_volume(
    db: AsyncExecutor,
    volume_id: int,
    name: str,
    *,
    description: str | None = None,
    retention_date: datetime | None = None,
) -> StorageSnapshot:
    """Start a snapshot ``name`` of volume ``volume_id``, of the volume's size (status Creating); return it.

    The volume is locked while its status is checked, so it cannot start being deleted meanwhile.
    Raises ``ParentNotFound`` (no such volume, or it is deleted), ``Conflict`` naming the volume's status
    when it is Deleting or Deleted, or when the volume already has a snapshot ``name``; ``InvalidInput``
    for a bad value.
    """
    volume_id = check_id("volume_id", volume_id)
    async with transaction_of(db) as tx, writing(tx) as conn:
        row = await registry.version(1).lock_storage_volume(conn, id=volume_id)
        if row is None:
            raise ParentNotFound("storage volume", volume_id)
        volume = structure(row, StorageVolume)
        if volume.status in UNREADABLE:
            raise Conflict(f"storage volume {volume_id} is {volume.status.value}: cannot snapshot it")
        values = {
            "volume_id": volume_id,
            "name": name,
            "size_gb": volume.size_gb,
            "description": description,
            "retention_date": retention_date,
        }
        return await create(STORAGE_SNAPSHOTS, tx, values)


async def list_volume_snapshots(db: AsyncExecutor, volume_id: int) -> list[StorageSnapshot]:
    """Return every snapshot of volume ``volume_id`` that is not deleted, oldest first.

    Raises ``NotFound`` when there is no such volume (or it is deleted).
    """
    volume_id = check_id("volume_id", volume_id)
    query = registry.version(1).list_volume_snapshots

    async def read(conn: AsyncConnection) -> list[StorageSnapshot]:
        await STORAGE_VOLUMES.fetch(conn, volume_id)  # NotFound when the volume is missing
        return [structure(row, StorageSnapshot) async for row in query(conn, volume_id=volume_id)]

    return await run_read(db, read)
