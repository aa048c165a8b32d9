"""The PKSB table of the md and html exports (and so of the pack).

One row per area the assessment holds (rated, or mapped by the period's
activities): the first rating with its date, the latest with its date, the
target and the period's hours. Shown only when some area has a rating; the
HTML adds a bar of the latest level against the target (inline SVG, so the
page stays self-contained).
"""

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from cpdlog.core.duration import hours_short
from cpdlog.core.markdown import escape_inline

if TYPE_CHECKING:
    from cpdlog.core.pksb import AreaRow, LevelOn

HEADING = "PKSB self-assessment"
_NOWRAP = ' style="white-space: nowrap"'  # a rating and its date stay on one line
_NOTE = "Levels 0 to 4; hours are the period's activities mapped to each area."


def rated(rows: Sequence["AreaRow"]) -> bool:
    """Whether the table is shown: some area has a rating."""
    return any(row.latest is not None for row in rows)


def _level(value: "LevelOn | None") -> str:
    return "-" if value is None else f"{value.level} ({value.date})"


def _cells(row: "AreaRow") -> tuple[str, str, str, str]:
    target = "-" if row.target is None else str(row.target)
    return _level(row.first), _level(row.latest), target, hours_short(row.minutes)


def markdown(rows: Sequence["AreaRow"]) -> list[str]:
    """The section's lines ([] when no area is rated), a blank line first."""
    if not rated(rows):
        return []
    out = ["", f"## {HEADING}", "", _NOTE, ""]
    out += [
        "| Area | First rating | Latest rating | Target | Hours |",
        "|---|---|---|---:|---:|",
    ]
    for row in rows:
        first, latest, target, hours = _cells(row)
        out.append(
            f"| {escape_inline(row.area)} | {first} | {latest} | {target} | {hours} |"
        )
    return out


def _svg_bar(row: "AreaRow") -> str:
    """Four cells: the latest level filled, the rest up to the target shaded."""
    latest = 0 if row.latest is None else row.latest.level
    parts = []
    for step in range(4):
        if step < latest:
            fill = "#2f6f9f"
        elif row.target is not None and step < row.target:
            fill = "#b9d3e6"
        else:
            fill = "#eceff3"
        parts.append(
            f'<rect x="{step * 16}" y="2" width="14" height="10" fill="{fill}"/>'
        )
    label = f"latest {latest}" + (
        "" if row.target is None else f", target {row.target}"
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="14" '
        f'viewBox="0 0 64 14" role="img" aria-label="{label}">{"".join(parts)}</svg>'
    )


def html(rows: Sequence["AreaRow"]) -> str:
    """The section as HTML ("" when no area is rated); all text escaped."""
    if not rated(rows):
        return ""
    body = []
    for row in rows:
        first, latest, target, hours = _cells(row)
        picture = "" if row.latest is None else _svg_bar(row)
        body.append(
            f"<tr><td>{escape(row.area)}</td><td{_NOWRAP}>{first}</td>"
            f"<td{_NOWRAP}>{latest}</td>"
            f'<td class="num">{target}</td><td>{picture}</td>'
            f'<td class="num">{hours}</td></tr>'
        )
    return (
        f"<h2>{HEADING}</h2>\n"
        f'<p class="meta">{_NOTE} The bar shows the latest level, with the way '
        "to the target shaded.</p>\n"
        "<table><thead><tr><th>Area</th><th>First rating</th>"
        '<th>Latest rating</th><th class="num">Target</th><th>Level</th>'
        f'<th class="num">Hours</th></tr></thead><tbody>{"".join(body)}'
        "</tbody></table>\n"
    )
