"""The migration runner: plan, apply, roll back, lock, record, resume.

Versions live in ``sql/versions/V<n>/up.sql`` and ``down.sql``. A run:

1. opens a session of its own (never a pooled one: a script's ``SET`` must not outlive the run) and
   takes a server-side lock (``GET_LOCK``) named after the database, so two runners never apply at
   once: the second waits up to ``lock_timeout`` seconds, then finds nothing left to do;
2. runs ``sql/db_init.sql`` (idempotent: the global tables);
3. refuses to go on if a version is recorded half-applied (dirty), or if an applied version's
   ``up.sql`` or ``down.sql`` no longer has the checksum it was applied with;
4. applies ``up.sql`` files in order, or ``down.sql`` files in reverse, one statement at a time,
   recording "statement N started" before sending it and "N done" after.

Each statement waits at most ``ddl_lock_timeout`` seconds for a table lock (readers of that table
queue behind a waiting DDL, so the wait must be short); it is retried a few times, then the run stops
*before* that statement, names the sessions in the way, and leaves the version paused, not dirty.

MySQL DDL commits implicitly, so a version cannot be applied atomically. A failed statement, or a
runner that died, leaves the version's row in state ``applying``/``reverting`` with the statement
and the server's error, or the statement that was in flight. :meth:`Migrator.resume`
(``omnidb resume``) finishes such a version: it decides whether the in-flight statement completed by
comparing the live schema with the schema expected before and after it (built on a scratch
database), replays the script's session statements (``SET``, ``LOCK TABLES``), and runs the rest.
:meth:`Migrator.resolve` (``omnidb resolve``) records an operator's repair by hand instead.

A ``down.sql`` may declare guards, comment lines ``-- guard: <SELECT returning a count>``. Before the
first statement of that rollback, each guard runs; a non-zero count means the rollback would destroy
data, and it is refused unless ``allow_data_loss`` is given.

Before the first statement of a run, the scripts it would run are also held against the live schema
(:mod:`omnidb.tooling.scripttables`): a table a script creates, or renames another to, that already
exists and that the script does not expect, or a foreign key of a table the run keeps into a table it
drops, would stop the run halfway and leave it dirty; the run is refused instead, nothing changed.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import attrs

from omnidb import registry
from omnidb.cluster import wait_for_replicas
from omnidb.config import MAX_SECONDS, Config, checked_seconds
from omnidb.errors import (
    DRIVER_ERRORS,
    ChecksumMismatch,
    ConnectionLost,
    DirtyDatabase,
    MigrationBlocked,
    MigrationError,
    MigrationLocked,
    OmniDBError,
    TransientError,
    error_code,
    translate,
)
from omnidb.pool import Database
from omnidb.session import Connection, close_quietly, is_mariadb, open_connection, open_pinned_connection
from omnidb.sqlfiles import sql_file
from omnidb.tooling import upstream
from omnidb.tooling.clusterlock import ClusterLock, cluster_migration_lock, live_lock_holder
from omnidb.tooling.databases import checked_database_name, scratch_database
from omnidb.tooling.introspect import Snapshot, diff, snapshot
from omnidb.tooling.scripttables import simulate
from omnidb.tooling.sqlscript import Statement, split_statements

log = logging.getLogger("omnidb.tooling.migrate")

_NAME = re.compile(r"^--\s*Migration:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_GUARD = re.compile(r"^--\s*guard:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_SUPERSEDES = re.compile(r"^--\s*supersedes:\s*sha256:([0-9a-f]{64})\b", re.MULTILINE | re.IGNORECASE)
#: The least read timeout of the runner's own sessions (seconds): a DDL statement on a big table can
#: run for minutes, far longer than an application's queries.
MIGRATION_READ_TIMEOUT = 3600.0
#: How long, in seconds, the session asking which of a run's sessions the server ended may take to
#: connect and to get its answer: the run's error waits for it.
_PROBE_SECONDS = 5.0
#: The collations keys compare in exactly (MariaDB, MySQL 8.0): see docs/schema.md.
_EXACT_COLLATIONS = ("utf8mb4_nopad_bin", "utf8mb4_0900_bin")
#: The columns of schema_migrations since the first omnidb (list_recorded_versions_before_upgrade).
_FIRST_BOOKKEEPING_COLUMNS = ("version", "name", "checksum", "state", "statements_total", "statements_done")
#: Columns of schema_migrations an older omnidb did not create, in the order they are added
#: (queries/core/bookkeeping.sql).
_LATER_BOOKKEEPING_COLUMNS = ("down_checksum", "statement_started", "paused", "run_connection_id", "run_started_at")
_VERSION_DIR = re.compile(r"^V([1-9][0-9]*)$")
_SET = re.compile(r"^SET\s", re.IGNORECASE)
_LOCK_TABLES = re.compile(r"^LOCK\s+TABLES?\b", re.IGNORECASE)
_UNLOCK_TABLES = re.compile(r"^UNLOCK\s+TABLES?\b", re.IGNORECASE)
_DATA = re.compile(r"^(INSERT|REPLACE|UPDATE|DELETE)\b", re.IGNORECASE)
#: A replayed data statement failing so (unknown column, no such table) reads what a later statement
#: under the same lock already dropped: that data could not change after the interruption.
_GONE_CODES = frozenset({1054, 1146})

#: Server errors after which a statement changed nothing and may simply be sent again: a lock wait
#: timeout (1205: a metadata lock for DDL, a row lock for DML) and a deadlock (1213).
_LOCK_WAIT_CODES = frozenset({1205, 1213})
#: A guard on a table that does not exist (1146) passes: there is nothing in it to lose.
ER_NO_SUCH_TABLE = 1146


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class Migration:
    """One schema version: its up and down scripts as shipped."""

    version: int
    name: str
    up_sql: str = attrs.field(repr=False)
    down_sql: str = attrs.field(repr=False)
    guards_sql: str = attrs.field(default="", repr=False)  # guards.sql: guards added after down.sql shipped

    @property
    def checksum(self) -> str:
        """sha256 (hex) of ``up.sql``: what ``schema_migrations.checksum`` records."""
        return _sha256(self.up_sql)

    @property
    def down_checksum(self) -> str:
        """sha256 (hex) of ``down.sql``: what ``schema_migrations.down_checksum`` records."""
        return _sha256(self.down_sql)

    @property
    def superseded(self) -> frozenset[str]:
        """Checksums of earlier revisions of ``up.sql`` that make the same schema.

        ``up.sql`` names them in ``-- supersedes: sha256:<hex>`` lines; a database that recorded one
        is not a checksum mismatch, and its next run records the shipped checksum instead.
        """
        return frozenset(h.lower() for h in _SUPERSEDES.findall(self.up_sql))

    @property
    def guards(self) -> list[str]:
        """The ``-- guard:`` queries of ``down.sql``, then those of ``guards.sql``: a shipped down.sql
        is frozen (its checksum is recorded), so a guard found missing later is added there."""
        return [*_GUARD.findall(self.down_sql), *_GUARD.findall(self.guards_sql)]


class Direction(str, enum.Enum):
    """Which way a step goes; ``RESOLVE`` is an operator's ruling on a dirty version (history only)."""

    UP = "up"
    DOWN = "down"
    RESOLVE = "resolve"


class MigrationState(str, enum.Enum):
    """``schema_migrations.state``: ``APPLIED``, or unfinished while a run is (or was left) going up or down."""

    APPLYING = "applying"
    REVERTING = "reverting"
    APPLIED = "applied"


class Condition(str, enum.Enum):
    """Where a recorded version stands, from its row and the migration lock (``RecordedVersion.condition``)."""

    APPLIED = "applied"
    #: A live runner holds the migration lock: the version is being migrated right now.
    RUNNING = "running"
    #: The run stopped before a statement that kept waiting for a table lock: nothing is half-done,
    #: ``omnidb migrate`` goes on from there. Not dirty.
    PAUSED = "paused"
    #: The runner died or lost the server; a statement may have been in flight. Dirty: ``omnidb resume``.
    INTERRUPTED = "interrupted"
    #: A statement failed with a server error. Dirty: fix the cause, then ``omnidb resume``.
    FAILED = "failed"


class Verdict(str, enum.Enum):
    """What ``resume`` concluded about the statement that was in flight (or failed)."""

    COMPLETED = "completed"  # the live schema is the one expected after it
    NOT_RUN = "not run"  # the live schema is the one expected before it
    RUN_AGAIN = "run again"  # it changes no schema (a session setting, or data: written to be re-runnable)


@attrs.frozen
class Step:
    """One planned script run: ``version`` going ``up`` or ``down``."""

    migration: Migration
    direction: Direction

    @property
    def script(self) -> str:
        """``up.sql`` or ``down.sql``."""
        return "up.sql" if self.direction is Direction.UP else "down.sql"

    @property
    def checksum(self) -> str:
        """The checksum of the script this step runs."""
        return self.migration.checksum if self.direction is Direction.UP else self.migration.down_checksum

    @property
    def statements(self) -> list[Statement]:
        """The statements the step runs, in order."""
        script = self.migration.up_sql if self.direction is Direction.UP else self.migration.down_sql
        return list(_statements_of(script))

    def where(self, number: int, statement: Statement) -> str:
        """``statement 3 of 15 (V2/up.sql line 36)``."""
        total = len(self.statements)
        return f"statement {number} of {total} (V{self.migration.version}/{self.script} line {statement.code_line})"

    def __str__(self) -> str:
        arrow = "up to" if self.direction is Direction.UP else "down from"
        return f"{arrow} V{self.migration.version} ({self.migration.name})"


@cache
def _statements_of(script: str) -> tuple[Statement, ...]:
    # Split once per script text: a run's checks number every statement of every step it plans
    # (Step.where), and splitting V1's up.sql takes milliseconds.
    return tuple(split_statements(script))


