"""Human output: the only module that imports rich.

User text is never read as markup (`markup=False`, styles come from
`rich.text.Text`), colour follows NO_COLOR and the terminal, and every table
fits the terminal: columns drop away on narrow ones (down to 40 columns)
and long text folds instead of running past the edge.
"""

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cpdlog.core.catalogue import AREAS, TYPES
from cpdlog.core.duration import hours_short
from cpdlog.errors import safe_text, shown

if TYPE_CHECKING:
    from cpdlog.store.git_sync import SyncResult

_AREAS_FROM = 72  # narrower terminals drop the Areas column, then Type
_AREA_SHORT = {"personal": "P", "organisational": "O", "wider": "W"}


def width() -> int:
    """The terminal width (COLUMNS wins), never below 20."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def console(stderr: bool = False) -> Console:
    stream: IO[str] = sys.stderr if stderr else sys.stdout
    if _narrow(stream):
        stream = cast("IO[str]", _Replacing(stream))
    return Console(
        file=stream,
        markup=False,
        highlight=False,
        emoji=False,
        width=width(),
        no_color="NO_COLOR" in os.environ or None,
    )


def _narrow(stream: Any) -> bool:
    """Whether a stream cannot carry every character (an ASCII or Latin-1
    terminal)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    return encoding.replace("-", "").replace("_", "") not in ("utf8", "utf8sig")


