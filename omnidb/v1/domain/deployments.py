"""Deployments beyond CRUD: a deployment with the build it rolls out."""

from __future__ import annotations

from omnidb.convert import check_id
from omnidb.session import Connection
from omnidb.transaction import Executor, run_read
from omnidb.v1.declarations import BUILDS, DEPLOYMENTS
from omnidb.v1.views import DeploymentWithBuild

__all__ = ["get_deployment_with_build"]


def get_deployment_with_build(db: Executor, deployment_id: int) -> DeploymentWithBuild:
    """Return deployment ``deployment_id`` and its build, read on one session.

    Raises ``NotFound`` if there is no such deployment.
    """
    deployment_id = check_id("deployment_id", deployment_id)

    def read(conn: Connection) -> DeploymentWithBuild:
        deployment = DEPLOYMENTS.fetch(conn, deployment_id)
        return DeploymentWithBuild(deployment=deployment, build=BUILDS.fetch(conn, deployment.build_id))

    return run_read(db, read)
