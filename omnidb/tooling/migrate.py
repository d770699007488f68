"""The migration runner: plan, apply, roll back, lock, record.

Versions live in ``sql/versions/V<n>/up.sql`` and ``down.sql``. A run:

1. takes a server-side lock (``GET_LOCK``) named after the database, for the whole run, so two
   runners never apply at once: the second waits up to ``lock_timeout`` seconds, then finds nothing
   left to do;
2. runs ``sql/db_init.sql`` (idempotent: the global tables);
3. refuses to go on if a version is recorded half-applied (dirty), or if an applied version's
   ``up.sql`` no longer has the checksum it was applied with;
4. applies ``up.sql`` files in order, or ``down.sql`` files in reverse, one statement at a time,
   recording progress in ``schema_migrations`` before and after each statement.

MySQL DDL commits implicitly, so a version cannot be applied atomically. Instead, a failure (or a
killed process) leaves the version's row in state ``applying``/``reverting`` with the failed statement
and the server's error; every later run refuses until an operator repairs the schema by hand and
records the outcome with :meth:`Migrator.resolve` (``omnidb resolve``).

A ``down.sql`` may declare guards, comment lines ``-- guard: <SELECT returning a count>``. Before the
first statement of that rollback, each guard runs; a non-zero count means the rollback would destroy
data, and it is refused unless ``allow_data_loss`` is given.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import attrs

from omnidb import registry
from omnidb.errors import (
    DRIVER_ERRORS,
    ChecksumMismatch,
    DirtyDatabase,
    MigrationError,
    MigrationLocked,
    translate,
)
from omnidb.pool import Database
from omnidb.session import Connection
from omnidb.sqlfiles import sql_file
from omnidb.tooling import upstream
from omnidb.tooling.sqlscript import Statement, split_statements

log = logging.getLogger("omnidb.tooling.migrate")

_NAME = re.compile(r"^--\s*Migration:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_GUARD = re.compile(r"^--\s*guard:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_VERSION_DIR = re.compile(r"^V([1-9][0-9]*)$")


@attrs.frozen
class Migration:
    """One schema version: its up and down scripts as shipped."""

    version: int
    name: str
    up_sql: str = attrs.field(repr=False)
    down_sql: str = attrs.field(repr=False)

    @property
    def checksum(self) -> str:
        """sha256 (hex) of ``up.sql``: what ``schema_migrations.checksum`` records."""
        return hashlib.sha256(self.up_sql.encode("utf-8")).hexdigest()

    @property
    def guards(self) -> list[str]:
        """The ``-- guard:`` queries of ``down.sql``."""
        return _GUARD.findall(self.down_sql)


class Direction(str, enum.Enum):
    """Which way a step goes; ``RESOLVE`` is an operator's ruling on a dirty version (history only)."""

    UP = "up"
    DOWN = "down"
    RESOLVE = "resolve"


class MigrationState(str, enum.Enum):
    """``schema_migrations.state``: ``APPLIED``, or dirty while a run is (or was left) going up or down."""

    APPLYING = "applying"
    REVERTING = "reverting"
    APPLIED = "applied"


@attrs.frozen
class Step:
    """One planned script run: ``version`` going ``up`` or ``down``."""

    migration: Migration
    direction: Direction

    @property
    def statements(self) -> list[Statement]:
        """The statements the step runs, in order."""
        script = self.migration.up_sql if self.direction is Direction.UP else self.migration.down_sql
        return split_statements(script)

    def __str__(self) -> str:
        arrow = "up to" if self.direction is Direction.UP else "down from"
        return f"{arrow} V{self.migration.version} ({self.migration.name})"


@attrs.frozen
class RecordedVersion:
    """A row of ``schema_migrations``."""

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

    @property
    def dirty(self) -> bool:
        """True when the version was left half-applied or half-reverted."""
        return self.state is not MigrationState.APPLIED


@attrs.frozen
class Status:
    """Where a database stands against the shipped migrations."""

    database: str
    current: int
    latest: int
    recorded: list[RecordedVersion]
    pending: list[int]
    checksum_mismatches: list[int]

    @property
    def dirty(self) -> RecordedVersion | None:
        """The half-applied version, if any."""
        return next((r for r in self.recorded if r.dirty), None)


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
        migrations.append(
            Migration(
                version=number,
                name=named.group(1) if named else f"V{number}",
                up_sql=scripts["up.sql"],
                down_sql=scripts["down.sql"],
            )
        )
    return tuple(migrations)


