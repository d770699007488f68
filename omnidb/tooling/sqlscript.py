"""Split a SQL script into statements the way the ``mariadb`` (``mysql``) command-line client does.

- A statement ends at the current delimiter outside string literals ('...', "..."), quoted
  identifiers (`...`) and comments (``-- ``, ``#``, ``/* */``). The text of ``/*! ... */`` and
  ``/*M! ... */`` is code, for the client as for the server: a delimiter inside it ends a statement.
- ``DELIMITER <d>`` changes the delimiter (``;`` at first) until the next DELIMITER line. As in the
  client, it is a command only as the first word of a line (any case) while no statement is pending,
  its argument is the next word or quoted string, and the line itself is never sent to the server.
  The delimiter is matched case-sensitively, anywhere outside literals and comments.
- While the delimiter is ``;``, a compound statement is kept whole without any DELIMITER line, where
  the client would cut it at its first ``;`` (an omnidb extension, so that migrations need no
  DELIMITER): ``CREATE [OR REPLACE] [DEFINER=...] [AGGREGATE] PROCEDURE | FUNCTION | TRIGGER | EVENT``,
  ``ALTER EVENT ... DO``, and MariaDB's top-level ``BEGIN NOT ATOMIC``, ``IF``, ``CASE``, ``LOOP``,
  ``WHILE``, ``REPEAT`` and ``FOR``, with their blocks nested in any way.
- ``source`` (a client command that reads another file) is refused: there is no SQL to send for it.
"""

from __future__ import annotations

import functools
import re

import attrs

from omnidb.errors import ScriptError


@attrs.frozen
class Statement:
    """One statement of a script: its text (comments kept, delimiter dropped) and first line."""

    sql: str
    line: int

    @property
    def code_line(self) -> int:
        """The line where the statement's code starts, after its leading comments."""
        for offset, raw in enumerate(self.sql.splitlines()):
            text = raw.strip()
            if text and not text.startswith(("--", "#")):
                return self.line + offset
        return self.line

    @property
    def summary(self) -> str:
        """The first line of code in the statement, for messages (``/*!`` lines are code)."""
        for raw in self.sql.splitlines():
            text = raw.strip()
            comment = text.startswith(("--", "#")) or (text.startswith("/*") and not text.startswith(("/*!", "/*M!")))
            if text and not comment:
                return text if len(text) <= 100 else text[:97] + "..."
        return self.sql.strip()[:100]


def split_statements(script: str) -> list[Statement]:
    """Return the script's statements in order; comment-only fragments and DELIMITER lines are dropped.

    Raises ``ScriptError`` for a DELIMITER line without a usable delimiter, and for a ``source``
    command (a client command that includes another file: there is no SQL to send for it).
    """
    return _Splitter(script).split()


# The client's whitespace (my_isspace): a command's word and argument are separated by it.
_SPACE = " \t\n\r\v\f"
# The client copies the delimiter into a 16-byte buffer: longer ones are cut to 15 characters.
_DELIMITER_MAX = 15


@functools.lru_cache(maxsize=16)
def _tokens(delimiter: str) -> re.Pattern[str]:
    """The token pattern for a delimiter: it is tried first at every token, and ends words and spaces."""
    d = re.escape(delimiter)
    return re.compile(
        rf"(?P<delimiter>{d})"
        r"|(?P<newline>\n)"
        rf"|(?P<space>(?:(?!{d})[^\S\n])+)"
        r"|(?P<quoted>'(?:[^'\\]|\\.|'')*(?:'|\Z)"
        r'|"(?:[^"\\]|\\.|"")*(?:"|\Z)'
        r"|`(?:[^`]|``)*(?:`|\Z))"
        r"|(?P<comment>(?:\#|--(?=\s|\Z))[^\n]*|/\*(?!M?!).*?(?:\*/|\Z))"
        r"|(?P<code_open>/\*M?!\d*)"
        r"|(?P<code_close>\*/)"
        rf"|(?P<word>(?:(?!{d})[\w$])+)"
        r"|(?P<other>.)",
        re.DOTALL,
    )