@attrs.frozen
class RecordedVersion:
    """A row of ``schema_migrations``, and who holds the migration lock when it was read."""

    version: int
    name: str
    checksum: str
    state: MigrationState = attrs.field(converter=MigrationState)
    statements_total: int
    statements_done: int
    failed_statement: str | None
    error: str | None
    applied_at: datetime | None
    execution_ms: int | None
    applied_by: str | None
    down_checksum: str | None = None
    statement_started: int | None = None
    paused: bool = attrs.field(default=False, converter=bool)
    run_connection_id: int | None = None
    run_started_at: datetime | None = None
    #: The connection holding the migration lock when the row was read (None: nobody, or not asked).
    lock_holder: int | None = None

    @property
    def condition(self) -> Condition:
        """Applied; or, for an unfinished version, running, paused, interrupted or failed."""
        if self.state is MigrationState.APPLIED:
            return Condition.APPLIED
        if self.lock_holder is not None:
            return Condition.RUNNING
        if self.paused:
            return Condition.PAUSED
        return Condition.FAILED if self.error else Condition.INTERRUPTED

    @property
    def unfinished(self) -> bool:
        """True while (or after) a run left the version half-applied or half-reverted."""
        return self.state is not MigrationState.APPLIED

    @property
    def dirty(self) -> bool:
        """True when the version was left half-done by a failure or a dead runner: an operator must act."""
        return self.condition in (Condition.INTERRUPTED, Condition.FAILED)

    @property
    def direction(self) -> Direction:
        """The way the version goes (or went) last: up while applying or applied, down while reverting."""
        return Direction.DOWN if self.state is MigrationState.REVERTING else Direction.UP


@attrs.frozen
class Status:
    """Where a database stands against the shipped migrations."""

    database: str
    current: int
    latest: int
    recorded: list[RecordedVersion]
    pending: list[int]
    checksum_mismatches: list[int]
    down_checksum_mismatches: list[int] = attrs.Factory(list)
    #: Where no version is recorded and upstream OmniOrchestrator made the database: what to do
    #: (``omnidb adopt``); omnidb can neither migrate nor roll it back.
    upstream: str | None = None
    #: Where no version is recorded and the database holds some tables V1 creates that omnidb did not
    #: make (another application's): which, and what to do; ``migrate`` refuses it.
    collides: str | None = None
    #: Where no version is recorded but omnidb's history lists runs and its tables are there: the
    #: rows were deleted by hand (:attr:`inconsistent` says so).
    lost: str | None = None

    @property
    def unfinished(self) -> RecordedVersion | None:
        """The version a run is on, or left half-done (running, paused, interrupted or failed), if any."""
        return next((r for r in self.recorded if r.unfinished), None)

    @property
    def dirty(self) -> RecordedVersion | None:
        """The version a failure or a dead runner left half-done, if any."""
        return next((r for r in self.recorded if r.dirty), None)

    @property
    def running(self) -> RecordedVersion | None:
        """The version a live runner is migrating now, if any."""
        return next((r for r in self.recorded if r.condition is Condition.RUNNING), None)

    @property
    def newer(self) -> bool:
        """True when a later omnidb migrated the database past every version this one ships."""
        return self.current > self.latest

    @property
    def inconsistent(self) -> str | None:
        """What is wrong when the recorded rows cannot be what omnidb wrote (edited by hand), else None:
        versions that do not run V1, V2, ... with no gap (a row deleted, a version 0 inserted); a
        progress count outside its script (``statements_done`` below 0 or past ``statements_total``,
        an in-flight statement other than the next one); a half-done version that is not the newest,
        or more than one. ``migrate``, ``rollback`` and ``resume`` refuse such a database: which
        versions it holds, or where a run stopped, cannot be told from its rows."""
        if self.lost is not None:
            return self._edited(self.lost)
        versions = [r.version for r in self.recorded]
        if versions != list(range(1, len(versions) + 1)):
            return self._edited(
                "recorded versions are not contiguous from V1 (" + ", ".join(f"V{v}" for v in versions) + ")"
            )
        for row in self.recorded:
            done, total, started = row.statements_done, row.statements_total, row.statement_started
            if not 0 <= done <= total or (started is not None and started != done + 1):
                in_flight = "" if started is None else f", statement {started} in flight"
                return self._edited(f"V{row.version} records {done} of {total} statements done{in_flight}")
        unfinished = [r.version for r in self.recorded if r.unfinished]
        if len(unfinished) > 1 or (unfinished and unfinished[0] != versions[-1]):
            return self._edited(
                "half-done versions " + ", ".join(f"V{v}" for v in unfinished) + f" (of V1..V{versions[-1]}): a run "
                "leaves at most one, the newest"
            )
        return None

    @staticmethod
    def _edited(what: str) -> str:
        return (
            f"{what}: the schema_migrations table was edited by hand. Make its rows say again which versions "
            "the schema holds (schema_migration_history lists every run); until then omnidb migrate, "
            "rollback and resume refuse it"
        )

    @property
    def healthy(self) -> bool:
        """False when an operator must act: a dirty version, a checksum mismatch, a database a later
        omnidb migrated past what this one ships, which it can neither migrate nor roll back, one
        omnidb cannot migrate (:attr:`upstream`, :attr:`collides`), or one whose recorded versions
        are not contiguous (:attr:`inconsistent`) (``omnidb status`` exits 1)."""
        return (
            self.dirty is None
            and self.inconsistent is None
            and not self.checksum_mismatches
            and not self.down_checksum_mismatches
            and not self.newer
            and self.upstream is None
            and self.collides is None
        )


def _refusals(shape: upstream.Shape) -> tuple[str | None, str | None]:
    """What to tell of a database of ``shape`` that omnidb cannot migrate: ``(upstream's advice, the
    collision)``, at most one of them (:attr:`Status.upstream`, :attr:`Status.collides`)."""
    if shape.looks_upstream:
        return upstream.advice(shape), None
    if shape.collides:
        return None, upstream.collision(shape)
    return None, None


@cache
def load_migrations(root: Path | None = None) -> tuple[Migration, ...]:
    """Read every ``V<n>/`` under ``sql/versions`` (or ``root``), checking they run 1, 2, 3... ."""
    base = root or sql_file("versions")
    found: dict[int, Path] = {}
    for entry in sorted(base.iterdir()) if base.is_dir() else []:
        match = _VERSION_DIR.match(entry.name)
        if entry.is_dir() and match:
            found[int(match.group(1))] = entry
    expected = list(range(1, len(found) + 1))
    if sorted(found) != expected:
        raise MigrationError(
            f"version folders in {base} must be V1..V{len(found)} with no gaps, found "
            + ", ".join(f"V{v}" for v in sorted(found))
        )
    migrations = []
    for number in expected:
        folder = found[number]
        scripts = {}
        for script in ("up.sql", "down.sql"):
            path = folder / script
            if not path.is_file():
                raise MigrationError(f"V{number} has no {script} (looked for {path})")
            scripts[script] = path.read_text(encoding="utf-8")
        named = _NAME.search(scripts["up.sql"])
        guards = folder / "guards.sql"
        migrations.append(
            Migration(
                version=number,
                name=named.group(1) if named else f"V{number}",
                up_sql=scripts["up.sql"],
                down_sql=scripts["down.sql"],
                guards_sql=guards.read_text(encoding="utf-8") if guards.is_file() else "",
            )
        )
    return tuple(migrations)


def _retried(read: Callable[[], None], attempts: int = 3) -> None:
    """Run ``read`` (reads of the catalog and the versions, before a run's lock), again on a
    deadlock or lock wait: on Galera, another node's DDL applied here aborts a local session that
    holds a conflicting metadata lock (1213), and nothing of a read is lost by sending it again."""
    for attempt in range(attempts):
        try:
            read()
            return
        except TransientError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * 2**attempt)


def runner_config(config: Config, lock_timeout: float) -> Config:
    """``config`` with a read timeout long enough for a DDL statement on a big table and for the
    wait (``lock_timeout``) on another runner's lock: the settings of a runner's own sessions."""
    waits = min(max(config.read_timeout, MIGRATION_READ_TIMEOUT, lock_timeout + 60), MAX_SECONDS)
    return attrs.evolve(config, read_timeout=waits)


@contextmanager
def runner_lock(
    db: Database, books: Connection, script: Connection, lock_timeout: float, say: Callable[[str], None]
) -> Iterator[ClusterLock]:
    """Hold the migration lock of ``db`` for the block, on ``books``: the server's ``GET_LOCK`` and
    (cluster hook, issue 13) the replicated lock row that ``GET_LOCK`` cannot be on a cluster, after
    refusing a replica, a read-only server or a Galera node not Synced; ``script``, the session
    that changes the schema, reads causally on Galera. Waits up to ``lock_timeout`` seconds, then
    raises ``MigrationLocked``. Migrations, rollbacks, resume, resolve, adoptions and seeds hold it."""
    name = lock_name(db.name or "")
    q = registry.core()
    # Taken: say so, rather than wait in silence. (Asked once only when free: GET_LOCK twice on one
    # session holds it twice, and one RELEASE_LOCK would not let it go.)
    if q.get_lock(books, name=name, timeout=0) != 1:
        holder = q.lock_holder(books, name=name)
        by = f"connection {holder}" if holder is not None else "a session that let go since"
        say(
            f"waiting up to {lock_timeout:g}s for the migration lock of {db.name}, held by {by} (another "
            "migration, rollback, resume, adoption or seed)"
        )
        if q.get_lock(books, name=name, timeout=lock_timeout) != 1:
            holder = q.lock_holder(books, name=name)
            raise MigrationLocked(
                f"another migration or adoption of {db.name} (connection {holder}) held the lock for more than "
                f"{lock_timeout:g}s; try again later, or raise lock_timeout"
            )
    try:
        with cluster_migration_lock(db, books, name, timeout=lock_timeout, out=say, causal=(script,)) as lock:
            yield lock
    finally:
        # On a dead session this fails, but then the server released the lock already; the error
        # must not hide the one that ended the run.
        with suppress(*DRIVER_ERRORS):
            q.release_lock(books, name=name)


def lock_name(database: str) -> str:
    """The ``GET_LOCK`` name for migrating ``database`` (at most 64 characters, as servers require)."""
    name = f"omnidb.tooling.migrate.{database}"
    if len(name) > 64:
        name = "omnidb.tooling.migrate." + hashlib.sha256(database.encode()).hexdigest()[:48]
    return name


#: How the record of a version paused by a Ctrl-C between statements begins (its ``error``).
INTERRUPTED_PAUSE = "interrupted (Ctrl-C)"


