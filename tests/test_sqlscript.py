"""Statement splitting: literals and comments, compound statements without DELIMITER, DELIMITER lines.

Each script is split, its statements checked, and then run on a fresh database, whose catalog says
whether the server received what the script meant.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from dbtools import MakeDatabase, admin, catalog, mariadb_client, query

import omnidb
from omnidb.config import Config
from omnidb.errors import ScriptError
from omnidb.tooling.sqlscript import split_statements


def sqls(script: str) -> list[str]:
    return [s.sql for s in split_statements(script)]


def run(config: Config, script: str) -> None:
    """Run each statement of the script on one session, in order, as the migration runner does."""
    conn = admin(config)
    try:
        with conn.cursor() as cur:
            for statement in split_statements(script):
                cur.execute(statement.sql)
    finally:
        conn.close()


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


CASE_STATEMENTS = """
CREATE TABLE t (n INT NOT NULL, label VARCHAR(10) NULL);
CREATE PROCEDURE classify(IN x INT, OUT label VARCHAR(10))
BEGIN
    CASE
        WHEN x < 0 THEN SET label = 'neg;';
        WHEN x = 0 THEN SET label = 'zero';
        ELSE SET label = 'pos';
    END CASE;
END;
CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
BEGIN
    CASE NEW.n
        WHEN 0 THEN SET NEW.label = 'zero';
        ELSE SET NEW.label = CASE WHEN NEW.n > 9 THEN 'big' ELSE 'small' END;
    END CASE;
END;
CREATE TABLE after_case (id INT);
INSERT INTO t (n) VALUES (0), (5), (12);
"""


def test_case_statement_ends_with_end_case(empty_config: Config) -> None:
    statements = split_statements(CASE_STATEMENTS)
    assert [s.summary for s in statements] == [
        "CREATE TABLE t (n INT NOT NULL, label VARCHAR(10) NULL)",
        "CREATE PROCEDURE classify(IN x INT, OUT label VARCHAR(10))",
        "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW",
        "CREATE TABLE after_case (id INT)",
        "INSERT INTO t (n) VALUES (0), (5), (12)",
    ]
    assert statements[1].sql.endswith("END CASE;\nEND") and statements[3].line == 18
    run(empty_config, CASE_STATEMENTS)
    objects = catalog(empty_config)
    assert objects["tables"] == {("t",), ("after_case",)}
    assert objects["routines"] == {("classify", "PROCEDURE")}
    assert objects["triggers"] == {("t_bi", "t")}
    assert query(empty_config, "SELECT label FROM t ORDER BY n") == [
        {"label": "zero"},
        {"label": "small"},
        {"label": "big"},
    ]


MARIADB_BLOCKS = """
CREATE TABLE squares (n INT PRIMARY KEY, sq INT NOT NULL);
BEGIN NOT ATOMIC
    DECLARE total INT DEFAULT 0;
    FOR i IN 1..3 DO
        INSERT INTO squares VALUES (i, i * i);
    END FOR;
END;
CREATE PROCEDURE fill_squares(upto INT)
BEGIN
    squares_loop:
    FOR i IN 4..upto DO
        INSERT INTO squares VALUES (i, i * i);
    END FOR squares_loop;
