"""``omnidb generate``: writes the typed resource modules from the declarations and the queries.

For each schema version ``n`` and each resource of ``omnidb/v<n>/declarations.py``, it writes
``omnidb/v<n>/<plural>.py``: one function per query the declaration names, with explicit typed
parameters (so mypy rejects an unknown column or filter), a docstring, and a one-line body that
calls the :class:`~omnidb.resource.Resource`. Types come from the struct; parameter lists are
checked against the ``-- name:`` lines of the SQL, and any disagreement is an error naming the
query, not a module that fails at run time.

Hand-written domain code (transactions over several queries, joined reads) lives in
``omnidb/v<n>/domain/<plural>.py``; the generated module re-exports the names of its ``__all__``.
A V2 module of a resource V2 did not change re-exports V1's hand-written functions behind the
version guard instead of copying them.
"""

from __future__ import annotations

import builtins
import importlib
import re
import sys
import textwrap
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from omnidb import registry
from omnidb.resource import Action, ActionKind, Resource
from omnidb.sqlfiles import data_dir

WIDTH = 120
DOC_WIDTH = 108  # docstrings wrap narrower than code, for reading
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KNOWN_IMPORTS = {
    "Any": "typing",
    "datetime": "datetime",
    "date": "datetime",
    "Decimal": "decimal",
    "Iterable": "collections.abc",
    "Mapping": "collections.abc",
}
_ACRONYMS = {"api": "API", "qos": "QoS"}


class GenerationError(Exception):
    """A declaration and its queries disagree; the message names the query and the difference."""


@attrs.frozen
class GeneratedFile:
    """One module to write: where, and its text."""

    path: Path
    text: str


def versions() -> list[int]:
    """The schema versions that have declarations (``omnidb/v<n>/declarations.py``)."""
    found = sorted(int(p.name[1:]) for p in PACKAGE_DIR.glob("v[0-9]*") if (p / "declarations.py").is_file())
    return found


def resources_of(version: int) -> dict[str, Resource[Any]]:
    """The ``RESOURCES`` of ``omnidb.v<version>.declarations``."""
    module = importlib.import_module(f"omnidb.v{version}.declarations")
    declared: dict[str, Resource[Any]] = module.RESOURCES
    return declared


def generate(version: int | None = None) -> list[GeneratedFile]:
    """Every module of ``version`` (default: all versions), sync (``omnidb/v<n>/``) and async
    (``omnidb/aio/v<n>/``), checked against the queries.
    """
    files = []
    for number in [version] if version is not None else versions():
        for name, resource in resources_of(number).items():
            files.append(GeneratedFile(PACKAGE_DIR / f"v{number}" / f"{name}.py", render(name, resource)))
            aio_path = PACKAGE_DIR / "aio" / f"v{number}" / f"{name}.py"
            files.append(GeneratedFile(aio_path, render(name, resource, aio=True)))
    return files


def stale(files: Sequence[GeneratedFile]) -> list[Path]:
    """The files whose text on disk differs from what :func:`generate` makes."""
    return [f.path for f in files if not f.path.is_file() or f.path.read_text(encoding="utf-8") != f.text]


def write(files: Sequence[GeneratedFile]) -> list[Path]:
    """Write the stale ones; return what was written."""
    changed = stale(files)
    for f in files:
        if f.path in changed:
            f.path.write_text(f.text, encoding="utf-8")
    return changed


# -- checking a declaration against its queries ---------------------------------------------------------


def _parameters(resource: Resource[Any], query: str) -> tuple[str, ...]:
    fn = getattr(registry.version(resource.version), query, None)
    if fn is None:
        raise GenerationError(
            f"{resource.plural} (V{resource.version}): the declaration needs query {query}, which no "
            f"queries/v1..v{resource.version} file defines"
        )
    return tuple(fn.parameters or ())


def _expect(resource: Resource[Any], query: str, expected: Iterable[str]) -> tuple[str, ...]:
    found = _parameters(resource, query)
    want = set(expected)
    if set(found) != want:
        missing, extra = sorted(want - set(found)), sorted(set(found) - want)
        detail = "; ".join(
            part
            for part in (
                f"the declaration has {', '.join(missing)} but the query does not" if missing else "",
                f"the query has {', '.join(extra)} but the declaration does not" if extra else "",
            )
            if part
        )
        raise GenerationError(f"{resource.plural} (V{resource.version}): query {query}: {detail}")
    return found


