"""Markdown: reads well as it is, pasted into a plain web form."""

import re
from typing import Any

from cpdlog.core.duration import hours_text
from cpdlog.render.export import pksb_table
from cpdlog.render.export.common import (
    areas_text,
    details,
    header_facts,
    statement_body,
    when,
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    one_line = " ".join(text.split())
    return one_line.replace("\\", "\\\\").replace("|", "\\|")


def _demoted(body: str) -> str:
    """The statement's headings one level down, under the export's own."""
    return re.sub(r"^( {0,3})(#{1,5})(?=[ \t]|$)", r"\1#\2", body, flags=re.MULTILINE)


_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _under_activity(text: str) -> str:
    """A reflection's own headings (a model's `### What?`) moved down so
    that the highest is level 4, under the activity's `###` (issue 18);
    lines inside fenced code are left as they are."""
    lines = text.split("\n")
    headings: list[tuple[int, str, int]] = []  # (line number, indent, level)
    fenced = False
    for number, line in enumerate(lines):
        match = None if fenced else _HEADING.match(line)
        if _FENCE.match(line):
            fenced = not fenced
        elif match:
            headings.append((number, match[1], len(match[2])))
    shift = max(0, 4 - min((level for _, _, level in headings), default=4))
    for number, indent, level in headings if shift else ():
        rest = lines[number][len(indent) + level :]
        lines[number] = indent + "#" * min(6, level + shift) + rest
    return "\n".join(lines)


def render(submission: Any) -> str:
    report = submission.report
    title = "CPD record"
    name = report.person.get("name")
    if isinstance(name, str) and name.strip():
        title += f": {' '.join(name.split())}"
    out = [f"# {title}", ""]
    out += [f"- {label}: {value}" for label, value in header_facts(report)]
    out += ["", "## Activities", ""]
    if submission.activities:
        out += ["| Date | Title | Type | Hours | Areas |", "|---|---|---|---:|---|"]
        for activity in submission.activities:
            out.append(
                f"| {when(activity)} | {_cell(activity.title)} | {activity.type} | "
                f"{hours_text(activity.minutes)} | {areas_text(activity)} |"
            )
        out.append(f"| | Total | | {hours_text(report.minutes)} | |")
    else:
        out.append("No activities in this period.")
    out += pksb_table.markdown(submission.pksb)
    out += ["", "## Reflective statement", ""]
    if submission.statement_is_draft:
        out += [
            "(No statement.md yet: these are the headings of a fresh draft; "
            "write it with `cpdlog statement draft`.)",
            "",
        ]
    out.append(_demoted(statement_body(submission.statement)).rstrip("\n"))
    out += ["", "## Reflections", ""]
    for activity in submission.activities:
        out.append(
            f"### {activity.date}: {' '.join(activity.title.split())} ({activity.id})"
        )
        out.append("")
        out += [" · ".join(details(activity)), ""]
        for label, text in (
            ("Description", activity.description),
            ("Reflection", _under_activity(activity.reflection or "")),
        ):
            if text and text.strip():
                out += [f"{label}:", "", text.strip(), ""]
        if not (activity.reflection or "").strip():
            out += ["No reflection recorded.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
