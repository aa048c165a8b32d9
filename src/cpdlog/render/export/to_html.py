"""HTML: the page an assessor reads, on screen or printed on A4.

One self-contained file: inline CSS (with a print stylesheet) and two
inline SVG charts, no scripts, no external files. Every piece of user text
goes through html.escape, so a title such as `<script>alert(1)</script>`
shows as text; only http and https links become links.

It opens with who, which scheme (by its title), the period, the hours
(2 decimals at most) and the statement's word count; then a table of the
activities, the statement, and each activity in full under labelled
headings (description, reflection, PKSB areas, evidence). Attached files
link to their home-relative path (`evidence/2026/...`), which is where
they sit beside this page in the home and in an audit pack; in a pack each
activity also links to its own file.
"""

import re
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import quote

from cpdlog.core.catalogue import AREAS
from cpdlog.core.duration import hours_short
from cpdlog.render.export import pksb_table
from cpdlog.render.export.common import (
    AREA_LABELS,
    TYPE_LABELS,
    details,
    evidence_items,
    header_facts,
    statement_body,
    statement_words,
    when,
)

_CSS = """
:root { --ink: #1d2430; --muted: #5b6473; --line: #d5d9e0; --soft: #f3f5f8;
        --bar: #2f6f9f; --area: #3c8d5a; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
a { color: #1f5d8c; }
h1 { font-size: 1.6rem; margin: 0 0 .6rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem;
     margin-top: 2rem; }
h2 .aside { font-size: .85rem; font-weight: normal; color: var(--muted);
            margin-left: .5rem; }
h3 { font-size: 1.02rem; margin: 0 0 .2rem; }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .06em;
          font-size: .8rem; margin: 0 0 .2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
           margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; margin-top: 1.2rem; }
.charts figure { margin: 0; }
figcaption { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; white-space: nowrap;
                 font-variant-numeric: tabular-nums; }
td.date, td.kind, td.areas { white-space: nowrap; }
td.areas { font-size: .85rem; color: var(--muted); }
tr.total td { font-weight: bold; border-bottom: none; }
.activity { border-top: 1px solid var(--line); padding: .7rem 0 .4rem; }
h2 + .activity { border-top: none; }
.meta { color: var(--muted); margin: 0 0 .4rem; font-size: .92rem; }
.activity dl { display: grid; grid-template-columns: 7.5rem 1fr; gap: .3rem .8rem;
               margin: 0; }
.activity dt { color: var(--muted); font-size: .88rem; padding-top: .05rem; }
.activity dd { margin: 0; }
.text { white-space: pre-wrap; }
.activity ul { margin: 0; padding-left: 1.1rem; }
.statement { border-left: 3px solid var(--line); padding-left: 1rem; }
.note { color: var(--muted); font-style: italic; }
.missing { color: var(--warn); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem;
         border-top: 1px solid var(--line); padding-top: .5rem; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr, .activity, figure { break-inside: avoid; }
}
"""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def _svg_bars(rows: list[tuple[str, int]], color: str, label: str) -> str:
    """A horizontal bar chart of (name, minutes) rows as inline SVG."""
    width, bar_left, row_height = 300, 110, 18
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
            f'fill="#1d2430">{hours_short(minutes)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _month_rows(report: Any) -> list[tuple[str, int]]:
    """("Nov 2025", minutes) per month of the period. A month the period
    only touches at its start or end is left out when it holds no hours
    (a period from 30 November has a one-day November)."""
    start, end = report.period.start, report.period.end
    rows = list(report.by_month)
    if rows and rows[0][1] == 0 and start.day != 1:
        rows = rows[1:]
    if rows and rows[-1][1] == 0 and (end + timedelta(days=1)).day != 1:
        rows = rows[:-1]
    return [
        (f"{_MONTHS[int(key[5:]) - 1]} {key[:4]}", minutes) for key, minutes in rows
    ]


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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


def _activities_table(submission: Any) -> str:
    report = submission.report
    rows = []
    for activity in submission.activities:
        areas = "<br>".join(escape(AREA_LABELS.get(a, a)) for a in activity.areas)
        kind = TYPE_LABELS.get(activity.type, activity.type)
        rows.append(
            f'<tr><td class="date">{when(activity, "<br>to ")}</td>'
            f"<td>{escape(activity.title)}</td>"
            f'<td class="kind">{escape(kind)}</td>'
            f'<td class="num">{hours_short(activity.minutes)}</td>'
            f'<td class="areas">{areas}</td></tr>'
        )
    if not rows:
        return '<p class="note">No activities in this period.</p>'
    return (
        "<table><thead><tr><th>Date</th><th>Activity</th><th>Type</th>"
        '<th class="num">Hours</th><th>Areas</th></tr></thead><tbody>'
        + "".join(rows)
        + '<tr class="total"><td></td><td>Total</td><td></td>'
        f'<td class="num">{hours_short(report.minutes)}</td><td></td></tr>'
        "</tbody></table>"
    )