def _check_columns(resource: Resource[Any], names: Iterable[str], what: str) -> None:
    fields = attrs.fields_dict(resource.struct)
    for name in names:
        if name not in fields and resource.param_type(name) is Any:
            raise GenerationError(
                f"{resource.plural} (V{resource.version}): {what} {name} is neither a column of "
                f"{resource.struct.__name__} nor given a type"
            )


# -- rendering ------------------------------------------------------------------------------------------


class _Module:
    """The text of one generated module, and the names it must import."""

    def __init__(self, resource: Resource[Any], aio: bool = False) -> None:
        self.resource = resource
        self.aio = aio
        self.imports: dict[str, set[str]] = {}
        self.blocks: list[str] = []

    def call(self, target: str, args: Sequence[str], *, returns: bool = True) -> str:
        """The body line calling ``target``: ``return [await] target(args)``, laid out as ruff would."""
        prefix = ("return " if returns else "") + ("await " if self.aio else "")
        return prefix + _call(target, args, prefix=prefix)

    def need(self, module: str, *names: str) -> None:
        self.imports.setdefault(module, set()).update(names)

    def type_of(self, name: str, *, nullable: bool | None = None, unset: bool = False) -> str:
        """The annotation of parameter ``name``: its column's, or its declared type."""
        text = self._source_type(name)
        parts = [p.strip() for p in text.split("|")]
        if nullable is True and "None" not in parts:
            parts.append("None")
        if nullable is False and "None" in parts and len(parts) > 1:
            parts.remove("None")
        if unset:
            parts.insert(len(parts) - 1 if parts[-1] == "None" else len(parts), "Unset")
            self.need("omnidb.resource", "UNSET", "Unset")
        return " | ".join(parts)

    def _source_type(self, name: str) -> str:
        resource = self.resource
        fields = attrs.fields_dict(resource.struct)
        declared = resource.param_type(name)
        if name in fields and name not in resource.filter_types and not any(name in a.types for a in resource.actions):
            annotation = fields[name].type
            text = annotation if isinstance(annotation, str) else _type_text(annotation)
            self._import_names(text, sys.modules[resource.struct.__module__])
            return text
        declared_text = _type_text(declared)
        self._import_names(declared_text, None)
        return declared_text

    def _import_names(self, text: str, home: types.ModuleType | None) -> None:
        for word in _IDENTIFIER.findall(text):
            if word == "None" or hasattr(builtins, word):
                continue
            if word in _KNOWN_IMPORTS:
                self.need(_KNOWN_IMPORTS[word], word)
            elif home is not None and hasattr(home, word):
                self.need(home.__name__, word)
            else:
                raise GenerationError(f"cannot tell where the type {word} comes from")

    def function(self, name: str, params: Sequence[str], returns: str, doc: str, body: str) -> None:
        if self.aio:
            params = [p.replace("db: Executor", "db: AsyncExecutor") for p in params]
        signature = _signature(name, params, returns, aio=self.aio and not returns.startswith("AsyncIterator"))
        self.blocks.append(f"{signature}\n{_docstring(doc, 4)}\n    {body}\n")

    def text(self, header: str, preamble: str, tail: str) -> str:
        lines = [header, "", "from __future__ import annotations", ""]
        groups: dict[str, list[str]] = {"std": [], "omnidb": []}
        for module in sorted(self.imports):
            group = "omnidb" if module.startswith("omnidb") else "std"
            members = sorted(self.imports[module], key=_member_key)
            # As ruff's isort does: ``x as x`` re-exports each get their own statement.
            plain = [n for n in members if " as " not in n]
            if plain:
                groups[group].append(_import_line(module, ", ".join(plain)))
            groups[group] += [_import_line(module, n) for n in members if " as " in n]
        if groups["std"]:
            lines += [*sorted(groups["std"]), ""]
        lines += [*sorted(groups["omnidb"], key=_import_sort_key), "", preamble, "", "", ""]
        body = "\n\n".join(self.blocks)
        return "\n".join(lines) + body + tail


def _member_key(name: str) -> tuple[int, str]:
    """ruff's isort order of imported names: CONSTANTS, then Classes, then functions, each by name."""
    bare = name.split(" as ")[0]
    kind = 0 if bare.isupper() and len(bare) > 1 else 1 if bare[:1].isupper() else 2
    return kind, bare


