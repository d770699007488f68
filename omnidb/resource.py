"""Resources: each table declared once, and the mechanism every resource module runs on.

A :class:`Resource` is the declaration of one table at one schema version: its struct, the filters
of its lists, the columns a create takes and an update may change, its parents, its keyset cursor,
its bulk writer and its domain actions. The declarations live in ``omnidb/v<n>/declarations.py``;
``omnidb generate`` writes the typed modules (``omnidb/v1/apps.py``...) from them and from the
``-- name:`` lines of ``queries/v<n>/<plural>.sql``, and those modules call the methods below.

The SQL stays in the query files under fixed names (conventions: ``queries/README.md``):
``get_<r>_by_id(id)^``, ``list_<r>s(<filters>, limit, offset)``, ``count_<r>s(<filters>)$``,
``create_<r>(<columns>)<!``, ``update_<r>(id, expected_updated_at)!``, ``delete_<r>(id)!``,
``list_<r>s_after(<cursor>, <filters>, limit)`` and ``create_<r>s_bulk(<columns>)*!``.

``update_<r>`` is the one template: valid SQL as written, its SET list starts with
``updated_at = CURRENT_TIMESTAMP(6)``, and :meth:`Resource.update` puts ``column = %(column)s,``
in front of it for the columns the caller gives, each one from the declared whitelist. That is the
only SQL assembled in Python.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import importlib
import operator
import re
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Final, Generic, TypeVar, cast

import attrs
import pymysql.cursors

from omnidb import registry
from omnidb.cluster import switch_session
from omnidb.convert import Checker, check_id, checker, row_builder
from omnidb.errors import (
    DRIVER_ERRORS,
    Conflict,
    InvalidInput,
    NotFound,
    OmniDBError,
    ParentNotFound,
    error_code,
    translate,
    translate_any,
)
from omnidb.session import Connection, server_info
from omnidb.transaction import (
    Executor,
    Stream,
    Transaction,
    one_operation,
    reading,
    refuse_async,
    require_schema,
    run_read,
    run_write,
    writing,
)

T = TypeVar("T")
R = TypeVar("R")

MAX_PER_PAGE = 1000
MAX_OFFSET = 2**63 - 1  # LIMIT/OFFSET take unsigned 64-bit numbers; keep well inside
#: Where an update template's SET list starts; omnidb puts the caller's columns in front of it.
ASSIGNMENTS = "SET updated_at = CURRENT_TIMESTAMP(6)"
_FK_COLUMN = re.compile(r"FOREIGN KEY \(`([^`]+)`\) REFERENCES `([^`]+)`")


class Unset(enum.Enum):
    """The type of :data:`UNSET`: a partial update's "leave this column as it is"."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: The default of every keyword of ``update_<r>``: the column keeps its value (None sets NULL).
UNSET: Final = Unset.UNSET


class ActionKind(str, enum.Enum):
    """What a declared domain action runs and returns."""

    LOOKUP = "lookup"  # a one-row SELECT (``^``) by other columns than the id -> the struct, or NotFound
    ACT = "act"  # an UPDATE of row ``id`` (``!``) -> the row after it, or Conflict when refused
    UPSERT = "upsert"  # an insert-or-update (``<!``) yielding the row's id -> the row
    SELECT = "select"  # a SELECT of whole rows -> a list of structs


@attrs.frozen
class Action:
    """A domain action: a function of the generated module that runs one named query.

    ``params`` become positional parameters (after the row id for ``ACT``), ``optional`` keyword-only
    ones defaulting to None. Their types are the struct's columns of the same name, or ``types``.
    ``fixed`` values are bound without being parameters (``start_app`` binds ``status='starting'``);
    ``check`` sees the bound values first and raises ``InvalidInput`` for what the SQL cannot refuse.
    ``state`` (``ACT``) is the column by which a refusal names the row's state: an enum column, or a
    flag named for the state it marks (``revoked``); None is the row's ``status``, where it has one.
    """

    name: str
    kind: ActionKind
    query: str
    doc: str
    params: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = attrs.field(factory=dict)
    types: Mapping[str, Any] = attrs.field(factory=dict)
    verb: str | None = None
    check: Callable[[Mapping[str, Any]], None] | None = None
    missing: str | None = None  # LOOKUP: how NotFound names what was looked for, e.g. "{name!r} in org {org_id}"
    state: str | None = None  # ACT: the column a refusal names the state by (see above)


def lookup(
    name: str,
    params: tuple[str, ...],
    *,
    doc: str,
    missing: str | None = None,
    query: str = "",
    types: Mapping[str, Any] | None = None,
) -> Action:
    """Declare a one-row lookup by ``params`` (``get_app_by_name``); ``NotFound`` when nothing matches."""
    return Action(name, ActionKind.LOOKUP, query or name, doc, params=params, missing=missing, types=types or {})


def act(
    name: str,
    *,
    doc: str,
    query: str = "",
    params: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    fixed: Mapping[str, Any] | None = None,
    types: Mapping[str, Any] | None = None,
    verb: str | None = None,
    check: Callable[[Mapping[str, Any]], None] | None = None,
    state: str | None = None,
) -> Action:
    """Declare an UPDATE of one row that returns the row (a status transition, a counter, a stamp)."""
    return Action(
        name, ActionKind.ACT, query or name, doc, params, optional, fixed or {}, types or {}, verb, check, state=state
    )


def upsert(name: str, *, doc: str, params: tuple[str, ...], optional: tuple[str, ...] = (), query: str = "") -> Action:
    """Declare an insert-or-update that returns the row."""
    return Action(name, ActionKind.UPSERT, query or name, doc, params=params, optional=optional)


def select(
    name: str,
    *,
    doc: str,
    params: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    query: str = "",
    types: Mapping[str, Any] | None = None,
) -> Action:
    """Declare a SELECT of whole rows returning a list of structs; ``types`` of parameters not columns."""
    return Action(name, ActionKind.SELECT, query or name, doc, params=params, optional=optional, types=types or {})