END;
CALL fill_squares(5);
CREATE TABLE after_for (id INT);
"""


def test_mariadb_for_loops_and_not_atomic_blocks(empty_config: Config) -> None:
    statements = split_statements(MARIADB_BLOCKS)
    assert [s.summary for s in statements] == [
        "CREATE TABLE squares (n INT PRIMARY KEY, sq INT NOT NULL)",
        "BEGIN NOT ATOMIC",
        "CREATE PROCEDURE fill_squares(upto INT)",
        "CALL fill_squares(5)",
        "CREATE TABLE after_for (id INT)",
    ]
    run(empty_config, MARIADB_BLOCKS)
    objects = catalog(empty_config)
    assert objects["tables"] == {("squares",), ("after_for",)}
    assert objects["routines"] == {("fill_squares", "PROCEDURE")}
    assert query(empty_config, "SELECT SUM(sq) AS total FROM squares") == [{"total": 1 + 4 + 9 + 16 + 25}]


OUTSIDE_ROUTINES = """
CREATE TABLE seen (what VARCHAR(20));
IF (SELECT COUNT(*) FROM seen) = 0 THEN INSERT INTO seen VALUES ('if;'); END IF;
CASE WHEN 1 > 0 THEN INSERT INTO seen VALUES ('case'); ELSE INSERT INTO seen VALUES ('else'); END CASE;
SET @i = 0;
WHILE @i < 2 DO SET @i = @i + 1; INSERT INTO seen VALUES (CONCAT('while ', @i)); END WHILE;
REPEAT SET @i = @i - 1; INSERT INTO seen VALUES ('repeat'); UNTIL @i = 0 END REPEAT;
CREATE TABLE after_blocks (id INT);
"""


def test_mariadb_compound_statements_outside_routines(empty_config: Config) -> None:
    assert [s.summary[:10] for s in split_statements(OUTSIDE_ROUTINES)] == [
        *("CREATE TAB", "IF (SELECT", "CASE WHEN ", "SET @i = 0", "WHILE @i <", "REPEAT SET", "CREATE TAB"),
    ]
    run(empty_config, OUTSIDE_ROUTINES)
    assert catalog(empty_config)["tables"] == {("seen",), ("after_blocks",)}
    assert [r["what"] for r in query(empty_config, "SELECT what FROM seen")] == [
        *("if;", "case", "while 1", "while 2", "repeat", "repeat"),
    ]


AGGREGATE = """
CREATE TABLE marks (grade INT);
CREATE AGGREGATE FUNCTION count_passes(grade INT) RETURNS INT
BEGIN
    DECLARE passes INT DEFAULT 0;
    DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN passes;
    LOOP
        FETCH GROUP NEXT ROW;
        IF grade >= 50 THEN
            SET passes = passes + 1;
        END IF;
    END LOOP;
END;
INSERT INTO marks VALUES (40), (60), (75);
"""


def test_aggregate_function(empty_config: Config) -> None:
    assert len(split_statements(AGGREGATE)) == 3
    run(empty_config, AGGREGATE)
    assert catalog(empty_config)["routines"] == {("count_passes", "FUNCTION")}
    assert query(empty_config, "SELECT count_passes(grade) AS n FROM marks") == [{"n": 2}]


EVENTS = """
CREATE TABLE ticks (at DATETIME NOT NULL);
CREATE EVENT tick ON SCHEDULE EVERY 1 HOUR DISABLE DO
BEGIN
    INSERT INTO ticks VALUES (NOW());
    DELETE FROM ticks WHERE at < NOW() - INTERVAL 1 DAY;
END;
ALTER EVENT tick ON SCHEDULE EVERY 2 HOUR DO
BEGIN
    INSERT INTO ticks VALUES (NOW());
    DELETE FROM ticks WHERE at < NOW() - INTERVAL 2 DAY;
END;
CREATE TABLE after_events (id INT);
"""


def test_create_and_alter_event_with_block_bodies(empty_config: Config) -> None:
    assert [s.summary for s in split_statements(EVENTS)] == [
        "CREATE TABLE ticks (at DATETIME NOT NULL)",
        "CREATE EVENT tick ON SCHEDULE EVERY 1 HOUR DISABLE DO",
        "ALTER EVENT tick ON SCHEDULE EVERY 2 HOUR DO",
        "CREATE TABLE after_events (id INT)",
    ]
    run(empty_config, EVENTS)
    objects = catalog(empty_config)
    assert objects["events"] == {("tick",)}
    assert objects["tables"] == {("ticks",), ("after_events",)}
    body = query(
        empty_config,
        "SELECT INTERVAL_VALUE AS every, EVENT_DEFINITION AS body FROM information_schema.EVENTS "
        "WHERE EVENT_SCHEMA = %s",
        empty_config.database,
    )
    assert body[0]["every"] == "2" and "INTERVAL 2 DAY" in str(body[0]["body"])


LOOPS = """
CREATE TABLE log (msg VARCHAR(40));
CREATE OR REPLACE DEFINER = CURRENT_USER PROCEDURE count_down(n INT)
BEGIN
    outer_block: BEGIN
        DECLARE i INT DEFAULT n;
        down: WHILE i > 0 DO
            IF i = 2 THEN
                SET i = i - 1;
                ITERATE down;
            ELSEIF i > 100 THEN
                LEAVE outer_block;
            END IF;
            INSERT INTO log VALUES (CONCAT('while ', i));
            SET i = i - 1;
        END WHILE down;
        again: REPEAT
            INSERT INTO log VALUES (REPEAT('r', 2));
            SET i = i + 1;
        UNTIL i >= 2 END REPEAT again;
        spin: LOOP
            LEAVE spin;
        END LOOP spin;
    END outer_block;
