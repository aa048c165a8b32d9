"""Markdown: reads well as it is, pasted into a plain web form.

User text is placed so that Markdown shows it as written (issue 12, item
22): titles, table cells and one-line values are escaped inline; the
description and reflection keep their lines but can add no heading and no
raw HTML. The statement is the user's own Markdown and stays Markdown,
its headings one level down under the export's own.
"""

import re
from typing import Any
from urllib.parse import quote

from cpdlog.core.duration import hours_short
from cpdlog.core.markdown import escape_block, escape_inline
from cpdlog.render.export import pksb_table
from cpdlog.render.export.common import (
    AREA_LABELS,
    TYPE_LABELS,
    details,
    evidence_items,
    header_facts,
    statement_body,
    when,
)


def _demoted(body: str) -> str:
    """The statement's headings one level down, under the export's own."""
    return re.sub(r"^( {0,3})(#{1,5})(?=[ \t]|$)", r"\1#\2", body, flags=re.MULTILINE)


def _table(submission: Any) -> list[str]:
    if not submission.activities:
        return ["No activities in this period."]
    out = ["| Date | Title | Type | Hours | Areas |", "|---|---|---|---:|---|"]
    for activity in submission.activities:
        areas = ", ".join(AREA_LABELS.get(a, a) for a in activity.areas)
        kind = TYPE_LABELS.get(activity.type, activity.type)
        out.append(
            f"| {when(activity)} | {escape_inline(activity.title)} | {kind} | "
            f"{hours_short(activity.minutes)} | {areas} |"
        )
    out.append(f"| | Total | | {hours_short(submission.report.minutes)} | |")
    return out


def _evidence(activity: Any) -> list[str]:
    lines = []
    for item in evidence_items(activity):
        if item.kind == "file":
            target = quote(item.target, safe="/")
            lines.append(f"- [{escape_inline(item.text)}]({target})")
        elif item.kind == "link":
            lines.append(f"- <{item.target}>")
        else:
            lines.append(f"- {escape_inline(item.text)}")
    return lines


def _activity(activity: Any) -> list[str]:
    out = [f"### {activity.date}: {escape_inline(activity.title)}", ""]
    out += [escape_inline(" · ".join(details(activity))), ""]
    for label, text in (
        ("Description", activity.description),
        ("Reflection", activity.reflection),
    ):
        if text and text.strip():
            out += [f"{label}:", "", escape_block(text.strip()), ""]
    if not (activity.reflection or "").strip():
        out += ["No reflection recorded.", ""]
    if activity.pksb:
        out += [f"PKSB: {escape_inline('; '.join(activity.pksb))}", ""]
    if activity.evidence:
        out += ["Evidence:", "", *_evidence(activity), ""]
    return out


def render(submission: Any) -> str:
    report = submission.report
    title = "CPD record"
    name = report.person.get("name")
    if isinstance(name, str) and name.strip():
        title += f": {escape_inline(name)}"
    out = [f"# {title}", ""]
    out += [
        f"- {label}: {escape_inline(value)}"
        for label, value in header_facts(submission)
    ]
    out += ["", "## Activities", "", *_table(submission)]
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
        out += _activity(activity)
    return "\n".join(out).rstrip("\n") + "\n"
