"""The mechanism every resource module shares: run a named query, convert, map errors.

A resource module (``omnidb/v1/apps.py``) declares one :class:`Resource` and exposes short,
typed functions that call it. The SQL stays in ``queries/v<n>/<plural>.sql`` under fixed names:

``get_<r>_by_id(id)^``, ``list_<r>s(<filters>, limit, offset)``, ``count_<r>s(<filters>)$``,
``create_<r>(<columns>)<!``, ``update_<r>(id)!`` and ``delete_<r>(id)!``.

``update_<r>`` is the one template: valid SQL as written, its SET list starts with
``updated_at = CURRENT_TIMESTAMP(6)``, and omnidb puts ``column = %(column)s,`` in front of it for
the columns the caller gives, each checked against the resource's whitelist. No other SQL is
assembled in Python.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from omnidb import registry
from omnidb.convert import structure, to_param, to_params
from omnidb.errors import Conflict, InvalidInput, NotFound, OmniDBError, ParentNotFound, error_code, translate_any
from omnidb.session import Connection
from omnidb.transaction import Executor, database_of, run_read, run_write

T = TypeVar("T")
R = TypeVar("R")

MAX_PER_PAGE = 1000
MAX_OFFSET = 2**63 - 1  # LIMIT/OFFSET take unsigned 64-bit numbers; keep well inside
#: Where an update template's SET list starts; omnidb puts the caller's columns in front of it.
ASSIGNMENTS = "SET updated_at = CURRENT_TIMESTAMP(6)"
_FK_COLUMN = re.compile(r"FOREIGN KEY \(`([^`]+)`\) REFERENCES `([^`]+)`")


@attrs.frozen
class Resource(Generic[T]):
    """How one table is read and written: its struct, query names, filters and update whitelist."""

    struct: type[T]
    version: int
    singular: str  # "app": get_app_by_id, create_app, update_app, delete_app
    plural: str  # "apps": list_apps, count_apps
    filters: tuple[str, ...] = ()
    updatable: frozenset[str] = frozenset()
    parents: Mapping[str, str] = attrs.field(factory=dict)  # fk column -> parent resource name

    @property
    def label(self) -> str:
        """How messages name the resource: ``app``."""
        return self.singular.replace("_", " ")

    def query(self, name: str) -> Callable[..., Any]:
        """The named query ``name`` of this resource's schema version."""
        return getattr(registry.version(self.version), name)  # type: ignore[no-any-return]

    def get(self, executor: Executor, row_id: int) -> T:
        """The row ``row_id``; ``NotFound`` if it does not exist or is soft-deleted."""
        return self._read(executor, lambda conn: self.fetch(conn, row_id))

    def fetch(self, conn: Connection, row_id: int) -> T:
        """:meth:`get` on a session already lent (inside a write)."""
        row = self.query(f"get_{self.singular}_by_id")(conn, id=row_id)
        if row is None:
            raise NotFound(self.label, row_id)
        return structure(row, self.struct)

    def page(self, executor: Executor, page: int, per_page: int, filters: Mapping[str, Any]) -> list[T]:
        """One page of rows, newest first (ties broken by id), soft-deleted rows left out."""
        limit, offset = page_window(page, per_page)
        params = self._filter_params(filters)
        query = self.query(f"list_{self.plural}")
        return self._read(
            executor,
            lambda conn: [structure(row, self.struct) for row in query(conn, limit=limit, offset=offset, **params)],
        )

    def page_after(
        self, executor: Executor, limit: int, cursor: Mapping[str, Any], filters: Mapping[str, Any]
    ) -> list[T]:
        """One keyset page (``list_<r>s_after``): the rows after ``cursor``, at most ``limit`` of them."""
        page_window(0, limit)  # the same 1..MAX_PER_PAGE bound
        bound = to_params({**cursor, **filters, "limit": limit})
        query = self.query(f"list_{self.plural}_after")
        return self._read(executor, lambda conn: [structure(row, self.struct) for row in query(conn, **bound)])

    def bulk(self, executor: Executor, rows: Iterable[Mapping[str, Any]], required: Sequence[str]) -> int:
        """Insert many rows with ``create_<r>s_bulk`` in one transaction; return how many were inserted.

        Each row may give the query's columns (missing nullable ones are NULL); a row with an
        unknown or a missing required column is ``InvalidInput`` naming the row and the column.
        """
        query = self.query(f"create_{self.plural}_bulk")
        columns: tuple[str, ...] = tuple(getattr(query, "parameters", ()) or ())
        batch = []
        for number, row in enumerate(rows):
            unknown = sorted(set(row) - set(columns))
            if unknown:
                raise InvalidInput(f"create_{self.plural}: row {number} has no column {unknown[0]}", field=unknown[0])
            for column in required:
                if row.get(column) is None:
                    raise InvalidInput(f"create_{self.plural}: row {number} needs {column}", field=column)
            batch.append(to_params({column: row.get(column) for column in columns}))
        if not batch:
            return 0

        def work(conn: Connection) -> int:
            started = time.perf_counter()
            inserted = int(query(conn, batch))
            registry.log_if_slow(conn, f"create_{self.plural}_bulk", batch[0], started)
            return inserted

        return self._write(executor, {}, work)

    def count(self, executor: Executor, filters: Mapping[str, Any]) -> int:
        """How many rows :meth:`page` would page through."""
        params = self._filter_params(filters)
        query = self.query(f"count_{self.plural}")
        return self._read(executor, lambda conn: int(query(conn, **params)))

    def create(self, executor: Executor, values: Mapping[str, Any]) -> T:
        """Insert one row and return it as stored (defaults and timestamps included)."""
        params = to_params(values)
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
        """Change only the given whitelisted columns; ``updated_at`` moves. Returns the new row.

        With ``expected_updated_at`` (the ``updated_at`` the caller read), the update applies only if
        nobody changed the row since; otherwise ``Conflict`` (optimistic concurrency).
        """
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
        # Column names come from the whitelist above, never from the caller's strings.
        if template.count(ASSIGNMENTS) != 1:
            raise OmniDBError(f"update_{self.singular}: the query must contain {ASSIGNMENTS!r} once")
        assignments = "".join(f"`{column}` = %({column})s, " for column in sorted(changes))
        sql = template.replace(ASSIGNMENTS, f"SET {assignments}updated_at = CURRENT_TIMESTAMP(6)")
        params = {**to_params(changes), "id": row_id}
        params["expected_updated_at"] = to_param("expected_updated_at", expected_updated_at)

        def work(conn: Connection) -> T:
            started = time.perf_counter()
            with conn.cursor() as cur:
                matched = cur.execute(sql, params)
            registry.log_if_slow(conn, f"update_{self.singular}", params, started)
            if not matched:
                current = self.fetch(conn, row_id)  # raises NotFound when the row is missing
                raise Conflict(
                    f"{self.label} {row_id} was changed since {expected_updated_at}: it was updated at "
                    f"{getattr(current, 'updated_at', '?')}; read it again and retry"
                )
            return self.fetch(conn, row_id)

        return self._write(executor, changes, work)

    def delete(self, executor: Executor, row_id: int) -> None:
        """Soft-delete the row where the table has ``deleted_at``, else delete it; ``NotFound`` if absent."""
        delete = self.query(f"delete_{self.singular}")

        def work(conn: Connection) -> None:
            if not delete(conn, id=row_id):
                raise NotFound(self.label, row_id)

        self._write(executor, None, work)

    def act(self, executor: Executor, query_name: str, row_id: int, *, verb: str | None = None, **params: Any) -> T:
        """Run a domain action (an UPDATE of row ``id``) and return the row after it.

        When the UPDATE matches nothing and the row exists, its ``WHERE`` refused the transition:
        ``Conflict`` names the row's current status and ``verb``. Otherwise ``NotFound``.
        """
        query, bound = self.query(query_name), to_params(params)

        def work(conn: Connection) -> T:
            if not query(conn, id=row_id, **bound):
                current = self.fetch(conn, row_id)  # raises NotFound when the row is missing
                status = getattr(current, "status", None)
                state = f" is {getattr(status, 'value', status)}" if status is not None else ""
                raise Conflict(f"{self.label} {row_id}{state}: cannot {verb or query_name} it")
            return self.fetch(conn, row_id)

        return self._write(executor, params, work)

    def upsert(self, executor: Executor, query_name: str, **params: Any) -> T:
        """Run a named insert-or-update (``<!``) that yields the row's id; return the row."""
        query, bound = self.query(query_name), to_params(params)
        return self._write(executor, params, lambda conn: self.fetch(conn, query(conn, **bound)))

    def select(self, executor: Executor, query_name: str, **params: Any) -> list[T]:
        """Run a named SELECT of whole rows and hydrate them."""
        query, bound = self.query(query_name), to_params(params)
        return self._read(executor, lambda conn: [structure(row, self.struct) for row in query(conn, **bound)])

    def select_one(self, executor: Executor, query_name: str, missing: str, /, **params: Any) -> T:
        """Run a named one-row SELECT (``^``); ``NotFound`` naming ``missing`` when it finds nothing."""
        query, bound = self.query(query_name), to_params(params)
        row = self._read(executor, lambda conn: query(conn, **bound))
        if row is None:
            raise NotFound(self.label, missing)
        return structure(row, self.struct)

    def _filter_params(self, filters: Mapping[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(filters) - set(self.filters))
        if unknown:
            raise InvalidInput(
                f"list_{self.plural}: unknown filter {unknown[0]}; filters: {', '.join(self.filters) or 'none'}",
                field=unknown[0],
            )
        return {name: to_param(name, filters.get(name)) for name in self.filters}

    def _read(self, executor: Executor, work: Callable[[Connection], R]) -> R:
        self._check_schema(executor)
        return run_read(executor, work)

    def _write(self, executor: Executor, values: Mapping[str, Any] | None, work: Callable[[Connection], R]) -> R:
        """``work(session)`` in the caller's transaction, or in one of its own on a ``Database``; there,
        re-run on a deadlock or a Galera certification conflict when the DSN sets ``write_retries``."""
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
            database_of(executor).require_schema(self.version, f"omnidb.v{self.version}")

    @contextmanager
    def _write_errors(self, values: Mapping[str, Any]) -> Iterator[None]:
        """Name the resource in duplicate-key errors; turn a missing parent (1452) into ``ParentNotFound``."""
        try:
            yield
        except Exception as exc:
            code = error_code(exc)
            if code in (1062, 1586):
                raise Conflict(f"{self.label} already exists: {translate_any(exc)}", code=code) from exc
            match = _FK_COLUMN.search(str(exc)) if code == 1452 else None
            if match is None or match.group(1) not in values:
                raise
            column = match.group(1)
            parent = self.parents.get(column, column.removesuffix("_id"))
            raise ParentNotFound(parent.replace("_", " "), values[column], code=1452) from exc


def page_window(page: int, per_page: int) -> tuple[int, int]:
    """``(limit, offset)`` for a page; ``InvalidInput`` for a negative page or a bad page size."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise InvalidInput(f"page must be a whole number >= 0, got {page!r}", field="page")
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be from 1 to {MAX_PER_PAGE}, got {per_page!r}", field="per_page")
    if page * per_page > MAX_OFFSET:
        raise InvalidInput(f"page {page} is past the last possible row", field="page")
    return per_page, page * per_page