class _Replacing:
    """A text stream that shows what its encoding cannot carry as `?`, so a
    Latin-1 or ASCII terminal gets all it can show, never a crash (issue
    #12). Everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except UnicodeEncodeError:
            encoding = self._stream.encoding or "ascii"
            return int(
                self._stream.write(text.encode(encoding, "replace").decode(encoding))
            )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _areas(areas: Iterable[str], wide: bool) -> str:
    if wide:
        return ", ".join(areas)
    return " ".join(_AREA_SHORT.get(area, area) for area in areas)


def print_activities(rows: Sequence[Any]) -> bool:
    """The list table of whole activities; False when there are none."""
    if not rows:
        return False
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
        cells.append(Text(safe_text(activity.title)))
        table.add_row(*cells)
    out.print(table)
    if _AREAS_FROM <= cols < 110:
        out.print(Text("Areas: P personal, O organisational, W wider", style="dim"))
    return True


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
    for extra, value in activity.extra.items():
        rows.append((extra, str(value)))
    shown_rows = [(label, value) for label, value in rows if value]
    for label, value in shown_rows:
        table.add_row(label, Text(safe_text(str(value))))
    out.print(table)
    # The path is printed whole, never folded mid-name, so it can be copied.
    width = max(len(label) for label, _value in shown_rows)
    line = Text("File".ljust(width + 2), style="bold")
    line.append(shown(path))
    out.print(line, soft_wrap=True)
    for label, text in (
        ("Description", activity.description),
        ("Reflection", activity.reflection),
    ):
        out.print()
        out.print(Text(label, style="bold"))
        if text and text.strip():
            out.print(Text(safe_text(text.strip("\n"))))
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


def print_lines(lines: Iterable[tuple[str, str]], whole: bool = False) -> None:
    """Plain lines (style, text) on stdout, folded to the terminal; whole
    lines (problem lines: `error: path:line:col: message`) are never folded,
    so tools and editors can read them."""
    out = console()
    for style, line in lines:
        text = Text(safe_text(line), style=style)
        if whole:
            out.print(text, soft_wrap=True)
        else:
            out.print(text, overflow="fold")


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
        _bar(report.minutes, scale, size), style="green" if report.met else "yellow"
    )
    text.append("\n" + labels[1].ljust(room) + " ")
    text.append(_bar(report.reflected_minutes, scale, size), style="cyan")
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


def print_schemes(schemes: Sequence[Any]) -> None:
    """cpdlog schemes: each scheme, its period and rules."""
    from rich.padding import Padding

    from cpdlog.core.scheme import period_text, rules_text

    out = console()
    for scheme in schemes:
        head = Text(safe_text(scheme.name), style="bold")
        head.append(f"  {scheme.title}")
        if scheme.origin != "built-in":
            head.append(f"  (yours: {scheme.origin})", style="dim")
        out.print(head)
        body = Text(safe_text(f"{scheme.body}; {period_text(scheme)}"))
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
            label = safe_text(heading) if heading else "(before the first heading)"
            table.add_row(Text(label), str(words))
    table.add_row(Text("Total", style="bold"), f"{count.words} of {count.limit}")
    out.print(Text(shown(path), style="dim"), soft_wrap=True)
    out.print(table)


def print_sync(result: "SyncResult") -> None:
    """cpdlog sync: what came in and went out, and anything that needs you.
    Paths are printed whole on their own lines, never folded (issue #12)."""
    out = console(stderr=True)

    def line(text: str, style: str = "", path: Path | None = None) -> None:
        out.print(Text(safe_text(text), style=style), overflow="fold")
        if path is not None:
            out.print(Text(shown(path), style=style), soft_wrap=True)

    if result.committed:
        line(f"Committed {len(result.committed)} file(s) you changed by hand.")
    came, went = result.came_in, result.went_out
    line(
        f"{came} {'activity' if came == 1 else 'activities'} came in, "
        f"{went} went out" + ("." if result.pushed else "; nothing was pushed.")
    )
    for path in result.skipped_damaged:
        line("Not committed, damaged (cpdlog check explains):", "red", path)
    for path in result.rescued:
        line("The other version is kept in:", "yellow", path)
    for aid, paths in result.duplicates:
        line(f"Two activities share the ID {aid}:", "yellow")
        for path in paths:
            out.print(Text(shown(path)), soft_wrap=True)
    if result.warning:
        line(result.warning, "red")


_MARK_STYLES = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
_TEAM_TABLE_FROM = 80  # narrower terminals give each person a few lines
_TEAM_LEGEND = (
    ("green", "met, and still met 30 days after the summary's date"),
    ("amber", "met but dropping below within 30 days, or at most a quarter of "
     "the target to go"),
    ("red", "further behind"),
)  # fmt: skip


def _name(name: str) -> str:
    """A name from someone else's file, to show literally and safely."""
    return shown(name)


def _hours_of(row: Any) -> str:
    """ "57.25 of 20": the row's hours, as human output rounds them."""
    return (
        f"{hours_short(round(row.hours * 60))} of "
        f"{hours_short(round(row.target_hours * 60))}"
    )


def _team_bar(row: Any, size: int) -> tuple[str, str]:
    """The bar of hours against the target (full for a target of 0), and
    its style: the mark's colour."""
    part, whole = round(row.hours * 60), round(row.target_hours * 60)
    bar = _bar(part, whole, size) if whole else "█" * size
    return bar, _MARK_STYLES[row.mark].split()[-1]


def print_team(rows: Sequence[Any]) -> None:
    """team: one row per person (red first), each with a bar against the
    target; a table from 80 columns, a few lines a person below that.

    Laid out here line by line, not as a rich Table: a Table of a thousand
    rows took half a second to render; lines that already fit print at
    once (soft_wrap)."""
    from rich.cells import cell_len

    out = console()
    cols = out.width
    text = Text()
    names = [_name(row.name) for row in rows]
    widest = max(4, *(cell_len(name) for name in names))
    if cols >= _TEAM_TABLE_FROM:
        _team_table(text, rows, names, widest, cols)
    else:
        _team_lines(text, rows, names, cols)
    dates = sorted({row.as_of for row in rows if row.as_of})
    count = f"{len(rows)} {'summary' if len(rows) == 1 else 'summaries'}"
    if len(dates) == 1:
        head = f"{count} as of {dates[0]}"
    else:  # each mark is judged on its summary's own date
        head = f"{count} dated {dates[0]} to {dates[-1]}, each marked on its date"
    out.print(text, soft_wrap=True, end="")
    out.print()
    out.print(Text(head, style="dim"), overflow="fold")
    out.print(_team_legend())


def _team_table(
    text: Text, rows: Sequence[Any], names: list[str], widest: int, cols: int
) -> None:
    """One line a person (a long name folds onto the next lines)."""
    hours = [_hours_of(row) for row in rows]
    words = [f"{row.statement_words} words" for row in rows]
    hours_w = max(5, *map(len, hours))
    words_w = max(9, *map(len, words))
    # mark, hours, met, statement, last activity and six gaps of two
    room = cols - (5 + hours_w + 7 + words_w + 13 + 12)
    size = max(6, min(20, room - widest))
    name_w = max(4, min(widest, room - size))
    heads = ("Mark", "Name", "Hours".rjust(hours_w), "", "Met",
             "Statement".rjust(words_w), "Last activity")  # fmt: skip
    widths = (5, name_w, hours_w, size, 7, words_w, 13)
    header = "  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True))
    text.append(header, style="bold")
    text.append("\n" + "─" * (sum(widths) + 12) + "\n")
    for row, name, hour, word in zip(rows, names, hours, words, strict=True):
        parts = _fold(name, name_w)
        text.append(row.mark.ljust(5), style=_MARK_STYLES[row.mark])
        text.append(f"  {_pad(parts[0], name_w)}  {hour.rjust(hours_w)}  ")
        text.append(*_team_bar(row, size))
        met = "met" if row.met else "not met"
        text.append(f"  {met:<7}  {word.rjust(words_w)}  ")
        text.append(f"{row.last_activity or 'none'}\n")
        for part in parts[1:]:
            text.append(f"{'':5}  {part}\n")


def _team_lines(text: Text, rows: Sequence[Any], names: list[str], cols: int) -> None:
    """Each person: the mark and name, then the bar and figures in lines
    that fit the room right of the mark."""
    room = max(10, cols - 6)
    size = max(6, min(20, room - 24))
    for row, name in zip(rows, names, strict=True):
        text.append(row.mark.ljust(5), style=_MARK_STYLES[row.mark])
        text.append(" " + f"\n{'':6}".join(_fold(name, room)) + f"\n{'':6}")
        text.append(*_team_bar(row, size))
        last = f"last activity {row.last_activity or 'none'}"
        pieces = [
            [f" {_hours_of(row)} h", "met" if row.met else "not met"],
            [f"statement {row.statement_words} words", last],
        ]
        for number, line in enumerate(pieces):
            fitted = _fit(line, room, size + 1 if number == 0 else 0)
            text.append(fitted.replace("\n", f"\n{'':6}"))
        text.append("\n")


def _fold(name: str, width: int) -> list[str]:
    """name in lines of at most width cells (wide characters count two),
    broken between words where it can be."""
    from rich.cells import cell_len

    if cell_len(name) <= width:
        return [name]
    lines = Text(name).wrap(console(), width, overflow="fold")
    return [line.plain.rstrip() for line in lines]


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len

    return text + " " * (width - cell_len(text))


def _team_legend() -> Table:
    """What each mark means."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", style="dim")
    for mark, meaning in _TEAM_LEGEND:
        grid.add_row(Text(mark, style=_MARK_STYLES[mark]), meaning)
    return grid


def _fit(pieces: Sequence[str], room: int, used: int) -> str:
    """pieces joined by ", " on lines of room columns (used already taken
    on the first line); each line after the first starts with a newline."""
    text, length = "" if used else "\n", used
    for number, piece in enumerate(pieces):
        if number and length + 2 + len(piece) <= room:
            text += ", " + piece
            length += 2 + len(piece)
        else:
            text += ("\n" if number else "") + piece
            length = len(piece)
    return text


def print_profile(table: dict[str, Any], path: Path) -> None:
    """cpdlog profile: each key of [profile] and [scheme] as set in the file,
    then the file's path (never folded)."""
    out = console()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for section in ("profile", "scheme"):
        values = table.get(section)
        if isinstance(values, dict):
            for key, value in values.items():
                grid.add_row(f"{section}.{key}", Text(safe_text(str(value))))
    if grid.row_count:
        out.print(grid)
    else:
        out.print(
            Text("No profile keys are set; the defaults are CILIP's.", style="dim")
        )
    out.print(Text(shown(path), style="dim"), soft_wrap=True)


def print_drafts(rows: Sequence[tuple[str, str, str, str, str]]) -> None:
    """The inbox: (ID, date, hours or ?, title, what it needs) per draft; on
    a narrow terminal what it needs goes under the title."""
    out = console()
    wide = out.width >= 64
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True
    )
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("Title", overflow="fold", ratio=1)
    if wide:
        table.add_column("Needs", overflow="fold")
    for aid, day, hours, title, needs in rows:
        style = "green" if needs == "ready" else "yellow"
        if wide:
            table.add_row(aid, day, hours, Text(title), Text(needs, style=style))
        else:
            cell = Text(title)
            note = "ready" if needs == "ready" else f"needs: {needs}"
            cell.append("\n" + note, style=style)
            table.add_row(aid, day, hours, cell)
    out.print(table)


@contextmanager
def progress() -> Iterator[Callable[[str], Callable[[int, int], None]]]:
    """A progress bar on stderr, gone when done: yields step(label), which
    starts a bar and returns its update(done, total)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bars = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )

    def step(label: str) -> Callable[[int, int], None]:
        task = bars.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bars.update(task, completed=done, total=total)

        return update

    with bars:
        yield step