class RunInterrupted(KeyboardInterrupt):
    """A Ctrl-C that came between two statements of a run, recorded as a pause (nothing in doubt);
    its text says where the version stands and what runs next. Still a ``KeyboardInterrupt``."""


@attrs.define
class _Sessions:
    """The two sessions of a run.

    ``books`` holds the migration lock and writes ``schema_migrations``; ``script`` runs the version
    scripts. Apart, because a script's ``LOCK TABLES`` would refuse every write to a table it does not
    name, and its ``SET`` must not change how the bookkeeping is written.
    """

    books: Connection
    books_id: int
    script: Connection
    script_id: int
    #: the settings both were opened with, pinned to the server ``books`` reached (on a multi-host
    #: DSN, its host): anything else the run asks of the server (which of its sessions it still
    #: holds) asks that server
    config: Config
    #: the replicated lock row the run holds (cluster hook), checked before each statement
    lock: ClusterLock | None = None
    #: False from a statement's start mark until its end is recorded: a Ctrl-C then leaves it in
    #: doubt (the version dirty); True between statements (it pauses the version: _interrupted)
    between_statements: bool = True

    def check_lock(self) -> None:
        """Raise ``LockLost`` when another runner took the lock over (this run's lease ran out):
        it goes on with the version, and two runs must not send its statements."""
        if self.lock is not None:
            self.lock.check()