END;
CREATE DEFINER=CURRENT_USER() FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN IF(x > 0, x * 2, 0);
CREATE DEFINER=`root`@`localhost` FUNCTION thrice(x INT) RETURNS DECIMAL(10,2) UNSIGNED
    NO SQL COMMENT 'has; a semicolon'
    RETURN x * 3;
CREATE OR REPLACE DEFINER=CURRENT_USER TRIGGER log_bi BEFORE INSERT ON log FOR EACH ROW
    IF NEW.msg = 'while 3' THEN SET NEW.msg = 'three;'; END IF;
CALL count_down(3);
"""


def test_labelled_loops_if_nested_blocks_or_replace_and_definers(empty_config: Config) -> None:
    statements = split_statements(LOOPS)
    assert [s.summary[:40] for s in statements] == [
        "CREATE TABLE log (msg VARCHAR(40))",
        "CREATE OR REPLACE DEFINER = CURRENT_USER",
        "CREATE DEFINER=CURRENT_USER() FUNCTION t",
        "CREATE DEFINER=`root`@`localhost` FUNCTI",
        "CREATE OR REPLACE DEFINER=CURRENT_USER T",
        "CALL count_down(3)",
    ]
    assert statements[4].sql.endswith("END IF")
    run(empty_config, LOOPS)
    objects = catalog(empty_config)
    assert objects["routines"] == {("count_down", "PROCEDURE"), ("twice", "FUNCTION"), ("thrice", "FUNCTION")}
    assert objects["triggers"] == {("log_bi", "log")}
    assert [r["msg"] for r in query(empty_config, "SELECT msg FROM log")] == ["three;", "while 1", "rr", "rr"]
    assert query(empty_config, "SELECT twice(4) AS x") == [{"x": 8}]


LEXICAL = """
CREATE TABLE `case` (`end` INT, `begin` INT, note VARCHAR(40));
CREATE PROCEDURE fill_case()
BEGIN
    # a hash comment; with a semicolon, an END and a 'quote
    INSERT INTO `case` (`end`, `begin`, note) VALUES (1, 2, 'it''s; END CASE');
    INSERT INTO `case` (`end`, `begin`, note) VALUES (3, 4, 'back\\'slash; END');
    INSERT INTO `case` (`end`, `begin`, note) VALUES (5, 6, "dq\\"; END IF");
    CASE WHEN (SELECT COUNT(*) FROM `case`) > 1 THEN
        UPDATE `case` SET `end` = `end` + 10 WHERE `begin` = 4; -- END CASE;
    END CASE;
END;
CALL fill_case();
"""


def test_comments_escapes_and_quoted_names_like_keywords(empty_config: Config) -> None:
    assert [s.summary for s in split_statements(LEXICAL)] == [
        "CREATE TABLE `case` (`end` INT, `begin` INT, note VARCHAR(40))",
        "CREATE PROCEDURE fill_case()",
        "CALL fill_case()",
    ]
    run(empty_config, LEXICAL)
    assert query(empty_config, "SELECT `end`, note FROM `case` ORDER BY `begin`") == [
        {"end": 1, "note": "it's; END CASE"},
        {"end": 13, "note": "back'slash; END"},
        {"end": 5, "note": 'dq"; END IF'},
    ]


# What mysqldump writes for a trigger and a routine: DELIMITER ;; and version comments.
MYSQLDUMP = """/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
CREATE TABLE `film` (`id` int NOT NULL, `title` varchar(40) DEFAULT NULL, PRIMARY KEY (`id`));
CREATE TABLE `film_text` (`id` int NOT NULL, `title` varchar(40) DEFAULT NULL);
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER `ins_film` AFTER INSERT ON `film` FOR EACH ROW BEGIN
    INSERT INTO film_text (id, title) VALUES (new.id, new.title);
  END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
DELIMITER ;;
CREATE DEFINER=CURRENT_USER PROCEDURE `film_count`(OUT n INT)
    READS SQL DATA
BEGIN
  SELECT COUNT(*) INTO n FROM film;
END ;;
DELIMITER ;
INSERT INTO `film` VALUES (1,'ACADEMY DINOSAUR'),(2,'ACE GOLDFINGER');
"""


def test_mysqldump_delimiters_and_version_comments(empty_config: Config) -> None:
    statements = split_statements(MYSQLDUMP)
    assert [s.line for s in statements] == [1, 2, 3, 4, 5, 7, 11, 13, 19]
    assert statements[5].sql.endswith("END */") and statements[7].sql.endswith("END")
    assert statements[5].summary.startswith("/*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER")
    assert not any("DELIMITER" in s.sql for s in statements)
    run(empty_config, MYSQLDUMP)
    objects = catalog(empty_config)
    assert objects["triggers"] == {("ins_film", "film")}
    assert objects["routines"] == {("film_count", "PROCEDURE")}
    assert query(empty_config, "SELECT title FROM film_text ORDER BY id") == [
        {"title": "ACADEMY DINOSAUR"},
        {"title": "ACE GOLDFINGER"},
    ]


def test_semicolon_inside_a_version_comment_ends_the_statement_as_for_the_client() -> None:
    assert sqls("/*!40101 SET @a = 1; SET @b = 2 */;") == ["/*!40101 SET @a = 1", "SET @b = 2 */"]


DELIMITERS = """-- procedures need another delimiter for the client
DELIMITER $$
CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a$$b'; END $$
  delimiter //
CREATE FUNCTION f() RETURNS INT RETURN 1 // SELECT
  2 //
DeLiMiTeR ;
SELECT 3;
delimiter 'a b' and the rest is ignored
SELECT 4 a b
delimiter GO
SELECT 5 go
SELECT 6 GO
delimiter ;
SELECT 7
delimiter //
;
"""


def test_delimiter_lines_work_as_in_the_client() -> None:
    statements = split_statements(DELIMITERS)
    assert [(s.sql, s.line) for s in statements] == [
        ("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a$$b'; END", 3),
        ("CREATE FUNCTION f() RETURNS INT RETURN 1", 5),
        ("SELECT\n  2", 5),
        ("SELECT 3", 8),
        ("SELECT 4", 10),
        # the delimiter is matched case-sensitively, and a DELIMITER line inside a statement is SQL
        ("SELECT 5 go\nSELECT 6", 12),
        ("SELECT 7\ndelimiter //", 15),
    ]


def test_delimiter_arguments_are_read_like_the_client() -> None:
    script = "delimiter \\x\nSELECT 1 x\ndelimiter 'q''q'\nSELECT 2 q'q\ndelimiter \"a;\"\nSELECT 3 a;"
    assert sqls(script) == ["SELECT 1", "SELECT 2", "SELECT 3"]
    # only a space ends an unquoted argument: a tab is part of it
    assert sqls("delimiter //\t\nSELECT 1//\nSELECT 2//\t") == ["SELECT 1//\nSELECT 2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("DELIMITER", "line 2: DELIMITER must be followed by a delimiter character or string"),
        ("delimiter 'unclosed", "line 2: DELIMITER must be followed by a delimiter character or string"),
        ("delimiter \\\\", "line 2: DELIMITER cannot contain a backslash character"),
    ],
)
def test_a_delimiter_line_without_a_usable_delimiter_is_refused(line: str, message: str) -> None:
    with pytest.raises(ScriptError, match=f"^{re.escape(message)}$"):
        split_statements(f"SELECT 1;\n{line}\nSELECT 2;")


def test_source_is_refused_with_its_line() -> None:
    with pytest.raises(ScriptError, match=r"^line 3: `source load_departments.dump` is a command of the mariadb"):
        split_statements("SELECT 1;\n-- data\nsource load_departments.dump ;\nSELECT 2;")


# Statements that change nothing, so that the client can run them all and echo each one it sends.
CLIENT_SCRIPT = """DO 1; DO 2;
DELIMITER $$
DO 'a;b'; DO 3 $$ DO '$$'
$$
  delimiter //
DO 4 // DO
  5 //
DeLiMiTeR ;
DO 6;
delimiter 'a b' and more
DO 7 a b
delimiter GO
DO 8 go
DO 9 GO
delimiter ;;
DO 10;;
delimiter \\x
DO 11 x
delimiter ;
DO 12
delimiter //
;
"""


@pytest.mark.skipif(shutil.which("mariadb") is None, reason="the mariadb client is not installed")
def test_statements_are_those_the_mariadb_client_sends(make_database: MakeDatabase) -> None:
    config = make_database()
    client = subprocess.run(
        mariadb_client(config, "--verbose", "--force"),
        input=CLIENT_SCRIPT,
        capture_output=True,
        text=True,
        env={**os.environ, "MYSQL_PWD": config.password or ""},
        check=False,
    )
    # --verbose echoes every statement it sends between two lines of dashes
    sent = re.findall(r"^-{14}\n(.*?)\n-{14}$", client.stdout, re.MULTILINE | re.DOTALL)
    assert len(sent) > 10, client.stdout + client.stderr
    ours = [s.sql for s in split_statements(CLIENT_SCRIPT)]
    assert [" ".join(s.split()) for s in ours] == [" ".join(s.split()) for s in sent]
