"""Where the shipped SQL lives: never the current directory.

In an installed wheel, ``queries/`` and ``sql/`` sit inside the package (``omnidb/queries``,
``omnidb/sql``; see setup.cfg's ``package_dir``). In a source checkout or an editable install they sit
beside the package, at the top of the repository, where DBAs review them. Both are found from the
package's own location, never relative to the working directory, which would break as soon as the
process starts anywhere else.

The package's location is ``__file__``'s folder: an installed omnidb is a folder on disk (pip never
runs a wheel zipped, and the SQL files are read as files), so importlib.resources, and the ~5 ms of
tempfile, shutil and the compression modules it imports at start-up, are not needed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from omnidb.errors import OmniDBError


@cache
def data_dir(kind: str) -> Path:
    """The directory of shipped ``kind`` files: ``"sql"`` or ``"queries"``."""
    if kind not in ("sql", "queries"):
        raise ValueError(f"unknown data kind {kind!r}")
    package = Path(__file__).resolve().parent
    packaged = package / kind
    if packaged.is_dir():
        return packaged
    checkout = package.parent / kind
    if checkout.is_dir():
        return checkout
    raise OmniDBError(f"omnidb is installed without its {kind}/ files (looked in {packaged} and {checkout})")


def sql_file(*parts: str) -> Path:
    """A file under ``sql/``, e.g. ``sql_file("db_init.sql")``."""
    return data_dir("sql").joinpath(*parts)