def _import_sort_key(line: str) -> str:
    return line.split(" import ")[0].replace("from ", "")


def _import_line(module: str, names: str) -> str:
    line = f"from {module} import {names}"
    if len(line) <= WIDTH:
        return line
    inner = "".join(f"    {n.strip()},\n" for n in names.split(","))
    return f"from {module} import (\n{inner})"


def _type_text(kind: Any) -> str:
    if kind is Any:
        return "Any"
    if isinstance(kind, types.UnionType):
        return " | ".join(_type_text(k) for k in kind.__args__)
    if kind is type(None):
        return "None"
    if isinstance(kind, type):
        return kind.__name__
    return str(kind).replace("typing.", "")


def _signature(name: str, params: Sequence[str], returns: str, *, aio: bool = False) -> str:
    keyword = "async def" if aio else "def"
    one_line = f"{keyword} {name}({', '.join(params)}) -> {returns}:"
    if len(one_line) <= WIDTH and "*" not in params[-1:]:
        return one_line
    inner = "".join(f"    {p},\n" for p in params)
    return f"{keyword} {name}(\n{inner}) -> {returns}:"


def _docstring(doc: str, indent: int) -> str:
    pad = " " * indent
    paragraphs = [" ".join(p.split()) for p in doc.strip().split("\n\n")]
    width = DOC_WIDTH - indent
    first = paragraphs[0]
    if len(paragraphs) == 1 and indent + len(first) + 6 <= WIDTH:
        return f'{pad}"""{first}"""'
    out: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        wrapped = textwrap.wrap(paragraph, width=width - (3 if number == 0 else 0), break_on_hyphens=False)
        if number:
            out.append("")
        out += wrapped
    out[0] = '"""' + out[0]
    return "\n".join(pad + line if line else "" for line in out) + f'\n{pad}"""'


def _call(target: str, args: Sequence[str], indent: int = 4, prefix: str = "return ") -> str:
    """``return target(args)`` as ruff formats it: on one line if it fits, else one argument a line."""
    one_line = f"{target}({', '.join(args)})"
    if indent + len(prefix) + len(one_line) <= WIDTH:
        return one_line
    pad = " " * (indent + 4)
    inner = ""
    for arg in args:
        if arg.startswith("{") and indent + 4 + len(arg) + 1 > WIDTH:
            arg = _exploded_dict(arg, indent + 4)
        inner += f"{pad}{arg},\n"
    return f"{target}(\n{inner}{' ' * indent})"


def _dict(names: Sequence[str]) -> str:
    return "{" + ", ".join(f'"{n}": {n}' for n in names) + "}"


def _exploded_dict(text: str, indent: int) -> str:
    items = text[1:-1].split(", ")
    pad = " " * (indent + 4)
    return "{\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + "}"


