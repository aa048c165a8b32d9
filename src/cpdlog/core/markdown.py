"""The bits of Markdown cpdlog reads and writes: comments, headings, escapes.

One pattern for an HTML comment (a `<!--` left open runs to the end of the
text, so a stray one hides what follows instead of leaking half a comment),
one for a heading line, and the escapes that keep a user's text from turning
into Markdown structure when it is placed in a table cell or a document.
"""

import re

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A heading line: up to 3 spaces, 1-6 `#`, then a space or the end of line.
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def without_comments(text: str, replacement: str = " ") -> str:
    """text with each HTML comment replaced (by a space: `a<!-- x -->b` is
    two words)."""
    return COMMENT.sub(replacement, text)


# Characters that start Markdown structure or inline markup. HTML's `<` and
# `&` are escaped too, so a title's `<b>` is shown, never rendered.
_INLINE = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_LINE_START = re.compile(r"^([ \t]*)(\d+)([.)])", re.MULTILINE)


def escape_inline(text: str) -> str:
    """User text shown literally inside a Markdown line or table cell: one
    line, and every character Markdown (or HTML in it) would interpret
    backslash-escaped."""
    one_line = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    if escaped.startswith(("-", "=")):
        escaped = "\\" + escaped
    return _LINE_START.sub(r"\1\2\\\3", escaped)


_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def escape_block(text: str) -> str:
    """A user's multi-line text (a reflection) placed in a document as it
    was written, except that no line can become a heading (`# x`, or a
    `===`/`---` line under text) and no `<` can start raw HTML."""
    lines = []
    for line in text.split("\n"):
        if HEADING.match(line) or _SETEXT.match(line):
            stripped = line.lstrip(" ")
            line = line[: len(line) - len(stripped)] + "\\" + stripped
        lines.append(line.replace("<", "\\<"))
    return "\n".join(lines)
