"""Minimal valid rows of every v1 resource, parents made on the way, names unique per call."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from typing import Any

import omnidb
from omnidb.v1 import (
    allocations,
    api_keys,
    apps,
    audit_logs,
    builds,
    config_vars,
    deployment_logs,
    deployments,
    domains,
    instance_logs,
    instances,
    metrics,
    org_members,
    orgs,
    permissions,
    providers,
    regions,
    role_permissions,
    roles,
    routes,
    spaces,
    user_roles,
    users,
    workers,
)

_counter = itertools.count()


def unique(prefix: str) -> str:
    """A name no other call returns: ``prefix-<n>-<random>``."""
    return f"{prefix}-{next(_counter)}-{uuid.uuid4().hex[:6]}"


def org(db: omnidb.Database, **kw: Any) -> Any:
    return orgs.create_org(db, **{"name": unique("org"), **kw})


def user(db: omnidb.Database, **kw: Any) -> Any:
    fields = {"email": unique("user") + "@example.test", "password_hash": "h", "salt": "s"}
    return users.create_user(db, **{**fields, **kw})


def provider(db: omnidb.Database, **kw: Any) -> Any:
    return providers.create_provider(db, **{"name": unique("prov"), "display_name": "P", **kw})


def region(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("provider_id", provider(db).id)
    return regions.create_region(db, **{"name": unique("region"), "display_name": "R", **kw})


def worker(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("region_id", region(db).id)
    capacity = {"cpu_total": 4.0, "cpu_available": 4.0, "memory_total": 8192.0, "memory_available": 8192.0}
    capacity |= {"disk_total": 1e5, "disk_available": 1e5}
    return workers.create_worker(db, **{"name": unique("worker"), **capacity, **kw})


def allocation(db: omnidb.Database, **kw: Any) -> Any:
    sizes = {"cpu": 1.0, "memory": 512.0, "uplink": 100.0, "downlink": 100.0, "disk": 1024.0}
    return allocations.create_allocation(db, **{"name": unique("alloc"), **sizes, **kw})


def space(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    return spaces.create_space(db, **{"name": unique("space"), **kw})


def app(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    return apps.create_app(db, **{"name": unique("app"), **kw})


def instance(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    kw.setdefault("instance_index", next(_counter))
    return instances.create_instance(db, **{"guid": str(uuid.uuid4()), "instance_type": "container", **kw})


def build(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return builds.create_build(db, **kw)


def deployment(db: omnidb.Database, **kw: Any) -> Any:
    if "build_id" not in kw:
        parent = build(db, **({"app_id": kw["app_id"]} if "app_id" in kw else {}))
        kw["build_id"] = parent.id
        kw.setdefault("app_id", parent.app_id)
    return deployments.create_deployment(db, **kw)


def domain(db: omnidb.Database, **kw: Any) -> Any:
    return domains.create_domain(db, **{"name": unique("dom") + ".example", **kw})


def route(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("domain_id", domain(db).id)
    return routes.create_route(db, **{"host": unique("host"), **kw})


def config_var(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return config_vars.create_config_var(db, **{"key": unique("KEY"), "value": "v", **kw})


def role(db: omnidb.Database, **kw: Any) -> Any:
    return roles.create_role(db, **{"name": unique("role"), **kw})


def permission(db: omnidb.Database, **kw: Any) -> Any:
    return permissions.create_permission(db, **{"name": unique("perm"), "resource_type": "app", "action": "read", **kw})


def role_permission(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("role_id", role(db).id)
    kw.setdefault("permission_id", permission(db).id)
    return role_permissions.create_role_permission(db, **kw)


def user_role(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    kw.setdefault("role_id", role(db).id)
    return user_roles.create_user_role(db, **kw)


def org_member(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    kw.setdefault("user_id", user(db).id)
    return org_members.create_org_member(db, **kw)


def api_key(db: omnidb.Database, **kw: Any) -> Any:
    owner = user(db)
    kw.setdefault("org_id", org(db).id)
    kw.setdefault("user_id", owner.id)
    prefix = "k" + uuid.uuid4().hex[:12]
    return api_keys.create_api_key(db, **{"name": "key", "key_hash": "hash", "prefix": prefix, **kw})


def deployment_log(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("deployment_id", deployment(db).id)
    return deployment_logs.create_deployment_log(db, **{"message": "hello", **kw})


def instance_log(db: omnidb.Database, **kw: Any) -> Any:
    if "instance_id" not in kw:
        parent = instance(db)
        kw["instance_id"] = parent.id
        kw.setdefault("app_id", parent.app_id)
    return instance_logs.create_instance_log(db, **{"message": "hello", **kw})


def metric(db: omnidb.Database, **kw: Any) -> Any:
    return metrics.create_metric(db, **{"metric_name": "cpu", "metric_value": 1.5, **kw})


def audit_log(db: omnidb.Database, **kw: Any) -> Any:
    return audit_logs.create_audit_log(db, **{"action": "app.create", "resource_type": "app", **kw})


#: module name -> factory of one row
FACTORIES: dict[str, Callable[..., Any]] = {
    "users": user,
    "orgs": org,
    "org_members": org_member,
    "roles": role,
    "permissions": permission,
    "role_permissions": role_permission,
    "user_roles": user_role,
    "api_keys": api_key,
    "providers": provider,
    "regions": region,
    "workers": worker,
    "allocations": allocation,
    "spaces": space,
    "apps": app,
    "instances": instance,
    "builds": build,
    "deployments": deployment,
    "domains": domain,
    "routes": route,
    "config_vars": config_var,
    "deployment_logs": deployment_log,
    "instance_logs": instance_log,
    "metrics": metric,
    "audit_logs": audit_log,
}
