"""What a script does to table names, read from its text (no server): omnidb/tooling/scripttables.py."""

from __future__ import annotations

from omnidb.tooling.migrate import load_migrations
from omnidb.tooling.scripttables import Effects, effects, simulate
from omnidb.tooling.sqlscript import Statement, split_statements


def _run(script: str) -> list[tuple[str, Statement]]:
    return [(f"statement {n}", s) for n, s in enumerate(split_statements(script), start=1)]


def test_each_statement_form_is_read() -> None:
    def of(sql: str) -> Effects:
        return effects(Statement(sql, 1), "omni")

    assert of("CREATE TABLE `a``b` (id INT)") == Effects(creates=("a`b",))
    assert of("-- why\nCREATE TABLE IF NOT EXISTS omni.t (id INT)") == Effects(claims=("t",))
    assert of("CREATE TEMPORARY TABLE t (id INT)") == Effects()
    assert of("CREATE TABLE other.t (id INT)") == Effects(creates=("other.t",))
    assert of("RENAME TABLE a TO b, `c` TO d") == Effects(renames=(("a", "b"), ("c", "d")), needs=("a", "c"))
    assert of("RENAME TABLE IF EXISTS a TO b, c TO d") == Effects(renames=(("a", "b"), ("c", "d")))
    assert of("RENAME TABLE a WAIT 5 TO b, other.c NOWAIT TO d") == Effects(
        renames=(("a", "b"), ("other.c", "d")), needs=("a",)
    )
    assert of("ALTER TABLE a RENAME TO b") == Effects(renames=(("a", "b"),), needs=("a",))
    assert of("ALTER TABLE a RENAME COLUMN x TO y, RENAME INDEX i TO j") == Effects(needs=("a",))
    assert of("ALTER TABLE IF EXISTS a ADD COLUMN x INT") == Effects()
    assert of("ALTER TABLE a DROP FOREIGN KEY fk_a, DROP FOREIGN KEY `fk_b`") == Effects(
        dropped_keys=(("a", "fk_a"), ("a", "fk_b")), needs=("a",)
    )
    assert of("DROP TABLE IF EXISTS a, `b`, omni.c CASCADE") == Effects(drops=("a", "b", "c"))
    assert of("DROP TABLE a, other.b") == Effects(drops=("a", "other.b"), needs=("a",))
    assert of("DROP TEMPORARY TABLE a") == Effects()
    assert of("INSERT INTO a SELECT * FROM b") == Effects()


def test_a_taken_name_collides_unless_the_script_made_it_free_or_expects_it() -> None:
    script = """
        CREATE TABLE fresh (id INT);
        DROP TABLE old;
        CREATE TABLE old (id INT);
        CREATE TABLE IF NOT EXISTS kept (id INT);
        RENAME TABLE kept TO taken, a TO swap, b TO a, swap TO b;
    """
    found = simulate(_run(script), ["Fresh", "old", "kept", "taken", "a", "b"])
    assert [(c.table, c.where) for c in found.collisions] == [("Fresh", "statement 1"), ("taken", "statement 5")]


def test_v2_up_takes_back_the_archives_its_rollback_left_and_collides_with_other_tables() -> None:
    v2 = load_migrations()[1]
    archives = ["apps", "v2_archive_apps", "v2_archive_features", "v2_archive_app_features"]
    assert simulate(_run(v2.up_sql), archives).collisions == ()
    assert [c.table for c in simulate(_run(v2.up_sql), ["apps", "features", "app_features"]).collisions] == [
        "features",
        "app_features",
    ]


def test_a_table_altered_dropped_or_renamed_must_exist_or_be_made_before() -> None:
    script = """
        ALTER TABLE gone ADD COLUMN x INT;
        CREATE TABLE made (id INT);
        ALTER TABLE made ADD COLUMN x INT;
        RENAME TABLE made TO moved, moved TO again;
        ALTER TABLE made ADD COLUMN y INT;
        DROP TABLE IF EXISTS nowhere;
        DROP TABLE here, again, lost;
        RENAME TABLE IF EXISTS absent TO present;
    """
    found = simulate(_run(script), ["Here"])
    assert [(m.table, m.where) for m in found.missing] == [
        ("gone", "statement 1"),
        ("made", "statement 5"),
        ("lost", "statement 7"),
    ]
    v1, v2 = load_migrations()
    v1_tables = [c for s in split_statements(v1.up_sql) for c in effects(s).creates]
    assert simulate(_run(v1.up_sql) + _run(v2.up_sql) + _run(v2.down_sql) + _run(v1.down_sql), []).missing == ()
    assert simulate(_run(v2.up_sql), v1_tables).missing == ()
    assert [m.table for m in simulate(_run(v2.up_sql), [t for t in v1_tables if t != "apps"]).missing] == ["apps"] * 3


def test_tables_dropped_are_followed_through_renames_and_keys_dropped_first_are_released() -> None:
    v1, v2 = load_migrations()
    down = _run(v2.down_sql) + _run(v1.down_sql)
    found = simulate(down, ["apps", "orgs", "features", "app_features", "ext_notes"])
    assert set(found.dropped) == {"apps", "orgs", "features", "app_features"}
    assert "ext_notes" not in found.dropped
    assert ("apps", "fk_apps_feature") in found.released_keys
    assert simulate(_run(v2.down_sql), ["apps", "features", "app_features"]).dropped == {}
