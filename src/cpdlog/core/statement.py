"""The reflective statement: the one word counter, its sections, and the draft.

The word count is the SPEC's rule, used by `status`, `statement check` and
export alike: drop HTML comments (each counts as a space) and heading lines,
split on whitespace, count the pieces holding a letter or a digit (Unicode
categories L* and N*). The sections a statement must have are the scheme's
(`[statement] sections`; by default the three areas).

A draft holds those headings in order; under each, cpdlog's material (the
period's activities for that section's area, most hours first, prompts and
the user's own reflections), all inside HTML comments that start with
`MARK`, so a fresh draft counts no words and `refresh` can find and rewrite
that material later without touching a word the user wrote.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple, Protocol

from cpdlog.core.catalogue import AREAS, Area
from cpdlog.core.duration import hours_short
from cpdlog.core.markdown import COMMENT, HEADING, without_comments

DEFAULT_SECTIONS = tuple(area.heading for area in AREAS)
MARK = "cpdlog:"  # the first word of every comment cpdlog writes in a draft


def _is_word(piece: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in piece)


def _words(lines: Iterable[str]) -> int:
    return sum(_is_word(piece) for line in lines for piece in line.split())


def count_words(text: str) -> int:
    """The number of words by the SPEC's rule."""
    return _words(
        line for line in without_comments(text).split("\n") if not HEADING.match(line)
    )


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split())


class Count(NamedTuple):
    """The words of a statement: in all, per section, and against the limit
    (None when the scheme sets none)."""

    words: int
    limit: int | None
    sections: dict[str, int]  # heading text -> words; missing required ones: 0
    required: tuple[str, ...] = DEFAULT_SECTIONS

    @property
    def over(self) -> bool:
        return self.limit is not None and self.words > self.limit

    @property
    def empty(self) -> list[str]:
        """The required sections with no words (missing ones included)."""
        found = {_key(heading): heading for heading in self.sections}
        return [
            found.get(_key(name), name)
            for name in self.required
            if self.sections.get(found.get(_key(name), name), 0) == 0
        ]


def count_sections(
    text: str, limit: int | None, required: Sequence[str] = DEFAULT_SECTIONS
) -> Count:
    """Count the words of a statement, in all and under each ## heading."""
    sections: dict[str, int] = {}
    current: str | None = None
    level = 0
    lines: list[str] = []

    def close() -> None:
        # A # heading ends the section before it but is not one we report.
        if current is not None and level == 2:
            sections[current] = sections.get(current, 0) + _words(lines)

    for line in without_comments(text).split("\n"):
        match = HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        if len(match[1]) <= 2:
            close()
            current, lines = (match[2] or "").rstrip("#").strip(), []
            level = len(match[1])
    close()
    present = {_key(heading) for heading in sections}
    for name in required:
        if _key(name) not in present:
            sections[name] = 0
    return Count(count_words(text), limit, sections, tuple(required))


class StatementState(NamedTuple):
    """The statement file as a report sees it."""

    path: Path
    exists: bool
    counted: Count
    text: str | None  # None when missing or unreadable


def verdict(count: Count) -> str | None:
    """The sentence that says why the statement is not ready, or None."""
    problems = []
    if count.over and count.limit is not None:
        problems.append(
            f"The statement has {count.words} words, {count.words - count.limit} "
            f"over the limit of {count.limit}."
        )
    for heading in count.empty:
        problems.append(f"The section '{heading}' is empty.")
    return " ".join(problems) or None


# --- the draft ---------------------------------------------------------------