@attrs.frozen
class Rule:
    """What a column's values must be where its table's schema does not say (no CHECK): a value for
    which ``holds`` is False is refused with ``InvalidInput`` saying the column ``must`` be so.

    Declared per column (``Resource.rules``) and checked wherever a write binds the column: creates,
    updates, upserts and actions, bulk writes and loads; not where a read looks for it (a lookup, a
    filter), so a row stored before the rule is still found. None, where the column takes it, is
    not refused. Rows already stored are not read: a rule holds for what omnidb writes from then on.
    """

    holds: Callable[[Any], bool]
    must: str


#: a count, size, index or amount: negative values mean nothing
NOT_NEGATIVE = Rule(lambda value: value >= 0, "0 or more")
#: a TCP or UDP port
PORT = Rule(lambda value: 1 <= value <= 65535, "a port from 1 to 65535")
#: a name or key something is found by: "" or spaces alone name nothing
NOT_BLANK = Rule(lambda value: value.strip() != "", "text that is not empty or spaces alone")


@attrs.frozen
class Keyset:
    """Keyset pagination (``list_<r>s_after``): newest first, a deep page costing what the first does.

    ``order`` None pages by id (the function takes ``after_id``); a time column (``logged_at``) pages
    by that column then id (the function takes ``after``, the last row of the previous page).
    """

    filters: tuple[str, ...] = ()
    order: str | None = None


@attrs.frozen
class Bulk:
    """A bulk writer ``name`` (``create_apps``) over ``create_<r>s_bulk``: every row needs ``required``.

    ``load=True`` adds a second writer of the same rows, ``load_<r>s``, over ``load_<r>s_bulk``: a
    ``LOAD DATA LOCAL INFILE`` of the same columns (``omnidb/loading.py``).

    ``defaults`` are the table's own defaults of NOT NULL columns the rows may leave out: a VALUES
    list of plain parameters (what lets ``executemany`` fold rows) and a LOAD file can only send
    NULL for them, which such a column refuses. ``tests/v1/test_bulk_loads.py`` checks each against
    ``information_schema``.
    """

    name: str
    required: tuple[str, ...]
    doc: str
    load: bool = False
    defaults: Mapping[str, Any] = attrs.field(factory=dict)


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


def bulk_failure(exc: Exception, rows: int) -> OmniDBError | None:
    """The error of a bulk INSERT of ``rows`` rows whose server message counts rows, saying how: the
    driver sends the rows in multi-row INSERTs of up to about 1 MB, and the server's "at row N"
    counts within one of them, not in the list given. None for any other error."""
    error = translate(exc)
    if rows <= 1 or " at row " not in str(error):
        return None
    told = (
        f"{error} (counted from 1 within one of the multi-row INSERTs the {rows} rows were sent in, not "
        "the row's place in the list; nothing was inserted)"
    )
    if isinstance(error, InvalidInput):
        return InvalidInput(told, field=error.field, code=error.code)
    return type(error)(told, code=error.code)


def check_still_streaming(conn: Any, result: Any, plural: str) -> None:
    """Raise when another statement ran on ``conn`` while ``iter_<plural>`` streamed ``result``.

    A session reads one result at a time: PyMySQL and aiomysql (not mysqlclient, which refuses the
    statement) read the rest of an unbuffered result away, with only a Python warning, when another
    statement is sent, and the iteration would then end early as if there were no more rows. In a
    transaction (the one place another statement can reach the session), the error rolls it back.
    """
    if getattr(conn, "_result", result) is not result:
        raise OmniDBError(
            f"iter_{plural}: another statement ran on this session while it streamed rows, and the rest "
            f"of them were lost; in a transaction, read them first (list(iter_{plural}(...))), or page "
            f"with list_{plural}_after"
        )


@attrs.frozen
class StructRef(Generic[T]):
    """A struct named, not yet made: attribute ``name`` of module ``module``, looked up on first use
    (``Resource.struct``), so that declaring 65 resources does not make 65 attrs classes."""

    module: str
    name: str

    def load(self) -> type[T]:
        """The struct itself (importing its module)."""
        found: type[T] = getattr(importlib.import_module(self.module), self.name)
        return found


