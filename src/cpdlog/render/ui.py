"""Human output: the only module that imports rich.

User text is never read as markup (`markup=False`, styles come from
`rich.text.Text`), colour follows NO_COLOR and the terminal, and every table
fits the terminal: columns drop away on narrow ones (down to 40 columns)
and long text folds instead of running past the edge.
"""

import os
import shutil
from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cpdlog.core.catalogue import AREAS, TYPES
from cpdlog.core.duration import hours_short
from cpdlog.errors import printable, shown

_AREAS_FROM = 72  # narrower terminals drop the Areas column, then Type
_AREA_SHORT = {"personal": "P", "organisational": "O", "wider": "W"}


def width() -> int:
    """The terminal width (COLUMNS wins), never below 20."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def console(stderr: bool = False) -> Console:
    return Console(
        stderr=stderr,
        markup=False,
        highlight=False,
        emoji=False,
        width=width(),
        no_color="NO_COLOR" in os.environ or None,
    )


def _areas(areas: Iterable[str], wide: bool) -> str:
    if wide:
        return ", ".join(areas)
    return " ".join(_AREA_SHORT.get(area, area) for area in areas)


def print_activities(rows: Sequence[Any]) -> None:
    """The list table; rows are Activity models with a .path attribute pair."""
    out = console()
    cols = out.width
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True
    )
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    if cols >= 64:
        table.add_column("Type", overflow="fold")
    if cols >= _AREAS_FROM:
        table.add_column("Areas", overflow="fold", no_wrap=cols < 110)
    table.add_column("Title", overflow="fold", ratio=1)
    for activity in rows:
        cells = [activity.id, activity.date.isoformat(), hours_short(activity.minutes)]
        if cols >= 64:
            marks = "".join(f"\n+{name}" for name in activity.attributes)
            cells.append(activity.type + marks)
        if cols >= _AREAS_FROM:
            cells.append(_areas(activity.areas, cols >= 110))
        cells.append(Text(activity.title))
        table.add_row(*cells)
    out.print(table)
    if _AREAS_FROM <= cols < 110:
        out.print(Text("Areas: P personal, O organisational, W wider", style="dim"))


def print_activity(activity: Any, path: Any) -> None:
    """One activity in full: its fields, then description and reflection."""
    out = console()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    when = activity.date.isoformat()
    if activity.end_date:
        when += f" to {activity.end_date.isoformat()}"
    rows = [
        ("ID", activity.id),
        ("Title", activity.title),
        ("Date", when),
        (
            "Hours",
            f"{hours_short(activity.minutes)} h ({activity.minutes} min)",
        ),
        ("Type", activity.type),
        ("Areas", ", ".join(activity.areas) or "-"),
        ("Attributes", ", ".join(activity.attributes)),
        ("Provider", activity.provider),
        ("Tags", ", ".join(activity.tags)),
        ("PKSB", "; ".join(activity.pksb)),
        ("Evidence", "\n".join(activity.evidence)),
    ]
    for extra, value in (activity.model_extra or {}).items():
        rows.append((extra, str(value)))
    rows.append(("File", shown(path)))
    for label, value in rows:
        if value:
            table.add_row(label, Text(str(value)))
    out.print(table)
    for label, text in (
        ("Description", activity.description),
        ("Reflection", activity.reflection),
    ):
        out.print()
        out.print(Text(label, style="bold"))
        if text and text.strip():
            out.print(Text(text.strip("\n")))
        else:
            out.print(Text("(none yet)", style="dim"))


def print_types() -> None:
    """The activity types with what counts and low-cost ideas."""
    from rich.padding import Padding

    out = console()
    for item in TYPES:
        out.print(Text(item.name, style="bold"))
        body = Text(item.counts)
        body.append(f"\nIdeas: {item.ideas}", style="dim")
        out.print(Padding(body, (0, 0, 0, 2)))
    out.print()
    out.print(Text("Areas (--area)", style="bold"))
    for area in AREAS:
        out.print(Padding(Text(f"{area.name}: {area.counts}"), (0, 0, 0, 2)))


def print_lines(lines: Iterable[tuple[str, str]]) -> None:
    """Plain lines (style, text) on stdout, folded to the terminal."""
    out = console()
    for style, line in lines:
        out.print(Text(printable(line), style=style), overflow="fold")


_LEVELS = "▁▂▃▄▅▆▇█"
_TOP_TYPES = 8


def _bar(part: int, whole: int, size: int) -> str:
    filled = 0 if whole <= 0 else min(size, round(size * part / whole))
    return "█" * filled + "░" * (size - filled)


def _months_chart(months: Sequence[tuple[str, int]]) -> Text:
    top = max((minutes for _, minutes in months), default=0)
    marks = []
    for _key, minutes in months:
        if not minutes:
            marks.append("·")
        else:
            marks.append(_LEVELS[min(7, (minutes * 8 - 1) // top)])
    names = "JFMAMJJASOND"
    labels = "".join(names[int(key[5:]) - 1] for key, _ in months)
    chart = Text(" ".join(marks), style="cyan")
    chart.append("\n" + " ".join(labels), style="dim")
    chart.append(f"\n{months[0][0]} to {months[-1][0]}; · is a month with nothing")
    return chart


def _figures(rows: Iterable[tuple[str, int]], total: int, size: int) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True, style="cyan")
    for name, minutes in rows:
        table.add_row(name, hours_short(minutes), _bar(minutes, total, size))
    return table


def print_status(report: Any, steps: Sequence[str]) -> None:
    """The status of a period, for a person: one glance, then the next step."""
    out = console()
    cols = out.width
    size = max(6, min(20, cols - 40))
    grid = Table.grid(padding=(0, 2), expand=False)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    scheme = report.scheme
    period = report.period
    name = report.person.get("name")
    if isinstance(name, str) and name.strip():
        grid.add_row("Name", Text(name))
    grid.add_row("Scheme", Text(f"{scheme.title} ({scheme.name})"))
    window = report.verdicts[0].window
    when = f"{period.start} to {period.end}"
    if window.deadline != period.end:
        when += f" (the period ends {window.deadline})"
    grid.add_row("Period", Text(when))
    target = scheme.target_minutes
    hours = Text(f"{hours_short(report.minutes)} of {hours_short(target)} h ")
    hours.append(
        _bar(report.minutes, target, size), style="green" if report.met else "yellow"
    )
    if report.met:
        hours.append(f"\nmeets {report.threshold}", style="green")
    else:
        hours.append(
            f"\n{hours_short(report.remaining_minutes)} more hours to meet "
            f"{report.threshold}",
            style="yellow",
        )
    if report.problems:
        hours.append(
            "\nthe total may be incomplete: some files could not be read", style="red"
        )
    grid.add_row("Hours", hours)
    grid.add_row("By area", _figures(report.by_area.items(), report.minutes, size // 2))
    if report.by_type:
        shown = list(report.by_type.items())[:_TOP_TYPES]
        table = _figures(shown, shown[0][1], size // 2)
        rest = list(report.by_type.values())[_TOP_TYPES:]
        if rest:
            table.add_row(
                Text(f"{len(rest)} more types", style="dim"), hours_short(sum(rest)), ""
            )
        grid.add_row("By type", table)
    grid.add_row("Months", _months_chart(report.by_month))
    missing = report.missing_reflection
    if missing:
        text = Text(f"{len(missing)} without a reflection:", style="yellow")
        for activity in missing:
            text.append(f"\n{activity.id}  {activity.title}", style="")
        grid.add_row("Reflection", text)
    else:
        grid.add_row("Reflection", Text("every activity has a reflection"))
    uncovered = report.areas_uncovered
    grid.add_row(
        "Areas",
        Text("no activity yet for " + ", ".join(uncovered), style="yellow")
        if uncovered
        else Text("all three areas have activities"),
    )
    if report.last_activity:
        days = (report.as_of - report.last_activity).days
        ago = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
        grid.add_row("Last", Text(f"{ago} ({report.last_activity})"))
    grid.add_row("Statement", _statement_state(report.statement))
    forecast = _forecast(report)
    if forecast is not None:
        grid.add_row("Forecast", forecast)
    verdicts = report.verdicts
    if len(verdicts) > 1 or len(verdicts[0].rules) > 1:
        grid.add_row("Schemes", _verdicts(verdicts))
    out.print(grid)
    out.print()
    out.print(Text("Next: " + steps[0], style="bold"))
    for step in steps[1:]:
        out.print(Text("then: " + step))


def _forecast(report: Any) -> Text | None:
    """When the target was reached, and when it stops being met."""
    fc = report.forecast
    target = report.scheme.target_minutes
    if not target:
        return None
    text = Text()
    if fc.reached:
        text.append(f"reached {hours_short(target)} h on {fc.reached}")
    if fc.drops_below:
        text.append(
            ("; " if fc.reached else "") + f"drops below on {fc.drops_below}"
            f" unless you log {hours_short(fc.needed_minutes)} more hours by "
            "then",
            style="yellow",
        )
    elif fc.needed_minutes and fc.by:
        text.append(
            ("; " if fc.reached else "") + f"{hours_short(fc.needed_minutes)}"
            f" more hours needed by {fc.by}",
            style="yellow",
        )
    elif report.met and report.verdicts[0].window.rolling:
        text.append(("; " if fc.reached else "") + "stays met without new activities")
    return text if text.plain else None


def _verdicts(verdicts: Sequence[Any]) -> Text:
    text = Text()
    for number, verdict in enumerate(verdicts):
        if number:
            text.append("\n")
        verdict_word = "met" if verdict.met else "not met"
        text.append(
            f"{verdict.scheme.title}: {verdict_word}",
            style="green" if verdict.met else "yellow",
        )
        text.append(f" ({verdict.window.note})", style="dim")
        for result in verdict.rules:
            mark = "ok  " if result.met else "todo"
            text.append(
                f"\n  {mark} {result.text}", style="" if result.met else "yellow"
            )
    return text


def print_schemes(schemes: Sequence[Any]) -> None:
    """cpdlog schemes: each scheme, its period and rules."""
    from rich.padding import Padding

    from cpdlog.core.scheme import period_text, rules_text

    out = console()
    for scheme in schemes:
        head = Text(scheme.name, style="bold")
        head.append(f"  {scheme.title}")
        if scheme.origin != "built-in":
            head.append(f"  (yours: {scheme.origin})", style="dim")
        out.print(head)
        body = Text(f"{scheme.body}; {period_text(scheme)}")
        for phrase in rules_text(scheme):
            body.append(f"\n- {phrase}")
        out.print(Padding(body, (0, 0, 0, 2)))


def _statement_state(statement: Any) -> Text:
    count = statement.counted
    if not statement.exists:
        return Text("missing (cpdlog statement draft writes one)", style="yellow")
    text = Text(f"{count.words} of {count.limit} words")
    if count.over:
        text.append(f": {count.words - count.limit} over the limit", style="red")
    elif count.empty:
        text.append(f"; empty: {', '.join(count.empty)}", style="yellow")
    return text


def print_count(count: Any, path: Any) -> None:
    """statement check: the words of each section and in all."""
    out = console()
    table = Table.grid(padding=(0, 2))
    table.add_column(overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    for heading, words in count.sections.items():
        if heading or words:
            table.add_row(Text(heading or "(before the first heading)"), str(words))
    table.add_row(Text("Total", style="bold"), f"{count.words} of {count.limit}")
    out.print(Text(shown(path), style="dim"), overflow="fold")
    out.print(table)
