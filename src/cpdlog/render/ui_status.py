"""The status view: one glance at where you stand, then the next step.

Part of the human output (render/ui.py holds the console and the rules
every view follows: no markup, NO_COLOR, the terminal's width).
"""

from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from cpdlog.core.duration import hours_short
from cpdlog.errors import safe_text
from cpdlog.render.ui import bar, console

_LEVELS = "▁▂▃▄▅▆▇█"
_TOP_TYPES = 8


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
        table.add_row(name, hours_short(minutes), bar(minutes, total, size))
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
        grid.add_row("Name", Text(safe_text(name)))
    grid.add_row("Scheme", Text(safe_text(f"{scheme.title} ({scheme.name})")))
    window = report.verdicts[0].window
    when = f"{period.start} to {period.end}"
    if window.deadline != period.end:
        when += f" (the period ends {window.deadline})"
    grid.add_row("Period", Text(when))
    hours = _hours_bars(report, size)
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
            text.append(f"\n{activity.id}  {safe_text(activity.title)}", style="")
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
        grid.add_row("Schemes", _verdicts(verdicts, report.statement))
    out.print(grid)
    out.print()
    out.print(Text("Next: " + steps[0], style="bold"))
    for step in steps[1:]:
        out.print(Text("then: " + step))


def _hours_bars(report: Any, size: int) -> Text:
    """The hours against the target, and beside them the hours of reflected
    activities, as RCVS shows them (issue 18): two bars on one scale, the
    target or the total when that is more, so the hours bar is full when
    the target is met and the reflected bar shows what share is reflected."""
    target = report.scheme.target_minutes
    scale = max(target, report.minutes, report.reflected_minutes)
    labels = (
        f"{hours_short(report.minutes)} of {hours_short(target)} h",
        f"{hours_short(report.reflected_minutes)} h reflected",
    )
    room = max(len(label) for label in labels)
    text = Text(labels[0].ljust(room) + " ")
    text.append(
        bar(report.minutes, scale, size), style="green" if report.met else "yellow"
    )
    text.append("\n" + labels[1].ljust(room) + " ")
    text.append(bar(report.reflected_minutes, scale, size), style="cyan")
    return text


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


def _verdicts(verdicts: Sequence[Any], statement: Any) -> Text:
    """Each scheme's verdict on the hours rules, and beside it the state of
    the statement where the scheme asks for one: `met` never hides a missing
    statement (issue #12)."""
    text = Text()
    for number, verdict in enumerate(verdicts):
        if number:
            text.append("\n")
        verdict_word = "met" if verdict.met else "not met"
        text.append(
            f"{verdict.scheme.title}: {verdict_word}",
            style="green" if verdict.met else "yellow",
        )
        limit = verdict.scheme.statement_words
        if limit is not None:
            words = statement.counted.words
            state = "missing" if not statement.exists else f"{words} of {limit} words"
            ready = statement.exists and 0 < words <= limit
            text.append(f"; statement {state}", style="" if ready else "yellow")
        text.append(f" ({verdict.window.note})", style="dim")
        for result in verdict.rules:
            mark = "ok  " if result.met else "todo"
            text.append(
                f"\n  {mark} {result.text}", style="" if result.met else "yellow"
            )
    return text


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