class _Splitter:
    """One pass over a script, in the client's order: DELIMITER lines, delimiters, literals, comments."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.statements: list[Statement] = []
        self.delimiter = ";"
        self.start = 0  # where the pending statement's text starts
        self.code_at = -1  # where its first code token is; -1 while it holds only comments
        self.tokens: list[str] = []  # its tokens, for finding compound statement bodies
        self.in_code_comment = False  # inside /*! ... */
        self._counted = (0, 1)  # (position, line number there): line numbers are counted forward

    def split(self) -> list[Statement]:
        script, n = self.script, len(self.script)
        pos = 0
        line_start = True
        while pos < n:
            if line_start and self.code_at < 0:
                eol = script.find("\n", pos)
                eol = n if eol < 0 else eol
                delimiter = _delimiter_command(script[pos:eol], self._line(pos))
                if delimiter is not None:
                    self.delimiter = delimiter
                    pos = self.start = min(eol + 1, n)
                    continue
            line_start = False
            match = _tokens(self.delimiter).match(script, pos)
            assert match is not None  # the pattern's last branch matches any character
            kind, end = match.lastgroup, match.end()
            if kind == "delimiter" and not (self.delimiter == ";" and _inside_compound(self.tokens)):
                self._end(pos)
                self.start = end
            elif kind == "newline":
                line_start = True
            elif kind in ("space", "comment"):
                pass
            elif kind == "code_open":
                self.in_code_comment = True
                self._code(pos, None)
            elif kind == "code_close" and self.in_code_comment:
                self.in_code_comment = False
            elif kind == "code_close":  # a '*' followed by '/', outside any comment
                end = pos + 1
                self._code(pos, "*")
            else:
                self._code(pos, "'" if kind == "quoted" else match.group().upper())
            pos = end
        self._end(n)
        return self.statements

    def _code(self, pos: int, token: str | None) -> None:
        if self.code_at < 0:
            self.code_at = pos
        if token is not None:
            self.tokens.append(token)

    def _end(self, end: int) -> None:
        if self.code_at >= 0:
            text = self.script[self.start : end]
            lead = len(text) - len(text.lstrip())
            statement = Statement(sql=text.strip(), line=self._line(self.start + lead))
            if self.tokens[:1] == ["SOURCE"]:
                raise ScriptError(
                    f"line {self._line(self.code_at)}: `{statement.summary}` is a command of the mariadb "
                    "client (it reads another file), not SQL: put that file's statements in the script"
                )
            self.statements.append(statement)
        self.code_at = -1
        self.tokens = []

    def _line(self, pos: int) -> int:
        counted_at, line = self._counted
        if pos < counted_at:
            counted_at, line = 0, 1
        line += self.script.count("\n", counted_at, pos)
        self._counted = (pos, line)
        return line


def _delimiter_command(line: str, number: int) -> str | None:
    """The new delimiter when ``line`` is a DELIMITER command (as the client reads it), else None.

    Raises ``ScriptError`` when the command names no delimiter or one with a backslash, which the
    client refuses too.
    """
    text = line.rstrip("\r").lstrip(_SPACE)  # the client reads lines without their "\r\n"
    word = re.match(r"[^ \t]*", text)
    assert word is not None
    if word.group().lower() != "delimiter" or "\\g" in text:  # a line holding \g is never a command
        return None
    delimiter = _command_argument(text[word.end() :])
    if not delimiter:
        raise ScriptError(f"line {number}: DELIMITER must be followed by a delimiter character or string")
    if "\\" in delimiter:
        raise ScriptError(f"line {number}: DELIMITER cannot contain a backslash character")
    return delimiter[:_DELIMITER_MAX]


def _command_argument(rest: str) -> str | None:
    """The first argument of a client command, unquoted and unescaped as the client's get_arg() does.

    It ends at a space (not a tab) or at its closing quote; None when there is none or its quote is
    not closed.
    """
    rest = rest.lstrip(_SPACE)
    quote = rest[:1] if rest[:1] in ("'", '"', "`") else ""
    chars: list[str] = []
    i = len(quote)
    while i < len(rest):
        ch, nxt = rest[i], rest[i + 1 : i + 2]
        if (ch == "\\" and nxt and quote != "`") or (quote and ch == quote and nxt == quote):
            chars.append(nxt)
            i += 2
        elif ch == (quote or " "):
            quote = ""
            break
        else:
            chars.append(ch)
            i += 1
    return "".join(chars) if chars and not quote else None


# Compound statements. Tokens are upper-cased words, "'" for any literal or quoted identifier, and
# single punctuation characters. A ';' is inside a compound statement while one of its blocks is open.

_ROUTINES = {"PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"}
# Statements that open a block closed by END <same word>; MariaDB also runs them outside routines.
_BLOCK_STATEMENTS = {"IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR"}
# Words that may follow RETURNS <type> within the type: sizes are parenthesised, handled apart.
_TYPE_WORDS = {
    *("UNSIGNED", "SIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE", "BYTE"),
    *("PRECISION", "VARYING", "VARCHAR", "VARBINARY", "CHAR", "CHARACTER", "NATIONAL"),
}
# Routine characteristics, with the number of tokens each takes (NOT as in NOT DETERMINISTIC).
_CHARACTERISTICS = {
    "COMMENT": 2,
    "LANGUAGE": 2,
    "NOT": 1,
    "DETERMINISTIC": 1,
    "CONTAINS": 2,
    "NO": 2,
    "READS": 3,
    "MODIFIES": 3,
    "SQL": 3,
}


def _inside_compound(tokens: list[str]) -> bool:
    """Whether a ';' after ``tokens`` falls inside an open block of a compound statement."""
    body = _body_start(tokens)
    return body is not None and _blocks_open(tokens, body)


def _at(tokens: list[str], i: int) -> str:
    return tokens[i] if i < len(tokens) else ""


def _is_name(token: str) -> bool:
    return token == "'" or token[:1].isalnum() or token[:1] in "_$"


def _body_start(tokens: list[str]) -> int | None:
    """Index of the first token of the compound body, or None when the statement is not compound."""
    first = _at(tokens, 0)
    if first in _BLOCK_STATEMENTS or (first == "BEGIN" and _at(tokens, 1) == "NOT"):
        return 0
    if first not in ("CREATE", "ALTER"):
        return None
    i = 1
    if tokens[1:3] == ["OR", "REPLACE"]:
        i = 3
    if tokens[i : i + 2] == ["DEFINER", "="]:
        i = _skip_user(tokens, i + 2)
    if _at(tokens, i) == "AGGREGATE":
        i += 1
    kind = _at(tokens, i)
    if kind not in _ROUTINES:
        return None
    if kind == "EVENT":
        return tokens.index("DO", i) + 1 if "DO" in tokens[i:] else None
    if kind == "TRIGGER":
        for j in range(i, len(tokens) - 2):
            if tokens[j : j + 3] == ["FOR", "EACH", "ROW"]:
                j += 3
                return j + 2 if _at(tokens, j) in ("FOLLOWS", "PRECEDES") else j
        return None
    return _routine_body(tokens, i + 1)


def _skip_user(tokens: list[str], i: int) -> int:
    """Index after a DEFINER value: CURRENT_USER[()], a name, or user@host."""
    if _at(tokens, i) == "CURRENT_USER":
        return i + 3 if tokens[i + 1 : i + 3] == ["(", ")"] else i + 1
    return i + 3 if _at(tokens, i + 1) == "@" else i + 1


def _routine_body(tokens: list[str], i: int) -> int | None:
    """Index where a procedure's or function's body starts, after parameters, RETURNS and characteristics.

    None for a loadable function (``RETURNS ... SONAME``), which has no body.
    """
    if tokens[i : i + 3] == ["IF", "NOT", "EXISTS"]:
        i += 3
    while _at(tokens, i) not in ("(", "RETURNS", ""):
        i += 1  # the name, maybe qualified by its database
    if _at(tokens, i) != "(":
        return None
    i = _skip_parens(tokens, i)
    if _at(tokens, i) == "RETURNS":
        i += 2
        while True:
            token = _at(tokens, i)
            if token == "(":
                i = _skip_parens(tokens, i)
            elif token == "CHARACTER" and _at(tokens, i + 1) == "SET":
                i += 3
            elif token in ("CHARSET", "COLLATE"):
                i += 2
            elif token in _TYPE_WORDS:
                i += 1
            else:
                break
    while _at(tokens, i) in _CHARACTERISTICS:
        i += _CHARACTERISTICS[tokens[i]]
    return i


def _skip_parens(tokens: list[str], i: int) -> int:
    """Index after the parenthesised group opening at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[j], 0)
        if depth == 0:
            return j + 1
    return len(tokens)


