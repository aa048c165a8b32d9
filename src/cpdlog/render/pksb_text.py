"""`cpdlog pksb`, `pksb areas` and `ideas` for a person: plain lines of text.

Each function lays its output out for a terminal `width` columns wide (down
to 40) and returns (style, line) pairs, no line wider than that, for
`ui.print_lines`. The assessment is a table (on narrow terminals one block
per area) and a picture: a bar per rated area, its latest level filled and
the way to its target shaded.
"""

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cpdlog.core.duration import hours_short
from cpdlog.errors import shown

if TYPE_CHECKING:
    from cpdlog.core.ideas import Idea
    from cpdlog.core.period import Period
    from cpdlog.core.pksb import AreaRow, Framework, LevelOn

Line = tuple[str, str]
_HEADERS = ("First", "Latest", "Target", "Gap", "Hours", "Acts")
_AREA_MIN = 20  # the table needs this much for the area column, else blocks
_LEVELS = 4
_NAMES_MAX = 40  # longer names fold, so the bars stay near them
FILLED, TO_GO, EMPTY = "█", "▒", "░"


def _name(text: str) -> str:
    """An area's name on one line, any control character made visible."""
    return shown(" ".join(text.split()))


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        max(1, width),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _level_on(value: "LevelOn | None") -> str:
    return "-" if value is None else f"{value.level} {value.date}"


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def assessment_lines(
    rows: Sequence["AreaRow"], period: "Period", width: int
) -> list[Line]:
    """The whole `cpdlog pksb` view."""
    lines: list[Line] = [
        ("bold", "PKSB self-assessment (levels 0 to 4)"),
        *(("dim", line) for line in _wrap(
            f"Hours and activities of {period.start} to {period.end}; the largest "
            "gaps first.", width)),
        ("", ""),
    ]  # fmt: skip
    cells = [_cells(row) for row in rows]
    fixed = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(_HEADERS)]
    area = width - sum(fixed) - 2 * len(fixed)
    lines += (
        _table(rows, cells, fixed, area) if area >= _AREA_MIN else _blocks(rows, width)
    )
    rated = [row for row in rows if row.latest is not None]
    if rated:
        lines += [("", ""), *picture_lines(rated, width)]
    return lines


def _cells(row: "AreaRow") -> list[str]:
    return [
        _level_on(row.first),
        _level_on(row.latest),
        _number(row.target),
        _number(row.gap),
        hours_short(row.minutes),
        str(len(row.activity_ids)),
    ]


def _table(
    rows: Sequence["AreaRow"], cells: list[list[str]], fixed: list[int], area: int
) -> list[Line]:
    """Area, first, latest, target, gap, hours, activities: a long name
    folds within its column."""

    def line(name: str, values: Sequence[str]) -> str:
        parts = [name.ljust(area)]
        for i, value in enumerate(values):
            parts.append(value.ljust(fixed[i]) if i < 2 else value.rjust(fixed[i]))
        return "  ".join(parts).rstrip()

    out: list[Line] = [("bold", line("Area", _HEADERS))]
    for row, values in zip(rows, cells, strict=True):
        names = _wrap(_name(row.area), area)
        out.append(("", line(names[0], values)))
        out += [("", name) for name in names[1:]]
    return out


def _blocks(rows: Sequence["AreaRow"], width: int) -> list[Line]:
    """Narrow terminals: the area's name, then its figures folded below."""
    out: list[Line] = []
    for row in rows:
        out += [("bold", name) for name in _wrap(_name(row.area), width)]
        count = len(row.activity_ids)
        figures = (
            f"{hours_short(row.minutes)} h, {count} "
            f"{'activity' if count == 1 else 'activities'}"
        )
        if row.first is not None and row.latest is not None:
            figures = (
                f"first {row.first.level} on {row.first.date}, latest "
                f"{row.latest.level} on {row.latest.date}, target "
                f"{_number(row.target)}, gap {_number(row.gap)}; {figures}"
            )
        else:
            figures = f"not rated; {figures}"
        out += [("", line) for line in _wrap(figures, width, "  ")]
    return out


def bar(level: int, target: int | None, cell: int) -> str:
    """Levels 1-4 as cells: the latest level filled, the rest up to the
    target shaded, the rest empty."""
    parts = []
    for step in range(1, _LEVELS + 1):
        if step <= level:
            parts.append(FILLED * cell)
        elif target is not None and step <= target:
            parts.append(TO_GO * cell)
        else:
            parts.append(EMPTY * cell)
    return "".join(parts)


def picture_lines(rows: Sequence["AreaRow"], width: int) -> list[Line]:
    """A bar per rated area: its latest level against its target."""
    cell = 3 if width >= 60 else 2
    size = cell * _LEVELS
    out: list[Line] = [("bold", "Latest level against target")]
    labels = [
        f"{row.latest.level}" + ("" if row.target is None else f"→{row.target}")
        for row in rows
        if row.latest is not None
    ]
    label_width = max(len(label) for label in labels)
    names_width = width - size - label_width - 2
    wanted = max(len(_name(row.area)) for row in rows)
    names_width = min(names_width, wanted, _NAMES_MAX)
    for row, label in zip(rows, labels, strict=True):
        assert row.latest is not None  # only rated rows are drawn
        drawn = f"{bar(row.latest.level, row.target, cell)} {label}"
        names = _wrap(_name(row.area), names_width)
        out.append(("", f"{names[0].ljust(names_width)} {drawn}".rstrip()))
        out += [("", name) for name in names[1:]]
    legend = (
        f"{FILLED} the latest level, {TO_GO} still to go to the target, "
        f"{EMPTY} up to level 4"
    )
    out += [("dim", line) for line in _wrap(legend, width)]
    return out


def areas_lines(framework: "Framework", width: int) -> list[Line]:
    """`cpdlog pksb areas`: the areas by group, codes before names."""
    edition = framework.edition or "PKSB"
    out: list[Line] = [
        ("bold", line)
        for line in _wrap(f"{edition}: {len(framework)} areas (names only)", width)
    ]
    group: str | None = ""
    for area in framework:
        if area.group != group:
            group = area.group
            out.append(("", ""))
            out += [("bold", line) for line in _wrap(group or "Other areas", width)]
        name = f"{area.code} {area.name}" if area.code else area.name
        out += [("", line) for line in _wrap(_name(name), width, "  ")]
    return out


def ideas_lines(found: Sequence["Idea"], width: int) -> list[Line]:
    """`cpdlog ideas`: each gap, then its activity types and their ideas."""
    out: list[Line] = []
    for number, idea in enumerate(found, 1):
        if number > 1:
            out.append(("", ""))
        head = f"{number}. "
        wrapped = _wrap(idea.gap, width - len(head))
        out.append(("bold", head + wrapped[0]))
        out += [("bold", " " * len(head) + line) for line in wrapped[1:]]
        for suggestion in idea.suggestions:
            out.append(("", f"   - {suggestion.type}"))
            out += [("dim", line) for line in _wrap(suggestion.idea, width, "     ")]
    return out