def _evidence_list(activity: Any, pack: Any) -> str:
    items = []
    for item in evidence_items(activity):
        if item.kind == "note":
            items.append(f"<li>{escape(item.text)}</li>")
        elif item.kind == "link":
            items.append(
                f'<li><a href="{escape(item.target)}">{escape(item.text)}</a></li>'
            )
        elif pack is not None and item.target not in pack.evidence:
            items.append(
                f'<li>{escape(item.text)} <span class="missing">(missing: the '
                "file was not found when this pack was made)</span></li>"
            )
        else:
            href = escape(quote(item.target, safe="/"))
            items.append(f'<li><a href="{href}">{escape(item.text)}</a></li>')
    return "<ul>" + "".join(items) + "</ul>"


def _section(label: str, body: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{body}</dd>"


def _activity(activity: Any, pack: Any) -> str:
    meta = [_when_long(activity), *details(activity)]
    sections = []
    if activity.description and activity.description.strip():
        text = escape(activity.description.strip())
        sections.append(_section("Description", f'<div class="text">{text}</div>'))
    if activity.reflection and activity.reflection.strip():
        text = escape(activity.reflection.strip())
        sections.append(_section("Reflection", f'<div class="text">{text}</div>'))
    else:
        sections.append(
            _section("Reflection", '<span class="note">No reflection recorded.</span>')
        )
    if activity.pksb:
        sections.append(_section("PKSB areas", escape("; ".join(activity.pksb))))
    if activity.evidence:
        sections.append(_section("Evidence", _evidence_list(activity, pack)))
    if pack is not None and activity.id in pack.records:
        record = pack.records[activity.id]
        link = f'<a href="{escape(quote(record, safe="/"))}">{escape(record)}</a>'
        sections.append(_section("Record", link))
    return (
        '<article class="activity">'
        f"<h3>{escape(activity.title)}</h3>"
        f'<p class="meta">{escape(" · ".join(meta))}</p>'
        f"<dl>{''.join(sections)}</dl></article>"
    )


def _when_long(activity: Any) -> str:
    text = _long_date(activity.date)
    if activity.end_date:
        text += f" to {_long_date(activity.end_date)}"
    return text


def render(submission: Any) -> str:
    report = submission.report
    name = report.person.get("name")
    named = isinstance(name, str) and bool(name.strip())
    title = "CPD record" + (f": {name}" if named else "")
    scheme = report.scheme.title or report.scheme.name
    facts = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
        for label, value in header_facts(submission)
        if label != "Name"
    )
    period = f"{_long_date(report.period.start)} to {_long_date(report.period.end)}"
    areas = [(area.label, report.by_area[area.name]) for area in AREAS]
    draft_note = (
        '<p class="note">No statement.md yet: these are the headings of a fresh '
        "draft (cpdlog statement draft).</p>"
        if submission.statement_is_draft
        else ""
    )
    words = escape(statement_words(submission))
    pack_note = (
        " This page is part of an audit pack: MANIFEST.sha256 lists every file "
        "in it with its SHA-256 (check them with: sha256sum -c MANIFEST.sha256)."
        if submission.pack is not None
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
<p class="kicker">CPD record · {escape(scheme)}</p>
<h1>{escape(name if named else "CPD record")}</h1>
<dl class="facts">{facts}</dl>
</header>
<section class="charts">
<figure>{_svg_bars(_month_rows(report), "#2f6f9f", "Hours by month")}
<figcaption>Hours by month, {escape(period)}</figcaption></figure>
<figure>{_svg_bars(areas, "#3c8d5a", "Hours by area")}
<figcaption>Hours by area (an activity counts in each of its areas)</figcaption>
</figure>
</section>
<h2>Activities</h2>
{_activities_table(submission)}
{pksb_table.html(submission.pksb)}
<h2>Reflective statement <span class="aside">{words}</span></h2>
{draft_note}
<div class="statement">
{_statement_html(submission.statement)}
</div>
<h2>Activities in full</h2>
{"".join(_activity(activity, submission.pack) for activity in submission.activities)}
<footer>Prepared with cpdlog for the period {escape(period)}.{pack_note}</footer>
</body>
</html>
"""