class StructRefs:
    """``StructRefs("omnidb.v1.tables").App`` is a :class:`StructRef` to ``omnidb.v1.tables.App``."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> StructRef[Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        return StructRef(self._module, name)


@attrs.frozen
class Resource(Generic[T]):
    """One table at one schema version, declared once: what the generated module and the checks read."""

    # The struct, or a StructRef to it (made on first use of .struct). Given as ``struct``.
    _struct: type[T] | StructRef[T]
    version: int
    singular: str  # "app": get_app_by_id, create_app, update_app, delete_app
    plural: str  # "apps": list_apps, count_apps; also the name of the query file
    table: str = ""
    doc: str = ""
    filters: tuple[str, ...] = ()
    filter_types: Mapping[str, Any] = attrs.field(factory=dict)  # filters that are not columns: {"since": datetime}
    required: tuple[str, ...] = ()  # the keywords create_<r> cannot do without
    updatable: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    parents: Mapping[str, str] = attrs.field(factory=dict)  # fk column -> parent resource label
    keyset: Keyset | None = None
    bulk_insert: Bulk | None = None
    actions: tuple[Action, ...] = ()
    creatable: bool = True
    deletable: bool = True
    # CHAR(n) columns: the server drops a value's trailing spaces, so "x " would be stored, and found,
    # as "x" (and collide with it in a unique key): refused instead
    fixed_width: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    # Rules of single columns the schema does not state (Rule), and (start, end) pairs of columns
    # whose end may not come before their start, checked where a write gives both (an update of one
    # alone: on the row it left, check_stored_spans)
    rules: Mapping[str, Rule] = attrs.field(factory=dict)
    spans: tuple[tuple[str, str], ...] = ()
    # The tables whose rows a hard delete removes with the row (their foreign keys' ON DELETE
    # CASCADE, and their children's in turn), named in delete_<r>'s docstring; tests/v1/test_tables.py
    # checks them against the schema
    cascades: tuple[str, ...] = ()
    # Built on first use: one checker per (parameter, nullable, ruled: for a write), the actions by name.
    _checkers: dict[tuple[str, bool, bool], Checker] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    _statements: dict[str, str] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    _optional: dict[str, bool] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    # create_<r>'s keywords: (None binds as None, checker), made once each
    _create_checks: dict[str, tuple[bool, Checker]] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    _builders: dict[str, tuple[list[str], Callable[[Sequence[Any]], T]]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )
    _loaded: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    @property
    def struct(self) -> type[T]:
        """The struct of a row (an attrs class of ``omnidb.v<n>.tables``)."""
        struct = self._struct
        if isinstance(struct, StructRef):
            found: type[T] | None = self._loaded.get("struct")
            if found is None:
                found = self._loaded["struct"] = struct.load()
            return found
        return struct

    @property
    def label(self) -> str:
        """How messages name the resource: ``app``, ``config var``."""
        return self.singular.replace("_", " ")

    @property
    def soft_delete(self) -> bool:
        """True when the table has ``deleted_at``: deletes set it, reads leave such rows out."""
        return "deleted_at" in attrs.fields_dict(self.struct)  # type: ignore[arg-type]

    def at_version(self, version: int, **changes: Any) -> Resource[Any]:
        """This declaration at a later schema version, with ``changes`` (a V2 resource built on V1's)."""
        return attrs.evolve(self, version=version, **changes)

    def action(self, name: str) -> Action:
        """The declared action ``name``."""
        for declared in self.actions:
            if declared.name == name:
                return declared
        raise LookupError(f"{self.plural} declares no action {name!r}")

    def query(self, name: str) -> Callable[..., Any]:
        """The named query ``name`` of this resource's schema version (from its own query file when
        it is there, which spares parsing every file of the version: ``registry.file_query``)."""
        found = registry.file_query(self.version, self.plural, name)
        if found is None:
            found = getattr(registry.version(self.version), name)
        return found  # type: ignore[no-any-return]

    # -- what the generated modules call --------------------------------------------------------------

    def get(self, executor: Executor, row_id: int) -> T:
        """The row ``row_id``; ``NotFound`` if it does not exist or is soft-deleted."""
        row_id = check_id(f"{self.singular}_id", row_id)
        return self._read(executor, lambda conn: self.fetch(conn, row_id))

    def fetch(self, conn: Connection, row_id: int) -> T:
        """:meth:`get` on a session already lent (inside a write)."""
        rows = self.rows(conn, f"get_{self.singular}_by_id", {"id": row_id})
        if not rows:
            raise NotFound(self.label, row_id)
        return rows[0]

    def rows(self, conn: Connection, query_name: str, params: Mapping[str, Any]) -> list[T]:
        """Run the named query ``query_name`` and build its rows into structs.

        The hot path of every read: the query's own SQL (from its file) on a tuple cursor, and a row
        builder made once per struct (:func:`omnidb.convert.row_builder`), instead of dict rows
        hydrated field by field. Slow-query logging as for every query.
        """
        sql = self._statements.get(query_name)
        if sql is None:
            sql = self._statements[query_name] = getattr(self.query(query_name), "sql")  # noqa: B009
        # Timed only when slow-query logging is on for this session.
        timed = getattr(conn, registry.SLOW_QUERY_ATTRIBUTE, None) is not None
        started = time.perf_counter() if timed else 0.0
        with conn.cursor(_tuple_cursor(conn)) as cur:
            cur.execute(sql, params)
            found = cur.fetchall()
            description = cur.description
        if timed:
            registry.log_if_slow(conn, query_name, params, started)
        # The builder of the query's last column list, reused while the names match (one C-level
        # comparison, no per-call tuple hashing); a different list gets its own builder.
        names = list(map(_first, description))
        cached = self._builders.get(query_name)
        if cached is None or cached[0] != names:
            cached = self._builders[query_name] = (names, row_builder(self.struct, names))
        build = cached[1]
        return [build(row) for row in found]

    def page(self, executor: Executor, page: int, per_page: int, filters: Mapping[str, Any]) -> list[T]:
        """One page of rows, newest first (ties broken by id), soft-deleted rows left out."""
        limit, offset = page_window(page, per_page)
        params = {**self._filter_params(filters), "limit": limit, "offset": offset}
        return self._read(executor, lambda conn: self.rows(conn, f"list_{self.plural}", params))

    def iterate(self, executor: Executor, filters: Mapping[str, Any]) -> Iterator[T]:
        """Every row ``list_<r>s`` would page through, newest first, streamed from an unbuffered
        cursor: memory stays flat whatever the row count. The session is held until the iteration
        ends (or the iterator is closed).
        """
        params = {**self._filter_params(filters), "limit": MAX_OFFSET, "offset": 0}
        sql = getattr(self.query(f"list_{self.plural}"), "sql")  # noqa: B009
        self._check_schema(executor)
        struct = self.struct
        tx = executor if isinstance(executor, Transaction) else None
        stream: Stream | None = None
        # In a transaction, causal_reads' switch goes back when the stream closes (Stream.close): the
        # block's end closes it before COMMIT, while the generator may be collected much later.
        with reading(executor, switches=tx is None) as conn:
            restore = None if tx is None else switch_session(conn, tx.database.config)
            started = time.perf_counter()
            cur = conn.cursor(_tuple_cursor(conn, unbuffered=True))
            stream = None if tx is None else Stream(self.plural, cur, restore)
            try:
                cur.execute(sql, params)
                if tx is not None:  # the transaction's other calls refuse to run until the stream ends
                    tx.stream = stream
                registry.log_if_slow(conn, f"list_{self.plural}", params, started)
                build = row_builder(struct, tuple(column[0] for column in cur.description))
                result = getattr(conn, "_result", None)
                while rows := cur.fetchmany(500):
                    if stream is None:
                        for row in rows:
                            yield build(row)
                    else:
                        for row in rows:
                            stream.check()  # read on after its transaction's block ended: not a row more
                            yield build(row)
                        stream.check()
                    check_still_streaming(conn, result, self.plural)
            except BaseException:
                # Left early (closed, or an error): a cursor the driver cannot close now (mysqlclient
                # after 2014, or its session closed) must not hide why. The session is dropped (pool)
                # or its transaction fails.
                with contextlib.suppress(Exception):
                    (cur if stream is None else stream).close()
                raise
            else:
                (cur if stream is None else stream).close()
            finally:
                if tx is not None and tx.stream is stream:
                    tx.stream = None

    def count(self, executor: Executor, filters: Mapping[str, Any]) -> int:
        """How many rows :meth:`page` would page through."""
        params = self._filter_params(filters)
        query = self.query(f"count_{self.plural}")
        return self._read(executor, lambda conn: int(query(conn, **params)))

    def page_after(self, executor: Executor, limit: int, after: Any, filters: Mapping[str, Any]) -> list[T]:
        """One keyset page (``list_<r>s_after``): at most ``limit`` rows after ``after``, newest first.

        ``after`` is the last id of the previous page, or (for a keyset ordered by a time column)
        its last row; None starts at the newest.
        """
        bound = self.keyset_params(limit, after, filters)
        return self._read(executor, lambda conn: self.rows(conn, f"list_{self.plural}_after", bound))

    def create(self, executor: Executor, values: Mapping[str, Any]) -> T:
        """Insert one row and return it as stored (defaults and timestamps included).

        A required column must have a value; None for any other stores the column's default. Where
        the resource has a ``create_<r>_returning`` query and the server runs ``INSERT ... RETURNING``
        (MariaDB 10.5+), that one statement does it all: no BEGIN, no read-back, no COMMIT. When
        only the required columns are given and the resource has ``create_<r>_required_returning``
        (the same INSERT of those columns alone, which stores the same row), that one runs instead.
        Elsewhere (MySQL) ``create_<r>`` inserts and the row is read back in the same transaction.
        """
        params = self.create_params(values)
        chosen = self._returning_insert(params)
        if chosen is not None:
            name, bound = chosen

            def insert(conn: Connection) -> T | None:
                if not _runs_returning(conn):
                    return None
                try:
                    return self.rows(conn, name, bound)[0]
                except Exception as exc:
                    self._raise_write_error(exc, values)
                    raise

            if isinstance(executor, Transaction):
                with self._single_statement(executor) as conn:
                    created = insert(conn)
            else:  # the pool's short path, without _single_statement's context managers
                self._check_schema(executor)
                created = refuse_async(executor)._write_once(insert)
            if created is not None:
                return created
        create = self.query(f"create_{self.singular}")
        return self._write(executor, values, lambda conn: self.fetch(conn, create(conn, **params)))

    def update(
        self,
        executor: Executor,
        row_id: int,
        changes: Mapping[str, Any],
        *,
        expected_updated_at: datetime | None = None,
    ) -> T:
        """Change only the given whitelisted columns (``UNSET`` ones are left out); ``updated_at`` moves.

        With ``expected_updated_at`` (the ``updated_at`` the caller read), the update applies only if
        nobody changed the row since; otherwise ``Conflict`` (optimistic concurrency).
        """
        sql, params, changes = self.update_statement(row_id, changes, expected_updated_at)

        def work(conn: Connection) -> T:
            started = time.perf_counter()
            with conn.cursor() as cur:
                matched = cur.execute(sql, params)
            registry.log_if_slow(conn, f"update_{self.singular}", params, started)
            if not matched:
                raise self.lost_update(self.fetch(conn, params["id"]), expected_updated_at)
            row = self.fetch(conn, params["id"])
            self.check_stored_spans(row, changes)
            return row

        if not self.half_spans(changes):
            return self._write(executor, changes, work)
        # The row is checked after the UPDATE: undone with it when its span is refused.
        with one_operation(executor):
            return self._write(executor, changes, work)

    def delete(self, executor: Executor, row_id: int) -> None:
        """Soft-delete the row where the table has ``deleted_at``, else delete it; ``NotFound`` if absent."""
        row_id = check_id(f"{self.singular}_id", row_id)
        delete = self.query(f"delete_{self.singular}")

        def work(conn: Connection) -> None:
            if not delete(conn, id=row_id):
                raise NotFound(self.label, row_id)

        self._write(executor, None, work)

    def bulk(self, executor: Executor, rows: Iterable[Mapping[str, Any]], writer: str | None = None) -> int:
        """Insert many rows with ``create_<r>s_bulk`` in one transaction; return how many were inserted.

        Each row may give the query's columns (missing nullable ones are NULL); a row with an
        unknown or a missing required column, or a bad value, is ``InvalidInput`` naming the row and
        the column (and ``writer``, the function called: the declared writer's name by default), and
        nothing is inserted.
        """
        batch = self.bulk_rows(rows, writer)
        if not batch:
            return 0
        name, sql = f"create_{self.plural}_bulk", self.bulk_statement()

        def work(conn: Connection) -> int:
            started = time.perf_counter()
            try:
                inserted = registry.execute_many(conn, name, sql, batch)
            except DRIVER_ERRORS as exc:
                told = bulk_failure(exc, len(batch))
                if told is None:
                    raise
                raise told from exc
            registry.log_if_slow(conn, name, dict.fromkeys(self.bulk_columns()), started)
            return inserted

        if len(batch) == 1:
            return self._write(executor, {}, work)
        # Several rows may go as several INSERTs: in the caller's transaction, undone together.
        with one_operation(executor):
            return self._write(executor, {}, work)

    def load(self, executor: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert many rows with ``LOAD DATA LOCAL INFILE`` (``load_<r>s_bulk``), in one transaction on a
        session of its own; return how many were inserted. The rows and errors of :meth:`bulk`; where
        the server does not allow ``LOAD DATA LOCAL``, and on mysqlclient, :meth:`bulk` itself. See
        ``omnidb/loading.py``.
        """
        from omnidb import loading

        self._check_schema(executor)
        return loading.load(self, executor, rows)

    def lookup(self, executor: Executor, name: str, values: Mapping[str, Any]) -> T:
        """Run the declared ``LOOKUP`` action ``name``; ``NotFound`` when it finds nothing."""
        query_name, bound = self.action(name).query, self._bind_all(values)
        found = self._read(executor, lambda conn: self.rows(conn, query_name, bound))
        if not found:
            raise self.not_found(name, values)
        return found[0]

    def act(self, executor: Executor, name: str, row_id: int, values: Mapping[str, Any]) -> T:
        """Run the declared ``ACT`` action ``name`` (an UPDATE of row ``id``); return the row after it.

        When the UPDATE matches nothing and the row exists, its ``WHERE`` refused the transition:
        ``Conflict`` names the row's current status and the verb. Otherwise ``NotFound``.
        """
        row_id = check_id(f"{self.singular}_id", row_id)
        values, bound = self.act_params(name, values)
        query = self.query(self.action(name).query)

        def work(conn: Connection) -> T:
            if not query(conn, id=row_id, **bound):
                raise self.refused(self.fetch(conn, row_id), name)  # fetch raises NotFound for a missing row
            return self.fetch(conn, row_id)

        return self._write(executor, values, work)

    def upsert(self, executor: Executor, name: str, values: Mapping[str, Any]) -> T:
        """Run the declared ``UPSERT`` action ``name`` (``<!``, yielding the row's id); return the row."""
        declared = self.action(name)
        bound = self._bind_all(values, declared.optional, ruled=True)
        query = self.query(declared.query)
        return self._write(executor, values, lambda conn: self.fetch(conn, query(conn, **bound)))

    def select(self, executor: Executor, name: str, values: Mapping[str, Any]) -> list[T]:
        """Run the declared ``SELECT`` action ``name`` and hydrate its rows."""
        declared = self.action(name)
        bound = self._bind_all(values, declared.optional)
        return self._read(executor, lambda conn: self.rows(conn, declared.query, bound))

    # -- the parts of each operation that do no I/O, shared with omnidb.aio ------------------------------

    def update_statement(
        self, row_id: int, changes: Mapping[str, Any], expected_updated_at: datetime | None
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """``(sql, params, changes)`` of a partial update: the template with the changed columns
        put in front of its SET list, and the values checked. ``InvalidInput`` for no or unknown
        columns or a bad value.
        """
        row_id = check_id(f"{self.singular}_id", row_id)
        changes = {name: value for name, value in changes.items() if value is not UNSET}
        if not changes:
            raise InvalidInput(
                f"update_{self.singular}: no fields given; updatable: {', '.join(sorted(self.updatable))}"
            )
        unknown = sorted(set(changes) - self.updatable)
        if unknown:
            raise InvalidInput(
                f"update_{self.singular}: {', '.join(unknown)} cannot be updated; "
                f"updatable: {', '.join(sorted(self.updatable))}",
                field=unknown[0],
            )
        template: str = getattr(self.query(f"update_{self.singular}"), "sql")  # noqa: B009
        if template.count(ASSIGNMENTS) != 1:
            raise OmniDBError(f"update_{self.singular}: the query must contain {ASSIGNMENTS!r} once")
        # Column names come from the declared whitelist above, never from the caller's strings.
        assignments = "".join(f"`{column}` = %({column})s, " for column in sorted(changes))
        sql = template.replace(ASSIGNMENTS, f"SET {assignments}updated_at = CURRENT_TIMESTAMP(6)")
        params = {name: self._bind(name, value, ruled=True) for name, value in changes.items()}
        self.check_spans(params)  # where the update gives both; one alone: check_stored_spans
        params["id"] = row_id
        params["expected_updated_at"] = self._bind("expected_updated_at", expected_updated_at, nullable=True)
        return sql, params, changes

    def lost_update(self, current: T, expected_updated_at: datetime | None) -> Conflict:
        """The ``Conflict`` of an update that matched nothing although the row exists."""
        row_id = getattr(current, "id", "?")
        return Conflict(
            f"{self.label} {row_id} was changed since {expected_updated_at}: it was updated at "
            f"{getattr(current, 'updated_at', '?')}; read it again and retry"
        )

    def refused(self, current: T, name: str) -> Conflict:
        """The ``Conflict`` of an action whose ``WHERE`` refused the row in its current state."""
        declared = self.action(name)
        column = declared.state or "status"
        value = getattr(current, column, None)
        if value is True:  # a flag named for the state it marks: "api key 3 is revoked"
            state = f" is {column}"
        elif value is None or value is False:
            state = ""
        else:
            state = f" is {getattr(value, 'value', value)}"
        return Conflict(f"{self.label} {getattr(current, 'id', '?')}{state}: cannot {declared.verb or name} it")

    def not_found(self, name: str, values: Mapping[str, Any]) -> NotFound:
        """The ``NotFound`` of a ``LOOKUP`` action that matched nothing."""
        declared = self.action(name)
        missing = (
            declared.missing.format(**values)
            if declared.missing
            else ", ".join(f"{k}={v!r}" for k, v in values.items())
        )
        return NotFound(self.label, missing)

    def act_params(self, name: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(values, bound)`` of an ``ACT``: the declared fixed values added, checked, and the rule run."""
        declared = self.action(name)
        values = {**values, **declared.fixed}
        bound = self._bind_all(values, declared.optional, ruled=True)
        if declared.check is not None:
            declared.check(values)
        return values, bound

    def bulk_rows(self, rows: Iterable[Mapping[str, Any]], writer: str | None = None) -> list[tuple[Any, ...]]:
        """The rows of a bulk write, each checked and bound, as tuples in :meth:`bulk_columns`' order;
        ``InvalidInput`` naming row and column."""
        return list(self.checked_rows(rows, writer))

    def bulk_statement(self) -> str:
        """The text of ``create_<r>s_bulk`` with positional placeholders, which bind the tuples of
        :meth:`bulk_rows`. ``OmniDBError`` unless its VALUES give each parameter once, in the order
        its name line declares them (the order of the tuples and of a bulk load's fields)."""
        name = f"create_{self.plural}_bulk"
        sql, names = registry.positional(getattr(self.query(name), "sql"))  # noqa: B009
        if names != self.bulk_columns():
            raise OmniDBError(
                f"{name}: its VALUES must give each parameter once, in the order its name line declares "
                f"them ({', '.join(self.bulk_columns())}); they give {', '.join(names)}"
            )
        return sql

    def bulk_columns(self) -> tuple[str, ...]:
        """The columns a bulk write may give: the parameters of ``create_<r>s_bulk``, in its order."""
        if self.bulk_insert is None:
            raise OmniDBError(f"{self.plural} declares no bulk writer")
        return tuple(getattr(self.query(f"create_{self.plural}_bulk"), "parameters", ()) or ())

    def checked_rows(self, rows: Iterable[Mapping[str, Any]], writer: str | None = None) -> Iterator[tuple[Any, ...]]:
        """:meth:`bulk_rows` one at a time, as ``rows`` are read (a bulk load writes each to its file)."""
        columns = self.bulk_columns()
        assert self.bulk_insert is not None  # bulk_columns() said so
        name, required = writer or self.bulk_insert.name, self.bulk_insert.required
        known = frozenset(columns)
        # A column a row leaves out or gives as None binds NULL, or its declared default: only the
        # values given are checked and converted, each by its column's checker (looked up once per
        # call, not per value), in the row's own order, into its column's place.
        if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
            raise InvalidInput(
                f"{name}: rows must be an iterable of mappings of columns (a list of dicts), got {type(rows).__name__}",
                field="rows",
            )
        nulls = {**dict.fromkeys(columns), **self.bulk_insert.defaults}
        template = [nulls[column] for column in columns]
        steps = {
            column: (index, self._checker(column, nullable=True, ruled=True)) for index, column in enumerate(columns)
        }
        spans = [(columns.index(start), columns.index(end)) for start, end in self.spans if {start, end} <= known]
        for number, row in enumerate(rows):
            if type(row) is not dict and not isinstance(row, Mapping):
                raise InvalidInput(f"{name}: row {number} is a {type(row).__name__}, not a mapping of columns")
            if not known.issuperset(row):
                unknown = sorted(set(row) - known)
                raise InvalidInput(f"{name}: row {number} has no column {unknown[0]}", field=unknown[0])
            for column in required:
                if row.get(column) is None:
                    raise InvalidInput(f"{name}: row {number} needs {column}", field=column)
            bound = template.copy()
            try:
                for column, value in row.items():
                    if value is not None:
                        index, check = steps[column]
                        bound[index] = check(value)
                for start, end in spans:
                    if bound[start] is not None and bound[end] is not None and bound[end] < bound[start]:
                        self.check_spans(dict(zip(columns, bound, strict=True)))
            except InvalidInput as exc:
                raise InvalidInput(f"{name}: row {number}: {exc}", field=exc.field) from None
            yield tuple(bound)

    def keyset_params(self, limit: int, after: Any, filters: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of ``list_<r>s_after``: cursor, filters and limit, checked."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PER_PAGE:
            raise InvalidInput(f"limit must be from 1 to {MAX_PER_PAGE}, got {limit!r}", field="limit")
        if self.keyset is None:
            raise OmniDBError(f"{self.plural} declares no keyset pagination")
        cursor: dict[str, Any]
        if self.keyset.order is None:
            cursor = {"after_id": None if after is None else check_id("after_id", after)}
        elif after is None:
            cursor = {"after_time": None, "after_id": None}
        elif isinstance(after, self.struct):
            last_time = getattr(after, self.keyset.order)
            cursor = {"after_time": self._bind("after_time", last_time), "after_id": getattr(after, "id")}  # noqa: B009
        else:
            raise InvalidInput(f"after: expected the last {self.struct.__name__} of the previous page", field="after")
        return {**cursor, **self._filter_params(filters, self.keyset.filters), "limit": limit}

    def create_params(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of ``create_<r>``: a required column needs a value; None stores a default."""
        checks = self._create_checks
        params = {}
        for name, value in values.items():
            found = checks.get(name)
            if found is None:
                nullable = name not in self.required
                found = checks[name] = (
                    nullable and self.param_type(name) is not Any,
                    self._checker(name, nullable=nullable, ruled=True),
                )
            # A create gives every keyword, most of them None: None binds as it is where it may.
            params[name] = None if value is None and found[0] else found[1](value)
        if self.spans:
            self.check_spans(params)
        return params

    def check_spans(self, bound: Mapping[str, Any]) -> None:
        """``InvalidInput`` where ``bound`` (checked values) gives both columns of a declared span and
        the end comes before the start."""
        for start, end in self.spans:
            began, ended = bound.get(start), bound.get(end)
            if began is not None and ended is not None and ended < began:
                raise InvalidInput(
                    f"{end} must not be before {start}: got {start} {_shown(began)}, {end} {_shown(ended)}", field=end
                )

    def half_spans(self, changes: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The declared spans of which an update of ``changes`` gives one column and not the other
        (:meth:`check_stored_spans` compares it with the stored one; both given: :meth:`check_spans`)."""
        return [(start, end) for start, end in self.spans if (start in changes) != (end in changes)]

    def check_stored_spans(self, row: T, changes: Mapping[str, Any]) -> None:
        """``InvalidInput`` when an update of ``changes`` gave one column of a declared span and the
        row, as the update left it, ends before it starts: the given value against the stored one.
        Run on the row read back after the UPDATE, in its transaction (the UPDATE holds the row's
        lock, so no other write came between), which the error rolls back."""
        for start, end in self.half_spans(changes):
            began, ended = getattr(row, start), getattr(row, end)
            if began is not None and ended is not None and ended < began:
                given, stored = (start, end) if start in changes else (end, start)
                raise InvalidInput(
                    f"{end} must not be before {start}: got {given} {_shown(getattr(row, given))}, "
                    f"and {self.label} {getattr(row, 'id', '?')} has {stored} {_shown(getattr(row, stored))}",
                    field=given,
                )

    def _returning_insert(self, params: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """The ``INSERT ... RETURNING`` query a create of ``params`` runs on MariaDB, and its
        parameters: ``create_<r>_required_returning`` of the required columns when nothing else is
        given (a None stores the default either way) and the resource has it, else
        ``create_<r>_returning``; None when the resource has neither."""
        if not self._has(f"create_{self.singular}_returning"):
            return None
        short = f"create_{self.singular}_required_returning"
        if self._has(short):
            required = self.required
            for name, value in params.items():
                if value is not None and name not in required:
                    break
            else:
                return short, {name: params[name] for name in required}
        return f"create_{self.singular}_returning", params

    def write_errors(self, values: Mapping[str, Any]) -> contextlib.AbstractContextManager[None]:
        """Translate the errors of a write of ``values`` (duplicates, missing parents)."""
        return self._write_errors(values)

    @functools.cached_property
    def _secret_fields(self) -> tuple[str, ...]:
        """Columns kept out of the struct's repr (hashes, tokens, credentials, PII)."""
        return tuple(f.name for f in attrs.fields(self.struct) if not f.repr)  # type: ignore[arg-type]

    # -- parameters -----------------------------------------------------------------------------------

    def param_type(self, name: str) -> Any:
        """The declared Python type of parameter ``name``: its column's, a filter's, or an action's."""
        if name in self.filter_types:
            return self.filter_types[name]
        for declared in self.actions:
            if name in declared.types:
                return declared.types[name]
        hints = _hints(self.struct)
        if name in hints:
            return hints[name]
        if name in ("after_time", "expected_updated_at"):
            return datetime | None
        return Any

    def _bind(self, name: str, value: Any, *, nullable: bool = False, ruled: bool = False) -> Any:
        """``value`` checked against the declared type of ``name`` and converted for the driver; with
        ``ruled`` (a value a write stores), against the column's declared :class:`Rule` too."""
        return self._checker(name, nullable=nullable, ruled=ruled)(value)

    def _checker(self, name: str, *, nullable: bool, ruled: bool = False) -> Checker:
        """The checker of parameter ``name`` (see :meth:`_bind`), made once. Rules check what writes
        store (``ruled``), not what reads look for: a row stored before a rule, or by another tool,
        is still found by its value."""
        key = (name, nullable, ruled)
        check = self._checkers.get(key)
        if check is None:
            kind = self.param_type(name)
            check = self._checkers[key] = checker(name, kind | None if nullable and kind is not Any else kind)
            if name in self.parents:
                check = self._checkers[key] = _an_id(name, check)
            if name in self.fixed_width:
                check = self._checkers[key] = _no_trailing_spaces(name, check)
            if ruled and name in self.rules:
                check = self._checkers[key] = _ruled(name, check, self.rules[name])
            if name in self._secret_fields:
                check = self._checkers[key] = _quiet(name, check)
        return check

    def _bind_all(
        self, values: Mapping[str, Any], optional: Iterable[str] = (), *, ruled: bool = False
    ) -> dict[str, Any]:
        nullable = set(optional)
        return {name: self._bind(name, value, nullable=name in nullable, ruled=ruled) for name, value in values.items()}

    def _filter_params(self, filters: Mapping[str, Any], allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        names = self.filters if allowed is None else allowed
        unknown = sorted(set(filters) - set(names))
        if unknown:
            raise InvalidInput(
                f"list_{self.plural}: unknown filter {unknown[0]}; filters: {', '.join(names) or 'none'}",
                field=unknown[0],
            )
        return {name: self._bind(name, filters.get(name), nullable=True) for name in names}

    # -- sessions and errors --------------------------------------------------------------------------

    def _has(self, query_name: str) -> bool:
        present = self._optional.get(query_name)
        if present is None:
            present = self._optional[query_name] = registry.file_query(
                self.version, self.plural, query_name
            ) is not None or hasattr(registry.version(self.version), query_name)
        return present

    @contextmanager
    def _single_statement(self, tx: Transaction) -> Iterator[Connection]:
        """The transaction's session for one write statement (on a pool, ``Database._write_once``
        lends one: a single statement is atomic on its own, and never repeated after a lost
        connection)."""
        self._check_schema(tx)
        with writing(tx) as conn:
            yield conn

    def _read(self, executor: Executor, work: Callable[[Connection], R]) -> R:
        self._check_schema(executor)
        return run_read(executor, work)

    def _write(self, executor: Executor, values: Mapping[str, Any] | None, work: Callable[[Connection], R]) -> R:
        """``work(session)`` in the caller's transaction, or in one of its own on a ``Database``
        (re-run on a deadlock or a Galera certification conflict when the DSN sets
        ``write_retries``); errors named for the resource when ``values`` are given.
        """
        self._check_schema(executor)
        if values is None:
            return run_write(executor, work)

        def guarded(conn: Connection) -> R:
            with self._write_errors(values):
                return work(conn)

        return run_write(executor, guarded)

    def _check_schema(self, executor: Executor) -> None:
        # Version 1 code runs on every schema version; later versions need their columns.
        if self.version > 1:
            require_schema(executor, self.version, f"omnidb.v{self.version}")

    @contextmanager
    def _write_errors(self, values: Mapping[str, Any]) -> Iterator[None]:
        """Name the resource in duplicate-key errors; turn a missing parent (1452) into ``ParentNotFound``."""
        try:
            yield
        except Exception as exc:
            self._raise_write_error(exc, values)
            raise

    def _raise_write_error(self, exc: Exception, values: Mapping[str, Any]) -> None:
        """What :meth:`_write_errors` raises for ``exc``, raised in a write of ``values``: ``Conflict``
        for a duplicate key, ``ParentNotFound`` for a missing parent; returns for anything else."""
        code = error_code(exc)
        if code in (1062, 1586):
            message = translate_any(exc)
            given = [name for name in self._secret_fields if values.get(name) is not None]
            key = _DUPLICATE_KEY.search(message)
            on_secret = key is not None and any(name in key.group(1) for name in given)
            hidden = [str(values[name]) for name in given]
            entry = _DUPLICATE_ENTRY.search(message)
            quoted = entry.group(1) if entry is not None else message
            if not on_secret and not any(secret in quoted for secret in hidden):
                raise Conflict(f"{self.label} already exists: {message}", code=code) from exc
            # The server quotes the duplicate value, cut at 64 characters and with some bytes
            # escaped: a secret (a token) must not reach a message or, through the chained
            # driver error, a logged traceback. A key on a secret column, or a value holding a
            # secret given, hides the whole value; the rest of the message (the code, the key's
            # name) is left as it is, even where a short secret's text appears in it.
            if entry is not None:
                message = _DUPLICATE_ENTRY.sub("Duplicate entry '<hidden>' for key", message)
            else:  # a message of another form: each secret's text, wherever it is
                for secret in hidden:
                    message = message.replace(secret, "<hidden>")
            raise Conflict(f"{self.label} already exists: {message}", code=code) from None
        match = _FK_COLUMN.search(str(exc)) if code == 1452 else None
        if match is None or match.group(1) not in values:
            return
        column = match.group(1)
        parent = self.parents.get(column, column.removesuffix("_id"))
        raise ParentNotFound(parent.replace("_", " "), values[column], code=1452) from exc


#: The value and the key of a duplicate-entry message (1062, 1586), on both servers.
_DUPLICATE_ENTRY = re.compile(r"Duplicate entry '(.*)' for key", re.DOTALL)
_DUPLICATE_KEY = re.compile(r"for key '([^']*)'")


@functools.cache
def _server_runs_returning(server_info: str) -> bool:
    # MariaDB 10.5 added INSERT ... RETURNING; MySQL (8.0 and 8.4) has none. See docs/mysql-compat.md.
    if "mariadb" not in server_info.lower():
        return False
    # MariaDB's handshake prefixes "5.5.5-" for clients that expect a MySQL 5 version string.
    major, minor = (int(part) for part in re.findall(r"\d+", server_info.removeprefix("5.5.5-"))[:2])
    return (major, minor) >= (10, 5)


def _runs_returning(conn: Connection) -> bool:
    return _server_runs_returning(server_info(conn))


_first = operator.itemgetter(0)
# The tuple cursor classes (buffered, unbuffered) of each session class seen.
_TUPLE_CURSORS: dict[type, tuple[Any, Any]] = {}


def _tuple_cursor(conn: Connection, *, unbuffered: bool = False) -> Any:
    """The tuple cursor class of the session's driver (streaming when ``unbuffered``)."""
    kinds = _TUPLE_CURSORS.get(type(conn))
    if kinds is None:
        if type(conn).__module__.startswith("MySQLdb"):
            import MySQLdb.cursors

            kinds = (MySQLdb.cursors.Cursor, MySQLdb.cursors.SSCursor)
        else:
            kinds = (pymysql.cursors.Cursor, pymysql.cursors.SSCursor)
        _TUPLE_CURSORS[type(conn)] = kinds
    return kinds[1] if unbuffered else kinds[0]


def _an_id(name: str, check: Checker) -> Checker:
    """``check``, then: a parent's id is a row id (from 1), as ``get_<r>_by_id`` takes it: ``org_id=-1``
    was ``ParentNotFound``, ``org_id=0`` in a filter an empty page."""

    def checked(value: Any) -> Any:
        bound = check(value)
        if bound is not None:
            check_id(name, bound)
        return bound

    return checked


def _no_trailing_spaces(name: str, check: Checker) -> Checker:
    """``check``, refusing text that ends in spaces: a CHAR(n) column would drop them."""

    def checked(value: Any) -> Any:
        bound = check(value)
        if isinstance(bound, str) and bound.endswith(" "):
            raise InvalidInput(
                f"{name}: {bound!r} ends in spaces, which its CHAR column drops: it would be stored as "
                f"{bound.rstrip(' ')!r}",
                field=name,
            )
        return bound

    return checked


def _shown(value: Any) -> str:
    """A value as a message shows it: a datetime (bound as naive UTC, read as aware UTC) in UTC,
    without an offset, saying it is UTC."""
    if not isinstance(value, datetime):
        return str(value)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return f"{value} UTC"


def _ruled(name: str, check: Checker, rule: Rule) -> Checker:
    """``check``, then the column's declared :class:`Rule`."""

    def checked(value: Any) -> Any:
        bound = check(value)
        if bound is not None and not rule.holds(bound):
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            raise InvalidInput(f"{name} must be {rule.must}, got {shown}", field=name)
        return bound

    return checked


def _quiet(name: str, check: Checker) -> Checker:
    """``check`` whose refusals name the parameter and the type given, never the value (a secret)."""

    def quiet(value: Any) -> Any:
        try:
            return check(value)
        except InvalidInput:
            if value is None:
                raise  # "a value is required, got None" shows nothing secret
            raise InvalidInput(
                f"{name}: a value of type {type(value).__name__} was refused (not shown: it is secret)", field=name
            ) from None

    return quiet


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(struct: type) -> dict[str, Any]:
    """The struct's field types, resolved once (the structs use postponed annotations)."""
    found = _HINTS.get(struct)
    if found is None:
        found = _HINTS[struct] = typing.get_type_hints(struct)
    return found


def page_window(page: int, per_page: int) -> tuple[int, int]:
    """``(limit, offset)`` for a page; ``InvalidInput`` for a negative page or a bad page size."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise InvalidInput(f"page must be a whole number >= 0, got {page!r}", field="page")
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be from 1 to {MAX_PER_PAGE}, got {per_page!r}", field="per_page")
    if page * per_page > MAX_OFFSET:
        raise InvalidInput(f"page {page} is past the last possible row", field="page")
    return per_page, page * per_page


F = TypeVar("F", bound=Callable[..., Any])


def requiring(version: int, function: F) -> F:
    """``function`` (of an earlier version's API) refusing a database below schema ``version``.

    A later version's module reuses an earlier version's hand-written function this way when its
    table did not change, instead of copying it; ``SchemaVersionMismatch`` as in every function of
    that version.
    """

    @functools.wraps(function)
    def checked(db: Executor, *args: Any, **kwargs: Any) -> Any:
        require_schema(db, version, f"omnidb.v{version}")
        return function(db, *args, **kwargs)

    return cast(F, checked)
