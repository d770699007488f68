"""Shipped migrations never change: a database records the checksum of the up.sql it applied, and an
edited version would strand every database already at it. A change belongs in a new version (V3).

The checksums below are of the files as shipped. V1 was completed in place once (issue 11) and is
frozen from then on; so is V2.
"""

from __future__ import annotations

import hashlib

import pytest

from omnidb.sqlfiles import sql_file

#: sha256 of every shipped migration script, by version folder and file.
SHIPPED = {
    ("V1", "up.sql"): "231148411c934e585c3529ae95f6d6c39f17f02416c91c4c479f3f5d6f1acefc",
    ("V1", "down.sql"): "bad68989ff190a64719736afd654105f7e9aca534cb26b07d0617fc479a0fd55",
    ("V2", "up.sql"): "75f01834024d29ba0720cbcc1083cadbb945c61850ca8a48a1e740cc7ebd1f4d",
    ("V2", "down.sql"): "65935e4d1fe43ef5071b7bc38010a4c90afb1c248760ab2f4764e790a697a982",
}


@pytest.mark.parametrize(("version", "name"), sorted(SHIPPED), ids=[f"{v}/{n}" for v, n in sorted(SHIPPED)])
def test_shipped_migration_is_unchanged(version: str, name: str) -> None:
    digest = hashlib.sha256(sql_file("versions", version, name).read_bytes()).hexdigest()
    assert digest == SHIPPED[(version, name)], (
        f"sql/versions/{version}/{name} changed: shipped migrations are frozen: add V3 "
        "(a database already at this version recorded the old checksum and would refuse to migrate)"
    )


def test_no_shipped_migration_is_removed() -> None:
    missing = [f"{v}/{n}" for v, n in sorted(SHIPPED) if not sql_file("versions", v, n).is_file()]
    assert missing == [], f"removed: {missing}: shipped migrations are frozen: add V3"
