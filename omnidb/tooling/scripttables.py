"""What a migration script does to the database's table names, read from its own text.

The runner refuses a run before its first statement when the live database would stop it halfway
(MySQL DDL commits statement by statement, so a failure at statement 4 leaves statements 1 to 3 done
and the version dirty). Two such conflicts can be seen from the script's text and
``information_schema`` alone:

- a table the script creates (``CREATE TABLE`` without ``IF NOT EXISTS``) or renames something to
  (``RENAME TABLE ... TO``, ``ALTER TABLE ... RENAME TO``) already exists, and nothing earlier in the
  script dropped or renamed it away (:attr:`Simulation.collisions`);
- a table the script drops is referenced by a foreign key of a table the script keeps
  (:attr:`Simulation.dropped`, :attr:`Simulation.released_keys`: the runner asks the server for the
  foreign keys);
- a table the script alters, drops or renames (without ``IF EXISTS``) does not exist, and nothing
  earlier in the script made it (:attr:`Simulation.missing`: a table dropped or renamed by hand).

``CREATE TABLE IF NOT EXISTS`` says the script expects the table may be there (V2's up.sql re-creates
the ``v2_archive_*`` tables its rollback left, then renames them back): such a table is the script's,
never a collision. Only these statement forms are read (views, sequences and temporary tables are
not); every other statement changes no table name. Names compare case-insensitively, as on a server
with ``lower_case_table_names`` set: a false refusal is safer than a version left dirty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from omnidb.tooling.sqlscript import Statement

_IDENT = r"(?:`(?:[^`]|``)+`|[A-Za-z0-9_$]+)"
_NAME = rf"({_IDENT}(?:\s*\.\s*{_IDENT})?)"
_COMMENTS = re.compile(r"/\*(?![!M]).*?\*/|(?:--\s|#)[^\n]*", re.DOTALL)
_CREATE = re.compile(
    rf"^CREATE\s+(OR\s+REPLACE\s+)?(TEMPORARY\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?{_NAME}", re.IGNORECASE
)
# MariaDB's IF EXISTS (after TABLE) covers every pair; WAIT n / NOWAIT may follow a pair's first name.
_RENAME = re.compile(r"^RENAME\s+TABLES?\s+(IF\s+EXISTS\s+)?(.*)$", re.IGNORECASE | re.DOTALL)
_RENAME_PAIR = re.compile(rf"^\s*{_NAME}(?:\s+(?:WAIT\s+\d+|NOWAIT))?\s+TO\s+{_NAME}", re.IGNORECASE)
_ALTER = re.compile(
    rf"^ALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(IF\s+EXISTS\s+)?{_NAME}(.*)$", re.IGNORECASE | re.DOTALL
)
_ALTER_RENAME = re.compile(
    rf"(?:^|,)\s*RENAME\s+(?:TO\s+|AS\s+)?(?!(?:COLUMN|INDEX|KEY|CONSTRAINT)\b){_NAME}", re.IGNORECASE
)
_ALTER_DROP_KEY = re.compile(rf"\bDROP\s+FOREIGN\s+KEY\s+(?:IF\s+EXISTS\s+)?{_NAME}", re.IGNORECASE)
_DROP = re.compile(r"^DROP\s+(TEMPORARY\s+)?TABLES?\s+(IF\s+EXISTS\s+)?(.*)$", re.IGNORECASE | re.DOTALL)
_DROP_NAME = re.compile(rf"^\s*,?\s*{_NAME}", re.IGNORECASE)


@attrs.frozen
class Effects:
    """What one statement does to table names, in the order the server applies it."""

    #: ``CREATE TABLE`` (or ``CREATE OR REPLACE``, which would replace a table it did not make)
    creates: tuple[str, ...] = ()
    #: ``CREATE TABLE IF NOT EXISTS``: the script expects the table may already be there
    claims: tuple[str, ...] = ()
    #: ``(old, new)``, in order (a ``RENAME TABLE`` of several pairs applies them one after another)
    renames: tuple[tuple[str, str], ...] = ()
    drops: tuple[str, ...] = ()
    #: ``(table, constraint)`` of ``ALTER TABLE ... DROP FOREIGN KEY``
    dropped_keys: tuple[tuple[str, str], ...] = ()
    #: tables of this database the statement fails without (``ALTER``, ``DROP``, ``RENAME`` from,
    #: none of them ``IF EXISTS``)
    needs: tuple[str, ...] = ()


@attrs.frozen
class Collision:
    """A table that exists and that a statement creates, or renames another table to."""

    table: str
    #: where the statement is, as the caller labelled it (``V2/up.sql statement 4 of 16, line 67``)
    where: str
    statement: Statement


@attrs.frozen
class Missing:
    """A table a statement alters, drops or renames, which neither exists nor is made before it."""

    table: str
    where: str
    statement: Statement


@attrs.frozen
class Simulation:
    """What running some statements, in order, would do to the tables that exist before them."""

    collisions: tuple[Collision, ...]
    #: existing tables (by their names before the statements) that the statements drop, possibly after
    #: renaming them; each with where it is dropped
    dropped: dict[str, str]
    #: ``(table, constraint)`` foreign keys, by their tables' names before the statements, that the
    #: statements drop: they cannot stop a later ``DROP TABLE``
    released_keys: frozenset[tuple[str, str]]
    missing: tuple[Missing, ...] = ()


def effects(statement: Statement, database: str | None = None) -> Effects:
    """What ``statement`` does to table names. A name qualified with another database than
    ``database`` is kept qualified (``other.t``), so that it never matches a table of this one."""
    code = " ".join(_COMMENTS.sub(" ", statement.sql).split())

    def name(raw: str) -> str:
        return _unqualified(raw, database)

    created = _CREATE.match(code)
    if created:
        if created.group(2):  # TEMPORARY: only this session sees it, whatever else has that name
            return Effects()
        table = name(created.group(4))
        return Effects(claims=(table,)) if created.group(3) else Effects(creates=(table,))
    renamed = _RENAME.match(code)
    if renamed:
        pairs = []
        for part in _top_level_commas(renamed.group(2)):
            pair = _RENAME_PAIR.match(part)
            if pair:
                pairs.append((name(pair.group(1)), name(pair.group(2))))
        needed = () if renamed.group(1) else _here(old for old, _ in pairs)
        return Effects(renames=tuple(pairs), needs=needed)
    altered = _ALTER.match(code)
    if altered:
        table = name(altered.group(2))
        rest = altered.group(3)
        keys = tuple((table, _unquoted(k)) for k in _ALTER_DROP_KEY.findall(rest))
        moved = _ALTER_RENAME.search(rest)
        renames = ((table, name(moved.group(1))),) if moved else ()
        return Effects(renames=renames, dropped_keys=keys, needs=() if altered.group(1) else _here([table]))
    dropped = _DROP.match(code)
    if dropped and not dropped.group(1):
        names = []
        for part in _top_level_commas(dropped.group(3)):
            one = _DROP_NAME.match(part)
            if one:
                names.append(name(one.group(1)))
        return Effects(drops=tuple(names), needs=() if dropped.group(2) else _here(names))
    return Effects()


def _here(tables: Iterable[str]) -> tuple[str, ...]:
    """``tables`` but those of another database (kept qualified by :func:`_unqualified`): whether
    they exist is not this database's to say."""
    return tuple(t for t in tables if "." not in t)