class Migrator:
    """Plans and runs migrations on one database.

    ``out`` receives one human-readable line per event (the CLI prints them); they also go to the
    ``omnidb.tooling.migrate`` logger. ``ddl_lock_timeout`` (default: the DSN's) bounds each
    statement's wait for a table lock; a statement that times out is sent again up to
    ``ddl_retries`` times, after ``ddl_backoff * 2**attempt`` seconds.
    """

    def __init__(
        self,
        db: Database,
        migrations: Sequence[Migration] | None = None,
        *,
        lock_timeout: float | None = None,
        ddl_lock_timeout: int | None = None,
        ddl_retries: int = 3,
        ddl_backoff: float = 0.5,
        out: Callable[[str], None] | None = None,
    ) -> None:
        if not db.name:
            raise MigrationError("the DSN names no database: migrations need one (mysql://.../dbname)")
        self.db = db
        self.migrations = tuple(migrations) if migrations is not None else load_migrations()
        self.lock_timeout = (
            db.config.lock_timeout if lock_timeout is None else checked_seconds("lock_timeout", lock_timeout)
        )
        self.ddl_lock_timeout = (
            db.config.ddl_lock_timeout
            if ddl_lock_timeout is None
            else checked_seconds("ddl_lock_timeout", ddl_lock_timeout, whole=True)
        )
        self.ddl_retries = ddl_retries
        self.ddl_backoff = ddl_backoff
        self._out = out
        self._q = registry.core()

    @property
    def latest(self) -> int:
        """The highest version shipped."""
        return self.migrations[-1].version if self.migrations else 0

    def status(self) -> Status:
        """Read where the database stands, and whether a live runner is on it; changes nothing."""
        with self.db.connection() as conn, _translated():
            refuse_foreign_bookkeeping(conn, self.db.name or "")
            recorded = self._recorded(conn, ask_lock=True)
            # A database that records no version may be upstream's, or hold another application's
            # tables named as V1's: neither can be migrated, and its status says so.
            shape = upstream.inspect(conn) if not recorded else None
        refused = _refusals(shape) if shape is not None else (None, None)
        lost = upstream.lost_versions(shape) if shape is not None and shape.lost_versions else None
        return attrs.evolve(self._status(recorded), upstream=refused[0], collides=refused[1], lost=lost)

    def describe(self, row: RecordedVersion) -> str:
        """Where unfinished version ``row`` stands and what to do next (:func:`describe_unfinished`)."""
        return describe_unfinished(row, self._step_of(row))

    def plan(self, target: int | None = None) -> list[Step]:
        """The steps that would bring the database to ``target`` (default: latest); changes nothing.

        While a live runner is on a version, the plan starts from where that run will end. Raises
        ``DirtyDatabase`` or ``ChecksumMismatch`` as :meth:`migrate` would.
        """
        for _ in range(3):
            status = self.status()
            try:
                return self._plan(status, target)
            except MigrationError:
                # A run that began between the reads made the tables found (see migrate()): plan again
                # from where it stands.
                if not self._overtaken(status):
                    raise
        return self._plan(self.status(), target)

    def _plan(self, status: Status, target: int | None) -> list[Step]:
        self._check_runnable(status)
        goal = self._target(target)
        unfinished = status.unfinished
        paused = unfinished if unfinished is not None and unfinished.condition is Condition.PAUSED else None
        if unfinished is None:
            steps = self._steps(status.current, goal)
        else:
            up = unfinished.direction is Direction.UP
            steps = self._steps(unfinished.version if up else unfinished.version - 1, goal)
            if paused is not None:
                steps.insert(0, Step(self._migration(unfinished.version), unfinished.direction))
        if status.running is None:  # mid-run, the live schema is not the one the plan starts from
            with self.db.connection() as conn:
                self._refuse_conflicts(conn, steps, goal, first_done=0 if paused is None else paused.statements_done)
        return steps

    def migrate(
        self,
        target: int | None = None,
        *,
        dry_run: bool = False,
        allow_data_loss: bool = False,
        down_only: bool = False,
    ) -> list[Step]:
        """Bring the database to exactly ``target`` (default: latest); return the steps run.

        ``down_only`` (a rollback): refuse, under the lock, a database below ``target`` by then (a
        concurrent rollback went further), instead of migrating it up.

        A paused version (a statement kept waiting for a table lock) is finished first. Raises
        ``DirtyDatabase``, ``ChecksumMismatch``, ``MigrationLocked``, ``MigrationBlocked`` or
        ``MigrationError`` (naming the version and statement) and leaves the failure recorded.
        """
        goal = self._target(target)
        if not dry_run:
            _retried(lambda: self._before_lock(goal))
            try:
                return self._migrate(goal, allow_data_loss=allow_data_loss, down_only=down_only)
            finally:
                self.db.forget_schema_version()
        # A dry run: refused, and warned, as the run would be.
        self.refuse_upstream()
        paused = self.status().unfinished
        if paused is not None and paused.condition is Condition.PAUSED:
            self._paused_step(paused, goal)  # refused as the run would refuse it
        steps = self.plan(goal)
        self.check_guards(steps, allow_data_loss=allow_data_loss)
        self._dry_run(steps)
        return steps

    def check_guards(self, steps: Sequence[Step], *, allow_data_loss: bool = False) -> None:
        """Run the guards of the rollbacks among ``steps`` (reads only), as the run would before its
        first statement: ``MigrationBlocked`` naming what a rollback would destroy, or, with
        ``allow_data_loss``, a warning. A dry run and a plan refuse what the run would refuse: a paused
        rollback that goes on first had its guards checked when it began, and the run checks only
        the steps after it (part of its tables may be gone)."""
        paused = self.status().unfinished if steps else None
        goes_on = (
            paused is not None
            and paused.condition is Condition.PAUSED
            and (steps[0].migration.version, steps[0].direction) == (paused.version, paused.direction)
        )
        downs = [step for step in steps[1 if goes_on else 0 :] if step.direction is Direction.DOWN]
        if downs:
            with self.db.connection() as conn:
                for step in downs:
                    self._check_guards(
                        conn, step.migration, allow_data_loss=allow_data_loss, first=steps[0], paused_first=goes_on
                    )

    def _before_lock(self, goal: int) -> None:
        """The refusals of a run that come before its lock (and before db_init.sql, which the lock's
        session runs first): a refused run leaves even a fresh database exactly as it was. (A run to
        V0 of a new database does make omnidb's bookkeeping tables: V0 is db_init.sql's, with the
        ``metadata`` store that ``omnidb.meta`` needs at every version.)"""
        self.refuse_upstream()
        status = self.status()
        if status.inconsistent is not None:  # before the lock, which would make its table
            raise MigrationError(status.inconsistent)
        if status.healthy and status.unfinished is None:
            # Checked again under the lock; first here, before the run's db_init.sql, so that a refused
            # run leaves even a fresh database exactly as it was.
            try:
                with self.db.connection() as conn:
                    self._refuse_conflicts(conn, self._steps(status.current, goal), goal)
            except MigrationError:
                # Unless another runner started between the two reads: the tables it made are then no
                # collision (it records its version before its first statement, so the versions read
                # again differ). The check under the lock decides, on the schema that runner leaves.
                if not self._overtaken(status):
                    raise

    def resume(self) -> Step | None:
        """Finish the version a failure, a dead runner or a lock wait left half-done; return its step.

        The statement that was in flight (or failed) is judged against the schema expected before and
        after it, built on a scratch database (``omnidb_check_<random>``): skipped if it completed,
        run if it did not, run again if it changes no schema. The script's session statements
        (``SET``, ``LOCK TABLES``) before the first statement run are replayed first. Returns None when
        nothing is unfinished. Raises ``MigrationError`` when the live schema matches neither
        expectation (then repair by hand and :meth:`resolve`), or as :meth:`migrate` does.
        """
        self.refuse_upstream()  # resume would run db_init.sql there, which adopt must do
        status = self.status()
        if status.inconsistent is not None:  # which statement comes next cannot be told
            raise MigrationError(status.inconsistent)
        if not status.recorded:  # nothing to resume: neither the lock's table nor db_init.sql's are made
            self._say(f"{self.db.name}: no unfinished migration, nothing to resume")
            return None
        try:
            with self._locked() as run:
                self._prepare(run)
                status = self._status(self._recorded(run.books))
                if status.inconsistent is not None:  # which statement comes next cannot be told
                    raise MigrationError(status.inconsistent)
                row = status.unfinished
                if row is None:
                    self._say(f"{self.db.name}: no unfinished migration, nothing to resume")
                    return None
                if row.name == upstream.ADOPTED_NAME:  # an adoption, not a shipped script: omnidb adopt finishes it
                    raise MigrationError(
                        upstream.interrupted(row.statements_done, row.statements_total, row.failed_statement, row.error)
                    )
                step = Step(self._migration(row.version), row.direction)
                self._check_resumable(row, step)
                start = row.statements_done + 1
                # After a failure or a dead runner the next statement is in doubt even with no in-flight
                # mark: an omnidb from before the mark recorded a statement only once it returned.
                doubt = row.statement_started or (start if row.condition is not Condition.PAUSED else None)
                if doubt is not None and doubt <= len(step.statements):
                    start = self._settle(run, step, doubt)
                # The statements it goes on with, checked as a run checks its own before the first: a
                # table another application made since would stop the version again, halfway. (After
                # the statement in doubt is settled: a DROP TABLE that had not run drops, with its
                # table, the foreign keys into the tables dropped after it.)
                ends_at = row.version if step.direction is Direction.UP else row.version - 1
                self._refuse_conflicts(run.books, [step], ends_at, first_done=start - 1)
                self._continue(run, step, start)
                return step
        finally:
            self.db.forget_schema_version()

    @contextmanager
    def holding_lock(self) -> Iterator[None]:
        """Hold the migration lock (on a cluster, its replicated row too) for the block: no migration,
        rollback, resume or adoption of the database runs meanwhile; they wait up to their
        ``lock_timeout``. ``MigrationLocked`` when one holds it for longer than :attr:`lock_timeout`."""
        with self._locked():
            yield

    def resolve(self, version: int, *, applied: bool) -> None:
        """Record an operator's repair of a dirty version: fully ``applied``, or fully reverted.

        The operator must first have made the schema match that claim by hand.
        """
        if not any(r.version == version for r in self.status().recorded):  # before the lock makes its table
            raise MigrationError(f"V{version} is not recorded: only a dirty version can be resolved")
        with self._locked() as run:
            recorded = {r.version: r for r in self._recorded(run.books)}
            row = recorded.get(version)
            if row is None or not row.unfinished:
                state = "not recorded" if row is None else "cleanly applied"
                raise MigrationError(f"V{version} is {state}: only a dirty version can be resolved")
            if row.name == upstream.ADOPTED_NAME and applied:  # its rows were never counted and compared
                raise MigrationError(
                    f"V{version} is an adoption that did not finish: run omnidb adopt again, which finishes "
                    "it and checks every row it converted (or, after restoring the backup taken before it, "
                    f"`omnidb resolve {version} --not-applied`); resolve --applied records only the repair of a "
                    "shipped script"
                )
            migration = self._migration(version)
            history_id = self._q.start_history(
                run.books, version=version, direction=Direction.RESOLVE.value, checksum=migration.checksum
            )
            if applied:
                self._q.mark_applied(
                    run.books,
                    version=version,
                    checksum=migration.checksum,
                    down_checksum=migration.down_checksum,
                    execution_ms=None,
                )
                outcome = f"V{version} recorded as applied"
            else:
                self._q.forget_version(run.books, version=version)
                outcome = f"V{version} recorded as not applied"
            self._q.finish_history(
                run.books, id=history_id, outcome="succeeded", execution_ms=None, error=f"operator resolved: {outcome}"
            )
            self._say(outcome)

    # -- internals -------------------------------------------------------------------------------

    def refuse_upstream(self) -> None:
        """Raise ``MigrationError`` for a database omnidb cannot migrate: an upstream OmniOrchestrator
        one (tables but no schema_migrations: V1's first CREATE TABLE would fail and leave it dirty;
        `omnidb adopt` converts it instead), or one holding some of V1's tables, not made by omnidb."""
        with self.db.connection() as conn, _translated():
            upstream_advice, collides = _refusals(upstream.inspect(conn))
        why = upstream_advice or collides  # collides: V1's CREATE TABLE would fail, and leave it dirty
        if why is not None:
            raise MigrationError(f"{self.db.name} cannot be migrated: {why}")

    def _say(self, line: str) -> None:
        log.info(line)
        if self._out is not None:
            self._out(line)

    def _target(self, target: int | None) -> int:
        return _target_version(target, self.latest)

    def _migration(self, version: int) -> Migration:
        for migration in self.migrations:
            if migration.version == version:
                return migration
        raise MigrationError(
            f"the database records V{version}, which this omnidb does not ship (it knows "
            f"V1..V{self.latest}): use the release that applied it"
        )

    def _recorded(self, conn: Connection, *, ask_lock: bool = False) -> list[RecordedVersion]:
        """The rows of ``schema_migrations``; with ``ask_lock``, each unfinished one knows the lock holder.

        The runner itself reads without ``ask_lock``: it holds the lock, and would see its own run.
        """
        if not self._q.migrations_table_exists(conn):
            return []
        current = self._q.migrations_table_is_current(conn)
        if not current:  # an older omnidb's table, or another tool's under the same name
            refuse_foreign_bookkeeping(conn, self.db.name or "")
        read = self._q.list_recorded_versions if current else self._q.list_recorded_versions_before_upgrade
        for _ in range(5):
            # The holder is read before the rows and after them: a run that ended (or began) in
            # between made them disagree, and the rows may then be a live run's read as a dead one's
            # (status said DIRTY of a run finishing); read again until both agree.
            holder = self._lock_holder(conn) if ask_lock else None
            rows = list(read(conn))
            applied = all(row["state"] == MigrationState.APPLIED.value for row in rows)  # the holder goes unused
            if not ask_lock or applied or self._lock_holder(conn) == holder:
                break
        return [
            RecordedVersion(**row, lock_holder=holder if row["state"] != MigrationState.APPLIED.value else None)
            for row in rows
        ]

    def _overtaken(self, status: Status) -> bool:
        """True when the recorded versions changed since ``status`` was read: a run began (or ended)
        in between, and what a check found since may be its work, not another application's."""
        return self.status().recorded != status.recorded

    def _lock_holder(self, conn: Connection) -> int | None:
        """The connection holding the migration lock (on this server, or a live one on another node)."""
        holder: int | None = self._q.lock_holder(conn, name=lock_name(self.db.name or ""))
        if holder is None:  # cluster hook: a run on another node holds the lock row
            holder = live_lock_holder(conn, lock_name(self.db.name or ""))
        return holder

    def _status(self, recorded: list[RecordedVersion]) -> Status:
        shipped = {m.version: m for m in self.migrations}
        current = 0
        for row in recorded:
            if row.version == current + 1 and not row.unfinished:
                current = row.version
        known = [r for r in recorded if r.version in shipped and not r.unfinished]
        return Status(
            database=self.db.name or "",
            current=current,
            latest=self.latest,
            recorded=recorded,
            pending=[v for v in shipped if v > current],
            checksum_mismatches=[
                r.version
                for r in known
                if r.checksum not in (shipped[r.version].checksum, *shipped[r.version].superseded)
            ],
            down_checksum_mismatches=[
                r.version
                for r in known
                if r.down_checksum is not None and r.down_checksum != shipped[r.version].down_checksum
            ],
        )

    def _check_runnable(self, status: Status) -> None:
        if status.inconsistent is not None:  # first: what is dirty, or applied, cannot be told from such rows
            raise MigrationError(status.inconsistent)
        dirty = status.dirty
        if dirty is not None:
            raise DirtyDatabase(describe_unfinished(dirty, self._step_of(dirty)))
        for version in status.checksum_mismatches:
            recorded = next(r for r in status.recorded if r.version == version)
            raise ChecksumMismatch(
                f"V{version} was applied from an up.sql with checksum {recorded.checksum[:12]}, but the "
                f"shipped sql/versions/V{version}/up.sql has {self._migration(version).checksum[:12]}: "
                "an applied migration must never be edited (developers: restore it and add a new version); "
                "operators: migrate this database with the omnidb release that applied it (see "
                "docs/migrations.md, 'Shipped versions are frozen')"
            )
        for version in status.down_checksum_mismatches:
            recorded = next(r for r in status.recorded if r.version == version)
            raise ChecksumMismatch(
                f"V{version} was applied with a down.sql of checksum {str(recorded.down_checksum)[:12]}, but "
                f"the shipped sql/versions/V{version}/down.sql has "
                f"{self._migration(version).down_checksum[:12]}: an applied migration's rollback must never "
                "be edited (developers: restore it, and change the schema in a new version); operators: roll "
                "back with the omnidb release that applied it"
            )
        applied = [r.version for r in status.recorded]
        if applied and applied[-1] > self.latest:
            self._migration(applied[-1])

    def _step_of(self, row: RecordedVersion) -> Step | None:
        migration = next((m for m in self.migrations if m.version == row.version), None)
        return Step(migration, row.direction) if migration is not None else None

    def _steps(self, current: int, goal: int) -> list[Step]:
        if goal >= current:
            return [Step(self._migration(v), Direction.UP) for v in range(current + 1, goal + 1)]
        return [Step(self._migration(v), Direction.DOWN) for v in range(current, goal, -1)]

    def _dry_run(self, steps: list[Step]) -> None:
        status = self.status()
        running = status.running
        if running is not None:
            self._say(f"-- {describe_unfinished(running, self._step_of(running))}; the plan starts where it ends")
        if not steps:
            self._say(f"{self.db.name} is already at the target version: nothing would run")
        paused = status.unfinished if status.unfinished and status.unfinished.condition is Condition.PAUSED else None
        _say_steps(steps, paused, self._say)

    def _migrate(self, goal: int, *, allow_data_loss: bool, down_only: bool = False) -> list[Step]:
        with self._locked() as run:
            self._prepare(run)
            status = self._status(self._recorded(run.books))
            self._check_runnable(status)
            if down_only and goal > status.current:
                raise MigrationError(
                    f"a rollback goes down, but {self.db.name} is at V{status.current} now (another run took it "
                    f"below V{goal} since): nothing was done; `omnidb migrate --to {goal}` goes up"
                )
            finished: list[Step] = []
            paused = status.unfinished
            if paused is not None and paused.condition is Condition.PAUSED:
                step, ends_at = self._paused_step(paused, goal)
                self._check_resumable(paused, step)
                later = self._steps(ends_at, goal)
                if not allow_data_loss:  # the steps after it, checked before it goes on
                    self._check_all_guards(run, later, first=step, paused=True)
                self._refuse_conflicts(run.books, [step, *later], goal, first_done=paused.statements_done)
                self._continue(run, step, paused.statements_done + 1)
                finished.append(step)
                status = self._status(self._recorded(run.books))
            steps = self._steps(status.current, goal)
            if not steps and not finished:
                self._say(f"{self.db.name} is at V{status.current}: nothing to do")
            if not allow_data_loss and steps:
                self._check_all_guards(run, steps, first=steps[0])
            self._refuse_conflicts(run.books, steps, goal)
            for step in steps:
                self._apply(run, step, allow_data_loss=allow_data_loss)
            return finished + steps

    def _paused_step(self, paused: RecordedVersion, goal: int) -> tuple[Step, int]:
        """The step of ``paused`` and the version it ends at; ``MigrationError`` when going to ``goal``
        would not finish it (a paused V2 going up, and a goal of V1)."""
        step = Step(self._migration(paused.version), paused.direction)
        ends_at = paused.version if step.direction is Direction.UP else paused.version - 1
        if not ((goal >= ends_at) if step.direction is Direction.UP else (goal <= ends_at)):
            raise MigrationError(
                f"{describe_unfinished(paused, step)} Finish it first: `omnidb migrate --to {ends_at}`"
            )
        return step, ends_at

    def _refuse_conflicts(self, conn: Connection, steps: Sequence[Step], goal: int, *, first_done: int = 0) -> None:
        """Refuse, before their first statement, ``steps`` that the live schema would stop halfway.

        DDL commits statement by statement, so a script failing at its fourth statement leaves three
        done and the version dirty. Read from the scripts' own text (:func:`simulate`) and
        ``information_schema``: a table a statement creates (``CREATE TABLE`` without ``IF NOT
        EXISTS``) or renames another to, which exists and which no earlier statement dropped, renamed
        away or claimed with ``IF NOT EXISTS`` (V2's up.sql takes back the ``v2_archive_*`` tables its
        rollback left that way); and a foreign key of a table the steps keep (in any database) into a
        table they drop (``DROP TABLE`` fails with 1451 while it is there), unless a statement drops
        that key first; and a table a statement alters, drops or renames (without ``IF EXISTS``) that
        neither exists nor is made before it (dropped by hand). ``first_done``: the first step goes on
        after that many statements, which ran. Raises ``MigrationError`` naming each table, key and
        statement, and what to do.
        """
        labelled: list[tuple[str, Statement]] = []
        for index, step in enumerate(steps):
            numbered = list(enumerate(step.statements, start=1))[first_done if index == 0 else 0 :]
            labelled += [(step.where(number, statement), statement) for number, statement in numbered]
        if not labelled:
            return
        with _translated():
            existing = [str(row["table_name"]) for row in self._q.names_in_use(conn)]
            keys = [dict(row) for row in self._q.foreign_keys_into_database(conn)]
        plan = simulate(labelled, existing, self.db.name)
        going = f"migrated to V{goal}" if steps[0].direction is Direction.UP else f"rolled back to V{goal}"
        if plan.missing:
            first = {m.table.casefold(): m for m in reversed(plan.missing)}  # the first statement needing each
            listed = "; ".join(
                f"{m.table} (which {m.where} needs: {m.statement.summary})"
                for m in sorted(first.values(), key=plan.missing.index)
            )
            raise MigrationError(
                f"{self.db.name} cannot be {going}: tables its scripts alter, drop or rename are missing: {listed}. "
                "Dropped or renamed by hand? `omnidb check` compares the schema with the version recorded; restore "
                "them (from a backup), then run it again. Nothing was changed."
            )
        if plan.collisions:
            listed = "; ".join(f"{c.table} (which {c.where} makes: {c.statement.summary})" for c in plan.collisions)
            raise MigrationError(
                f"{self.db.name} cannot be {going}: it already holds tables that the migration creates or renames "
                f"a table to, and that its scripts do not expect: {listed}. They are not omnidb's: rename, move or "
                "drop them first, then run it again. Nothing was changed."
            )
        dropped = {table.casefold(): where for table, where in plan.dropped.items()}
        released = {(table.casefold(), name) for table, name in plan.released_keys}
        here = (self.db.name or "").casefold()
        blocking = [
            key
            for key in keys
            if str(key["referenced_table"]).casefold() in dropped
            # a key of a table the steps drop too goes with its table (the script orders its drops)
            and not (str(key["table_schema"]).casefold() == here and str(key["table_name"]).casefold() in dropped)
            and not (
                str(key["table_schema"]).casefold() == here
                and (str(key["table_name"]).casefold(), str(key["constraint_name"])) in released
            )
        ]
        if blocking:
            listed = "; ".join(
                f"{_qualified(key, here)}.{key['constraint_name']} ({key['column_names']}) references "
                f"{key['referenced_table']} ({key['referenced_columns']}), which "
                f"{dropped[str(key['referenced_table']).casefold()]} drops"
                for key in blocking
            )
            drops = "; ".join(
                f"ALTER TABLE {_qualified(key, here)} DROP FOREIGN KEY {key['constraint_name']}" for key in blocking
            )
            raise MigrationError(
                f"{self.db.name} cannot be {going}: foreign keys of tables it keeps reference tables it drops, "
                f"so a DROP TABLE would fail halfway (1451) and leave the database dirty: {listed}. Drop each such "
                f"foreign key first ({drops}), or the table holding it, then run it again. Nothing was changed."
            )

    def _check_all_guards(self, run: _Sessions, steps: list[Step], *, first: Step, paused: bool = False) -> None:
        """Every guard of ``steps`` before ``first`` runs: a rollback of V2 and V1 refused at V1 would
        have rolled V2 back already. Each step checks its own again when it comes (a guard on a table
        an earlier step makes, such as V2's archives, sees it only then)."""
        for step in steps:
            if step.direction is Direction.DOWN:
                self._check_guards(run.script, step.migration, allow_data_loss=False, first=first, paused_first=paused)

    def _session_config(self) -> Config:
        """The settings of the runner's own sessions: the DSN's, with a read timeout long enough for
        a DDL statement on a big table and for the wait on another runner's lock. The DSN's
        ``read_timeout`` is sized for application queries (30 s by default), whether the run comes
        from ``omnidb migrate`` or from ``init_schema`` in an application.
        """
        return runner_config(self.db.config, self.lock_timeout)

    def _prepare(self, run: _Sessions) -> None:
        """Run ``db_init.sql``, and bring tables and rows recorded by an older omnidb up to date."""
        self._run_script(run.books, sql_file("db_init.sql").read_text(encoding="utf-8"), "db_init.sql")
        upgrade_bookkeeping(run.books)
        shipped = {m.version: m for m in self.migrations}
        for row in self._recorded(run.books):
            migration = shipped.get(row.version)
            if migration is None:
                continue
            if row.down_checksum is None:
                self._q.fill_down_checksum(run.books, version=row.version, down_checksum=migration.down_checksum)
                self._say(f"V{row.version}: recorded the checksum of the shipped down.sql")
            if not row.unfinished and row.checksum in migration.superseded:
                self._q.replace_checksum(
                    run.books, version=row.version, old_checksum=row.checksum, checksum=migration.checksum
                )
                self._say(
                    f"V{row.version}: applied from an earlier revision of up.sql ({row.checksum[:12]}) that the "
                    f"shipped one supersedes with the same schema; recorded {migration.checksum[:12]}"
                )

    def _check_resumable(self, row: RecordedVersion, step: Step) -> None:
        recorded = row.checksum if step.direction is Direction.UP else row.down_checksum
        allowed = {step.checksum} | (step.migration.superseded if step.direction is Direction.UP else set())
        if recorded is not None and recorded not in allowed:
            raise ChecksumMismatch(
                f"V{row.version} was started from a {step.script} with checksum {recorded[:12]}, but the shipped "
                f"one has {step.checksum[:12]}: finish it with the release that started it, or repair by hand "
                f"and run `omnidb resolve {row.version}`"
            )
        if row.statements_total != len(step.statements):
            raise MigrationError(
                f"V{row.version} was started with {row.statements_total} statements in {step.script}, the "
                f"shipped one has {len(step.statements)}: repair by hand and run `omnidb resolve {row.version}`"
            )

    @contextmanager
    def _locked(self) -> Iterator[_Sessions]:
        """The run's two sessions, opened for it alone, the first holding the migration lock; closed after.

        Never pooled sessions: a script's ``SET foreign_key_checks = 0`` (or ``sql_mode``, or the
        short ``lock_wait_timeout``) must not reach the next borrower, whatever way the run ends.
        """
        opened: list[Connection] = []
        try:
            with _translated():
                # One server for the whole run: on a multi-host DSN the script's session must not land
                # on another node than the lock's (the lock, its connection ids, the statements the
                # server still runs are each one server's).
                books, pinned = open_pinned_connection(self._session_config())
                opened.append(books)
                script = open_connection(pinned)
                opened.append(script)
                for conn in opened:
                    # Bounds every DDL of the run, db_init.sql's included.
                    self._q.set_lock_wait_timeout(conn, seconds=self.ddl_lock_timeout)
                run = _Sessions(
                    books=books,
                    books_id=int(self._q.connection_id(books)),
                    script=script,
                    script_id=int(self._q.connection_id(script)),
                    config=pinned,
                )
                with runner_lock(self.db, books, script, self.lock_timeout, self._say) as lock:
                    yield attrs.evolve(run, lock=lock)
        finally:
            for conn in opened:
                close_quietly(conn)

    def _apply(self, run: _Sessions, step: Step, *, allow_data_loss: bool) -> None:
        migration, up = step.migration, step.direction is Direction.UP
        statements = step.statements
        if not up:
            self._check_guards(run.script, migration, allow_data_loss=allow_data_loss)
        self._say(f"migrating {step}: {len(statements)} statements")
        history_id = self._q.start_history(
            run.books, version=migration.version, direction=step.direction.value, checksum=step.checksum
        )
        if up:
            self._q.start_version(
                run.books,
                version=migration.version,
                name=migration.name,
                checksum=migration.checksum,
                down_checksum=migration.down_checksum,
                statements_total=len(statements),
            )
        else:
            self._q.start_revert(run.books, version=migration.version, statements_total=len(statements))
        self._run_statements(run, step, history_id, 1, fresh=True)

    def _continue(self, run: _Sessions, step: Step, start: int) -> None:
        """Take over the unfinished run of ``step`` and run its statements from ``start`` on."""
        statements = step.statements
        version = step.migration.version
        if start > len(statements):  # every statement ran; only the record of it was missing
            self._say(f"resuming {step}: all {len(statements)} statements ran; recording it")
        else:
            self._say(f"resuming {step} at statement {start} of {len(statements)}")
        self._q.continue_run(run.books, version=version)
        history_id = self._q.start_history(
            run.books, version=version, direction=step.direction.value, checksum=step.checksum
        )
        for statement in session_prelude(statements[: start - 1]):
            data = is_data_statement(statement)
            self._say(f"replaying {'data' if data else 'session'} statement: {statement.summary}")
            try:
                _execute(run.script, statement.sql)
            except DRIVER_ERRORS as exc:
                if data and error_code(exc) in _GONE_CODES:
                    self._say(
                        f"skipped it: {translate(exc)}; a later statement under the same lock dropped what "
                        "it reads, which could not change since"
                    )
                    continue
                self._fail(run, step, history_id, statements.index(statement) + 1, statement, exc)
        self._run_statements(run, step, history_id, start, fresh=False)

    def _run_statements(self, run: _Sessions, step: Step, history_id: int, start: int, *, fresh: bool) -> None:
        """Run statements ``start``... of ``step``, then record it done; ``fresh``: this run began the step.

        A Ctrl-C (``KeyboardInterrupt``) between two statements, when neither session is in the middle
        of one, records the version paused before the next (:meth:`_interrupted`): nothing is in doubt,
        and ``omnidb migrate`` goes on from there. Anywhere else the outcome of what was in flight is
        unknown, and the version is left dirty, for ``omnidb resume``.
        """
        migration = step.migration
        statements = step.statements
        started = time.monotonic()
        upcoming = start  # the statement that has not run yet: where a Ctrl-C pauses the version
        try:
            for number in range(start, len(statements) + 1):
                self._run_statement(run, step, history_id, number, statements[number - 1], fresh=fresh)
                upcoming = number + 1
                # cluster hook: throttle on replica lag (reads on the script's session, never the books')
                wait_for_replicas(self.db, run.script, say=self._say)
            elapsed_ms = round((time.monotonic() - started) * 1000)
            run.check_lock()
        except KeyboardInterrupt as exc:
            if not run.between_statements:
                raise
            self._interrupted(run, step, history_id, upcoming, exc, undo=fresh and upcoming == 1)
        try:
            if step.direction is Direction.UP:
                self._q.mark_applied(
                    run.books,
                    version=migration.version,
                    checksum=migration.checksum,
                    down_checksum=migration.down_checksum,
                    execution_ms=elapsed_ms,
                )
            else:
                self._q.forget_version(run.books, version=migration.version)
            self._q.finish_history(run.books, id=history_id, outcome="succeeded", execution_ms=elapsed_ms, error=None)
        except DRIVER_ERRORS as exc:
            self._lost_or_raise(run, step, len(statements), statements[-1], exc, completed=True)
        self._say(f"migrated {step} in {elapsed_ms} ms")

    def _run_statement(
        self, run: _Sessions, step: Step, history_id: int, number: int, statement: Statement, *, fresh: bool
    ) -> None:
        """Send statement ``number``, recorded as started before and done after; retry lock waits."""
        version = step.migration.version
        for attempt in range(self.ddl_retries + 1):
            sent = False
            run.check_lock()
            try:
                run.between_statements = False  # until its end is recorded: a Ctrl-C leaves it in doubt
                self._q.mark_statement_started(run.books, version=version, statement=number)
                sent = True
                _execute(run.script, statement.sql)
            except DRIVER_ERRORS as exc:
                if error_code(exc) not in _LOCK_WAIT_CODES:
                    self._lost_or_raise(run, step, number, statement, exc, completed=False if sent else None)
                    self._fail(run, step, history_id, number, statement, exc)
                if attempt == self.ddl_retries:
                    self._pause(run, step, history_id, number, statement, exc, undo=fresh and number == 1)
                pause = self.ddl_backoff * 2**attempt * (0.5 + random.random())
                self._say(
                    f"{step.where(number, statement)} waited {self.ddl_lock_timeout}s for a table lock held by "
                    f"{describe_blockers(self._blockers(run))}; trying again in {pause:.1f}s "
                    f"(attempt {attempt + 2} of {self.ddl_retries + 1})"
                )
                # It waited for a lock and did not run, and the books' session is idle again (the
                # blockers were read on it): a Ctrl-C in the sleep leaves nothing in doubt.
                run.between_statements = True
                time.sleep(pause)
                continue
            try:
                self._q.mark_statement_done(run.books, version=version, statements_done=number)
            except DRIVER_ERRORS as exc:
                self._lost_or_raise(run, step, number, statement, exc, completed=True)
            run.between_statements = True
            return

    def _interrupted(
        self, run: _Sessions, step: Step, history_id: int, number: int, exc: KeyboardInterrupt, *, undo: bool
    ) -> NoReturn:
        """Record a Ctrl-C that came between statements: paused before statement ``number`` (with
        ``undo``, before the step's first: the version as it was before the run), then raise
        ``RunInterrupted`` saying so. A second Ctrl-C meanwhile leaves the version dirty, as before."""
        version, total = step.migration.version, len(step.statements)
        if undo:
            if step.direction is Direction.UP:
                self._q.forget_version(run.books, version=version)
            else:
                self._q.cancel_revert(run.books, version=version)
            state = "not applied" if step.direction is Direction.UP else "applied"
            outcome = f"nothing of {step} ran: V{version} is {state}, as before"
        else:
            where = f"statement {number} of {total}" if number <= total else f"recording all {total} statements done"
            why = f"{INTERRUPTED_PAUSE} before {where}; nothing of it ran"
            statement = step.statements[number - 1] if number <= total else None
            failed = step.where(number, statement) + f": {statement.summary}" if statement is not None else where
            self._q.mark_paused(run.books, version=version, failed_statement=failed, error=why)
            again = f"omnidb migrate{'' if step.direction is Direction.UP else f' --to {version - 1}'}"
            ran = f"statements 1 to {number - 1} ran and are recorded" if number > 1 else "none of its statements ran"
            outcome = f"migrating {step} paused before {where}, not dirty: {ran}; `{again}` goes on from there"
        self._q.finish_history(run.books, id=history_id, outcome="failed", execution_ms=None, error="interrupted")
        raise RunInterrupted(outcome) from exc

    def _blockers(self, run: _Sessions) -> list[dict[str, Any]]:
        try:
            return [dict(row) for row in self._q.lock_blockers(run.books, script_connection_id=run.script_id)]
        except DRIVER_ERRORS as exc:  # e.g. no PROCESS privilege: the message still says what happened
            log.info("could not list the sessions holding locks: %s", translate(exc))
            return []

    def _pause(
        self,
        run: _Sessions,
        step: Step,
        history_id: int,
        number: int,
        statement: Statement,
        exc: Exception,
        *,
        undo: bool,
    ) -> NoReturn:
        """Stop before statement ``number``, which kept timing out on a table lock; record it as not run.

        With ``undo`` (the run began the step and it stopped at its first statement) the version's row
        goes back to what it was before the run; else the version is paused. Raises ``MigrationBlocked``.
        """
        migration, version = step.migration, step.migration.version
        where = step.where(number, statement)
        blockers = describe_blockers(self._blockers(run))
        tries = self.ddl_retries + 1
        waited = (
            f"{where}: {statement.summary} waited {tries} time{'s' if tries > 1 else ''} for "
            f"{self.ddl_lock_timeout}s for a table lock held by {blockers}"
        )
        if undo:
            # Nothing of this step ran: the version is exactly where it was before the run.
            if step.direction is Direction.UP:
                self._q.forget_version(run.books, version=version)
            else:
                self._q.cancel_revert(run.books, version=version)
            outcome = f"nothing ran: V{version} is {'not ' if step.direction is Direction.UP else ''}applied, as before"
        else:
            self._q.mark_paused(
                run.books, version=version, failed_statement=f"{where}: {statement.summary}", error=waited
            )
            outcome = (
                f"statements 1 to {number - 1} ran and are recorded, statement {number} did not run: V{version} is "
                "paused halfway, not dirty"
            )
        self._q.finish_history(run.books, id=history_id, outcome="failed", execution_ms=None, error=waited)
        raise MigrationBlocked(
            f"migrating {step} stopped: {waited}.\n"
            f"  {outcome}. End those transactions (commit, roll back, or KILL <connection>), then run "
            f"`omnidb migrate{'' if step.direction is Direction.UP else f' --to {migration.version - 1}'}` again; "
            "the DSN option ddl_lock_timeout sets the wait."
        ) from exc

    def _lost_or_raise(
        self, run: _Sessions, step: Step, number: int, statement: Statement, exc: Exception, *, completed: bool | None
    ) -> None:
        """Raise a one-line ``MigrationError`` if ``exc`` lost the connection; return otherwise.

        ``completed``: the statement ran (True), was sent and recorded as started, in flight (False),
        or was not sent, its start not recorded (None). ``omnidb resume`` decides it later; nothing
        more can be recorded on a dead session, so nothing more is tried. The message tells apart,
        by which of the run's sessions the server still holds (:meth:`_sessions_held`): a lost
        server (neither), one session the server ended (a DBA's ``KILL``, a server-side timeout),
        and a connection that broke on this side while the server holds both (this run's
        ``read_timeout``, or the network), naming the statement the server still runs, if it does:
        the operator's next step differs.
        """
        err = translate(exc) if isinstance(exc, DRIVER_ERRORS) else exc
        if not isinstance(err, ConnectionLost):
            if completed:
                raise err from exc
            return
        outcome = {
            True: "it completed, but that could not be recorded",
            False: "whether it completed is unknown (it is recorded as in flight)",
            None: "it was not sent (the record of its start failed)",
        }[completed]
        at = f"{step.where(number, statement)}: {statement.summary} [{err}]"
        held = self._sessions_held(run)
        names = {
            run.script_id: f"the session running the statements (connection {run.script_id})",
            run.books_id: f"the session holding the migration lock (connection {run.books_id})",
        }
        if not held:
            raise MigrationError(
                f"lost the server while migrating {step}, at {at}; {outcome}. When the server answers again, "
                "run `omnidb status`, then `omnidb resume`."
            ) from exc
        if len(held) == 1:
            (ended,) = names.keys() - held.keys()
            raise MigrationError(
                f"the server ended {names[ended]} while migrating {step}, at {at}; the server still answers, so "
                f"that session was killed (KILL from another session) or timed out; {outcome}. Run `omnidb "
                "status`, then `omnidb resume`."
            ) from exc
        # The server holds both: the connection broke on this side (the client's read_timeout, or the
        # network between), and a statement the server was running goes on there until it ends.
        # Its text must be the one sent: after a restart, another session may have the same id.
        command, running = held[run.script_id]
        if command == "Query" and running.strip() == statement.sql.strip():
            raise MigrationError(
                f"no reply from the server while migrating {step}, at {at}; the server still holds the run's "
                f"sessions and still runs the statement, as connection {run.script_id} (this run waited "
                f"{run.config.read_timeout:g}s, its read_timeout, or the network between broke); {outcome}. "
                f"Wait for connection {run.script_id} to end (or KILL {run.script_id}), then run `omnidb status`, "
                "then `omnidb resume`."
            ) from exc
        raise MigrationError(
            f"the connection to the server broke on this side while migrating {step}, at {at}; the server still "
            f"holds the run's sessions, connections {run.books_id} and {run.script_id}, and they end with this "
            f"run (this run waited {run.config.read_timeout:g}s, its read_timeout, or the network between "
            f"broke); {outcome}. Run `omnidb status`, then `omnidb resume`."
        ) from exc

    def _sessions_held(self, run: _Sessions) -> dict[int, tuple[str, str]]:
        """Which of the run's two sessions the server still holds, by connection id, each with what
        it does (``COMMAND``: ``Query`` while it runs a statement) and its statement (``INFO``, "" for
        none); empty when the server cannot be reached or holds neither (it restarted).

        Asked on a fresh session to the run's own server (``run.config``), with short timeouts
        (``_PROBE_SECONDS``): the run's sessions wait up to an hour for a reply, and one of them is
        dead.
        """
        quick = min(run.config.connect_timeout, _PROBE_SECONDS)
        try:
            probe = open_connection(
                attrs.evolve(
                    run.config, connect_timeout=quick, read_timeout=_PROBE_SECONDS, write_timeout=_PROBE_SECONDS
                )
            )
        except OmniDBError:
            return {}
        try:
            rows = self._q.sessions_alive(probe, books_connection_id=run.books_id, script_connection_id=run.script_id)
            return {int(row["connection_id"]): (str(row["command"]), str(row["statement"] or "")) for row in rows}
        except DRIVER_ERRORS:
            return {}
        finally:
            close_quietly(probe)

    def _fail(
        self,
        run: _Sessions,
        step: Step,
        history_id: int,
        number: int,
        statement: Statement,
        exc: Exception,
    ) -> NoReturn:
        migration = step.migration
        total = len(step.statements)
        where = step.where(number, statement)
        server = str(translate(exc))
        try:
            self._q.mark_failed(
                run.books, version=migration.version, failed_statement=f"{where}: {statement.summary}", error=server
            )
            self._q.finish_history(run.books, id=history_id, outcome="failed", execution_ms=None, error=server)
        except DRIVER_ERRORS as record_error:
            # A warning, not a traceback: the error raised below is the one the operator needs.
            log.warning("could not record the failure of V%s: %s", migration.version, translate(record_error))
        raise MigrationError(
            f"migrating {step} failed at {where}: {statement.summary}\n"
            f"  server said: {server}\n"
            f"  {number - 1} of {total} statements had run; the database is marked dirty. Fix the cause, then "
            f"run `omnidb resume` (it runs statement {number} again and finishes V{migration.version}); or "
            f"repair the schema by hand and run `omnidb resolve {migration.version} --applied` or "
            f"`--not-applied` to say where it stands."
        ) from exc

    def _settle(self, run: _Sessions, step: Step, number: int) -> int:
        """Decide whether statement ``number`` (in flight or failed) completed; return where to go on."""
        statements = step.statements
        statement = statements[number - 1]
        where = step.where(number, statement)
        self._wait_for_orphan(run, where, statement)
        verdict, lines = self._judge(run, step, number)
        if verdict is Verdict.COMPLETED:
            self._say(f"{where} had completed (the schema is the one it makes): going on after it")
            self._q.mark_statement_done(run.books, version=step.migration.version, statements_done=number)
            return number + 1
        if verdict is Verdict.NOT_RUN:
            self._say(f"{where} had not run (the schema is the one before it): running it")
        elif verdict is Verdict.RUN_AGAIN:
            self._say(f"{where} changes no schema ({statement.summary}): running it again")
        else:
            raise MigrationError(
                f"cannot tell whether {where} of {step} completed: {statement.summary}\n"
                "  the live schema is neither the one expected before it nor the one after it:\n    "
                + "\n    ".join(lines)
                + f"\n  Repair the schema by hand, then run `omnidb resolve {step.migration.version} --applied` or "
                "`--not-applied`."
            )
        return number

    def _wait_for_orphan(self, run: _Sessions, where: str, statement: Statement) -> None:
        """Wait (up to ``lock_timeout``) while the server still runs ``statement`` for a runner that died.

        The server goes on with a statement whose client is gone until it ends (an ALTER of a big
        table: minutes): judged meanwhile, it would look not run, be sent again, and wait for the
        orphan's table lock, then fail on what the orphan did.
        """
        deadline = time.monotonic() + self.lock_timeout
        announced = False
        while True:
            running = [
                int(row["connection_id"])
                for row in self._q.statements_running_here(run.books)
                if str(row["statement"] or "").strip() == statement.sql.strip()
            ]
            if not running:
                return
            if not announced:
                self._say(
                    f"{where} is still running on the server as connection {running[0]}, sent by the run that "
                    f"ended: waiting for it to end (up to {self.lock_timeout:g}s)"
                )
                announced = True
            if time.monotonic() >= deadline:
                raise MigrationError(
                    f"{where} is still running on the server as connection {running[0]}, sent by the run that "
                    f"ended: wait for it to end (or KILL {running[0]}), then run `omnidb resume` again"
                )
            time.sleep(0.5)

    def _judge(self, run: _Sessions, step: Step, number: int) -> tuple[Verdict | None, list[str]]:
        """Compare the live schema with scratch copies before and after statement ``number``.

        Returns the verdict (None: neither matches) and the differences from the expected-after schema.
        """
        statements = step.statements
        if is_session_statement(statements[number - 1]):
            return Verdict.RUN_AGAIN, []
        before, after = self._expected_around(step, number)
        changed = _changed_tables(before, after)
        if not changed:
            return Verdict.RUN_AGAIN, []
        live = _only(snapshot(run.books), changed)
        after_lines = diff(_only(after, changed), live)
        if not after_lines:
            return Verdict.COMPLETED, []
        if not diff(_only(before, changed), live):
            return Verdict.NOT_RUN, []
        return None, after_lines

    def _expected_around(self, step: Step, number: int) -> tuple[Snapshot, Snapshot]:
        """Snapshots of a scratch database just before and just after statement ``number`` of ``step``."""
        version = step.migration.version
        base = version - 1 if step.direction is Direction.UP else version
        statements = step.statements
        self._say(f"building the expected schema around statement {number} on a scratch database")
        with ExitStack() as stack:
            try:
                scratch = stack.enter_context(scratch_database(self.db.config.with_database(None)))
            except OmniDBError as exc:
                if exc.code not in (1044, 1142):  # not allowed to create it
                    raise
                raise MigrationError(
                    f"cannot tell whether statement {number} of {step} completed: deciding needs a scratch "
                    f"database omnidb_check_<random>, which {self.db.config.user} may not create ({exc}); grant "
                    f"it with `omnidb grants` (the migrator account), or repair by hand and run `omnidb resolve "
                    f"{version}`"
                ) from exc
            Migrator(scratch, self.migrations, ddl_lock_timeout=self.ddl_lock_timeout).migrate(base)
            session = open_connection(scratch.config)
            try:
                with _translated():
                    for statement in statements[: number - 1]:
                        _execute(session, statement.sql)
                    before = snapshot(session)
                    _execute(session, statements[number - 1].sql)
                    after = snapshot(session)
            finally:
                close_quietly(session)
        return before, after

    def _check_guards(
        self,
        conn: Connection,
        migration: Migration,
        *,
        allow_data_loss: bool,
        first: Step | None = None,
        paused_first: bool = False,
    ) -> None:
        """Run the guards of rolling ``migration`` back; refuse (or warn, ``allow_data_loss``) on the
        first that returns more than 0. ``first``: checked ahead of the plan, whose first step is that."""
        for guard in migration.guards:
            try:
                with conn.cursor() as cur:
                    cur.execute(guard)
                    row: Any = cur.fetchone()
            except DRIVER_ERRORS as exc:
                if error_code(exc) == ER_NO_SUCH_TABLE:  # no such table: nothing in it to lose
                    continue
                raise MigrationError(f"V{migration.version}: the guard `{guard}` failed: {translate(exc)}") from exc
            count = next(iter(row.values())) if row else 0
            if count:
                ahead = ""
                if first is not None and first.migration is not migration:
                    ahead = f" (checked before rolling back V{first.migration.version}: nothing was changed)"
                    if paused_first:
                        ahead = f" (checked before going on with V{first.migration.version}'s paused rollback)"
                message = (
                    f"rolling back V{migration.version} would destroy data: `{guard}` returned {count}, not 0"
                    f"{ahead}; preserve that data first, or confirm with --allow-data-loss (allow_data_loss=True "
                    "in Python)"
                )
                if not allow_data_loss:
                    raise MigrationError(message)
                self._say(f"warning: {message}; going on as confirmed")

    def _run_script(self, conn: Connection, script: str, label: str) -> None:
        for statement in split_statements(script):
            try:
                _execute(conn, statement.sql)
            except DRIVER_ERRORS as exc:
                raise MigrationError(f"{label} line {statement.line} failed: {translate(exc)}") from exc


