"""The cluster part of a DSN: several hosts, replicas, and the options that go with them.

``mysql://user:pw@host1:3306,host2:3306,host3:3306/db?option=value`` names every node of a Galera
cluster (or a primary and its standbys): omnidb connects to the first that answers and may serve,
and moves on to the next when one fails. Options (see ``docs/cluster.md``):

``role`` ``primary`` (default: refuse a read-only server, a replica, a Galera node not Synced, and
on a multi-host DSN try the next host instead) or ``any`` (only a Galera node not Synced is refused);
``health_check`` (ping a pooled session before lending it; default off); ``host_backoff`` (seconds
a host that failed is tried only after the others, default 5); ``wsrep_sync_wait`` (Galera causal
reads for every session: 1 = reads; default: the server's); ``write_retries`` (re-run a write made
directly on a ``Database`` up to N times on a deadlock or a Galera certification conflict, default
0); ``replicas`` (``host:port,host:port``: replicas to read from when asked); ``max_replica_lag``
(seconds, default 5: a replica further behind is not read from); ``replica_wait`` (seconds to wait
for a replica to apply the session's last write before reading from the primary instead, default 1).
"""

from __future__ import annotations

from omnidb.errors import ConfigError

ROLES = ("primary", "any")

#: DSN options of the cluster part, with their types (merged into the DSN parser's table).
CLUSTER_OPTION_TYPES: dict[str, type] = {
    "role": str,
    "health_check": bool,
    "host_backoff": float,
    "wsrep_sync_wait": int,
    "write_retries": int,
    "replicas": str,
    "max_replica_lag": float,
    "replica_wait": float,
}


def split_hosts(dsn: str) -> tuple[str, tuple[str, ...]]:
    """``(dsn with only its first host, every "host:port" of the DSN)``; one-host DSNs give ``()``.

    urllib cannot parse ``host1:3306,host2:3306`` as an address, so the list is cut out first.
    """
    scheme, sep, rest = dsn.partition("://")
    if not sep:
        return dsn, ()
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    netloc, tail = rest[:end], rest[end:]
    auth, at, hostlist = netloc.rpartition("@")
    if "," not in hostlist:
        return dsn, ()
    hosts = tuple(normalise_host(h) for h in hostlist.split(","))
    return f"{scheme}://{auth}{at}{hosts[0]}{tail}", hosts


def normalise_host(entry: str, default_port: int = 3306) -> str:
    """``host`` or ``host:port`` -> ``host:port``; ``ConfigError`` for an empty host or a bad port."""
    entry = entry.strip()
    host, colon, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
    if not colon:
        host, port = entry, str(default_port)
    if not host:
        raise ConfigError(f"invalid DSN: empty host in the host list ({entry!r})")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"invalid DSN: port must be a number from 1 to 65535, got {port!r} for {host}")
    return f"{host}:{int(port)}"


def parse_host_list(text: str) -> tuple[str, ...]:
    """``"h1:3306,h2"`` -> ``("h1:3306", "h2:3306")`` (for ``replicas=``)."""
    return tuple(normalise_host(h) for h in text.split(",") if h.strip())


def host_port(entry: str) -> tuple[str, int]:
    host, _, port = entry.rpartition(":")
    return host, int(port)


def check_cluster_options(values: dict[str, object]) -> None:
    """Validate the cluster options of a parsed DSN, in place (``replicas`` becomes a tuple)."""
    role = values.get("role", "primary")
    if role not in ROLES:
        raise ConfigError(f"DSN option role must be one of {', '.join(ROLES)}, got {role!r}")
    sync_wait = values.get("wsrep_sync_wait")
    if sync_wait is not None and not 0 <= int(str(sync_wait)) <= 15:
        raise ConfigError(f"DSN option wsrep_sync_wait must be from 0 to 15, got {sync_wait}")
    if int(str(values.get("write_retries", 0))) < 0:
        raise ConfigError("DSN option write_retries must be 0 or more")
    for key in ("host_backoff", "max_replica_lag", "replica_wait"):
        if key in values and float(str(values[key])) < 0:
            raise ConfigError(f"DSN option {key} must be 0 or more")
    if isinstance(values.get("replicas"), str):
        values["replicas"] = parse_host_list(str(values["replicas"]))
