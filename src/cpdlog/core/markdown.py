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


# Characters that make Markdown inline markup anywhere in a line: code,
# emphasis, links and images (`[`), raw HTML and autolinks (`<`), table
# cells, strikethrough, and `&` where it would start an entity (`&amp;`).
# Parentheses, `#`, `+` and `!` mean something only after an escaped `]`,
# at the start of a line, or before an escaped `[`, so plain titles such as
# "Data protection (GDPR)" stay readable as plain text too.
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_ORDERED = re.compile(r"\A(\d{1,9})([.)])(?=[ \t]|\Z)")


def escape_inline(text: str) -> str:
    """User text shown literally inside a Markdown line or table cell: one
    line, and every character Markdown (or HTML in it) would interpret
    backslash-escaped, including what would start a block at the start of
    a line (a heading, a list item, a quote, a setext underline)."""
    one_line = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    ordered = _ORDERED.match(escaped)
    if ordered:
        return f"{ordered[1]}\\{ordered[2]}{escaped[ordered.end() :]}"
    if escaped.startswith(("#", "+", "-", "=")):
        escaped = "\\" + escaped
    return escaped


# What may open a line before its content: quote markers, list markers
# and indentation (a heading inside a quote or a list item is a heading).
_CONTAINERS = re.compile(
    r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*"
)
_HEADING_START = re.compile(r"#{1,6}(?:[ \t]|$)")
_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_BEFORE_TAG = re.compile(r"(\\*)<")


def escape_block(text: str) -> str:
    """A user's multi-line text (a reflection) placed in a document as it
    was written, except that no line can become a heading (`# x`, also in
    a quote or a list item, or a `===`/`---` line under text) and no `<`
    can start raw HTML."""
    lines = []
    for line in text.split("\n"):
        if _UNDERLINE.fullmatch(line):
            start = len(line) - len(line.lstrip(" \t"))
            line = line[:start] + "\\" + line[start:]
        else:
            prefix = _CONTAINERS.match(line)
            end = prefix.end() if prefix else 0
            if _HEADING_START.match(line, end):
                line = line[:end] + "\\" + line[end:]
        # `\<` escapes the `<`; backslashes the user typed before it are
        # doubled, so that `\<b>` cannot turn back into a tag.
        lines.append(_BEFORE_TAG.sub(lambda m: m[1] * 2 + "\\<", line))
    return "\n".join(lines)