class Drafted(Protocol):
    """What the draft needs of an activity (an Activity model)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def title(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def minutes(self) -> int: ...
    @property
    def areas(self) -> Sequence[str]: ...
    @property
    def reflection(self) -> str | None: ...


_PROMPTS = {
    "personal": (
        "CILIP asks how you identified areas to improve in your own performance "
        "and what you did about them.",
        "Which skill or habit did you set out to improve this year, and why?",
        "Which activity below changed how you work? What is the evidence?",
        "What will you do next to keep it going?",
    ),
    "organisational": (
        "CILIP asks how you examined your organisation's context and helped "
        "your service or organisation perform better.",
        "What did you learn about how your service performs or is used?",
        "What did you change, propose or share at work because of it?",
        "What difference did it make to users or colleagues?",
    ),
    "wider": (
        "CILIP asks how you widened your knowledge of the library and "
        "information profession beyond your own workplace.",
        "What did you learn about the wider sector, its trends or its debates?",
        "Whom did you meet, follow or help outside your organisation?",
        "How will this knowledge shape your practice or career?",
    ),
}
_GENERAL = (
    "Your scheme asks for this section.",
    "What did you do and learn that belongs here?",
    "What changed in your practice because of it? What is the evidence?",
    "What will you do next?",
)


def _safe(text: str) -> str:
    """User text that cannot close or open the comment it is placed in."""
    return text.replace("-->", "-- >").replace("<!--", "<! --")


def _activity_lines(activity: Drafted) -> list[str]:
    line = (
        f"- {activity.date} {activity.title} ({activity.type}, "
        f"{hours_short(activity.minutes)} h) [{activity.id}]"
    )
    lines = [_safe(line)]
    reflection = (activity.reflection or "").strip()
    if reflection:
        lines.append("  Your reflection:")
        for part in reflection.splitlines():
            lines += textwrap.wrap(
                _safe(part), 76, initial_indent="    ", subsequent_indent="    "
            ) or [""]
    else:
        lines.append(f"  (no reflection yet: cpdlog reflect {activity.id})")
    return lines


def _area_of(heading: str) -> Area | None:
    return next((a for a in AREAS if _key(a.heading) == _key(heading)), None)


def title_line(start: date, end: date) -> str:
    return f"# Reflective statement: {start} to {end}"


_TITLE = re.compile(r"\A# Reflective statement: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$")


def _header(limit: int | None, activities: Sequence[Drafted]) -> list[str]:
    words = f"at most {limit} words" if limit else "a few paragraphs"
    out = [
        f"<!-- {MARK} guidance and material, not counted.",
        f"Write {words} on how you developed, in your own words, under the "
        "headings below.",
        "Everything inside these comments is material and is not counted; "
        "delete it when you are done, or refresh it with "
        "cpdlog statement draft --refresh.",
        "Count the words with: cpdlog statement check",
    ]
    unmapped = [a for a in activities if not a.areas]
    if unmapped:
        out.append("Activities of the period not yet mapped to an area:")
        for activity in unmapped:
            out += _activity_lines(activity)
    return [*out, "-->"]


def _material(heading: str, activities: Sequence[Drafted]) -> list[str]:
    area = _area_of(heading)
    prompts = _PROMPTS[area.name] if area else _GENERAL
    out = [f"<!-- {MARK} material for this section, not counted.", prompts[0]]
    out += ["Prompts:", *(f"- {prompt}" for prompt in prompts[1:])]
    if area is None:
        return [*out, "-->"]
    chosen = sorted(
        (a for a in activities if area.name in a.areas),
        key=lambda a: (-a.minutes, a.date, a.title),
    )
    if chosen:
        total = sum(a.minutes for a in chosen)
        out.append(
            f"Your activities for this area ({hours_short(total)} h, most hours first):"
        )
        for activity in chosen:
            out += _activity_lines(activity)
    else:
        out.append(
            "No activity of the period is mapped to this area yet "
            f"(cpdlog add ... --area {area.name})."
        )
    return [*out, "-->"]


def draft_statement(
    start: date,
    end: date,
    limit: int | None,
    sections: Sequence[str],
    activities: Sequence[Drafted],
) -> str:
    """The Markdown skeleton of the statement for the period start..end."""
    out = [title_line(start, end), "", *_header(limit, activities), ""]
    for heading in sections:
        out += [f"## {heading}", "", *_material(heading, activities), "", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- refreshing a draft the user has written in ---------------------------


def _generated(comment: str) -> bool:
    """Whether a comment is cpdlog's material: marked, or as drafts before
    the mark began (their first line was one of these)."""
    body = comment[4:].lstrip()
    legacy = ("Write at most ", *(p[0] for p in _PROMPTS.values()))
    return body.startswith(MARK) or body.startswith(legacy)


# A comment, or a line that starts a section (# title or ## heading).
_PIECES = re.compile(rf"{COMMENT.pattern}|^ {{0,3}}##?[ \t][^\n]*$", re.DOTALL | re.M)


def refresh_statement(
    text: str,
    start: date,
    end: date,
    limit: int | None,
    sections: Sequence[str],
    activities: Sequence[Drafted],
) -> str:
    """text with cpdlog's material rewritten for the period and every other
    character kept in place: each generated comment is replaced by the fresh
    material of the section it sits in (the header's before the first ##);
    a section that lost its material gets it back under its heading, and a
    required section that is missing is added at the end."""
    fresh = {_key(h): "\n".join(_material(h, activities)) for h in sections}
    header = "\n".join(_header(limit, activities))
    pieces, last, section, seen = [], 0, None, set()
    for match in _PIECES.finditer(text):
        piece = match.group(0)
        pieces.append(text[last : match.start()])
        last = match.end()
        if piece.lstrip().startswith("#"):
            pieces.append(_title(piece, start, end) if section is None else piece)
            heading = HEADING.match(piece.strip())
            name = (heading[2] or "").strip() if heading else ""
            section = _key(name) if piece.lstrip().startswith("## ") else ""
            continue
        if not _generated(piece):
            pieces.append(piece)
        elif not section:
            pieces.append(header)
        elif section in fresh and section not in seen:
            pieces.append(fresh[section])
            seen.add(section)
    pieces.append(text[last:])
    return _restore_missing("".join(pieces), sections, fresh, seen)


def _title(line: str, start: date, end: date) -> str:
    return title_line(start, end) if _TITLE.match(line) else line


def _restore_missing(
    text: str, sections: Sequence[str], fresh: dict[str, str], seen: set[str]
) -> str:
    for heading in sections:
        key = _key(heading)
        if key in seen:
            continue
        pattern = re.compile(rf"^ {{0,3}}##[ \t]+{re.escape(heading)}[ \t#]*$",
                             re.MULTILINE | re.IGNORECASE)  # fmt: skip
        match = pattern.search(text)
        if match:
            text = f"{text[: match.end()]}\n\n{fresh[key]}{text[match.end() :]}"
        else:
            text = text.rstrip("\n") + f"\n\n## {heading}\n\n{fresh[key]}\n"
    return text
