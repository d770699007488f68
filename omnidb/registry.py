"""Loads ``queries/`` with aiosql, once per process: one query object per schema version.

``queries/core/`` holds the version-independent queries (migration bookkeeping, metadata, locks);
``queries/v<n>/`` the resource queries schema version ``n`` added or changed.

aiosql is imported on first use, and a resource's queries come from its own file first
(:func:`file_query`): the first ``get_app_by_id`` of a process parses ``apps.sql``, not all 65 files.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omnidb.sqlfiles import data_dir

if TYPE_CHECKING:
    from aiosql.adapters.pyformat import PyFormatAdapter

slow_log = logging.getLogger("omnidb.slow")

# The attribute open_connection() sets on a session when slow-query logging is on.
SLOW_QUERY_ATTRIBUTE = "omnidb_slow_query_ms"


def log_if_slow(conn: Any, query_name: str, parameters: Any, started: float) -> None:
    """Log ``query_name`` on ``omnidb.slow`` if it took longer than the session's threshold.

    The line names the parameters, never their values (they may be secrets or personal data).
    """
    threshold = getattr(conn, SLOW_QUERY_ATTRIBUTE, None)
    if threshold is None:
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    if elapsed_ms >= threshold:
        names = ", ".join(sorted(parameters)) if isinstance(parameters, dict) else "none"
        slow_log.warning("slow query %s took %.1f ms (parameters: %s)", query_name, elapsed_ms, names or "none")


@cache
def _adapter_class() -> type[PyFormatAdapter]:
    """The adapter class, defined when aiosql is first imported (see :class:`PyMySQLAdapter`)."""
    from aiosql.adapters.pyformat import PyFormatAdapter

    class PyMySQLAdapter(PyFormatAdapter):
        """aiosql's pyformat adapter for PyMySQL (and mysqlclient, whose cursors behave the same), with
        three differences from aiosql's built-in one.

        - The parameter dict is always passed, even empty, so PyMySQL always %-formats: a literal ``%``
          is written ``%%`` in every query alike (the built-in adapter passes None for no parameters,
          which makes ``%%`` mean ``%%`` in some queries and ``%`` in others).
        - every query is timed for slow-query logging (:func:`log_if_slow`);
        - ``<!`` (insert-returning) queries return the new AUTO_INCREMENT id from the server's OK
          packet. MySQL has no ``INSERT ... RETURNING`` (MariaDB only from 10.5), so the row cannot come
          back from the INSERT itself there; the id costs no extra round trip (docs/mysql-compat.md
          lists every such difference).
        """

        def insert_returning(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
            started = time.perf_counter()
            with conn.cursor() as cur:
                cur.execute(sql, parameters)
                new_id = cur.lastrowid
            log_if_slow(conn, query_name, parameters, started)
            return new_id

        # Every other kind of query is timed the same way, for slow-query logging. aiosql's own
        # adapter methods carry no annotations, hence the ignores.

        def select(
            self, conn: Any, query_name: str, sql: str, parameters: Any, record_class: Any = None
        ) -> Generator[Any, None, None]:
            started = time.perf_counter()
            yield from super().select(conn, query_name, sql, parameters, record_class)
            log_if_slow(conn, query_name, parameters, started)

        def select_one(self, conn: Any, query_name: str, sql: str, parameters: Any, record_class: Any = None) -> Any:
            started = time.perf_counter()
            row = super().select_one(conn, query_name, sql, parameters, record_class)  # type: ignore[no-untyped-call]
            log_if_slow(conn, query_name, parameters, started)
            return row

        def select_value(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
            started = time.perf_counter()
            value = super().select_value(conn, query_name, sql, parameters)  # type: ignore[no-untyped-call]
            log_if_slow(conn, query_name, parameters, started)
            return value

        def insert_update_delete(self, conn: Any, query_name: str, sql: str, parameters: Any) -> Any:
            started = time.perf_counter()
            count = super().insert_update_delete(conn, query_name, sql, parameters)  # type: ignore[no-untyped-call]
            log_if_slow(conn, query_name, parameters, started)
            return count

    class _ShowReturnsRows(logging.Filter):
        """aiosql warns that a query with no operator "may not be a select" when it is a ``SHOW``
        (queries/core/cluster.sql); SHOW returns rows as a SELECT does, so the warning is dropped."""

        def filter(self, record: logging.LogRecord) -> bool:
            return "may not be a select" not in record.getMessage()

    logging.getLogger("aiosql").addFilter(_ShowReturnsRows())
    return PyMySQLAdapter


#: A pyformat placeholder, or a literal ``%`` (written ``%%``: see the adapter below).
_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s")


@cache
def positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql``, a named query's text as the adapter runs it (``%(name)s`` placeholders), with
    positional ones (``%s``), and the parameter names in their order: what a bulk write binds each
    row to as a tuple, which the drivers escape faster than a dict. The text is otherwise as it was;
    ``%%`` stays ``%%``."""
    names: list[str] = []

    def swap(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        names.append(match.group(1))
        return "%s"

    return _PLACEHOLDER.sub(swap, sql), tuple(names)


def execute_many(conn: Any, query_name: str, sql: str, rows: list[tuple[Any, ...]]) -> int:
    """Run ``sql`` (a named query's, :func:`positional`) once per row with the driver's
    ``executemany``, which folds an INSERT's rows into multi-row statements; return the rows it
    counted."""
    return int(_adapter().insert_update_delete_many(conn, query_name, sql, rows))


@cache
def _adapter() -> Any:
    """The one adapter of every query object (it is stateless)."""
    return _adapter_class()()


def __getattr__(name: str) -> Any:
    if name == "PyMySQLAdapter":  # importing it imports aiosql
        return _adapter_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The query objects' methods are generated from the SQL files at load time, so they are typed Any:
# their real signatures are the `-- name: f(params)` lines, which `omnidb generate` and the checks of
# queries verify.
def _query_data(folder: str) -> dict[str, Any]:
    path = data_dir("queries") / folder
    if not path.is_dir():
        raise LookupError(f"no queries for {folder!r} (looked in {path})")
    data: dict[str, Any] = {}
    for file in sorted(path.glob("*.sql")):
        for name, datum in _file_data(file).items():
            if name in data:
                raise LookupError(f"query {name} is named twice in queries/{folder}")
            data[name] = datum
    return data


@cache
def _loader() -> Any:
    """aiosql's query loader, less one pass that costs and does nothing here (see :func:`_parse`)."""
    from aiosql import query_loader

    return query_loader.QueryLoader(_adapter(), None, attribute="__", mandatory_parameters=True)


def _parse(loader: Any, sql: str, file: Path) -> list[Any]:
    """aiosql's ``load_query_data_from_sql``, without its removal of ``/* */`` comments when the file
    has none (every file but one): that pass scans the text one character at a time (its regex has
    an empty alternative, so it matches at every position), 3.6 ms for ``apps.sql``, paid at the
    start of every process. The rest is aiosql's own: the text is cut at its ``-- name:`` lines and
    each piece is made a query datum by aiosql. ``tests/test_registry.py`` checks that every query
    file parses here exactly as aiosql parses it, so an aiosql release that parses otherwise fails
    there rather than here.
    """
    from aiosql import query_loader

    query_def = getattr(query_loader, "_QUERY_DEF", None)
    if "/*" in sql or query_def is None or not hasattr(loader, "_make_query_datum"):
        return list(loader.load_query_data_from_sql(sql, [], file))
    pieces = query_def.split(sql)
    lineno = 1 + pieces[0].count("\n")
    data = []
    for piece in pieces[1:]:  # what comes before the first query definition is no query
        data.append(loader._make_query_datum(piece, [], (file, lineno)))
        lineno += piece.count("\n")
    return data


def wire_text(sql: str) -> str:
    """``sql`` as it is sent: each line's indentation left out, outside string literals, quoted names
    and comments, whose text is kept as written. The files are indented for the reader; sent as
    written, a query of ~30 columns is a fifth longer, and reading one row by id took ~2% longer for
    it (``bench/run.py``). Lines stay lines, so a ``--`` comment still ends where it ended.
    """
    out: list[str] = []
    end = ""  # what ends the literal, quoted name or comment the scan is in ("" outside one)
    escaped = False  # the previous character was a backslash inside a literal
    at_line_start = False
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if end:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\" and end in "'\"":
                escaped = True
            elif sql.startswith(end, i):
                out.append(sql[i + 1 : i + len(end)])  # the rest of a two-character end (*/)
                i += len(end) - 1
                at_line_start = end == "\n"
                end = ""
            i += 1
            continue
        if at_line_start and char in " \t":
            i += 1
            continue
        at_line_start = char == "\n"
        if char in "'\"`":
            end = char
        elif char == "#" or sql.startswith(("-- ", "--\t", "--\n"), i):
            end = "\n"
        elif sql.startswith("/*", i):
            end, char = "*/", "/*"
            i += 1
        out.append(char)
        i += 1
    return "".join(out)


@cache
def _parsed(file: Path) -> tuple[Any, ...]:
    """The query data of one file as aiosql makes them, their SQL as written (parsed once)."""
    return tuple(_parse(_loader(), file.read_text(encoding="utf-8"), file))


def written_sql(file: Path) -> dict[str, str]:
    """The SQL of each query of ``file`` as written there, indented (for review: ``omnidb queries``),
    in the driver's parameter style, as :func:`_file_data`'s queries, which are sent without it."""
    return {datum.query_name: datum.sql for datum in _parsed(file)}


@cache
def _file_data(file: Path) -> dict[str, Any]:
    """The parsed queries of one file, by name, their SQL as it is sent (:func:`wire_text`)."""
    return {datum.query_name: datum._replace(sql=wire_text(datum.sql)) for datum in _parsed(file)}


def _queries(data: dict[str, Any], adapter: Any = None) -> Any:
    import aiosql.queries

    queries = aiosql.queries.Queries(adapter or _adapter(), kwargs_only=True)
    return queries.load_from_list(list(data.values()))


def version_query_data(number: int) -> dict[str, Any]:
    """The parsed queries of schema version ``number``: ``queries/v1/`` ... ``queries/v<number>/``,
    a later version's query replacing an earlier one of the same name.
    """
    if not (data_dir("queries") / f"v{number}").is_dir():
        raise LookupError(f"no queries for schema version {number}")
    data: dict[str, Any] = {}
    for earlier in range(1, number + 1):
        if (data_dir("queries") / f"v{earlier}").is_dir():
            data.update(_query_data(f"v{earlier}"))
    return data


def core_query_data() -> dict[str, Any]:
    """The parsed queries of ``queries/core/``."""
    return _query_data("core")


def load(data: dict[str, Any], adapter: Any) -> Any:
    """An aiosql query object of ``data`` bound to ``adapter`` (``omnidb.aio`` passes its own)."""
    return _queries(data, adapter)


@cache
def core_file(stem: str) -> Any:
    """The queries of ``queries/core/<stem>.sql`` alone, as :func:`core` gives them: what the start
    of every session needs (its role check) without parsing every core file."""
    file = data_dir("queries") / "core" / f"{stem}.sql"
    if not file.is_file():
        raise LookupError(f"no queries/core/{stem}.sql")
    return _queries(_file_data(file))


@cache
def core() -> Any:
    """The version-independent queries of ``queries/core/``."""
    return _queries(core_query_data())


@cache
def version(number: int) -> Any:
    """The resource queries of schema version ``number``: ``queries/v1/`` ... ``queries/v<number>/``.

    A later version's file holds only what it changed: a query of ``queries/v2/`` replaces the
    ``queries/v1/`` query of the same name, and every other v1 query runs unchanged at V2.
    """
    return _queries(version_query_data(number))


_NAME_LINE = re.compile(r"--\s*name\s*:\s*([\w-]+)")


@cache
def _names_in(file: Path) -> frozenset[str]:
    """The query names a file's ``-- name:`` lines give (a superset: lines inside comments count too)."""
    return frozenset(name.replace("-", "_") for name in _NAME_LINE.findall(file.read_text(encoding="utf-8")))


@cache
def _file_queries(number: int, stem: str) -> tuple[Any, frozenset[str]]:
    """The query object of ``queries/v1/<stem>.sql`` ... ``queries/v<number>/<stem>.sql`` (a later
    version's query replacing an earlier one, as in :func:`version`), and the names it may answer
    for: those that no other file of a later version names too (such a name could be replaced
    there, so only :func:`version` answers for it).
    """
    data: dict[str, Any] = {}
    for earlier in range(1, number + 1):
        file = data_dir("queries") / f"v{earlier}" / f"{stem}.sql"
        if file.is_file():
            data.update(_file_data(file))
    exact = set(data)
    for later in range(2, number + 1):
        for other in (data_dir("queries") / f"v{later}").glob("*.sql"):
            if other.stem != stem:
                exact -= _names_in(other)
    return _queries(data), frozenset(exact)


def file_query(number: int, stem: str, name: str) -> Any | None:
    """Query ``name`` of schema version ``number`` from the files ``queries/v<k>/<stem>.sql`` alone,
    as :func:`version` would give it; None when it is not there (or may be replaced elsewhere):
    ask :func:`version` then.
    """
    queries, exact = _file_queries(number, stem)
    return getattr(queries, name) if name in exact else None
