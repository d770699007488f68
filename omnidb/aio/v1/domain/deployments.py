"""Deployments beyond CRUD: a deployment with the build it rolls out."""

from __future__ import annotations

from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.aio.v1.declarations import BUILDS, DEPLOYMENTS
from omnidb.convert import check_id
from omnidb.v1.views import DeploymentWithBuild

__all__ = ["get_deployment_with_build"]


async def get_deployment_with_build(db: AsyncExecutor, deployment_id: int) -> DeploymentWithBuild:
    """Return deployment ``deployment_id`` and its build, read on one session.

    Raises ``NotFound`` if there is no such deployment.
    """
    deployment_id = check_id("deployment_id", deployment_id)

    async def read(conn: AsyncConnection) -> DeploymentWithBuild:
        deployment = await DEPLOYMENTS.fetch(conn, deployment_id)
        return DeploymentWithBuild(deployment=deployment, build=await BUILDS.fetch(conn, deployment.build_id))

    return await run_read(db, read)