def is_session_statement(statement: Statement) -> bool:
    """True for ``SET ...``, ``LOCK TABLES`` and ``UNLOCK TABLES``: their effect dies with the session."""
    code = _code(statement)
    return bool(_SET.match(code) or _LOCK_TABLES.match(code) or _UNLOCK_TABLES.match(code))


def session_prelude(ran: Sequence[Statement]) -> list[Statement]:
    """The statements to replay on a new session so it is as the one that ran ``ran`` was.

    Every ``SET``, in order; then the last ``LOCK TABLES`` if no ``UNLOCK TABLES`` came after it (a
    lock released before the resume point must not be taken again: its tables may be gone), and
    after it the data statements (``INSERT``, ``REPLACE``, ``UPDATE``, ``DELETE``) that ran under it:
    the lock died with the interrupted session, so the application may have written to what they
    copied before the rest of the locked part runs (V2's down.sql copies columns it then drops).
    Such statements must give the same result when run twice (``REPLACE``, not ``INSERT``).
    """
    settings = [s for s in ran if _SET.match(_code(s))]
    lock: list[Statement] = []
    for statement in ran:
        code = _code(statement)
        if _LOCK_TABLES.match(code):
            lock = [statement]
        elif _UNLOCK_TABLES.match(code):
            lock = []
        elif lock and _DATA.match(code):
            lock.append(statement)
    return settings + lock


