"""The reflective statement: the one word counter, sections, and the draft.

The word count is the SPEC's rule, used by `status`, `statement check` and
export alike: drop HTML comments (each counts as a space) and heading lines,
split on whitespace, count the pieces holding a letter or a digit (Unicode
categories L* and N*). An unclosed `<!--` runs to the end of the text.
"""

import re
import unicodedata
from typing import NamedTuple

from cpdlog.core.catalogue import AREAS

REQUIRED = tuple(area.heading for area in AREAS)

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def _is_word(piece: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in piece)


def _without_comments(text: str) -> str:
    return _COMMENT.sub(" ", text)


def _words(lines: list[str]) -> int:
    return sum(_is_word(piece) for line in lines for piece in line.split())


def count_words(text: str) -> int:
    """The number of words by the SPEC's rule."""
    return _words(
        [
            line
            for line in _without_comments(text).split("\n")
            if not _HEADING.match(line)
        ]
    )


class Count(NamedTuple):
    """The words of a statement: in all, per section, and against the limit."""

    words: int
    limit: int
    sections: dict[str, int]  # heading text -> words; missing required ones: 0

    @property
    def over(self) -> bool:
        return self.words > self.limit

    @property
    def empty(self) -> list[str]:
        """The required sections with no words (missing ones included)."""
        found = {_key(heading): heading for heading in self.sections}
        return [
            found.get(_key(name), name)
            for name in REQUIRED
            if self.sections.get(found.get(_key(name), name), 0) == 0
        ]


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split())


def count_sections(text: str, limit: int) -> Count:
    """Count the words of a statement, in all and under each ## heading."""
    sections: dict[str, int] = {}
    current: str | None = None
    level = 0
    lines: list[str] = []

    def close() -> None:
        # A # heading ends the section before it but is not one we report.
        if current is not None and level == 2:
            sections[current] = sections.get(current, 0) + _words(lines)

    for line in _without_comments(text).split("\n"):
        match = _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        if len(match[1]) <= 2:
            close()
            current, lines = (match[2] or "").rstrip("#").strip(), []
            level = len(match[1])
    close()
    present = {_key(heading) for heading in sections}
    for name in REQUIRED:
        if _key(name) not in present:
            sections[name] = 0
    return Count(count_words(text), limit, sections)
