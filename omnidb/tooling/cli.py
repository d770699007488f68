"""The ``omnidb`` command: parses arguments, calls the modules that do the work, prints.

Every expected failure (bad DSN, unreachable server, unknown version, dirty database...) prints one
``omnidb: error: ...`` message on stderr and exits 1; usage errors exit 2. No password is printed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import attrs
import click

from omnidb import __version__
from omnidb.config import DSN_ENV, Config, from_env
from omnidb.errors import OmniDBError
from omnidb.pool import Database, connect
from omnidb.tooling.adopt import Adopter
from omnidb.tooling.catalogue import named_queries, query_folders, render_queries
from omnidb.tooling.check import run_checks
from omnidb.tooling.databases import create_database
from omnidb.tooling.doctor import diagnose
from omnidb.tooling.doctor import render as render_diagnosis
from omnidb.tooling.grants import Account, create_accounts
from omnidb.tooling.migrate import Migrator, RecordedVersion, Status, describe_dirty
from omnidb.tooling.seed import load_sample_data
from omnidb.tooling.upstream import Shape, advice, inspect

F = TypeVar("F", bound=Callable[..., Any])


@attrs.define
class _Context:
    dsn: str | None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--dsn",
    envvar=DSN_ENV,
    metavar="DSN",
    help=f"Database to work on: mysql://user:password@host:port/dbname (default: ${DSN_ENV}).",
)
@click.version_option(__version__, prog_name="omnidb")
@click.pass_context
def cli(ctx: click.Context, dsn: str | None) -> None:
    """Create, migrate and inspect OmniOrchestrator databases.

    The database comes from --dsn or the OMNIDB_DSN environment variable. Passwords are never
    printed.
    """
    ctx.obj = _Context(dsn=dsn)


def _lock_timeout_option(func: F) -> F:
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        metavar="SECONDS",
        help="How long to wait for another migration run to finish (default: 60, or the DSN's lock_timeout).",
    )(func)


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
@click.option("--create", is_flag=True, help="Create the database first if it does not exist.")
@click.option(
    "--allow-data-loss", is_flag=True, help="Go down even where a rollback guard finds data it would destroy."
)
@_lock_timeout_option
@click.pass_obj
def migrate(
    obj: _Context, target: int | None, dry_run: bool, create: bool, allow_data_loss: bool, lock_timeout: float | None
) -> None:
    """Bring the database to version N (default: the latest), applying up or down scripts.

    Each version runs once and is recorded with its checksum in schema_migrations; running again
    at the same version does nothing. A run holds a server-side lock, so concurrent runs wait.
    """
    with _errors():
        config = from_env(obj.dsn)
        if create and not dry_run:
            _create_database(config)
        with _database(config) as db:
            Migrator(db, lock_timeout=lock_timeout, out=click.echo).migrate(
                target, dry_run=dry_run, allow_data_loss=allow_data_loss
            )


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would be converted and print every statement; change nothing.")
@_lock_timeout_option
@click.pass_obj
def adopt(obj: _Context, dry_run: bool, lock_timeout: float | None) -> None:
    """Bring a database created by upstream OmniOrchestrator under omnidb, in place, as V1.

    Runs sql/adopt/upstream_v1.sql statement by statement, recording progress in
    schema_migrations; checks that every table keeps its rows and values. Refuses (changing
    nothing) a database that is not upstream's. If it stops, run it again: it finishes from where it
    stopped. Back the database up first (docs/adoption.md).
    """
    with _errors(), _database(from_env(obj.dsn)) as db:
        Adopter(db, lock_timeout=lock_timeout, out=click.echo).adopt(dry_run=dry_run)


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
    with _errors(), _database(from_env(obj.dsn)) as db:
        migrator = Migrator(db, lock_timeout=lock_timeout, out=click.echo)
        current = migrator.status().current
        if target > current:
            raise OmniDBError(f"rollback goes down, but {db.name} is at V{current}: use `omnidb migrate --to {target}`")
        migrator.migrate(target, dry_run=dry_run, allow_data_loss=allow_data_loss)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status(obj: _Context, as_json: bool) -> None:
    """Show the schema version, applied versions (dates, checksums), pending versions and dirty state.

    Exits 1 when the database is dirty or an applied migration's checksum no longer matches.
    """
    with _errors(), _database(from_env(obj.dsn)) as db:
        report = Migrator(db).status()
        shape = _upstream_shape(db) if not report.recorded else None
        if as_json:
            click.echo(json.dumps(_status_dict(db, report, shape), indent=2, default=str))
        else:
            _print_status(db, report, shape)
    if report.dirty is not None or report.checksum_mismatches or (shape is not None and shape.looks_upstream):
        sys.exit(1)


@cli.command()
@click.argument("version", type=click.IntRange(min=1))
@click.option(
    "--applied", "outcome", flag_value="applied", help="The whole of VERSION is in place now: record it as applied."
)
@click.option(
    "--not-applied",
    "outcome",
    flag_value="not-applied",
    help="None of VERSION is in place now: record it as not applied.",
)
@click.pass_obj
def resolve(obj: _Context, version: int, outcome: str | None) -> None:
    """Clear the dirty mark a failed or interrupted migration of VERSION left.

    First repair the schema by hand so that VERSION is either wholly applied or wholly absent, then
    say which with --applied or --not-applied.
    """
    if outcome is None:
        raise click.UsageError("say where VERSION stands: --applied or --not-applied")
    with _errors(), _database(from_env(obj.dsn)) as db:
        Migrator(db, out=click.echo).resolve(version, applied=outcome == "applied")


@cli.command()
@click.option("--force", is_flag=True, help="Load even if the platform tables already hold rows.")
@click.pass_obj
def seed(obj: _Context, force: bool) -> None:
    """Load the development sample data (sql/sample_data.sql, then sql/versions/V<n>/sample_data.sql up to
    the database's version) into a migrated database.

    Refuses a database that already holds data, unless --force is given.
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
        raise click.BadParameter(f"no queries for {unknown[0]}; known: {', '.join(folders)}", param_hint="--version")
    click.echo(render_queries([q for f in wanted for q in named_queries(f)], fmt), nl=False)


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
    transactions, tables without a primary key, foreign keys without an index, index usage.

    Exits 1 when it finds a problem that needs an operator.
    """
    with _errors(), _database(from_env(obj.dsn)) as db:
        found = diagnose(db, min_seconds=min_seconds)
    if as_json:
        click.echo(json.dumps(attrs.asdict(found), indent=2, default=str))
    else:
        click.echo(render_diagnosis(found))
    if found.problems:
        sys.exit(1)


@cli.command()
@click.option("--migrator-user", default="omnidb_migrator", show_default=True, help="Account for migrations (DDL).")
@click.option("--app-user", default="omnidb_app", show_default=True, help="Account for the application (rows only).")
@click.option("--host", "host", default="%", show_default=True, help="Host pattern of both accounts.")
@click.option(
    "--migrator-password",
    envvar="OMNIDB_MIGRATOR_PASSWORD",
    prompt=True,
    hide_input=True,
    help="Password of the migrator (or $OMNIDB_MIGRATOR_PASSWORD; asked when missing).",
)
@click.option(
    "--app-password",
    envvar="OMNIDB_APP_PASSWORD",
    prompt=True,
    hide_input=True,
    help="Password of the application account (or $OMNIDB_APP_PASSWORD; asked when missing).",
)
@click.pass_obj
def grants(
    obj: _Context, migrator_user: str, app_user: str, host: str, migrator_password: str, app_password: str
) -> None:
    """Create the two least-privilege accounts for the DSN's database.

    The migrator gets every privilege on it (and on omnidb_check_* scratch databases); the
    application gets SELECT, INSERT, UPDATE and DELETE only. Run with a DSN whose account may create
    users and grant (e.g. root). Passwords are never printed.
    """
    with _errors(), _database(from_env(obj.dsn)) as db:
        create_accounts(
            db,
            str(db.name),
            migrator=Account(migrator_user, migrator_password, host),
            application=Account(app_user, app_password, host),
            out=click.echo,
        )


def main() -> None:
    """Entry point of the ``omnidb`` console script."""
    cli(prog_name="omnidb")


# -- helpers ---------------------------------------------------------------------------------------


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except OmniDBError as exc:
        click.echo(f"omnidb: error: {exc}", err=True)
        sys.exit(1)


@contextmanager
def _database(config: Config) -> Iterator[Database]:
    if not config.database:
        raise OmniDBError(f"the DSN names no database: {config.safe_dsn()}<dbname> expected")
    db = connect(config)
    try:
        yield db
    finally:
        db.close()


def _create_database(config: Config) -> None:
    if not config.database:
        raise OmniDBError("--create needs a DSN that names a database")
    create_database(config, config.database)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


def _upstream_shape(db: Database) -> Shape:
    with db.connection() as conn:
        return inspect(conn)


def _print_status(db: Database, report: Status, shape: Shape | None = None) -> None:
    click.echo(f"database:  {db.config.safe_dsn()}")
    click.echo(f"version:   V{report.current} (latest shipped: V{report.latest})")
    dirty = report.dirty
    if shape is not None and shape.looks_upstream:
        click.echo(f"state:     UPSTREAM: {advice(shape)}")
    elif dirty is not None:
        click.echo(f"state:     DIRTY: {describe_dirty(dirty)}")
    elif report.checksum_mismatches:
        versions = ", ".join(f"V{v}" for v in report.checksum_mismatches)
        click.echo(f"state:     CHECKSUM MISMATCH on {versions}: applied up.sql differs from the shipped one")
    else:
        click.echo("state:     clean")
    click.echo("applied:" if report.recorded else "applied:   none")
    for row in report.recorded:
        click.echo(f"  {_row_line(row)}")
    pending = ", ".join(f"V{v}" for v in report.pending) or "none"
    click.echo(f"pending:   {pending}")


def _row_line(row: RecordedVersion) -> str:
    took = f"{row.execution_ms} ms" if row.execution_ms is not None else "-"
    state = (
        ""
        if not row.dirty
        else f"  [{row.state.value.upper()}, {row.statements_done}/{row.statements_total} statements]"
    )
    return f"V{row.version:<3} {row.name:<32} {_when(row.applied_at):<24} sha256:{row.checksum[:12]}  {took}{state}"


def _status_dict(db: Database, report: Status, shape: Shape | None = None) -> dict[str, Any]:
    upstream = shape is not None and shape.looks_upstream
    return {
        "database": db.name,
        "upstream": upstream,
        "advice": advice(shape) if shape is not None and upstream else None,
        "current": report.current,
        "latest": report.latest,
        "dirty": report.dirty is not None,
        "checksum_mismatches": report.checksum_mismatches,
        "pending": report.pending,
        "applied": [attrs.asdict(row) for row in report.recorded],
    }


if __name__ == "__main__":  # pragma: no cover
    main()