def is_data_statement(statement: Statement) -> bool:
    """True for ``INSERT``, ``REPLACE``, ``UPDATE`` and ``DELETE``."""
    return bool(_DATA.match(_code(statement)))


def refuse_foreign_bookkeeping(conn: Connection, database: str) -> None:
    """``MigrationError`` when ``database`` holds a ``schema_migrations`` table omnidb did not make
    (another migration tool's: golang-migrate's ``version, dirty``, Rails' ``version``): every
    command would otherwise fail on its first read with the server's "unknown column", after some
    had made omnidb's other bookkeeping tables beside it. The same for a ``metadata`` table without
    omnidb's ``key`` and ``value`` (upstream's has them): ``db_init.sql`` keeps a table of that name
    as it is, and the run's first write to it would fail after the run had begun. Nothing when
    neither exists."""
    q = registry.core()
    with _translated():
        have = [row["name"] for row in q.schema_migrations_columns(conn)]
        store = [row["name"] for row in q.metadata_columns(conn)]
    if store and not {"key", "value"} <= set(store):
        raise MigrationError(
            f"{database}: its metadata table is not omnidb's (columns {', '.join(store)}; omnidb's key-value "
            "store has key and value): another application's? Rename it, or point the DSN at the database "
            "omnidb manages; omnidb changes nothing here until then"
        )
    if have and not set(_FIRST_BOOKKEEPING_COLUMNS) <= set(have):
        raise MigrationError(
            f"{database}: its schema_migrations table is not omnidb's (columns {', '.join(have)}; "
            f"omnidb's has {', '.join(_FIRST_BOOKKEEPING_COLUMNS)}, ...): another migration tool's? "
            "Point the DSN at the database omnidb manages, or rename that table; omnidb changes "
            "nothing here until then"
        )


