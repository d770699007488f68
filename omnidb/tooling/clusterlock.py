"""The migration lock that holds across a cluster: a replicated row with owner, heartbeat and expiry.

``GET_LOCK`` (which the runner also takes) is local to one server: on Galera, three runners on three
nodes would each get it, run the same DDL, and leave the database dirty. This lock is a row in
``schema_migration_lock``, taken in a transaction that writes that row. Galera certifies writes to
the same primary key from two nodes against each other, so only the first COMMIT succeeds and the
others fail with 1213; on one server (or a primary with replicas) the row lock does the same. So one
runner holds the row; the others wait, see it released, take it in turn, and find nothing to do.

The holder renews the row every ``ttl / 6`` seconds from a second session. A runner that dies stops
renewing; once ``expires_at`` has passed, another runner may take the lock over. Under Galera TOI a
long DDL stalls every commit on every node, the heartbeat included: ``ttl`` must exceed the longest
statement of a migration (default 600 s; ``OMNIDB_MIGRATION_LOCK_TTL`` or :data:`DEFAULT_TTL`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from omnidb import registry
from omnidb.cluster import ServerRole, check_role, read_role
from omnidb.errors import DRIVER_ERRORS, MigrationError, MigrationLocked, error_code, translate
from omnidb.pool import Database
from omnidb.session import Connection, close_quietly, open_connection, rollback_quietly, translated

log = logging.getLogger("omnidb.tooling.migrate")

DEFAULT_TTL = float(os.environ.get("OMNIDB_MIGRATION_LOCK_TTL", "600"))
_RETRY_CODES = (1213, 1205, 1062)  # certification conflict/deadlock, lock wait, insert race


class LockLost(MigrationLocked):
    """The lock row was taken over while this run held it (its heartbeat could not renew it)."""


def owner_label(role: ServerRole | None = None) -> str:
    node = f" on node {role.node_name}" if role is not None and role.node_name else ""
    return f"{socket.gethostname()} pid {os.getpid()}{node}"[:255]


class ClusterLock:
    """One run's hold on the replicated migration lock ``name``."""

    def __init__(
        self,
        db: Database,
        conn: Connection,
        name: str,
        *,
        timeout: float,
        ttl: float = DEFAULT_TTL,
        out: Callable[[str], None] | None = None,
        node_lock_held: bool = True,
    ) -> None:
        self.db = db
        self.node_lock_held = node_lock_held
        self.node = ""
        self.conn = conn
        self.name = name
        self.timeout = timeout
        self.ttl = max(ttl, 2.0)
        self.token = uuid.uuid4().hex
        self.owner = ""
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._out = out
        self._q = registry.core()

    def acquire(self, role: ServerRole | None = None) -> None:
        """Wait up to ``timeout`` seconds for the lock; raise ``MigrationLocked`` naming its holder."""
        self.owner = owner_label(role)
        try:
            self._q.create_migration_lock_table(self.conn)
            self.node = str(self._q.server_node(self.conn))
        except DRIVER_ERRORS as exc:
            hint = ""
            if error_code(exc) in (1044, 1142):  # not allowed to create or write it
                hint = (
                    f"; {self.db.config.user} may not: run it with the migrator's account (the one "
                    "`omnidb migrate` uses; `omnidb grants` makes it)"
                )
            raise MigrationError(f"cannot set up the migration lock table: {translate(exc)}{hint}") from exc
        deadline = time.monotonic() + self.timeout
        announced = ""
        pause = 0.05
        while True:
            holder = self._try_once()
            if holder is None:
                self._start_heartbeat()
                return
            if holder and holder != announced:
                self._say(f"waiting for the migration lock of {self.db.name}, held by {holder}")
                announced = holder
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise MigrationLocked(
                    f"another migration of {self.db.name} ({announced or 'a concurrent runner'}) held the "
                    f"cluster migration lock for more than {self.timeout:g}s; try again later, or raise "
                    "lock_timeout (a run that died keeps it until its lease ends: see omnidb status)"
                )
            time.sleep(min(remaining, pause))
            pause = min(pause * 2, 0.5)

    def _try_once(self) -> str | None:
        """One attempt: None when taken, the holder's label when held, '' after a lost race."""
        conn = self.conn
        try:
            conn.begin()
            row: dict[str, Any] | None = self._q.migration_lock_for_update(conn, name=self.name)
            # The holder ran on this very server and this run holds the server's GET_LOCK now: the
            # holder's session, which held that GET_LOCK, has ended, so the holder is dead.
            dead = row is not None and self.node_lock_held and row["node"] == self.node
            if row is not None and row["token"] != self.token and not row["expired"] and not dead:
                rollback_quietly(conn)
                return f"{row['owner']} since {row['acquired_at']:%H:%M:%S}, lease until {row['expires_at']:%H:%M:%S}"
            params = {"name": self.name, "owner": self.owner, "token": self.token, "ttl": self.ttl}
            if row is None:
                self._q.insert_migration_lock(conn, **params)
            else:
                if row["token"] != self.token:
                    why = "whose session has ended" if dead else f"which expired at {row['expires_at']}"
                    self._say(f"taking over the migration lock of {row['owner']}, {why}")
                self._q.take_over_migration_lock(conn, **params)
            conn.commit()
            return None
        except DRIVER_ERRORS as exc:
            rollback_quietly(conn)
            if error_code(exc) in _RETRY_CODES:
                # Another node's runner certified first (Galera 1213 at COMMIT), or inserted first.
                return ""
            raise translate(exc) from exc
        except BaseException:
            rollback_quietly(conn)
            raise

    def release(self) -> None:
        """Stop the heartbeat and free the row (only if still ours)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.ttl)
        for attempt in range(5):
            try:
                self._q.release_migration_lock(self.conn, name=self.name, token=self.token)
                return
            except DRIVER_ERRORS as exc:
                # A conflict (Galera certification, 1213) is retried: a row left behind makes the
                # runners of other nodes wait for its lease to end (ttl), past their lock_timeout.
                if error_code(exc) not in _RETRY_CODES:
                    # A dead session (the server gone): the lease ends the row. Nothing more to say;
                    # the run's own error says what happened.
                    log.info("could not release the migration lock of %s: %s", self.db.name, translate(exc))
                    return
                if attempt == 4:
                    log.warning(
                        "could not release the migration lock of %s (runners on other nodes wait for its "
                        "lease to end): %s",
                        self.db.name,
                        translate(exc),
                    )
                    return
                time.sleep(0.05 * 2**attempt)

    def check(self) -> None:
        """Raise ``LockLost`` if the heartbeat found the lock taken over."""
        if self.lost.is_set():
            raise LockLost(
                f"the migration lock of {self.db.name} was taken over while this run held it (its heartbeat "
                f"could not renew it within {self.ttl:g}s); stopping before the next statement"
            )

    # -- heartbeat -------------------------------------------------------------------------------

    def _start_heartbeat(self) -> None:
        self._thread = threading.Thread(target=self._beat, name=f"omnidb-lock-{self.name}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        period = self.ttl / 6
        conn: Connection | None = None
        try:
            while not self._stop.wait(period):
                try:
                    if conn is None:
                        conn = open_connection(self.db.config)
                    renewed = self._q.renew_migration_lock(conn, name=self.name, token=self.token, ttl=self.ttl)
                except Exception as exc:  # a failed beat is retried at the next period
                    log.warning("could not renew the migration lock: %s", exc)
                    if conn is not None:
                        close_quietly(conn)
                    conn = None
                    continue
                if not renewed:
                    log.error("the migration lock of %s was taken over", self.db.name)
                    self.lost.set()
                    return
        finally:
            if conn is not None:
                close_quietly(conn)

    def _say(self, line: str) -> None:
        log.info(line)
        if self._out is not None:
            self._out(line)


@contextmanager
def cluster_migration_lock(
    db: Database,
    conn: Connection,
    name: str,
    *,
    timeout: float,
    ttl: float = DEFAULT_TTL,
    out: Callable[[str], None] | None = None,
    node_lock_held: bool = True,
    causal: Sequence[Connection] = (),
) -> Iterator[ClusterLock]:
    """Refuse a server that may not migrate (read-only, replica, Galera node not Synced), turn on
    causal reads on Galera (on ``conn`` and the sessions ``causal``), and hold the replicated
    migration lock for the block.

    ``node_lock_held``: the caller holds this server's ``GET_LOCK`` of the same name, so a lock row
    left by a session of this server is known dead and taken over at once.
    """
    role = read_role(conn)
    check_role(role, write=True, where=db.config.safe_dsn(), what="migrate")
    if role.galera:
        # Read what every node committed before (the lock row, schema_migrations; and, on the
        # script's session, the rows a rollback's guards count), not a stale copy.
        with translated():
            for session in (conn, *causal):
                registry.core().set_sync_wait(session, level=1)
    lock = ClusterLock(db, conn, name, timeout=timeout, ttl=ttl, out=out, node_lock_held=node_lock_held)
    lock.acquire(role)
    try:
        yield lock
    finally:
        lock.release()


def live_lock_holder(conn: Connection, name: str) -> int | None:
    """The session id (on its own node) of a run that holds the lock row ``name`` and is alive, else None.

    For status on a cluster, where ``IS_USED_LOCK`` only sees runs on the node asked. Called when no
    session of this server holds ``GET_LOCK(name)``: a row left by a session of this very server is
    then known dead; one from another node counts while it has not expired.
    """
    q = registry.core()
    try:
        row: dict[str, Any] | None = q.migration_lock_holder(conn, name=name)
        here = str(q.server_node(conn))
    except DRIVER_ERRORS:  # no lock table yet (or no right to read it): no run seen
        return None
    if row is None or row["expired"] or row["node"] == here:
        return None
    return int(row["connection_id"])
