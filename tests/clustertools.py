"""Helpers of the cluster tier (tests/cluster): names and DSNs for the local clusters' nodes."""

from __future__ import annotations

import os
import uuid

from omnidb.tooling.localcluster import Node


def fresh_name() -> str:
    """A database name no other test uses."""
    return f"omnidb_cl_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def node_dsn(node: Node, database: str, **options: object) -> str:
    """The DSN of ``database`` on one node, with DSN options."""
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return f"mysql://root@127.0.0.1:{node.port}/{database}" + (f"?{query}" if query else "")