def _title(resource: Resource[Any]) -> str:
    words = [_ACRONYMS.get(w, w) for w in resource.plural.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _query_files(resource: Resource[Any]) -> list[str]:
    root = data_dir("queries")
    q = registry.version(resource.version)
    files = set()
    for name in q.available_queries:
        fn = getattr(q, name)
        path = Path(fn.__code__.co_filename)
        if path.name == f"{resource.plural}.sql":
            files.add("queries/" + path.relative_to(root).as_posix())
    return sorted(files)


def render(module_name: str, resource: Resource[Any], *, aio: bool = False) -> str:
    """The text of ``omnidb/v<n>/<module_name>.py`` (``aio``: of ``omnidb/aio/v<n>/``);
    ``GenerationError`` if a query disagrees with the declaration.
    """
    r, m = resource, _Module(resource, aio)
    s, p, struct = r.singular, r.plural, r.struct.__name__
    var = f"_{p}"
    row_id = f"{s}_id"
    if aio:
        m.need("omnidb.aio.transaction", "AsyncExecutor")
        m.need("omnidb.aio.resource", "AsyncResource")
    else:
        m.need("omnidb.transaction", "Executor")
    m.need(r.struct.__module__, struct)
    m.need("omnidb.resource", "Resource")
    m.need(f"omnidb.v{r.version}.declarations", "RESOURCES")
    gone = " or it is deleted" if r.soft_delete else ""
    left_out = " (soft-deleted ones left out)" if r.soft_delete else ""

    _expect(r, f"get_{s}_by_id", ["id"])
    m.function(
        f"get_{s}_by_id",
        ["db: Executor", f"{row_id}: int"],
        struct,
        f"Return {r.label} ``{row_id}``. Raises ``NotFound`` if there is none{gone}.",
        m.call(f"{var}.get", ["db", row_id]),
    )

    _expect(r, f"list_{p}", [*r.filters, "limit", "offset"])
    _check_columns(r, r.filters, "filter")
    filters = [f"{f}: {m.type_of(f, nullable=True)} = None" for f in r.filters]
    m.function(
        f"list_{p}",
        ["db: Executor", "page: int = 0", "per_page: int = 20", *(["*"] if filters else []), *filters],
        f"list[{struct}]",
        f"Return one page of {r.label}s, newest first{left_out}.\n\n"
        + ("Filters left None match everything. " if filters else "")
        + "``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.",
        m.call(f"{var}.page", ["db", "page", "per_page", _dict(r.filters)]),
    )

    _expect(r, f"count_{p}", r.filters)
    m.function(
        f"count_{p}",
        ["db: Executor", *(["*"] if filters else []), *filters],
        "int",
        f"Return how many {r.label}s ``list_{p}`` pages through with the same filters.",
        m.call(f"{var}.count", ["db", _dict(r.filters)]),
    )

    iterator = "AsyncIterator" if aio else "Iterator"
    m.need("collections.abc", iterator)
    m.function(
        f"iter_{p}",
        ["db: Executor", *(["*"] if filters else []), *filters],
        f"{iterator}[{struct}]",
        f"Yield every {r.label} ``list_{p}`` pages through, newest first, from an unbuffered cursor: memory "
        "stays flat whatever the row count. The session is held until the iteration ends"
        + (" (``async for``)." if aio else "; inside a transaction, run nothing else on it meanwhile."),
        "return " + _call(f"{var}.iterate", ["db", _dict(r.filters)]),
    )

    if r.creatable:
        columns = _parameters(r, f"create_{s}")
        _check_columns(r, columns, "create_ column")
        unknown = sorted(set(r.required) - set(columns))
        if unknown:
            raise GenerationError(f"{p} (V{r.version}): required {', '.join(unknown)} not a parameter of create_{s}")
        if hasattr(registry.version(r.version), f"create_{s}_returning"):
            _expect(r, f"create_{s}_returning", columns)  # the same insert, returning the row (MariaDB)
        ordered = [c for c in r.required] + [c for c in columns if c not in r.required]
        params = [
            f"{c}: {m.type_of(c, nullable=False)}" if c in r.required else f"{c}: {m.type_of(c, nullable=True)} = None"
            for c in ordered
        ]
        parents = sorted(
            {r.parents.get(c, c.removesuffix("_id")).replace("_", " ") for c in columns if c.endswith("_id")}
        )
        raises = "``Conflict`` (a duplicate unique key), "
        if parents:
            raises += f"``ParentNotFound`` (no such {', '.join(parents)}), "
        m.function(
            f"create_{s}",
            ["db: Executor", "*", *params],
            struct,
            f"Insert {_article(r.label)} {r.label} and return it as stored. None for a column with a default stores "
            f"the default.\n\nRaises {raises}``InvalidInput`` (a bad value).",
            m.call(f"{var}.create", ["db", _dict(columns)]),
        )

    if r.updatable:
        _expect(r, f"update_{s}", ["id", "expected_updated_at"])
        _check_columns(r, r.updatable, "updatable column")
        order = [f.name for f in attrs.fields(r.struct)]
        updatable = sorted(r.updatable, key=lambda c: order.index(c) if c in order else len(order))
        m.need("datetime", "datetime")
        m.function(
            f"update_{s}",
            [
                "db: Executor",
                f"{row_id}: int",
                "*",
                "expected_updated_at: datetime | None = None",
                *(f"{c}: {m.type_of(c, unset=True)} = UNSET" for c in updatable),
            ],
            struct,
            f"Change only the columns given of {r.label} ``{row_id}`` (the rest stay ``UNSET``); return it.\n\n"
            "With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the "
            "row since, else ``Conflict``. Raises ``InvalidInput`` for no columns or a bad value, ``NotFound`` "
            f"if there is no such {r.label}, ``Conflict`` on a duplicate unique key.",
            m.call(f"{var}.update", ["db", row_id, _dict(updatable), "expected_updated_at=expected_updated_at"]),
        )

    if r.deletable:
        _expect(r, f"delete_{s}", ["id"])
        verb = "Soft-delete" if r.soft_delete else "Delete"
        m.function(
            f"delete_{s}",
            ["db: Executor", f"{row_id}: int"],
            "None",
            f"{verb} {r.label} ``{row_id}``. Raises ``NotFound`` if there is none"
            + (" (or it is already deleted)." if r.soft_delete else "."),
            m.call(f"{var}.delete", ["db", row_id], returns=False),
        )

    if r.keyset is not None:
        _render_keyset(m, r, var, struct)
    if r.bulk_insert is not None:
        query = f"create_{p}_bulk"
        columns = _parameters(r, query)
        _check_columns(r, columns, f"{query} column")
        missing = sorted(set(r.bulk_insert.required) - set(columns))
        if missing:
            raise GenerationError(f"{p} (V{r.version}): bulk required {', '.join(missing)} not a parameter of {query}")
        m.need("collections.abc", "Iterable", "Mapping")
        m.need("typing", "Any")
        m.function(
            r.bulk_insert.name,
            ["db: Executor", "rows: Iterable[Mapping[str, Any]]"],
            "int",
            f"Insert many {r.label}s in one transaction, in multi-row INSERTs; return how many were inserted.\n\n"
            f"{r.bulk_insert.doc} A row with an unknown or missing required column, or a bad value, is "
            "``InvalidInput``, and nothing is inserted.",
            m.call(f"{var}.bulk", ["db", "rows"]),
        )
    for action in r.actions:
        _render_action(m, r, action, var, struct, row_id)

    m.need("typing", "cast")
    binding = f'cast("Resource[{struct}]", RESOURCES["{module_name}"])'
    preamble = f"{var} = AsyncResource({binding})" if aio else f"{var} = {binding}"
    if len(preamble) > WIDTH:  # as ruff lays it out
        arguments = binding.removeprefix("cast(").removesuffix(")")
        preamble = f"{var} = AsyncResource(\n    {binding}\n)" if aio else f"{var} = cast(\n    {arguments}\n)"
    if r.updatable:
        preamble += (
            f"\n#: Columns ``update_{s}`` may change; every other column is fixed once the row exists.\n"
            f"UPDATABLE = {var}.updatable"
        )
    return m.text(_header(r, aio), preamble, "" if aio else _tail(m, module_name, r))


def _article(label: str) -> str:
    return "an" if label[0] in "aeiou" else "a"


def _render_keyset(m: _Module, r: Resource[Any], var: str, struct: str) -> None:
    keyset = r.keyset
    assert keyset is not None
    query = f"list_{r.plural}_after"
    cursor = ["after_id"] if keyset.order is None else ["after_time", "after_id"]
    _expect(r, query, [*cursor, *keyset.filters, "limit"])
    filters = [f"{f}: {m.type_of(f, nullable=True)} = None" for f in keyset.filters]
    if keyset.order is None:
        first = "after_id: int | None = None"
        doc = (
            f"Keyset pagination: up to ``limit`` {r.label}s with ids below ``after_id``, newest first.\n\n"
            "Pass the last id of a page to get the next one (None: start at the newest). A deep page costs "
            f"what the first one does, unlike ``list_{r.plural}(page=...)``, whose OFFSET reads past every row "
            "before it."
        )
        after = "after_id"
    else:
        first = f"after: {struct} | None = None"
        doc = (
            f"Keyset pagination: up to ``limit`` {r.label}s older than ``after``, newest first.\n\n"
            "``after`` is the last row of the previous page (None: start at the newest). Rows come newest "
            f"``{keyset.order}`` first, ties broken by id; a deep page costs what the first one does."
        )
        after = "after"
    m.function(
        query,
        ["db: Executor", first, "limit: int = 100", *(["*"] if filters else []), *filters],
        f"list[{struct}]",
        doc,
        m.call(f"{var}.page_after", ["db", "limit", after, _dict(keyset.filters)]),
    )


def _render_action(m: _Module, r: Resource[Any], action: Action, var: str, struct: str, row_id: str) -> None:
    names = [*action.params, *action.optional]
    _check_columns(r, names, f"parameter of {action.name}")
    positional = [f"{n}: {m.type_of(n)}" for n in action.params]
    optional = [f"{n}: {m.type_of(n, nullable=True)} = None" for n in action.optional]
    keywords = ["*", *optional] if optional else []
    values = _dict(names)
    if action.kind is ActionKind.LOOKUP:
        _expect(r, action.query, names)
        params, returns = ["db: Executor", *positional, *keywords], struct
        body = m.call(f"{var}.lookup", ["db", f'"{action.name}"', values])
    elif action.kind is ActionKind.ACT:
        _expect(r, action.query, ["id", *names, *action.fixed])
        params, returns = ["db: Executor", f"{row_id}: int", *positional, *keywords], struct
        body = m.call(f"{var}.act", ["db", f'"{action.name}"', row_id, values])
    elif action.kind is ActionKind.UPSERT:
        _expect(r, action.query, names)
        params, returns = ["db: Executor", *positional, *keywords], struct
        body = m.call(f"{var}.upsert", ["db", f'"{action.name}"', values])
    else:
        _expect(r, action.query, names)
        params, returns = ["db: Executor", *positional, *keywords], f"list[{struct}]"
        body = m.call(f"{var}.select", ["db", f'"{action.name}"', values])
    m.function(action.name, params, returns, action.doc, body)


def _header(r: Resource[Any], aio: bool) -> str:
    files = ", ".join(f"``{f}``" for f in _query_files(r))
    table = f" (table ``{r.table}``)" if r.table else ""
    declared = f"omnidb/v{r.version}/declarations.py"
    flavor = ", async" if aio else ""
    twin = (
        f"\n\nThe async twin of ``omnidb.v{r.version}.{r.plural}``: the same functions, awaited. Hand-written "
        "domain operations of the sync module (if any) have no async twin."
        if aio
        else ""
    )
    first = f'"""{_title(r)}{table}, schema V{r.version}{flavor}. Queries: {files}.'
    if len(first) > WIDTH:  # long table names: the query files go on a line of their own
        first = f'"""{_title(r)}{table}, schema V{r.version}{flavor}.\nQueries: {files}.'
    return (
        f"{first}\n\n"
        + "\n".join(textwrap.wrap(" ".join(r.doc.split()) + twin.replace("\n\n", " "), DOC_WIDTH))
        + "\n\n"
        + f"Generated by ``omnidb generate`` from ``{declared}`` and the queries' ``-- name:`` lines:\n"
        + "do not edit this file; change those and run ``omnidb generate``.\n"
        + '"""'
    )


def _tail(m: _Module, module_name: str, r: Resource[Any]) -> str:
    """Hand-written domain functions: imported from this version's ``domain/`` module, or reused from
    an earlier version's behind the version guard when this version did not change the struct.
    """
    own = PACKAGE_DIR / f"v{r.version}" / "domain" / f"{module_name}.py"
    if own.is_file():
        domain = importlib.import_module(f"omnidb.v{r.version}.domain.{module_name}")
        m.need(domain.__name__, *(f"{n} as {n}" for n in sorted(getattr(domain, "__all__", ()))))
        return ""
    for earlier in range(r.version - 1, 0, -1):
        inherited = PACKAGE_DIR / f"v{earlier}" / "domain" / f"{module_name}.py"
        if not inherited.is_file():
            continue
        old = resources_of(earlier).get(module_name)
        if old is None or old.struct is not r.struct:
            raise GenerationError(
                f"{module_name}: V{r.version} changed its struct, so V{earlier}'s hand-written functions "
                f"cannot be reused: write omnidb/v{r.version}/domain/{module_name}.py"
            )
        domain = importlib.import_module(f"omnidb.v{earlier}.domain.{module_name}")
        m.need("omnidb.resource", "requiring")
        m.need(f"omnidb.v{earlier}.domain", f"{module_name} as _domain")
        names = sorted(getattr(domain, "__all__", ()))
        lines = [f"# V{earlier}'s hand-written domain operations, refusing a database below V{r.version}."]
        lines += [f"{n} = requiring({r.version}, _domain.{n})" for n in names]
        return "\n\n" + "\n".join(lines) + "\n"
    return ""
