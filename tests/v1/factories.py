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


# -- storage, notifications, alerts, backups, cost

from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402

from omnidb.v1 import (  # noqa: E402
    alert_acknowledgments,
    alert_escalations,
    alert_history,
    alerts,
    backups,
    cost_allocation_tags,
    cost_budgets,
    cost_metrics,
    cost_projections,
    cost_summaries,
    notification_acknowledgments,
    notifications,
    provider_costs,
    resource_pricing,
    resource_types,
    role_notifications,
    storage_classes,
    storage_migrations,
    storage_qos_policies,
    storage_snapshots,
    storage_volumes,
    usage_costs,
    user_notifications,
    volume_qos_policy_assignments,
)

UTC = timezone.utc


def storage_class(db: omnidb.Database, **kw: Any) -> Any:
    fields = {"name": unique("class"), "provisioner": "omni.local", "storage_type": "local-disk"}
    return storage_classes.create_storage_class(db, **{**fields, **kw})


def storage_qos_policy(db: omnidb.Database, **kw: Any) -> Any:
    return storage_qos_policies.create_storage_qos_policy(db, **{"name": unique("qos"), **kw})


def storage_volume(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("app_id", app(db).id)
    kw.setdefault("storage_class_id", storage_class(db).id)
    kw.setdefault("worker_id", worker(db).id)
    return storage_volumes.create_storage_volume(db, **{"name": unique("vol"), "size_gb": 10, **kw})


def storage_snapshot(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("volume_id", storage_volume(db).id)
    return storage_snapshots.create_storage_snapshot(db, **{"name": unique("snap"), "size_gb": 10, **kw})


def storage_migration(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("source_volume_id", storage_volume(db).id)
    kw.setdefault("destination_volume_id", storage_volume(db).id)
    fields = {"migration_type": "StorageClass", "created_by": "platform"}
    return storage_migrations.create_storage_migration(db, **{**fields, **kw})


def volume_qos_policy_assignment(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("volume_id", storage_volume(db).id)
    kw.setdefault("policy_id", storage_qos_policy(db).id)
    return volume_qos_policy_assignments.create_volume_qos_policy_assignment(db, **kw)


def notification(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    return notifications.create_notification(db, **{"message": "hello", **kw})


def user_notification(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("user_id", user(db).id)
    return user_notifications.create_user_notification(db, **{"notification_type": "deploy", "message": "hi", **kw})


def role_notification(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("role_id", role(db).id)
    return role_notifications.create_role_notification(db, **{"notification_type": "deploy", "message": "hi", **kw})


def notification_acknowledgment(db: omnidb.Database, **kw: Any) -> Any:
    if "notification_id" not in kw and "role_notification_id" not in kw:
        parent = user_notification(db)
        kw["notification_id"] = parent.id
        kw.setdefault("user_id", parent.user_id)
    kw.setdefault("user_id", user(db).id)
    return notification_acknowledgments.create_notification_acknowledgment(db, **kw)


def alert(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    fields = {"alert_type": "cpu_high", "severity": "warning", "service": "orchestrator", "message": "CPU at 95%"}
    return alerts.create_alert(db, **{**fields, **kw})


def alert_acknowledgment(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("alert_id", alert(db).id)
    kw.setdefault("user_id", user(db).id)
    return alert_acknowledgments.create_alert_acknowledgment(db, **kw)


def alert_escalation(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("alert_id", alert(db).id)
    fields = {"escalation_level": 1, "escalation_method": "email"}
    return alert_escalations.create_alert_escalation(db, **{**fields, **kw})


def alert_history_entry(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("alert_id", alert(db).id)
    return alert_history.create_alert_history_entry(db, **{"action": "note", **kw})


def backup(db: omnidb.Database, **kw: Any) -> Any:
    fields = {
        "name": unique("backup"),
        "created_by": "platform",
        "backup_type": "APPLICATION",
        "format_version": "1",
        "source_environment": "production",
        "storage_location": "s3://backups/x",
        "manifest_path": "s3://backups/x/manifest.json",
    }
    return backups.create_backup(db, **{**fields, **kw})


def resource_type(db: omnidb.Database, **kw: Any) -> Any:
    fields = {"name": unique("rtype"), "category": "compute", "unit_of_measurement": "CPU-hour"}
    return resource_types.create_resource_type(db, **{**fields, **kw})


def provider_cost(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("provider_id", provider(db).id)
    fields = {"cost_type": "compute", "unit": "hour", "unit_price": Decimal("0.0100")}
    fields["effective_date"] = datetime(2026, 1, 1, tzinfo=UTC)
    return provider_costs.create_provider_cost(db, **{**fields, **kw})


def usage_cost(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("provider_id", provider(db).id)
    start = datetime.now(UTC).replace(microsecond=0)
    fields = {"cost_type": "compute", "usage_quantity": 2.0, "unit": "hour", "total_cost": Decimal("0.0200")}
    fields |= {"usage_start": start, "usage_end": start + timedelta(hours=2)}
    return usage_costs.create_usage_cost(db, **{**fields, **kw})


def cost_summary(db: omnidb.Database, **kw: Any) -> Any:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    fields = {"cost_type": "compute", "total_cost": Decimal("12.5000"), "summary_period": "monthly"}
    fields |= {"period_start": start, "period_end": datetime(2026, 12, 1, tzinfo=UTC)}
    return cost_summaries.create_cost_summary(db, **{**fields, **kw})


def cost_metric(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("resource_type_id", resource_type(db).id)
    start = datetime.now(UTC).replace(microsecond=0)
    fields = {"start_time": start, "end_time": start + timedelta(hours=1), "usage_quantity": 1.0}
    fields |= {"unit_cost": Decimal("0.5"), "total_cost": Decimal("0.5")}
    return cost_metrics.create_cost_metric(db, **{**fields, **kw})


def cost_projection(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    fields = {"projection_period": "monthly", "start_date": date(2026, 12, 1), "end_date": date(2026, 12, 31)}
    fields |= {"projected_cost": Decimal("100.00"), "projection_model": "linear"}
    return cost_projections.create_cost_projection(db, **{**fields, **kw})


def cost_budget(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("org_id", org(db).id)
    fields = {"budget_name": unique("budget"), "budget_amount": Decimal("100.00"), "budget_period": "monthly"}
    return cost_budgets.create_cost_budget(db, **{**fields, **kw})


def resource_price(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("resource_type_id", resource_type(db).id)
    kw.setdefault("provider_id", provider(db).id)
    fields = {"unit_price": Decimal("0.042"), "effective_from": datetime(2026, 1, 1, tzinfo=UTC)}
    return resource_pricing.create_resource_price(db, **{**fields, **kw})


def cost_allocation_tag(db: omnidb.Database, **kw: Any) -> Any:
    kw.setdefault("resource_id", next(_counter))
    fields = {"tag_key": "team", "tag_value": unique("team"), "resource_type": "app"}
    return cost_allocation_tags.create_cost_allocation_tag(db, **{**fields, **kw})


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
        "storage_classes": storage_class,
        "storage_qos_policies": storage_qos_policy,
        "storage_volumes": storage_volume,
        "storage_snapshots": storage_snapshot,
        "storage_migrations": storage_migration,
        "volume_qos_policy_assignments": volume_qos_policy_assignment,
        "notifications": notification,
        "user_notifications": user_notification,
        "role_notifications": role_notification,
        "notification_acknowledgments": notification_acknowledgment,
        "alerts": alert,
        "alert_acknowledgments": alert_acknowledgment,
        "alert_escalations": alert_escalation,
        "alert_history": alert_history_entry,
        "backups": backup,
        "resource_types": resource_type,
        "provider_costs": provider_cost,
        "usage_costs": usage_cost,
        "cost_summaries": cost_summary,
        "cost_metrics": cost_metric,
        "cost_projections": cost_projection,
        "cost_budgets": cost_budget,
        "resource_pricing": resource_price,
        "cost_allocation_tags": cost_allocation_tag,
    }
)