def upgrade_bookkeeping(conn: Connection) -> None:
    """After ``db_init.sql``: add the columns an older omnidb's ``schema_migrations`` lacks, and make
    ``metadata`` keys compare exactly where an older table (or upstream's) compares them loosely.
    Each only when ``information_schema`` shows it missing (queries/core/bookkeeping.sql).
    """
    q = registry.core()
    with _translated():
        have = {row["name"] for row in q.schema_migrations_columns(conn)}
        for column in _LATER_BOOKKEEPING_COLUMNS:
            if column not in have:
                getattr(q, f"add_schema_migrations_{column}")(conn)
        if q.metadata_key_collation(conn) not in _EXACT_COLLATIONS:
            mariadb = is_mariadb(conn)
            (q.convert_metadata_key_mariadb if mariadb else q.convert_metadata_key_mysql)(conn)


def describe_blockers(blockers: Sequence[dict[str, Any]], limit: int = 5) -> str:
    """``connection 42 (app@10.0.0.5 using omni, transaction open 30s, idle: SELECT ...)``, for each of
    the first ``limit`` blockers (those using this database come first: the likeliest holders)."""
    if not blockers:
        return "another session (no open transaction found: look for LOCK TABLES or a long statement)"
    parts = []
    for b in blockers[:limit]:
        doing = "idle" if str(b.get("command")) == "Sleep" else str(b.get("command", "")).lower()
        query = f": {b['query']}" if b.get("query") else ""
        using = f" using {b['db']}" if b.get("db") else " using no database"
        parts.append(
            f"connection {b['connection_id']} ({b['user']}@{b['host']}{using}, transaction open "
            f"{b['transaction_seconds']}s, {doing}{query})"
        )
    more = f", and {len(blockers) - limit} more open transactions" if len(blockers) > limit else ""
    return ", ".join(parts) + more


