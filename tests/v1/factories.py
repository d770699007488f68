"""Minimal valid rows of every v1 resource, parents made on the way, names unique per call."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import omnidb
from omnidb.v1 import (
    allocations,
    api_keys,
    apps,
    audit_logs,
    autoscaling_rules,
    builds,
    config_vars,
    data_services,
    deployment_logs,
    deployments,
    domains,
    health_checks,
    host_creds,
    instance_logs,
    instances,
    metrics,
    network_policies,
    nodes,
    org_members,
    orgs,
    permissions,
    pipelines,
    platforms,
    provider_audit_logs,
    providers,
    providers_regions,
    quotas,
    regions,
    role_permissions,
    roles,
    rollbacks,
    routes,
    service_bindings,
    spaces,
    tasks,
    user_meta,
    user_pii,
    user_roles,
    user_sessions,
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


# -- identity, tenancy, platform, infrastructure, applications


def user_meta_row(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    return user_meta.create_user_meta(db, **kw)


def user_pii_row(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    return user_pii.create_user_pii(db, **{"first_name": "Ada", **kw})


def user_session(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    expires = datetime.now(timezone.utc) + timedelta(hours=1)
    fields = {"session_token": uuid.uuid4().hex + uuid.uuid4().hex, "expires_at": expires}
    return user_sessions.create_user_session(db, **{**fields, **kw})


def quota(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    limits = {"memory_limit": 4096, "instance_limit": 10, "routes_limit": 10, "services_limit": 5}
    return quotas.create_quota(db, **{"name": unique("quota"), **limits, **kw})


def platform(db: omnidb.Database, **kw: Any) -> Any:
    return platforms.create_platform(db, **{"name": unique("platform"), **kw})


def pipeline(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return pipelines.create_pipeline(db, **{"name": unique("pipeline"), **kw})


def provider_audit_log(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("provider_id", provider(db).id)
    return provider_audit_logs.create_provider_audit_log(db, **{"action": "update", **kw})


def provider_region(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("provider_id", provider(db).id)
    kw.setdefault("region_id", region(db).id)
    return providers_regions.create_provider_region(db, **kw)


def node(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("worker_id", worker(db).id)
    size = {"cpu_cores": 4, "ram_gb": 16, "disk_gb": 100}
    fields = {"node_type": "worker", "hostname": unique("host"), "ip_address": "10.0.0.1", **size}
    return nodes.create_node(db, **{**fields, **kw})


def host_cred(db: omnidb.Database, **kw: Any) -> Any:
    name = unique("host")
    fields = {"host_id": str(uuid.uuid4()), "host_name": name, "host_address": name + ".example"}
    fields |= {"is_physical_node": False, "auth_type": "ssh-key", "key_encrypted": "c2VjcmV0"}
    return host_creds.create_host_cred(db, **{**fields, **kw})


def data_service(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("region_id", region(db).id)
    fields = {"name": unique("svc"), "service_type": "database", "plan": "small"}
    return data_services.create_data_service(db, **{**fields, **kw})


def rollback(db: omnidb.Database, **kw: Any) -> Any:
    if "from_deployment_id" not in kw:
        older = deployment(db, **({"app_id": kw["app_id"]} if "app_id" in kw else {}))
        newer = deployment(db, app_id=older.app_id)
        kw.setdefault("app_id", older.app_id)
        kw.setdefault("to_deployment_id", older.id)
        kw["from_deployment_id"] = newer.id
    return rollbacks.create_rollback(db, **kw)


def task(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return tasks.create_task(db, **{"command": "rake db:migrate", **kw})


def health_check(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return health_checks.create_health_check(db, **kw)


def autoscaling_rule(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    return autoscaling_rules.create_autoscaling_rule(db, **{"metric_type": "cpu", "threshold_value": 80.0, **kw})


def network_policy(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("source_app_id", app(db).id)
    kw.setdefault("destination_app_id", app(db).id)
    return network_policies.create_network_policy(db, **kw)


def service_binding(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    kw.setdefault("service_id", data_service(db).id)
    return service_bindings.create_service_binding(db, **{"credentials": "ZW5jcnlwdGVk", **kw})


FACTORIES.update(
    {
        "user_meta": user_meta_row,
        "user_pii": user_pii_row,
        "user_sessions": user_session,
        "quotas": quota,
        "platforms": platform,
        "pipelines": pipeline,
        "provider_audit_logs": provider_audit_log,
        "providers_regions": provider_region,
        "nodes": node,
        "host_creds": host_cred,
        "data_services": data_service,
        "rollbacks": rollback,
        "tasks": task,
        "health_checks": health_check,
        "autoscaling_rules": autoscaling_rule,
        "network_policies": network_policy,
        "service_bindings": service_binding,
    }
)