def lock_name(database: str) -> str:
    """The ``GET_LOCK`` name for migrating ``database`` (at most 64 characters, as servers require)."""
    name = f"omnidb.tooling.migrate.{database}"
    if len(name) > 64:
        name = "omnidb.tooling.migrate." + hashlib.sha256(database.encode()).hexdigest()[:48]
    return name


class Migrator:
    """Plans and runs migrations on one database.

    ``out`` receives one human-readable line per event (the CLI prints them); they also go to the
    ``omnidb.tooling.migrate`` logger.
    """

    def __init__(
        self,
        db: Database,
        migrations: Sequence[Migration] | None = None,
        *,
        lock_timeout: float | None = None,
        out: Callable[[str], None] | None = None,
    ) -> None:
        if not db.name:
            raise MigrationError("the DSN names no database: migrations need one (mysql://.../dbname)")
        self.db = db
        self.migrations = tuple(migrations) if migrations is not None else load_migrations()
        self.lock_timeout = lock_timeout if lock_timeout is not None else db.config.lock_timeout
        self._out = out
        self._q = registry.core()

    @property
    def latest(self) -> int:
        """The highest version shipped."""
        return self.migrations[-1].version if self.migrations else 0

    def status(self) -> Status:
        """Read where the database stands; changes nothing."""
        with self.db.connection() as conn, _translated():
            recorded = self._recorded(conn)
        return self._status(recorded)

    def plan(self, target: int | None = None) -> list[Step]:
        """The steps that would bring the database to ``target`` (default: latest); changes nothing."""
        status = self.status()
        self._check_runnable(status)
        return self._steps(status.current, self._target(target))

    def migrate(self, target: int | None = None, *, dry_run: bool = False, allow_data_loss: bool = False) -> list[Step]:
        """Bring the database to exactly ``target`` (default: latest); return the steps run.

        Raises ``DirtyDatabase``, ``ChecksumMismatch``, ``MigrationLocked`` or ``MigrationError``
        (naming the version and statement) and leaves the failure recorded.
        """
        goal = self._target(target)
        self._refuse_upstream()
        if dry_run:
            steps = self.plan(goal)
            self._dry_run(steps)
            return steps
        try:
            return self._migrate(goal, allow_data_loss=allow_data_loss)
        finally:
            self.db.forget_schema_version()

    def _migrate(self, goal: int, *, allow_data_loss: bool) -> list[Step]:
        with self._locked() as conn:
            self._run_script(conn, sql_file("db_init.sql").read_text(encoding="utf-8"), "db_init.sql")
            status = self._status(self._recorded(conn))
            self._check_runnable(status)
            steps = self._steps(status.current, goal)
            if not steps:
                self._say(f"{self.db.name} is at V{status.current}: nothing to do")
            for step in steps:
                self._apply(conn, step, allow_data_loss=allow_data_loss)
            return steps

    def resolve(self, version: int, *, applied: bool) -> None:
        """Record an operator's repair of a dirty version: fully ``applied``, or fully reverted.

        The operator must first have made the schema match that claim by hand.
        """
        with self._locked() as conn:
            recorded = {r.version: r for r in self._recorded(conn)}
            row = recorded.get(version)
            if row is None or not row.dirty:
                state = "not recorded" if row is None else "cleanly applied"
                raise MigrationError(f"V{version} is {state}: only a dirty version can be resolved")
            migration = self._migration(version)
            history_id = self._q.start_history(
                conn, version=version, direction=Direction.RESOLVE.value, checksum=migration.checksum
            )
            if applied:
                self._q.mark_applied(conn, version=version, checksum=migration.checksum, execution_ms=None)
                outcome = f"V{version} recorded as applied"
            else:
                self._q.forget_version(conn, version=version)
                outcome = f"V{version} recorded as not applied"
            self._q.finish_history(
                conn, id=history_id, outcome="succeeded", execution_ms=None, error=f"operator resolved: {outcome}"
            )
            self._say(outcome)

    # -- internals -------------------------------------------------------------------------------

    def _refuse_upstream(self) -> None:
        # An upstream OmniOrchestrator database has tables but no schema_migrations: V1's first
        # CREATE TABLE would fail and leave it dirty. `omnidb adopt` converts it instead.
        with self.db.connection() as conn, _translated():
            shape = upstream.inspect(conn)
        if shape.looks_upstream:
            raise MigrationError(f"{self.db.name} cannot be migrated: {upstream.advice(shape)}")

    def _say(self, line: str) -> None:
        log.info(line)
        if self._out is not None:
            self._out(line)

    def _target(self, target: int | None) -> int:
        goal = self.latest if target is None else target
        if not 0 <= goal <= self.latest:
            raise MigrationError(f"unknown version {goal}: this omnidb ships V0..V{self.latest}")
        return goal

    def _migration(self, version: int) -> Migration:
        for migration in self.migrations:
            if migration.version == version:
                return migration
        raise MigrationError(
            f"the database records V{version}, which this omnidb does not ship (it knows "
            f"V1..V{self.latest}): use the release that applied it"
        )

    def _recorded(self, conn: Connection) -> list[RecordedVersion]:
        if not self._q.migrations_table_exists(conn):
            return []
        return [RecordedVersion(**row) for row in self._q.list_recorded_versions(conn)]

    def _status(self, recorded: list[RecordedVersion]) -> Status:
        shipped = {m.version: m for m in self.migrations}
        current = 0
        for row in recorded:
            if row.version == current + 1 and not row.dirty:
                current = row.version
        return Status(
            database=self.db.name or "",
            current=current,
            latest=self.latest,
            recorded=recorded,
            pending=[v for v in shipped if v > current],
            checksum_mismatches=[
                r.version
                for r in recorded
                if r.version in shipped and not r.dirty and r.checksum != shipped[r.version].checksum
            ],
        )

    def _check_runnable(self, status: Status) -> None:
        dirty = status.dirty
        if dirty is not None:
            raise DirtyDatabase(describe_dirty(dirty))
        for version in status.checksum_mismatches:
            recorded = next(r for r in status.recorded if r.version == version)
            raise ChecksumMismatch(
                f"V{version} was applied from an up.sql with checksum {recorded.checksum[:12]}, but the "
                f"shipped sql/versions/V{version}/up.sql has {self._migration(version).checksum[:12]}: "
                "an applied migration must never be edited; restore it and add a new version instead"
            )
        applied = [r.version for r in status.recorded]
        if applied != list(range(1, len(applied) + 1)):
            raise MigrationError(
                "recorded versions are not contiguous from V1 ("
                + ", ".join(f"V{v}" for v in applied)
                + "): the schema_migrations table was edited by hand"
            )
        if applied and applied[-1] > self.latest:
            self._migration(applied[-1])

    def _steps(self, current: int, goal: int) -> list[Step]:
        if goal >= current:
            return [Step(self._migration(v), Direction.UP) for v in range(current + 1, goal + 1)]
        return [Step(self._migration(v), Direction.DOWN) for v in range(current, goal, -1)]

    def _dry_run(self, steps: list[Step]) -> None:
        if not steps:
            self._say(f"{self.db.name} is already at the target version: nothing would run")
        for step in steps:
            statements = step.statements
            self._say(f"-- would migrate {step}: {len(statements)} statements")
            for statement in statements:
                self._say(statement.sql.rstrip() + ";")
        self._say("-- dry run: nothing was changed")

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        name = lock_name(self.db.name or "")
        with self.db.connection() as conn, _translated():
            got = self._q.get_lock(conn, name=name, timeout=self.lock_timeout)
            if got != 1:
                holder = self._q.lock_holder(conn, name=name)
                raise MigrationLocked(
                    f"another migration of {self.db.name} (connection {holder}) held the lock for "
                    f"more than {self.lock_timeout:g}s; try again later, or raise lock_timeout"
                )
            try:
                yield conn
            finally:
                self._q.release_lock(conn, name=name)

    def _apply(self, conn: Connection, step: Step, *, allow_data_loss: bool) -> None:
        migration, up = step.migration, step.direction is Direction.UP
        statements = step.statements
        if not up:
            self._check_guards(conn, migration, allow_data_loss=allow_data_loss)
        self._say(f"migrating {step}: {len(statements)} statements")
        history_id = self._q.start_history(
            conn, version=migration.version, direction=step.direction.value, checksum=migration.checksum
        )
        if up:
            self._q.start_version(
                conn,
                version=migration.version,
                name=migration.name,
                checksum=migration.checksum,
                statements_total=len(statements),
            )
        else:
            self._q.start_revert(conn, version=migration.version, statements_total=len(statements))
        started = time.monotonic()
        for number, statement in enumerate(statements, start=1):
            try:
                _execute(conn, statement.sql)
            except DRIVER_ERRORS as exc:
                self._fail(conn, step, history_id, number, len(statements), statement, exc)
            self._q.mark_statement_done(conn, version=migration.version, statements_done=number)
        elapsed_ms = round((time.monotonic() - started) * 1000)
        if up:
            self._q.mark_applied(conn, version=migration.version, checksum=migration.checksum, execution_ms=elapsed_ms)
        else:
            self._q.forget_version(conn, version=migration.version)
        self._q.finish_history(conn, id=history_id, outcome="succeeded", execution_ms=elapsed_ms, error=None)
        self._say(f"migrated {step} in {elapsed_ms} ms")

    def _fail(
        self,
        conn: Connection,
        step: Step,
        history_id: int,
        number: int,
        total: int,
        statement: Statement,
        exc: Exception,
    ) -> NoReturn:
        migration = step.migration
        script = "up.sql" if step.direction is Direction.UP else "down.sql"
        where = f"statement {number} of {total} (V{migration.version}/{script} line {statement.code_line})"
        server = str(translate(exc))
        try:
            self._q.mark_failed(
                conn, version=migration.version, failed_statement=f"{where}: {statement.summary}", error=server
            )
            self._q.finish_history(conn, id=history_id, outcome="failed", execution_ms=None, error=server)
        except DRIVER_ERRORS:
            log.exception("could not record the failure of V%s", migration.version)
        raise MigrationError(
            f"migrating {step} failed at {where}: {statement.summary}\n"
            f"  server said: {server}\n"
            f"  {number - 1} of {total} statements had run; the database is marked dirty. Repair the "
            f"schema by hand, then run `omnidb resolve {migration.version} --applied` or "
            f"`--not-applied` to say where it stands."
        ) from exc

    def _check_guards(self, conn: Connection, migration: Migration, *, allow_data_loss: bool) -> None:
        for guard in migration.guards:
            with conn.cursor() as cur:
                cur.execute(guard)
                row: Any = cur.fetchone()
            count = next(iter(row.values())) if row else 0
            if count:
                message = (
                    f"rolling back V{migration.version} would destroy data: `{guard}` found {count}; "
                    "preserve that data first, or confirm with allow_data_loss (--allow-data-loss)"
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


def describe_dirty(row: RecordedVersion) -> str:
    """One paragraph telling an operator what was left half-done and how to resolve it."""
    if row.name == upstream.ADOPTED_NAME:
        return "the database is dirty: " + upstream.interrupted(
            row.statements_done, row.statements_total, row.failed_statement, row.error
        )
    doing = "applying" if row.state is MigrationState.APPLYING else "rolling back"
    what = (
        f"failed at {row.failed_statement}: {row.error}"
        if row.error
        else f"was interrupted after {row.statements_done} of {row.statements_total} statements"
    )
    return (
        f"the database is dirty: {doing} V{row.version} ({row.name}) {what}. No migration runs until an "
        f"operator repairs the schema by hand and runs `omnidb resolve {row.version} --applied` "
        f"(the whole of V{row.version} is now in place) or `--not-applied` (none of it is)."
    )


def init_schema(db: Database, version: int | None = None, **options: Any) -> list[Step]:
    """Bring ``db`` to exactly ``version`` (default: latest), up or down; return the steps run."""
    return Migrator(db, **options).migrate(version)


def _execute(conn: Connection, sql: str) -> None:
    with conn.cursor() as cur:
        cur.execute(sql)  # no parameters: PyMySQL leaves a literal % alone


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc
