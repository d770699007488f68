"""How omnidb.registry hands the query files to aiosql (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosql import query_loader

from omnidb import registry

QUERIES = Path(__file__).resolve().parent.parent / "queries"
FILES = sorted(QUERIES.glob("*/*.sql"))


@pytest.mark.parametrize("file", FILES, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_query_file_parses_as_aiosql_itself_parses_it(file: Path) -> None:
    loader = registry._loader()
    sql = file.read_text(encoding="utf-8")

    ours = registry._parse(loader, sql, file)

    assert ours == loader.load_query_data_from_sql(sql, [], file)
    assert len(ours) == sql.count("-- name:") and ours


def test_a_file_with_block_comments_goes_through_aiosql_whole() -> None:
    sql = "-- name: answer()$\n-- The answer.\nSELECT /* not a hint */ 42;\n"

    (datum,) = registry._parse(registry._loader(), sql, Path("inline.sql"))

    assert datum.query_name == "answer" and "not a hint" not in datum.sql


def test_the_shortcut_is_needed_only_while_aiosql_scans_every_character() -> None:
    # The day aiosql's comment scan stops matching at every position, the shortcut can go.
    matches = sum(1 for _ in query_loader._UNCOMMENT.finditer("SELECT 1"))
    assert matches > 1, "aiosql no longer scans every character: drop registry._parse's shortcut"


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        (
            "SELECT\n    a,\n    b\nFROM t\nWHERE a = 1\n    AND b = 2;",
            "SELECT\na,\nb\nFROM t\nWHERE a = 1\nAND b = 2;",
        ),
        ("SELECT 'x\n    y',\n    `n\n  m`", "SELECT 'x\n    y',\n`n\n  m`"),  # literals and names as written
        ("SELECT 'it''s\n  x',\n  1", "SELECT 'it''s\n  x',\n1"),
        ("SELECT 'a\\'\n  b',\n  1", "SELECT 'a\\'\n  b',\n1"),  # a backslash-escaped quote
        ("SELECT a, -- the first\n    b", "SELECT a, -- the first\nb"),  # a comment still ends its line
        ("SELECT a, -- the app's\n    'x\n  y'", "SELECT a, -- the app's\n'x\n  y'"),  # no quote in a comment
        ("SELECT a, # it's\n    b /* it's\n  */\n    FROM t", "SELECT a, # it's\nb /* it's\n  */\nFROM t"),
    ],
)
def test_queries_are_sent_without_their_indentation(written: str, sent: str) -> None:
    assert registry.wire_text(written) == sent


def test_every_loaded_query_is_its_file_text_less_indentation() -> None:
    for file in FILES:
        for name, datum in registry._file_data(file).items():
            original = registry._parse(registry._loader(), file.read_text(encoding="utf-8"), file)
            source = next(d.sql for d in original if d.query_name == name)
            assert datum.sql == registry.wire_text(source) and "\n    " not in datum.sql.split("'")[0], name
