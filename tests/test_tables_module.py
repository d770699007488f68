"""omnidb/v1/tables.py names every struct and enum of omnidb/v1/_structs/ twice (for mypy, in its
TYPE_CHECKING imports; for the loader, in _HOME): both lists must say the same, and every name must
load as omnidb.v1.tables' own."""

from __future__ import annotations

import ast
from pathlib import Path

from omnidb.v1 import tables

STRUCTS = Path(tables.__file__).parent / "_structs"


def _defined() -> dict[str, str]:
    """Each public class of _structs/ (structs and enums), by the module whose source defines it: read
    from the source, since a loaded class's ``__module__`` is omnidb.v1.tables and a module's names
    include what it imports from ``_shared``."""
    found = {}
    for path in sorted(STRUCTS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                found[node.name] = path.stem
    return found


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for item in node.body:
                if isinstance(item, ast.ImportFrom) and item.module:
                    for alias in item.names:
                        found[alias.asname or alias.name] = item.module.rsplit(".", 1)[1]
    return found


def test_the_loader_map_and_the_type_checking_imports_name_every_struct_where_it_is_defined() -> None:
    defined = _defined()
    assert defined == tables._HOME
    assert _type_checking_imports() == defined


def test_every_struct_loads_as_a_name_of_omnidb_v1_tables() -> None:
    for name in tables._HOME:
        value = getattr(tables, name)
        assert value.__module__ == "omnidb.v1.tables", name
    assert set(tables.TABLES.values()) <= {getattr(tables, name) for name in tables._HOME}
