"""HTML: one self-contained page that prints cleanly to A4.

No scripts and no external files: inline CSS (with a print stylesheet) and
two inline SVG charts, hours by month and hours by area. Every piece of
user text goes through html.escape, so a title such as
`<script>alert(1)</script>` shows as text.
"""

import re
from html import escape
from typing import Any

from cpdlog.core.catalogue import AREAS
from cpdlog.core.duration import hours_text
from cpdlog.render.export import pksb_table
from cpdlog.render.export.common import (
    areas_text,
    details,
    header_facts,
    statement_body,
    when,
)

_CSS = """
:root { --ink: #1d2430; --muted: #5b6473; --line: #d5d9e0; --bar: #2f6f9f;
        --area: #3c8d5a; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem;
     margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
           margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.charts figure { margin: 0; }
figcaption { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
tr.total td { font-weight: bold; border-bottom: none; }
.meta { color: var(--muted); margin: 0 0 .3rem; }
.text { white-space: pre-wrap; margin: 0 0 .6rem; }
.statement { border-left: 3px solid var(--line); padding-left: 1rem; }
.note { color: var(--muted); font-style: italic; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, .activity, figure { break-inside: avoid; }
}
"""


def _svg_bars(rows: list[tuple[str, int]], color: str, label: str) -> str:
    """A horizontal bar chart of (name, minutes) rows as inline SVG."""
    width, bar_left, row_height = 300, 100, 18
    top = max((minutes for _, minutes in rows), default=0) or 1
    height = row_height * len(rows) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
    ]
    for index, (name, minutes) in enumerate(rows):
        y = index * row_height + 3
        length = round((width - bar_left - 50) * minutes / top)
        parts.append(
            f'<text x="{bar_left - 6}" y="{y + 12}" font-size="11" '
            f'text-anchor="end" fill="#5b6473">{escape(name)}</text>'
            f'<rect x="{bar_left}" y="{y + 2}" width="{length}" height="12" '
            f'fill="{color}"/>'
            f'<text x="{bar_left + length + 4}" y="{y + 12}" font-size="11" '
            f'fill="#1d2430">{hours_text(minutes)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _statement_html(text: str) -> str:
    """A small Markdown subset: headings, lists and paragraphs, all escaped."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            html.append(f"<p>{escape(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            html.append(
                "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
            )
            items.clear()

    for line in statement_body(text).splitlines():
        heading = re.match(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$", line)
        item = re.match(r"^\s*[-*+]\s+(.*)$", line)
        if heading:
            flush()
            level = min(6, len(heading[1]) + 2)
            html.append(f"<h{level}>{escape(heading[2])}</h{level}>")
        elif item:
            if paragraph:
                flush()
            items.append(item[1])
        elif line.strip():
            if items:
                flush()
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return "\n".join(html)


def _activities_table(report: Any) -> str:
    rows = []
    for activity in report.activities:
        rows.append(
            f'<tr><td class="date">{when(activity, "<br>to ")}</td>'
            f"<td>{escape(activity.title)}</td>"
            f"<td>{escape(activity.type)}</td>"
            f'<td class="num">{hours_text(activity.minutes)}</td>'
            f"<td>{escape(areas_text(activity))}</td></tr>"
        )
    if not rows:
        return '<p class="note">No activities in this period.</p>'
    return (
        "<table><thead><tr><th>Date</th><th>Title</th><th>Type</th>"
        '<th class="num">Hours</th><th>Areas</th></tr></thead><tbody>'
        + "".join(rows)
        + '<tr class="total"><td></td><td>Total</td><td></td>'
        f'<td class="num">{hours_text(report.minutes)}</td><td></td></tr>'
        "</tbody></table>"
    )


def _reflections(activities: Any) -> str:
    parts = []
    for activity in activities:
        meta = details(activity)
        parts.append('<div class="activity">')
        parts.append(
            f"<h3>{activity.date}: {escape(activity.title)} "
            f"<small>({escape(activity.id)})</small></h3>"
        )
        parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
        if activity.description and activity.description.strip():
            parts.append(f'<p class="text">{escape(activity.description.strip())}</p>')
        if activity.reflection and activity.reflection.strip():
            parts.append(f'<p class="text">{escape(activity.reflection.strip())}</p>')
        else:
            parts.append('<p class="note">No reflection recorded.</p>')
        parts.append("</div>")
    return "\n".join(parts)


def render(submission: Any) -> str:
    report = submission.report
    name = report.person.get("name")
    title = "CPD record" + (
        f": {name}" if isinstance(name, str) and name.strip() else ""
    )
    facts = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
        for label, value in header_facts(report)
    )
    months = [(key, minutes) for key, minutes in report.by_month]
    areas = [(area.label, report.by_area[area.name]) for area in AREAS]
    draft_note = (
        '<p class="note">No statement.md yet: these are the headings of a fresh '
        "draft (cpdlog statement draft).</p>"
        if submission.statement_is_draft
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<dl class="facts">{facts}</dl>
</header>
<section class="charts">
<figure>{_svg_bars(months, "#2f6f9f", "Hours by month")}
<figcaption>Hours by month</figcaption></figure>
<figure>{_svg_bars(areas, "#3c8d5a", "Hours by area")}
<figcaption>Hours by area (an activity counts in each of its areas)</figcaption>
</figure>
</section>
<h2>Activities</h2>
{_activities_table(report)}
{pksb_table.html(submission.pksb)}<h2>Reflective statement</h2>
{draft_note}
<div class="statement">
{_statement_html(submission.statement)}
</div>
<h2>Reflections</h2>
{_reflections(submission.activities)}
</body>
</html>
"""
