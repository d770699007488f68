"""The ``omnidb`` command: parses arguments, calls the modules that do the work, prints.

Every expected failure (bad DSN, unreachable server, unknown version, dirty database...) prints one
``omnidb: error: ...`` message on stderr and exits 1; usage errors exit 2. No password is printed.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, TypeVar

import attrs
import click

from omnidb import __version__
from omnidb.config import DSN_ENV, DSN_OPTIONS, MAX_SECONDS, Config, from_env
from omnidb.errors import ConnectionFailed, MigrationError, OmniDBError, PermissionDenied
from omnidb.pool import Database, connect
from omnidb.tooling.adopt import Adopter
from omnidb.tooling.catalogue import named_queries, query_folders, render_queries
from omnidb.tooling.check import run_checks
from omnidb.tooling.cluster_status import cluster_report
from omnidb.tooling.cluster_status import render as render_cluster
from omnidb.tooling.codegen import GenerationError, stale, write
from omnidb.tooling.codegen import generate as generate_modules
from omnidb.tooling.databases import create_database
from omnidb.tooling.doctor import diagnose
from omnidb.tooling.doctor import render as render_diagnosis
from omnidb.tooling.grants import Account, create_accounts
from omnidb.tooling.migrate import (
    MIGRATION_READ_TIMEOUT,
    Condition,
    Migrator,
    RecordedVersion,
    RunInterrupted,
    Status,
    print_new_database,
    shipped_target,
)
from omnidb.tooling.migration_plan import plan as plan_migration
from omnidb.tooling.migration_plan import render as render_plan
from omnidb.tooling.seed import load_sample_data

F = TypeVar("F", bound=Callable[..., Any])


@attrs.define
class _Context:
    dsn: str | None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--dsn",
    envvar=DSN_ENV,
    metavar="DSN",
    help=f"Database to work on: mysql://user:password@host:port/dbname?option=value (default: ${DSN_ENV}); "
    f"percent-encode / ? # @ % in the user and password, and : in the user. Options: {', '.join(DSN_OPTIONS)} "
    "(README.md of the project says what each does).",
)
@click.version_option(__version__, prog_name="omnidb")
@click.pass_context
def cli(ctx: click.Context, dsn: str | None) -> None:
    """Create, migrate and inspect OmniOrchestrator databases.

    The database comes from --dsn or the OMNIDB_DSN environment variable. Passwords are never
    printed.
    """
    ctx.obj = _Context(dsn=dsn)


_LOCK_TIMEOUT_HELP = "How long to wait for another migration run to finish (default: 60, or the DSN's lock_timeout)."


def _not_nan(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    # FloatRange lets NaN through (it compares false with both bounds).
    if value is not None and math.isnan(value):
        raise click.BadParameter(f"nan is not a number of seconds (0<x<={MAX_SECONDS})")
    return value


def _lock_timeout_option(func: F, help: str = _LOCK_TIMEOUT_HELP) -> F:
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0, min_open=True, max=MAX_SECONDS),
        callback=_not_nan,
        default=None,
        metavar="SECONDS",
        help=help,
    )(func)


def _adopt_lock_timeout_option(func: F) -> F:
    return _lock_timeout_option(
        func,
        _LOCK_TIMEOUT_HELP.removesuffix(".")
        + "; also how long each statement waits for a table in use (then adopt stops, recorded, and a "
        "later run goes on).",
    )


@cli.command()
@click.option(
    "--to",
    "target",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Version to migrate to, up or down (default: the latest shipped).",
)
@click.option("--dry-run", is_flag=True, help="Print the statements that would run; change nothing.")
@click.option(
    "--plan",
    "show_plan",
    is_flag=True,
    help="List each statement with how the server runs it (instant, in place, copy) and the rows it touches; "
    "refused where the run would be (a rollback guard included, unless --allow-data-loss); change nothing.",
)
@click.option(
    "--create",
    is_flag=True,
    help="Create the database first if it does not exist (with --dry-run or --plan: say so, and list every statement).",
)
@click.option(
    "--allow-data-loss", is_flag=True, help="Go down even where a rollback guard finds data it would destroy."
)
@_lock_timeout_option
@click.pass_obj
def migrate(
    obj: _Context,
    target: int | None,
    dry_run: bool,
    show_plan: bool,
    create: bool,
    allow_data_loss: bool,
    lock_timeout: float | None,
) -> None:
    """Bring the database to version N (default: the latest), applying up or down scripts.

    Each version runs once and is recorded with its checksum in schema_migrations; running again
    at the same version does nothing. A run holds a server-side lock, so concurrent runs wait.
    A statement that cannot get a table lock within the DSN's ddl_lock_timeout (default 5 s) is
    retried, then the run stops before it, naming the sessions in the way: the version is paused,
    not dirty, and running migrate again goes on from there. Statements may run for up to an hour
    whatever the DSN's read_timeout.
    """
    if show_plan and dry_run:  # two listings of one run: which was meant cannot be told
        raise click.UsageError("--plan and --dry-run do not go together: give one (both run nothing)")
    with _errors(interrupted="" if dry_run or show_plan else _RUN_INTERRUPTED):  # a dry run changes nothing
        config = _for_migrations(from_env(obj.dsn), lock_timeout)
        if create and (dry_run or show_plan) and _missing(_any_role(config)):  # (a replica answers that too)
            # Nothing to plan against: what would be created, and every statement, from the scripts.
            print_new_database(str(config.database), target, _progress)
            return
        if show_plan:  # cluster hook (issue 13): omnidb/tooling/migration_plan.py
            with _database(_any_role(config)) as db:
                planned = plan_migration(Migrator(db, out=_progress), target, allow_data_loss=allow_data_loss)
                for line in render_plan(*planned):
                    _progress(line)
            return
        if create and not dry_run:
            shipped_target(target)  # a refused run creates nothing
            _create_database(config)
        with _database(config) as db:
            Migrator(db, lock_timeout=lock_timeout, out=_progress).migrate(
                target, dry_run=dry_run, allow_data_loss=allow_data_loss
            )


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would be converted and print every statement; change nothing.")
@_adopt_lock_timeout_option
@click.pass_obj
def adopt(obj: _Context, dry_run: bool, lock_timeout: float | None) -> None:
    """Bring a database created by upstream OmniOrchestrator under omnidb, in place, as V1.

    Runs sql/adopt/upstream_v1.sql statement by statement, recording progress in
    schema_migrations; checks that every table keeps its rows and values. Refuses (changing
    nothing) a database that is not upstream's. If it stops, run it again: it finishes from where it
    stopped. Back the database up first (docs/adoption.md).
    """
    with _errors(interrupted="" if dry_run else _ADOPTION_INTERRUPTED), _database(from_env(obj.dsn)) as db:
        Adopter(db, lock_timeout=lock_timeout, out=_progress).adopt(dry_run=dry_run)


@cli.command()
@click.option(
    "--to",
    "target",
    type=click.IntRange(min=0),
    required=True,
    metavar="N",
    help="Version to roll back to (0 removes every version).",
)
@click.option("--dry-run", is_flag=True, help="Print the statements that would run; change nothing.")
@click.option(
    "--allow-data-loss", is_flag=True, help="Go down even where a rollback guard finds data it would destroy."
)
@_lock_timeout_option
@click.pass_obj
def rollback(obj: _Context, target: int, dry_run: bool, allow_data_loss: bool, lock_timeout: float | None) -> None:
    """Roll the database back to version N by running down scripts, newest first.

    A down script refuses to drop data its guards find, unless --allow-data-loss is given.
    """
    with (
        _errors(interrupted="" if dry_run else _RUN_INTERRUPTED),
        _database(_for_migrations(from_env(obj.dsn), lock_timeout)) as db,
    ):
        migrator = Migrator(db, lock_timeout=lock_timeout, out=_progress)
        report = migrator.status()
        if report.inconsistent is not None:  # its version cannot be trusted: telling it would mislead
            raise MigrationError(report.inconsistent)
        current = report.current
        if target > current:
            latest = migrator.latest
            raise OmniDBError(
                f"rollback goes down, but {db.name} is at V{current}: "
                + (f"use `omnidb migrate --to {target}`" if target <= latest else f"this omnidb ships V0..V{latest}")
            )
        migrator.migrate(target, dry_run=dry_run, allow_data_loss=allow_data_loss, down_only=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status(obj: _Context, as_json: bool) -> None:
    """Show the schema version, applied versions (dates, checksums), pending versions, and a migration
    that is running, paused, or was left dirty (with the statement that was in flight).

    Exits 1 when the database is dirty, an applied migration's up.sql or down.sql checksum no
    longer matches, a later omnidb migrated it past the versions this one ships, upstream
    OmniOrchestrator created the database (`omnidb adopt` first), it holds tables V1 creates that
    omnidb did not make, or the versions schema_migrations records are not contiguous from V1 (rows
    edited by hand); a migration running now is not an error.
    """
    with _errors(), _json_failure(as_json), _database(_any_role(from_env(obj.dsn))) as db:
        migrator = Migrator(db)
        report = migrator.status()
        cluster = cluster_report(db)  # cluster hook (issue 13)
        if as_json:
            shown = {
                **_status_dict(migrator, report),
                "upstream": report.upstream is not None,
                "collides": report.collides is not None,
                "advice": report.upstream or report.collides,
                "cluster": attrs.asdict(cluster),
            }
            _progress(json.dumps(shown, indent=2, default=_json_value))
        else:
            _print_status(migrator, report)
            for line in render_cluster(cluster, width=len("database:  ")):
                _progress(line)
    if not report.healthy:
        sys.exit(1)


@cli.command()
@_lock_timeout_option
@click.pass_obj
def resume(obj: _Context, lock_timeout: float | None) -> None:
    """Finish a migration that failed, was interrupted, or paused halfway.

    The statement that was in flight when the run ended is judged by comparing the schema with
    the one expected before and after it (built on a scratch database, omnidb_check_<random>):
    skipped if it completed, run if it did not. The script's SET and LOCK TABLES statements are
    replayed first, then the rest of the version runs. Refuses, naming the differences, when the
    schema matches neither; then repair by hand and use `omnidb resolve`.
    """
    with _errors(interrupted=_RUN_INTERRUPTED), _database(from_env(obj.dsn)) as db:
        Migrator(db, lock_timeout=lock_timeout, out=_progress).resume()


@cli.command()
@click.argument("version", type=click.IntRange(min=1))
@click.option("--applied", is_flag=True, help="The whole of VERSION is in place now: record it as applied.")
@click.option("--not-applied", is_flag=True, help="None of VERSION is in place now: record it as not applied.")
@click.pass_obj
def resolve(obj: _Context, version: int, applied: bool, not_applied: bool) -> None:
    """Clear the dirty mark a failed or interrupted migration of VERSION left.

    First repair the schema by hand so that VERSION is either wholly applied or wholly absent, then
    say which with --applied or --not-applied. `omnidb resume` finishes a shipped migration without
    any repair by hand; this is for when it cannot.
    """
    if applied == not_applied:
        # Both is a contradiction, not "the last one wins": this records what the schema holds.
        raise click.UsageError(
            "say where VERSION stands: --applied or --not-applied"
            if not applied
            else "--applied and --not-applied contradict each other: give one"
        )
    with _errors(), _database(from_env(obj.dsn)) as db:
        Migrator(db, out=_progress).resolve(version, applied=applied)


@cli.command()
@click.option("--force", is_flag=True, help="Load even if the platform tables already hold rows.")
@click.pass_obj
def seed(obj: _Context, force: bool) -> None:
    """Load the development sample data (sql/sample_data.sql, then sql/versions/V<n>/sample_data.sql up to
    the database's version) into a migrated database.

    Refuses a database that already holds data, unless --force is given. Loads under the migration
    lock: waits for a migration run (up to the DSN's lock_timeout), and none runs meanwhile. So it
    needs the migrator's account, as migrate does.
    """
    with _errors(), _database(from_env(obj.dsn)) as db:
        rows = load_sample_data(db, force=force)
        click.echo(f"loaded sample data into {db.name}: {rows} rows")


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings (migration lint) too, not only on errors.")
@click.pass_obj
def check(obj: _Context, strict: bool) -> None:
    """Verify every named query and struct against every schema version, lint migrations, detect drift.

    Creates a scratch database (omnidb_check_<random>) on the DSN's server, migrates it version by
    version, has the server PREPARE every query at each version it must run on (v1 queries at V1
    and V2), compares every struct with its table, and drops it. When the DSN names a database, that
    database is compared with a fresh copy of the version it records: any difference is drift.
    Exits 1 on any error (or warning, with --strict).
    """
    with _errors():
        config = from_env(obj.dsn)
        live = connect(config) if config.database else None
        try:
            report = run_checks(config.with_database(None), live=live, out=click.echo)
        finally:
            if live is not None:
                live.close()
    for finding in report.findings:
        click.echo(str(finding))
    drift = report.drift_compared or "no database named in the DSN: drift not checked"
    click.echo(f"drift: {drift}")
    click.echo(
        f"{len(report.errors)} errors, {len(report.warnings)} warnings: {report.queries_checked} query checks, "
        f"{report.structs_checked} struct checks in {report.seconds:.2f}s"
    )
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@cli.command()
@click.option("--version", "folder", default="all", metavar="N", help="Which queries: core, 1, 2... or all (default).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    help="text for a terminal, markdown for docs/queries.md.",
)
def queries(folder: str, fmt: str) -> None:
    """List every named query: file, line, parameters, kind, what it does, and its SQL.

    Needs no database. `omnidb queries --format markdown > docs/queries.md` writes the DBA review
    page; a test fails when that page is stale.
    """
    folders = query_folders()
    wanted = folders if folder == "all" else ["core" if folder == "core" else f"v{folder.removeprefix('v')}"]
    unknown = [f for f in wanted if f not in folders]
    if unknown:
        known = ", ".join(f.removeprefix("v") for f in folders)
        raise click.BadParameter(f"no queries for {folder}; known: {known} or all", param_hint="--version")
    click.echo(render_queries([q for f in wanted for q in named_queries(f)], fmt), nl=False)


@cli.command()
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a module is stale.")
def generate(check_only: bool) -> None:
    """Write the typed resource modules (omnidb/v<n>/<plural>.py, and their async twins in
    omnidb/aio/v<n>/) from omnidb/v<n>/declarations.py and the -- name: lines of queries/; and the
    sync domain operations (omnidb/v<n>/domain/) from their async source (omnidb/aio/v<n>/domain/).

    Needs no database. Run it after changing a declaration, a struct or a query's parameters; a
    disagreement between a declaration and its query is an error naming both. Works on a source
    checkout (it writes into the package).
    """
    with _errors():
        try:
            files = generate_modules()
        except GenerationError as exc:
            raise OmniDBError(str(exc)) from None
        if check_only:
            stale_files = stale(files)
            for path in stale_files:
                click.echo(f"stale: {path}")
            if stale_files:
                raise OmniDBError(f"{len(stale_files)} generated module(s) are stale: run `omnidb generate`")
            click.echo(f"{len(files)} generated modules are current")
            return
        written = write(files)
        for path in written:
            click.echo(f"wrote {path}")
        click.echo(f"{len(written)} of {len(files)} modules written ({len(files) - len(written)} already current)")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the diagnosis as JSON.")
@click.option(
    "--min-seconds",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How long a query or transaction must run to be reported.",
)
@click.pass_obj
def doctor(obj: _Context, as_json: bool, min_seconds: int) -> None:
    """Diagnose the database: server and sql_mode, schema state, connections, long queries and open
    transactions, tables without a primary key, foreign keys without an index, index usage, and the
    omnidb_check_* scratch databases a killed check or resume left on the server (shown only).

    Other sessions' SQL is shown with its literals masked (strings, numbers, hex become ?).

    Exits 1 when it finds a problem that needs an operator.
    """
    with _errors(), _json_failure(as_json), _database(_any_role(from_env(obj.dsn))) as db:
        found = diagnose(db, min_seconds=min_seconds)
    if as_json:
        _progress(json.dumps(attrs.asdict(found), indent=2, default=_json_value))
    else:
        _progress(render_diagnosis(found))
    if found.problems:
        sys.exit(1)


@cli.command()
@click.option("--migrator-user", default="omnidb_migrator", show_default=True, help="Account for migrations (DDL).")
@click.option("--app-user", default="omnidb_app", show_default=True, help="Account for the application (rows only).")
@click.option("--host", "host", default="%", show_default=True, help="Host pattern of both accounts.")
@click.option(
    "--migrator-password",
    envvar="OMNIDB_MIGRATOR_PASSWORD",
    help="Password of the migrator (or $OMNIDB_MIGRATOR_PASSWORD; asked on a terminal when missing).",
)
@click.option(
    "--app-password",
    envvar="OMNIDB_APP_PASSWORD",
    help="Password of the application account (or $OMNIDB_APP_PASSWORD; asked on a terminal when missing).",
)
@click.pass_obj
def grants(
    obj: _Context,
    migrator_user: str,
    app_user: str,
    host: str,
    migrator_password: str | None,
    app_password: str | None,
) -> None:
    """Create the two least-privilege accounts for the DSN's database, or update them.

    The migrator gets every privilege on it (and on omnidb_check_* scratch databases). The
    application gets SELECT on it, and INSERT, UPDATE and DELETE on each table that exists now except
    schema_migrations, schema_migration_history and schema_migration_lock: run it again after a
    migration adds tables.
    Accounts that exist get the given passwords (ALTER USER). Run with a DSN whose account may
    create users and grant (e.g. root). Passwords are never printed.
    """
    migrator_password = _password(
        migrator_password, "Migrator password", "--migrator-password", "OMNIDB_MIGRATOR_PASSWORD"
    )
    app_password = _password(app_password, "Application password", "--app-password", "OMNIDB_APP_PASSWORD")
    with _errors(interrupted=_GRANTS_INTERRUPTED), _database(from_env(obj.dsn)) as db:
        try:
            create_accounts(
                db,
                str(db.name),
                migrator=Account(migrator_user, migrator_password, host),
                application=Account(app_user, app_password, host),
                out=_progress,
            )
        except PermissionDenied as exc:
            raise PermissionDenied(
                f"{exc}; omnidb grants needs a DSN whose account may create users and grant (root, say)", code=exc.code
            ) from exc


#: What an operator does after a Ctrl-C of a run that changes the schema.
_RUN_INTERRUPTED = (
    ": a statement may have been cut short; `omnidb status` shows where the run stopped, and "
    "`omnidb resume` finishes a version it left dirty"
)
_GRANTS_INTERRUPTED = (
    ": the accounts may have part of their privileges; `omnidb grants` again creates or updates them to the full set"
)
_ADOPTION_INTERRUPTED = ": `omnidb status` shows where it stopped; `omnidb adopt` again finishes from there"


def _progress(line: str) -> None:
    """Print a line of a run that changes the database (migrate, rollback, resume, resolve, adopt,
    grants), or of a report whose exit code says something (status, doctor, a plan). When the reader
    of the output goes away (``omnidb migrate | head``), the command goes on without output and
    exits as it would have: a broken pipe must not stop a migration between two of its statements,
    nor make ``omnidb status | head -1`` of a healthy database exit 1, its "unhealthy"."""
    try:
        click.echo(line)
    except BrokenPipeError:
        # Every later line, and the interpreter's flush at exit, go nowhere instead of failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _password(given: str | None, prompt: str, option: str, envvar: str) -> str:
    """``given``, or asked for on the terminal (not echoed); without a terminal, a usage error naming
    where it goes (a script would otherwise read its own input as the password, or see a warning)."""
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise click.UsageError(
            f"no password for {option[2:].removesuffix('-password')}: give {option} or set ${envvar}"
        )
    try:
        asked: str = click.prompt(prompt, hide_input=True)
    except click.Abort:  # Ctrl-C or Ctrl-D at the prompt, which click would answer with a bare "Aborted!"
        click.echo(f"omnidb: error: interrupted at the {prompt.lower()} prompt; nothing was changed", err=True)
        sys.exit(130)
    return asked


def main() -> None:
    """Entry point of the ``omnidb`` console script."""
    cli(prog_name="omnidb")


# -- helpers ---------------------------------------------------------------------------------------


@contextmanager
def _errors(*, interrupted: str = "") -> Iterator[None]:
    """Expected failures as one ``omnidb: error:`` line and exit 1; Ctrl-C as one line (with
    ``interrupted``, what to do next) and exit 130, not click's bare "Aborted!"."""
    try:
        yield
    except RunInterrupted as exc:  # between two statements: recorded as a pause, nothing in doubt
        click.echo(f"omnidb: error: interrupted: {exc}", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo(f"omnidb: error: interrupted{interrupted}", err=True)
        sys.exit(130)
    except OmniDBError as exc:
        click.echo(f"omnidb: error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        raise  # the reader of the output went away (| head): click ends quietly, exit 1
    except OSError as exc:  # a file named on the command line or in the DSN that cannot be read
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"omnidb: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)


@contextmanager
def _json_failure(as_json: bool) -> Iterator[None]:
    """With ``--json``, a failure (no server, a bad DSN, a database refused) still prints a JSON
    document on stdout, ``{"healthy": false, "error": ..., "problems": [...]}``, for a monitor that
    parses it; the error line goes to stderr and the exit code is 1, as always."""
    try:
        yield
    except OmniDBError as exc:
        if as_json:
            _progress(json.dumps({"healthy": False, "error": str(exc), "problems": [str(exc)]}, indent=2))
        raise


@contextmanager
def _database(config: Config) -> Iterator[Database]:
    if not config.database:
        raise OmniDBError(f"the DSN names no database: {config.safe_dsn()}<dbname> expected")
    db = connect(config)
    try:
        yield db
    finally:
        db.close()


def _any_role(config: Config) -> Config:
    """Cluster hook (issue 13): status and doctor read, so they work on a replica or a read-only server too."""
    return attrs.evolve(config, role="any")


def _for_migrations(config: Config, lock_timeout: float | None) -> Config:
    waits = min(
        max(config.read_timeout, MIGRATION_READ_TIMEOUT, (lock_timeout or config.lock_timeout) + 60), MAX_SECONDS
    )
    return attrs.evolve(config, read_timeout=waits)


def _missing(config: Config) -> bool:
    """True when the server answers but has no database ``config.database`` (1049)."""
    try:
        with _database(config) as db, db.connection():
            return False
    except ConnectionFailed as exc:
        if exc.code == 1049:  # ER_BAD_DB_ERROR
            return True
        raise


def _create_database(config: Config) -> None:
    if not config.database:
        raise OmniDBError("--create needs a DSN that names a database")
    create_database(config, config.database)


def _json_value(value: Any) -> str:
    """A value JSON has no type for: a datetime in ISO 8601 with its offset (the server's times, read
    in UTC sessions, come naive: they are UTC), anything else as its text."""
    if isinstance(value, datetime):
        return (value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)).isoformat()
    return str(value)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


_CONDITION_LABELS = {
    Condition.RUNNING: "RUNNING",
    Condition.PAUSED: "PAUSED",
    Condition.INTERRUPTED: "DIRTY",
    Condition.FAILED: "DIRTY",
}


def _print_status(migrator: Migrator, report: Status) -> None:
    _progress(f"database:  {migrator.db.config.safe_dsn()}")
    _progress(f"version:   V{report.current} (latest shipped: V{report.latest})")
    unfinished = report.unfinished
    if unfinished is not None:
        _progress(f"state:     {_CONDITION_LABELS[unfinished.condition]}: {migrator.describe(unfinished)}")
    for script, versions in (("up.sql", report.checksum_mismatches), ("down.sql", report.down_checksum_mismatches)):
        if versions:
            listed = ", ".join(f"V{v}" for v in versions)
            _progress(f"state:     CHECKSUM MISMATCH on {listed}: applied {script} differs from the shipped one")
    if report.inconsistent is not None:
        _progress(f"state:     INCONSISTENT: {report.inconsistent}")
    if report.newer:
        _progress(
            f"state:     NEWER: migrated to V{report.current} by a later omnidb, which this one (V0..V{report.latest}) "
            "can neither migrate nor roll back: use that release"
        )
    if report.upstream is not None:
        _progress(f"state:     UPSTREAM: {report.upstream}")
    if report.collides is not None:
        _progress(f"state:     COLLIDES: omnidb cannot migrate it: {report.collides}")
    if unfinished is None and report.healthy:
        _progress("state:     clean")
    _progress("applied:" if report.recorded else "applied:   none")
    width = max([32, *(len(row.name) for row in report.recorded)])  # "platform core, adopted from upstream"
    for row in report.recorded:
        _progress(f"  {_row_line(row, width)}")
    pending = ", ".join(f"V{v}" for v in report.pending) or "none"
    _progress(f"pending:   {pending}")


def _row_line(row: RecordedVersion, width: int = 32) -> str:
    took = f"{row.execution_ms} ms" if row.execution_ms is not None else "-"
    state = (
        ""
        if not row.unfinished
        else f"  [{row.state.value.upper()}, {row.statements_done}/{row.statements_total} statements, "
        f"{row.condition.value}]"
    )
    return (
        f"V{row.version:<3} {row.name:<{width}} {_when(row.applied_at):<24} sha256:{row.checksum[:12]}  {took}{state}"
    )


def _status_dict(migrator: Migrator, report: Status) -> dict[str, Any]:
    unfinished = report.unfinished
    return {
        "database": migrator.db.name,
        "current": report.current,
        "latest": report.latest,
        "dirty": report.dirty is not None,
        "condition": unfinished.condition.value if unfinished is not None else Condition.APPLIED.value,
        "unfinished": migrator.describe(unfinished) if unfinished is not None else None,
        "checksum_mismatches": report.checksum_mismatches,
        "down_checksum_mismatches": report.down_checksum_mismatches,
        "newer": report.newer,
        # what is wrong with schema_migrations' rows (not contiguous from V1), else None
        "inconsistent": report.inconsistent,
        "healthy": report.healthy,
        "pending": report.pending,
        "applied": [attrs.asdict(row) for row in report.recorded],
    }


if __name__ == "__main__":  # pragma: no cover
    main()
