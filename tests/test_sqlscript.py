"""Statement splitting: semicolons in literals and comments, trigger bodies without DELIMITER."""

from __future__ import annotations

from dbtools import query

import omnidb
from omnidb.config import Config
from omnidb.tooling.sqlscript import split_statements


def sqls(script: str) -> list[str]:
    return [s.sql for s in split_statements(script)]


def test_semicolons_inside_literals_identifiers_and_comments_do_not_split() -> None:
    script = """
    INSERT INTO t (a) VALUES ('x;y'), ("p;q"), ('it''s; fine'), ('back\\'; slash;'), ('\\\\');
    SELECT `odd;name` FROM t; -- trailing; comment
    # hash; comment
    /* block; comment */ SELECT 2;
    """
    assert sqls(script) == [
        "INSERT INTO t (a) VALUES ('x;y'), (\"p;q\"), ('it''s; fine'), ('back\\'; slash;'), ('\\\\')",
        "SELECT `odd;name` FROM t",
        "-- trailing; comment\n    # hash; comment\n    /* block; comment */ SELECT 2",
    ]


def test_double_dash_without_space_is_not_a_comment() -> None:
    assert sqls("SELECT 1--1; SELECT 2;") == ["SELECT 1--1", "SELECT 2"]


def test_comment_only_fragments_are_dropped_and_lines_are_counted() -> None:
    statements = split_statements("-- header\n\nCREATE TABLE a (id INT);\n\n-- trailing comment only\n")
    assert [(s.sql, s.line) for s in statements] == [("-- header\n\nCREATE TABLE a (id INT)", 1)]
    second = split_statements("SELECT 1;\n\n\n  SELECT 2;")[1]
    assert second.line == 4 and second.summary == "SELECT 2"


def test_trigger_body_with_nested_blocks_stays_one_statement() -> None:
    script = """
    CREATE TRIGGER trg_t_bi BEFORE INSERT ON t
    FOR EACH ROW
    BEGIN
        IF NEW.n < 0 THEN
            SET NEW.n = 0;
        END IF;
        SET NEW.label = CASE WHEN NEW.n > 9 THEN 'big;' ELSE 'small' END;
        BEGIN
            SET NEW.n = NEW.n + 0;
        END;
    END;
    INSERT INTO t (n) VALUES (-5);
    """
    result = sqls(script)
    assert len(result) == 2
    assert result[0].startswith("CREATE TRIGGER") and result[0].endswith("END")
    assert result[1] == "INSERT INTO t (n) VALUES (-5)"


def test_begin_outside_a_compound_statement_does_not_nest() -> None:
    assert sqls("BEGIN; UPDATE t SET n = 1; COMMIT;") == ["BEGIN", "UPDATE t SET n = 1", "COMMIT"]


def test_split_trigger_runs_on_the_server(empty_db: omnidb.Database, empty_config: Config) -> None:
    script = """
    CREATE TABLE t (n INT NOT NULL, label VARCHAR(10) NULL);
    CREATE TRIGGER trg_t_bi BEFORE INSERT ON t FOR EACH ROW
    BEGIN
        IF NEW.n < 0 THEN SET NEW.n = 0; END IF;
        SET NEW.label = CASE WHEN NEW.n > 9 THEN 'big;' ELSE 'small' END;
    END;
    INSERT INTO t (n) VALUES (-5), (12);
    """
    with empty_db.connection() as conn, conn.cursor() as cur:
        for statement in split_statements(script):
            cur.execute(statement.sql)
    assert query(empty_config, "SELECT n, label FROM t ORDER BY n") == [
        {"n": 0, "label": "small"},
        {"n": 12, "label": "big;"},
    ]
