"""Schema V1 table structs: one frozen attrs class per table, typed to match its columns.

``Optional`` (``X | None``) exactly where the column is nullable; TINYINT(1) is ``bool``;
DATETIME(6) is a timezone-aware UTC ``datetime``; ENUM columns are ``enum`` subclasses; JSON
columns are parsed (``dict`` / ``list``). Secrets (hashes, salts, config values) stay out of
``repr``. Rows are hydrated by the converter in ``omnidb.convert``.

Each table's struct and enums are written in ``omnidb/v1/_structs/<table>.py`` and made on first use:
``from omnidb.v1.tables import App`` builds ``App`` and its enums, not the 64 other structs (making an
attrs class costs ~0.7 ms, all of them ~50 ms of every start-up). Import them from here: their
``__module__`` is this module, where their annotations are resolved.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

# The names the structs' annotations use: typing.get_type_hints resolves them in this module.
from datetime import date, datetime  # noqa: F401
from decimal import Decimal  # noqa: F401
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omnidb.v1._structs._shared import CostType as CostType
    from omnidb.v1._structs._shared import DeploymentStrategy as DeploymentStrategy
    from omnidb.v1._structs.alert_acknowledgments import AlertAcknowledgment as AlertAcknowledgment
    from omnidb.v1._structs.alert_escalations import AlertEscalation as AlertEscalation
    from omnidb.v1._structs.alert_history import AlertHistoryEntry as AlertHistoryEntry
    from omnidb.v1._structs.alerts import Alert as Alert
    from omnidb.v1._structs.alerts import AlertSeverity as AlertSeverity
    from omnidb.v1._structs.alerts import AlertStatus as AlertStatus
    from omnidb.v1._structs.allocations import Allocation as Allocation
    from omnidb.v1._structs.api_keys import ApiKey as ApiKey
    from omnidb.v1._structs.apps import App as App
    from omnidb.v1._structs.apps import AppHealthCheckType as AppHealthCheckType
    from omnidb.v1._structs.apps import AppRestartPolicy as AppRestartPolicy
    from omnidb.v1._structs.apps import AppStatus as AppStatus
    from omnidb.v1._structs.audit_logs import AuditLog as AuditLog
    from omnidb.v1._structs.audit_logs import AuditLogStatus as AuditLogStatus
    from omnidb.v1._structs.autoscaling_rules import AutoscalingRule as AutoscalingRule
    from omnidb.v1._structs.autoscaling_rules import (
        AutoscalingRuleComparisonOperator as AutoscalingRuleComparisonOperator,
    )
    from omnidb.v1._structs.autoscaling_rules import AutoscalingRuleMetricType as AutoscalingRuleMetricType
    from omnidb.v1._structs.backups import Backup as Backup
    from omnidb.v1._structs.backups import BackupStatus as BackupStatus
    from omnidb.v1._structs.backups import BackupType as BackupType
    from omnidb.v1._structs.builds import Build as Build
    from omnidb.v1._structs.builds import BuildStatus as BuildStatus
    from omnidb.v1._structs.config_vars import ConfigVar as ConfigVar
    from omnidb.v1._structs.cost_allocation_tags import CostAllocationTag as CostAllocationTag
    from omnidb.v1._structs.cost_allocation_tags import CostAllocationTagResourceType as CostAllocationTagResourceType
    from omnidb.v1._structs.cost_budgets import CostBudget as CostBudget
    from omnidb.v1._structs.cost_budgets import CostBudgetPeriod as CostBudgetPeriod
    from omnidb.v1._structs.cost_metrics import CostMetric as CostMetric
    from omnidb.v1._structs.cost_projections import CostProjection as CostProjection
    from omnidb.v1._structs.cost_projections import CostProjectionPeriod as CostProjectionPeriod
    from omnidb.v1._structs.cost_summaries import CostSummary as CostSummary
    from omnidb.v1._structs.cost_summaries import CostSummaryPeriod as CostSummaryPeriod
    from omnidb.v1._structs.data_services import DataService as DataService
    from omnidb.v1._structs.data_services import DataServiceStatus as DataServiceStatus
    from omnidb.v1._structs.data_services import DataServiceTier as DataServiceTier
    from omnidb.v1._structs.data_services import DataServiceType as DataServiceType
    from omnidb.v1._structs.deployment_logs import DeploymentLog as DeploymentLog
    from omnidb.v1._structs.deployment_logs import DeploymentLogLogLevel as DeploymentLogLogLevel
    from omnidb.v1._structs.deployment_logs import DeploymentLogLogType as DeploymentLogLogType
    from omnidb.v1._structs.deployments import Deployment as Deployment
    from omnidb.v1._structs.deployments import DeploymentStatus as DeploymentStatus
    from omnidb.v1._structs.domains import Domain as Domain
    from omnidb.v1._structs.domains import DomainType as DomainType
    from omnidb.v1._structs.domains import DomainVerificationMethod as DomainVerificationMethod
    from omnidb.v1._structs.domains import DomainVerificationStatus as DomainVerificationStatus
    from omnidb.v1._structs.health_checks import HealthCheck as HealthCheck
    from omnidb.v1._structs.health_checks import HealthCheckProtocol as HealthCheckProtocol
    from omnidb.v1._structs.health_checks import HealthCheckType as HealthCheckType
    from omnidb.v1._structs.host_creds import HostCred as HostCred
    from omnidb.v1._structs.instance_logs import InstanceLog as InstanceLog
    from omnidb.v1._structs.instance_logs import InstanceLogLogLevel as InstanceLogLogLevel
    from omnidb.v1._structs.instance_logs import InstanceLogLogType as InstanceLogLogType
    from omnidb.v1._structs.instances import Instance as Instance
    from omnidb.v1._structs.instances import InstanceHealthStatus as InstanceHealthStatus
    from omnidb.v1._structs.instances import InstanceStatus as InstanceStatus
    from omnidb.v1._structs.metrics import Metric as Metric
    from omnidb.v1._structs.network_policies import NetworkPolicy as NetworkPolicy
    from omnidb.v1._structs.network_policies import NetworkPolicyProtocol as NetworkPolicyProtocol
    from omnidb.v1._structs.nodes import Node as Node
    from omnidb.v1._structs.nodes import NodeStatus as NodeStatus
    from omnidb.v1._structs.nodes import NodeType as NodeType
    from omnidb.v1._structs.notification_acknowledgments import NotificationAcknowledgment as NotificationAcknowledgment
    from omnidb.v1._structs.notifications import Notification as Notification
    from omnidb.v1._structs.notifications import NotificationType as NotificationType
    from omnidb.v1._structs.orgmember import OrgMember as OrgMember
    from omnidb.v1._structs.orgmember import OrgMemberInvitationStatus as OrgMemberInvitationStatus
    from omnidb.v1._structs.orgmember import OrgMemberRole as OrgMemberRole
    from omnidb.v1._structs.orgs import Org as Org
    from omnidb.v1._structs.orgs import OrgPlan as OrgPlan
    from omnidb.v1._structs.orgs import OrgStatus as OrgStatus
    from omnidb.v1._structs.permissions import Permission as Permission
    from omnidb.v1._structs.permissions_role import RolePermission as RolePermission
    from omnidb.v1._structs.pipelines import Pipeline as Pipeline
    from omnidb.v1._structs.pipelines import PipelineStatus as PipelineStatus
    from omnidb.v1._structs.platforms import Platform as Platform
    from omnidb.v1._structs.provider_audit_logs import ProviderAuditLog as ProviderAuditLog
    from omnidb.v1._structs.provider_audit_logs import ProviderAuditLogAction as ProviderAuditLogAction
    from omnidb.v1._structs.provider_costs import ProviderCost as ProviderCost
    from omnidb.v1._structs.providers import Provider as Provider
    from omnidb.v1._structs.providers import ProviderStatus as ProviderStatus
    from omnidb.v1._structs.providers import ProviderType as ProviderType
    from omnidb.v1._structs.providers_regions import ProviderRegion as ProviderRegion
    from omnidb.v1._structs.providers_regions import ProviderRegionStatus as ProviderRegionStatus
    from omnidb.v1._structs.quotas import Quota as Quota
    from omnidb.v1._structs.regions import Region as Region
    from omnidb.v1._structs.regions import RegionStatus as RegionStatus
    from omnidb.v1._structs.resource_pricing import ResourcePricing as ResourcePricing
    from omnidb.v1._structs.resource_types import ResourceType as ResourceType
    from omnidb.v1._structs.resource_types import ResourceTypeCategory as ResourceTypeCategory
    from omnidb.v1._structs.role_notifications import RoleNotification as RoleNotification
    from omnidb.v1._structs.role_user import UserRole as UserRole
    from omnidb.v1._structs.role_user import UserRoleScopeType as UserRoleScopeType
    from omnidb.v1._structs.roles import Role as Role
    from omnidb.v1._structs.roles import RoleScope as RoleScope
    from omnidb.v1._structs.rollbacks import Rollback as Rollback
    from omnidb.v1._structs.rollbacks import RollbackStatus as RollbackStatus
    from omnidb.v1._structs.routes import Route as Route
    from omnidb.v1._structs.routes import RouteStatus as RouteStatus
    from omnidb.v1._structs.service_bindings import ServiceBinding as ServiceBinding
    from omnidb.v1._structs.service_bindings import ServiceBindingStatus as ServiceBindingStatus
    from omnidb.v1._structs.spaces import Space as Space
    from omnidb.v1._structs.spaces import SpaceStatus as SpaceStatus
    from omnidb.v1._structs.storage_classes import StorageClass as StorageClass
    from omnidb.v1._structs.storage_classes import StorageClassReclaimPolicy as StorageClassReclaimPolicy
    from omnidb.v1._structs.storage_classes import StorageClassStorageType as StorageClassStorageType
    from omnidb.v1._structs.storage_classes import StorageClassVolumeBindingMode as StorageClassVolumeBindingMode
    from omnidb.v1._structs.storage_migrations import StorageMigration as StorageMigration
    from omnidb.v1._structs.storage_migrations import StorageMigrationStatus as StorageMigrationStatus
    from omnidb.v1._structs.storage_migrations import StorageMigrationType as StorageMigrationType
    from omnidb.v1._structs.storage_qos_policies import StorageQosPolicy as StorageQosPolicy
    from omnidb.v1._structs.storage_snapshots import StorageSnapshot as StorageSnapshot
    from omnidb.v1._structs.storage_snapshots import StorageSnapshotStatus as StorageSnapshotStatus
    from omnidb.v1._structs.storage_volumes import StorageVolume as StorageVolume
    from omnidb.v1._structs.storage_volumes import StorageVolumeAccessMode as StorageVolumeAccessMode
    from omnidb.v1._structs.storage_volumes import StorageVolumePersistenceLevel as StorageVolumePersistenceLevel
    from omnidb.v1._structs.storage_volumes import StorageVolumeReclaimPolicy as StorageVolumeReclaimPolicy
    from omnidb.v1._structs.storage_volumes import StorageVolumeStatus as StorageVolumeStatus
    from omnidb.v1._structs.storage_volumes import StorageVolumeWriteConcern as StorageVolumeWriteConcern
    from omnidb.v1._structs.tasks import Task as Task
    from omnidb.v1._structs.tasks import TaskStatus as TaskStatus
    from omnidb.v1._structs.usage_costs import UsageCost as UsageCost
    from omnidb.v1._structs.user_meta import UserMeta as UserMeta
    from omnidb.v1._structs.user_notifications import UserNotification as UserNotification
    from omnidb.v1._structs.user_pii import UserPii as UserPii
    from omnidb.v1._structs.user_sessions import UserSession as UserSession
    from omnidb.v1._structs.users import User as User
    from omnidb.v1._structs.users import UserStatus as UserStatus
    from omnidb.v1._structs.volume_qos_policy_assignments import VolumeQosPolicyAssignment as VolumeQosPolicyAssignment
    from omnidb.v1._structs.workers import Worker as Worker
    from omnidb.v1._structs.workers import WorkerStatus as WorkerStatus

#: The module of ``omnidb.v1._structs`` that defines each struct and enum.
_HOME: dict[str, str] = {
    "UserStatus": "users",
    "OrgPlan": "orgs",
    "OrgStatus": "orgs",
    "OrgMemberRole": "orgmember",
    "OrgMemberInvitationStatus": "orgmember",
    "RoleScope": "roles",
    "UserRoleScopeType": "role_user",
    "ProviderType": "providers",
    "ProviderStatus": "providers",
    "RegionStatus": "regions",
    "WorkerStatus": "workers",
    "SpaceStatus": "spaces",
    "AppStatus": "apps",
    "InstanceStatus": "instances",
    "InstanceHealthStatus": "instances",
    "BuildStatus": "builds",
    "DeploymentStatus": "deployments",
    "DeploymentStrategy": "_shared",
    "DomainType": "domains",
    "DomainVerificationMethod": "domains",
    "DomainVerificationStatus": "domains",
    "RouteStatus": "routes",
    "DeploymentLogLogType": "deployment_logs",
    "DeploymentLogLogLevel": "deployment_logs",
    "InstanceLogLogType": "instance_logs",
    "InstanceLogLogLevel": "instance_logs",
    "AuditLogStatus": "audit_logs",
    "AlertSeverity": "alerts",
    "AlertStatus": "alerts",
    "AppHealthCheckType": "apps",
    "AppRestartPolicy": "apps",
    "AutoscalingRuleMetricType": "autoscaling_rules",
    "AutoscalingRuleComparisonOperator": "autoscaling_rules",
    "BackupType": "backups",
    "BackupStatus": "backups",
    "CostAllocationTagResourceType": "cost_allocation_tags",
    "CostBudgetPeriod": "cost_budgets",
    "CostProjectionPeriod": "cost_projections",
    "CostType": "_shared",
    "CostSummaryPeriod": "cost_summaries",
    "DataServiceType": "data_services",
    "DataServiceStatus": "data_services",
    "DataServiceTier": "data_services",
    "HealthCheckType": "health_checks",
    "HealthCheckProtocol": "health_checks",
    "NetworkPolicyProtocol": "network_policies",
    "NodeType": "nodes",
    "NodeStatus": "nodes",
    "NotificationType": "notifications",
    "PipelineStatus": "pipelines",
    "ProviderRegionStatus": "providers_regions",
    "ProviderAuditLogAction": "provider_audit_logs",
    "ResourceTypeCategory": "resource_types",
    "RollbackStatus": "rollbacks",
    "ServiceBindingStatus": "service_bindings",
    "StorageClassReclaimPolicy": "storage_classes",
    "StorageClassVolumeBindingMode": "storage_classes",
    "StorageClassStorageType": "storage_classes",
    "StorageMigrationType": "storage_migrations",
    "StorageMigrationStatus": "storage_migrations",
    "StorageSnapshotStatus": "storage_snapshots",
    "StorageVolumeAccessMode": "storage_volumes",
    "StorageVolumeStatus": "storage_volumes",
    "StorageVolumePersistenceLevel": "storage_volumes",
    "StorageVolumeWriteConcern": "storage_volumes",
    "StorageVolumeReclaimPolicy": "storage_volumes",
    "TaskStatus": "tasks",
    "User": "users",
    "Org": "orgs",
    "OrgMember": "orgmember",
    "Role": "roles",
    "Permission": "permissions",
    "RolePermission": "permissions_role",
    "UserRole": "role_user",
    "ApiKey": "api_keys",
    "Provider": "providers",
    "Region": "regions",
    "Worker": "workers",
    "Allocation": "allocations",
    "Space": "spaces",
    "App": "apps",
    "Instance": "instances",
    "Build": "builds",
    "Deployment": "deployments",
    "Domain": "domains",
    "Route": "routes",
    "ConfigVar": "config_vars",
    "DeploymentLog": "deployment_logs",
    "InstanceLog": "instance_logs",
    "Metric": "metrics",
    "AuditLog": "audit_logs",
    "UserMeta": "user_meta",
    "UserPii": "user_pii",
    "UserSession": "user_sessions",
    "Platform": "platforms",
    "Quota": "quotas",
    "ProviderAuditLog": "provider_audit_logs",
    "ProviderRegion": "providers_regions",
    "Node": "nodes",
    "HostCred": "host_creds",
    "DataService": "data_services",
    "Rollback": "rollbacks",
    "Pipeline": "pipelines",
    "Task": "tasks",
    "HealthCheck": "health_checks",
    "AutoscalingRule": "autoscaling_rules",
    "NetworkPolicy": "network_policies",
    "ServiceBinding": "service_bindings",
    "StorageClass": "storage_classes",
    "StorageQosPolicy": "storage_qos_policies",
    "StorageVolume": "storage_volumes",
    "StorageSnapshot": "storage_snapshots",
    "StorageMigration": "storage_migrations",
    "VolumeQosPolicyAssignment": "volume_qos_policy_assignments",
    "Notification": "notifications",
    "UserNotification": "user_notifications",
    "RoleNotification": "role_notifications",
    "NotificationAcknowledgment": "notification_acknowledgments",
    "Alert": "alerts",
    "AlertAcknowledgment": "alert_acknowledgments",
    "AlertEscalation": "alert_escalations",
    "AlertHistoryEntry": "alert_history",
    "Backup": "backups",
    "ResourceType": "resource_types",
    "ProviderCost": "provider_costs",
    "UsageCost": "usage_costs",
    "CostSummary": "cost_summaries",
    "CostMetric": "cost_metrics",
    "CostProjection": "cost_projections",
    "CostBudget": "cost_budgets",
    "ResourcePricing": "resource_pricing",
    "CostAllocationTag": "cost_allocation_tags",
}


def _load(home: str) -> None:
    """Import ``omnidb.v1._structs.<home>`` and make its structs and enums (and the shared enums its
    annotations name) names of this module."""
    module = importlib.import_module(f"omnidb.v1._structs.{home}")
    for name, value in vars(module).items():
        if name in _HOME:
            value.__module__ = __name__
            globals()[name] = value


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _load(home)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


class _Tables(Mapping[str, type]):
    """Table name -> struct, each struct made when it is first looked up."""

    def __init__(self, structs: dict[str, str]) -> None:
        self._structs = structs

    def __getitem__(self, table: str) -> type:
        found: type = __getattr__(self._structs[table])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._structs)

    def __len__(self) -> int:
        return len(self._structs)


#: Every table of schema V1 and its struct.
TABLES: Mapping[str, type] = _Tables(
    {
        "users": "User",
        "user_meta": "UserMeta",
        "user_pii": "UserPii",
        "user_sessions": "UserSession",
        "roles": "Role",
        "permissions": "Permission",
        "permissions_role": "RolePermission",
        "role_user": "UserRole",
        "platforms": "Platform",
        "orgs": "Org",
        "orgmember": "OrgMember",
        "api_keys": "ApiKey",
        "quotas": "Quota",
        "spaces": "Space",
        "providers": "Provider",
        "provider_audit_logs": "ProviderAuditLog",
        "regions": "Region",
        "providers_regions": "ProviderRegion",
        "workers": "Worker",
        "nodes": "Node",
        "host_creds": "HostCred",
        "allocations": "Allocation",
        "data_services": "DataService",
        "apps": "App",
        "instances": "Instance",
        "builds": "Build",
        "deployments": "Deployment",
        "rollbacks": "Rollback",
        "pipelines": "Pipeline",
        "tasks": "Task",
        "health_checks": "HealthCheck",
        "autoscaling_rules": "AutoscalingRule",
        "network_policies": "NetworkPolicy",
        "service_bindings": "ServiceBinding",
        "config_vars": "ConfigVar",
        "domains": "Domain",
        "routes": "Route",
        "storage_classes": "StorageClass",
        "storage_qos_policies": "StorageQosPolicy",
        "storage_volumes": "StorageVolume",
        "storage_snapshots": "StorageSnapshot",
        "storage_migrations": "StorageMigration",
        "volume_qos_policy_assignments": "VolumeQosPolicyAssignment",
        "deployment_logs": "DeploymentLog",
        "instance_logs": "InstanceLog",
        "metrics": "Metric",
        "audit_logs": "AuditLog",
        "notifications": "Notification",
        "user_notifications": "UserNotification",
        "role_notifications": "RoleNotification",
        "notification_acknowledgments": "NotificationAcknowledgment",
        "alerts": "Alert",
        "alert_acknowledgments": "AlertAcknowledgment",
        "alert_escalations": "AlertEscalation",
        "alert_history": "AlertHistoryEntry",
        "backups": "Backup",
        "resource_types": "ResourceType",
        "provider_costs": "ProviderCost",
        "usage_costs": "UsageCost",
        "cost_summaries": "CostSummary",
        "cost_metrics": "CostMetric",
        "cost_projections": "CostProjection",
        "cost_budgets": "CostBudget",
        "resource_pricing": "ResourcePricing",
        "cost_allocation_tags": "CostAllocationTag",
    }
)