def _blocks_open(tokens: list[str], i: int) -> bool:
    """Whether a block opened in the compound body starting at ``i`` is still open at the end.

    Block keywords count only where a statement starts (after ';', BEGIN, THEN, ELSE, DO, LOOP,
    REPEAT, a label or a handler's conditions), so IF() and REPEAT() functions, IF EXISTS, FOR UPDATE
    and columns named begin or end are not blocks; a CASE elsewhere is an expression closed by END.
    """
    stack: list[str] = []
    at_start = True
    while i < len(tokens):
        token = tokens[i]
        top = stack[-1] if stack else ""
        if at_start:
            if _is_name(token) and _at(tokens, i + 1) == ":" and _at(tokens, i + 2) != "=":
                i += 2  # a label: the statement starts after it
                continue
            if token == "BEGIN":
                stack.append(token)
                i += 3 if tokens[i + 1 : i + 3] == ["NOT", "ATOMIC"] else 1
                continue
            if token == "END":
                if stack:
                    stack.pop()
                # END IF / END CASE / END LOOP ... or END <label>: that word closes, it opens nothing
                i += 2 if _is_name(_at(tokens, i + 1)) else 1
                at_start = False
                continue
            if token == "DECLARE" and _at(tokens, i + 2) == "HANDLER" and _at(tokens, i + 3) == "FOR":
                i = _skip_conditions(tokens, i + 4)  # the handler's statement follows them
                continue
            if token in _BLOCK_STATEMENTS:
                stack.append(token)
            elif token == "UNTIL" and top == "REPEAT":
                stack[-1] = "UNTIL"
            at_start = token in ("LOOP", "REPEAT", "ELSE", ";")
        elif token == ";":
            at_start = True
        elif token == "CASE":
            stack.append("CASE_EXPRESSION")
        elif token == "END" and top in ("CASE_EXPRESSION", "UNTIL"):
            stack.pop()
            i += 2 if top == "UNTIL" else 1  # REPEAT ... UNTIL condition END REPEAT
            continue
        elif token in ("THEN", "ELSE"):
            at_start = top in ("IF", "CASE")
        elif token == "DO":
            at_start = top in ("WHILE", "FOR")
        i += 1
    return bool(stack)


def _skip_conditions(tokens: list[str], i: int) -> int:
    """Index after a handler's condition list: SQLSTATE [VALUE] 'x', NOT FOUND, names or numbers."""
    while True:
        if _at(tokens, i) == "SQLSTATE":
            i += 3 if _at(tokens, i + 1) == "VALUE" else 2
        else:
            i += 2 if _at(tokens, i) == "NOT" else 1
        if _at(tokens, i) != ",":
            return i
        i += 1