def simulate(
    statements: Iterable[tuple[str, Statement]], existing: Iterable[str], database: str | None = None
) -> Simulation:
    """Follow ``statements`` (each with a label saying where it is) over the tables ``existing``
    before them: which existing tables they would collide with, and which they would drop."""
    # Each live name (folded) -> the existing table it is now, by its name before the statements;
    # None for a table the statements made. A name missing is free.
    live: dict[str, str | None] = {_key(t): t for t in existing}
    # Existing tables none of the statements has dropped, renamed or claimed (IF NOT EXISTS) so far:
    # a CREATE or RENAME onto one of these fails.
    foreign = {_key(t) for t in existing}
    collisions: list[Collision] = []
    dropped: dict[str, str] = {}
    released: set[tuple[str, str]] = set()
    missing: list[Missing] = []
    for where, statement in statements:
        done = effects(statement, database)
        moved = {old for old, _ in done.renames}
        for table in done.needs:  # a RENAME's source is looked for as its pairs apply, below
            if table not in moved and _key(table) not in live:
                missing.append(Missing(table, where, statement))
        for table in done.claims:
            foreign.discard(_key(table))
            live.setdefault(_key(table), None)
        for table in done.creates:
            if _key(table) in foreign:
                collisions.append(Collision(str(live[_key(table)]), where, statement))
                foreign.discard(_key(table))
            live[_key(table)] = None
        for table, constraint in done.dropped_keys:
            origin = live.get(_key(table))
            if origin is not None:
                released.add((origin, constraint))
        for old, new in done.renames:
            if old in done.needs and _key(old) not in live:
                missing.append(Missing(old, where, statement))
            if _key(new) in foreign:
                collisions.append(Collision(str(live[_key(new)]), where, statement))
                foreign.discard(_key(new))
            foreign.discard(_key(old))
            live[_key(new)] = live.pop(_key(old), None)
        for table in done.drops:
            foreign.discard(_key(table))
            origin = live.pop(_key(table), None)
            if origin is not None:
                dropped.setdefault(origin, where)
    return Simulation(tuple(collisions), dropped, frozenset(released), tuple(missing))


def _key(table: str) -> str:
    return table.casefold()


def _unquoted(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("`") and raw.endswith("`"):
        return raw[1:-1].replace("``", "`")
    return raw


def _unqualified(raw: str, database: str | None) -> str:
    parts = [_unquoted(p) for p in re.findall(_IDENT, raw)]
    if len(parts) == 2:
        schema, table = parts
        if database is not None and schema.casefold() == database.casefold():
            return table
        return f"{schema}.{table}"
    return parts[0] if parts else raw


def _top_level_commas(text: str) -> Sequence[str]:
    """``text`` cut at its commas outside backquotes (table lists hold no other quotes)."""
    return [m.group(0) for m in re.finditer(r"(?:`(?:[^`]|``)*`|[^,`])+", text)]
