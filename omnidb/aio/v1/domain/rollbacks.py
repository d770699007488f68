"""Rollbacks beyond CRUD: recording one checks the pair of deployments it goes between."""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.transaction import AsyncExecutor, AsyncTransaction
from omnidb.aio.v1.declarations import DEPLOYMENTS, ROLLBACKS
from omnidb.aio.v1.domain._joined import transaction_of
from omnidb.convert import check_id
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound
from omnidb.v1.tables import Deployment, DeploymentStatus, Rollback

__all__ = ["record_rollback"]


async def _deployment(tx: AsyncTransaction, field: str, deployment_id: int) -> Deployment:
    try:
        return await DEPLOYMENTS.get(tx, check_id(field, deployment_id))
    except NotFound:
        raise ParentNotFound("deployment", deployment_id) from None


async def record_rollback(
    db: AsyncExecutor,
    from_deployment_id: int,
    to_deployment_id: int,
    *,
    reason: str | None = None,
    automatic: bool = False,
    trigger_condition: str | None = None,
    created_by: int | None = None,
) -> Rollback:
    """Record a pending rollback of an app from deployment ``from_deployment_id`` back to the earlier
    ``to_deployment_id``, which must have deployed; return it.

    Runs in one transaction: both deployments read, the app's row locked (``lock_app``), its open
    rollbacks counted, the row inserted. Raises ``ParentNotFound`` (no such deployment, or no such
    user ``created_by``), ``InvalidInput`` (the two are of different apps, or the target is not
    earlier), ``Conflict`` (the target never deployed: ``deployment 7 is failed: cannot roll back to
    it``; or the app already has a rollback pending or in progress), ``NotFound`` if the app is
    deleted.
    """
    async with transaction_of(db) as tx:
        source = await _deployment(tx, "from_deployment_id", from_deployment_id)
        target = await _deployment(tx, "to_deployment_id", to_deployment_id)
        if target.app_id != source.app_id:
            raise InvalidInput(
                f"to_deployment_id: deployment {target.id} is of app {target.app_id}, not of app {source.app_id}",
                field="to_deployment_id",
            )
        if target.id >= source.id:
            raise InvalidInput(
                f"to_deployment_id: deployment {target.id} is not earlier than deployment {source.id}",
                field="to_deployment_id",
            )
        if target.status is not DeploymentStatus.DEPLOYED:
            raise Conflict(f"deployment {target.id} is {target.status.value}: cannot roll back to it")
        q = registry.version(1)
        # Serialise rollbacks of one app: two concurrent ones would both count none open.
        if await q.lock_app(tx.connection, id=source.app_id) is None:
            raise NotFound("app", source.app_id)
        if await q.count_open_rollbacks_of_app(tx.connection, app_id=source.app_id):
            raise Conflict(f"app {source.app_id} has a rollback pending or in progress already")
        values = dict.fromkeys(getattr(ROLLBACKS.query("create_rollback"), "parameters", ()) or ())
        values |= {
            "app_id": source.app_id,
            "from_deployment_id": source.id,
            "to_deployment_id": target.id,
            "reason": reason,
            "automatic": automatic,
            "trigger_condition": trigger_condition,
            "created_by": created_by,
        }
        return await ROLLBACKS.create(tx, values)
