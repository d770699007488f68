"""Result structs of schema V1's joined reads and statistics: shapes that are not one table's row.

Frozen attrs classes, like the table structs of ``omnidb/v1/tables.py``, built by the hand-written
domain operations of ``omnidb/v1/domain/``. Each group of resources keeps its own section.
"""

from __future__ import annotations

import attrs

from omnidb.v1.tables import App, Build, Deployment, Instance, Permission, Role

# == Identity, tenancy, platform, infrastructure, applications ==========================================


@attrs.frozen
class AppWithInstanceCount:
    """An app and how many instances it has (any status): a row of ``list_apps_with_instance_counts``."""

    app: App
    instance_count: int


@attrs.frozen
class AppWithInstances:
    """An app and every one of its instances, by instance index: ``get_app_with_instances``."""

    app: App
    instances: list[Instance]


@attrs.frozen
class DeploymentWithBuild:
    """A deployment and the build it rolls out: ``get_deployment_with_build``."""

    deployment: Deployment
    build: Build


@attrs.frozen
class UserAccess:
    """What a user may do: the roles it holds and the permissions they grant, each once."""

    user_id: int
    roles: list[Role]
    permissions: list[Permission]

    def allows(self, resource_type: str, action: str) -> bool:
        """True if one of the permissions grants ``action`` on ``resource_type``."""
        return any(p.resource_type == resource_type and p.action == action for p in self.permissions)
