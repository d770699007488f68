"""Schema V2: V1's declarations at version 2, with only what V2 changed written here.

``apps`` gains ``app_type`` and ``feature_id`` (its struct, filters, updatable columns and parent);
``features`` and ``app_features`` are new. Every other resource is V1's as it is, bound to V2 so
that its functions refuse a database still at V1. See ``omnidb/v1/declarations.py`` for what a
declaration says; ``omnidb generate`` writes ``omnidb/v2/<plural>.py`` from these.
"""

from __future__ import annotations

from typing import Any

from omnidb.resource import NOT_BLANK, Bulk, Resource
from omnidb.v1 import declarations as v1
from omnidb.v2.tables import App, AppFeature, Feature

APPS = v1.APPS.at_version(
    2,
    struct=App,
    doc="The applications the orchestrator deploys; V2 adds ``app_type`` and ``feature_id``. An app's name "
    "is unique within its org. Soft-deletable.",
    filters=(*v1.APPS.filters, "app_type", "feature_id"),
    updatable=v1.APPS.updatable | {"app_type", "feature_id"},
    parents={**v1.APPS.parents, "feature_id": "feature"},
    bulk_insert=Bulk(
        "create_apps",
        required=("org_id", "name"),
        doc="Columns left out take their defaults (status stopped, one instance, branch main, type standard).",
        load=True,
        defaults={"app_type": "standard"},  # NOT NULL DEFAULT 'standard' (V2/up.sql)
    ),
)

FEATURES = Resource(
    Feature,
    version=2,
    singular="feature",
    plural="features",
    table="features",
    rules={"name": NOT_BLANK},
    doc="Platform features apps can use (V2). Soft-deletable.",
    filters=("enabled",),
    required=("name",),
    updatable=("name", "description", "enabled"),
)

APP_FEATURES = Resource(
    AppFeature,
    version=2,
    singular="app_feature",
    plural="app_features",
    table="app_features",
    doc="Per-app feature flags (V2): which features an app has switched on, with its own settings.",
    filters=("app_id", "feature_id", "enabled"),
    required=("app_id", "feature_id"),
    updatable=("enabled", "settings"),
    parents={"app_id": "app", "feature_id": "feature"},
)

#: Every V2 resource by its module name (``omnidb.v2.<name>``).
RESOURCES: dict[str, Resource[Any]] = {
    **{name: resource.at_version(2) for name, resource in v1.RESOURCES.items()},
    "apps": APPS,
    "features": FEATURES,
    "app_features": APP_FEATURES,
}
