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
    ("V1", "up.sql"): "29777c2f030895dd88b05d79056f2cf050eea3e430357940b73b5f8f8dbcf9da",
    ("V1", "down.sql"): "bad68989ff190a64719736afd654105f7e9aca534cb26b07d0617fc479a0fd55",
    ("V2", "up.sql"): "5f5a2990fdc654b9a8afce6aab36480acce3a631e458ffbc6580d4d752ced7ee",
    ("V2", "down.sql"): "c00c627bf44f3d7200460e60b402ad4012f9869bbfdeac794fa6d71c00b2715b",
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