def describe_unfinished(row: RecordedVersion, step: Step | None = None) -> str:
    """One paragraph telling an operator where an unfinished version stands and what to do next.

    ``step`` (the shipped script of the row) lets it name the statement that was in flight.
    """
    if row.name == upstream.ADOPTED_NAME and row.condition is not Condition.RUNNING:
        return "the database is dirty: " + upstream.interrupted(
            row.statements_done, row.statements_total, row.failed_statement, row.error
        )
    going = "applying" if row.direction is Direction.UP else "rolling back"
    label = f"V{row.version} ({row.name})"
    condition = row.condition
    if condition is Condition.RUNNING:
        since = _when(row.run_started_at)
        current = f", statement {row.statement_started} running" if row.statement_started else ""
        return (
            f"{label} is being {'migrated up' if row.direction is Direction.UP else 'rolled back'} by connection "
            f"{row.lock_holder} since {since}: {row.statements_done} of {row.statements_total} statements "
            f"done{current}"
        )
    if condition is Condition.PAUSED:
        when = "" if str(row.error).startswith(INTERRUPTED_PAUSE) else " once those sessions end"  # a lock wait's
        return (
            f"{going} {label} paused before statement {row.statements_done + 1} of {row.statements_total}: "
            f"{row.error}. Nothing is half-done and the database is not dirty: run `omnidb migrate"
            f"{'' if row.direction is Direction.UP else f' --to {row.version - 1}'}` again{when}."
        )
    if condition is Condition.FAILED:
        return (
            f"the database is dirty: {going} {label} failed at {row.failed_statement}: {row.error}. Fix the cause, "
            f"then run `omnidb resume` (it runs that statement again and finishes V{row.version}); or repair the "
            f"schema by hand and run `omnidb resolve {row.version} --applied` (the whole of V{row.version} is now in "
            "place) or `--not-applied` (none of it is)."
        )
    if row.statement_started:
        number = row.statement_started
        statements = step.statements if step is not None else []
        what = (
            f"{step.where(number, statements[number - 1])}: {statements[number - 1].summary}"
            if step is not None and number <= len(statements)
            else f"statement {number} of {row.statements_total}"
        )
        return (
            f"the database is dirty: {going} {label} was interrupted during {what}; whether that statement "
            f"completed is unknown. Run `omnidb resume`: it compares the schema with what the statement makes, "
            f"and finishes V{row.version}."
        )
    return (
        f"the database is dirty: {going} {label} was interrupted after {row.statements_done} of "
        f"{row.statements_total} statements. Run `omnidb resume` to finish V{row.version}."
    )


def init_schema(db: Database, version: int | None = None, **options: Any) -> list[Step]:
    """Bring ``db`` to exactly ``version`` (default: latest), up or down; return the steps run."""
    return Migrator(db, **options).migrate(version)


def _qualified(key: dict[str, Any], here: str) -> str:
    """``table`` of a foreign key row, or ``database.table`` when it lives in another database."""
    schema, table = str(key["table_schema"]), str(key["table_name"])
    return table if schema.casefold() == here else f"{schema}.{table}"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "an unknown time"


def _code(statement: Statement) -> str:
    lines = [line for line in statement.sql.splitlines() if not line.strip().startswith(("--", "#"))]
    return " ".join(" ".join(lines).split())


def _changed_tables(before: Snapshot, after: Snapshot) -> set[str]:
    names = set(before.tables) | set(after.tables)
    return {n for n in names if before.tables.get(n) != after.tables.get(n)}


def _only(schema: Snapshot, names: set[str]) -> Snapshot:
    return Snapshot(tables={n: t for n, t in schema.tables.items() if n in names})


def _execute(conn: Connection, sql: str) -> None:
    with conn.cursor() as cur:
        cur.execute(sql)  # no parameters: PyMySQL leaves a literal % alone


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


def print_new_database(name: str, target: int | None, say: Callable[[str], object]) -> None:
    """What ``migrate --create --dry-run`` prints for database ``name`` that does not exist yet: its
    creation, then what a dry run of it, created and empty, would print. Reads only the shipped
    scripts. Raises ``ConfigError`` for a name ``--create`` would refuse, ``MigrationError`` for an
    unknown ``target``."""
    checked_database_name(name)
    migrations = load_migrations()
    goal = _target_version(target, migrations[-1].version if migrations else 0)
    say(f"-- would create database {name} (utf8mb4), which does not exist yet")
    if goal == 0:
        say(f"{name} is already at the target version: nothing would run")
    _say_steps([Step(migration, Direction.UP) for migration in migrations[:goal]], None, say)


def shipped_target(target: int | None) -> int:
    """``target`` (None: the latest), checked against the versions this omnidb ships, reading only
    the scripts; ``MigrationError`` for one not shipped."""
    migrations = load_migrations()
    return _target_version(target, migrations[-1].version if migrations else 0)


def _target_version(target: int | None, latest: int) -> int:
    """``target``, or ``latest`` for None; ``MigrationError`` for a version not shipped."""
    goal = latest if target is None else target
    if not 0 <= goal <= latest:
        raise MigrationError(f"unknown version {goal}: this omnidb ships V0..V{latest}")
    return goal


def _say_steps(steps: list[Step], paused: RecordedVersion | None, say: Callable[[str], object]) -> None:
    """A dry run's listing of ``steps``: each one's statements, from where ``paused`` stopped."""
    for step in steps:
        statements = step.statements
        if paused is not None and (paused.version, paused.direction) == (step.migration.version, step.direction):
            start = paused.statements_done + 1
            say(f"-- would resume {step} at statement {start} of {len(statements)}")
            statements = [*session_prelude(statements[: start - 1]), *statements[start - 1 :]]
        else:
            say(f"-- would migrate {step}: {len(statements)} statements")
        for statement in statements:
            say(statement.sql.rstrip() + ";")
    say("-- dry run: nothing was changed")
