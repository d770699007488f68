"""Split a SQL script into statements the way the ``mysql`` client would, without DELIMITER.

A ``;`` ends a statement only outside string literals ('...', "..."), quoted identifiers (`...`)
and comments (``-- ``, ``#``, ``/* */``), and outside the ``BEGIN ... END`` body of a
``CREATE TRIGGER | PROCEDURE | FUNCTION | EVENT`` statement, so bodies need no DELIMITER line.
"""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class Statement:
    """One statement of a script: its text (comments kept, trailing ``;`` dropped) and first line."""

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
        """The first line of code in the statement, for messages."""
        for raw in self.sql.splitlines():
            text = raw.strip()
            if text and not text.startswith(("--", "#", "/*")):
                return text if len(text) <= 100 else text[:97] + "..."
        return self.sql.strip()[:100]


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_COMPOUND = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?"
    r"(?:TRIGGER|PROCEDURE|FUNCTION|EVENT)\b",
    re.IGNORECASE,
)
# In a compound body, END closes BEGIN or CASE, but END IF / END LOOP / ... close blocks we don't count.
_NOT_CLOSING_END = {"IF", "LOOP", "WHILE", "REPEAT"}


def split_statements(script: str) -> list[Statement]:
    """Return the script's statements in order; comment-only fragments are dropped."""
    statements: list[Statement] = []
    start = 0
    depth = 0  # BEGIN/CASE nesting inside a compound statement body
    i, n = 0, len(script)
    while i < n:
        ch = script[i]
        nxt = script[i + 1] if i + 1 < n else ""
        if ch in "'\"`":
            i = _skip_quoted(script, i)
            continue
        if ch == "#" or (ch == "-" and nxt == "-" and (i + 2 >= n or script[i + 2] in " \t\r\n")):
            end = script.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch == "/" and nxt == "*":
            end = script.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch.isalpha() or ch == "_":
            match = _WORD.match(script, i)
            assert match is not None
            word = match.group().upper()
            if word in ("BEGIN", "CASE", "END") and _COMPOUND.match(_strip_comments(script[start:i])):
                if word == "END":
                    if _next_word(script, match.end()) not in _NOT_CLOSING_END:
                        depth = max(0, depth - 1)
                else:
                    depth += 1
            i = match.end()
            continue
        if ch == ";" and depth == 0:
            _add(statements, script, start, i)
            start = i + 1
        i += 1
    _add(statements, script, start, n)
    return statements


def _add(statements: list[Statement], script: str, start: int, end: int) -> None:
    text = script[start:end]
    if not _strip_comments(text).strip():
        return
    lead = len(text) - len(text.lstrip())
    line = script.count("\n", 0, start + lead) + 1
    statements.append(Statement(sql=text.strip(), line=line))


def _skip_quoted(script: str, i: int) -> int:
    """Index just past the literal or quoted identifier opening at ``i``."""
    quote = script[i]
    j, n = i + 1, len(script)
    while j < n:
        ch = script[j]
        if ch == "\\" and quote != "`":
            j += 2
            continue
        if ch == quote:
            if j + 1 < n and script[j + 1] == quote:  # doubled quote: an escaped quote
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _next_word(script: str, i: int) -> str:
    match = _WORD.search(script, i)
    if match is None or script[i : match.start()].strip():
        return ""
    return match.group().upper()


def _strip_comments(text: str) -> str:
    """The text with comments removed (literals kept), for checks on what a fragment holds."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in "'\"`":
            j = _skip_quoted(text, i)
            out.append(text[i:j])
            i = j
        elif ch == "#" or (ch == "-" and nxt == "-" and (i + 2 >= n or text[i + 2] in " \t\r\n")):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            out.append("\n")
        elif ch == "/" and nxt == "*" and not text.startswith("/*!", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        else:
            out.append(ch)
            i += 1
    return "".join(out)
