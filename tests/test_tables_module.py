"""omnidb/v1/tables.py names every struct and enum of omnidb/v1/_structs/ twice (for mypy, in its
TYPE_CHECKING imports; for the loader, in _HOME): both lists must say the same, and every name must
load as omnidb.v1.tables' own. omnidb/v2/tables.py names the same, but for what V2 wrote again, and
makes them as lazily."""

from __future__ import annotations

import ast
import subprocess
import sys
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


def test_omnidb_v2_tables_makes_no_v1_struct_until_asked() -> None:
    """Importing omnidb.v2.tables makes V2's own structs and the enums of App, not V1's 60-odd
    others (a fresh interpreter: this one has made them all)."""
    probe = (
        "import sys; import omnidb.v2.tables as t; "
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('omnidb.v1._structs.'))); "
        "t.Build; print('omnidb.v1._structs.builds' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "['_shared', 'apps']"
    assert out[1] == "True"


def test_omnidb_v2_tables_names_v1_structs_and_its_own() -> None:
    from omnidb.v2 import tables as v2

    own = {"App": v2.App, "Feature": v2.Feature, "AppFeature": v2.AppFeature}
    assert set(v2.__all__) == {*tables._HOME, *own, "TABLES"}
    for name in tables._HOME.keys() - own:
        assert getattr(v2, name) is getattr(tables, name), name
    own_tables = {"apps": v2.App, "features": v2.Feature, "app_features": v2.AppFeature}
    assert dict(v2.TABLES) == {**dict(tables.TABLES), **own_tables}
    assert len(v2.TABLES) == len(tables.TABLES) + 2
    # mypy's names (TYPE_CHECKING) and the eager imports are every V1 name V2 keeps, each once
    tree = ast.parse(Path(v2.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "omnidb.v1.tables"
        for alias in node.names
    ]
    assert sorted(imported) == sorted(tables._HOME.keys() - own)
