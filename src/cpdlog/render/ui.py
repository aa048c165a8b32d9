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
from cpdlog.errors import fold_to, safe_text, shown

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


def bar(part: int, whole: int, size: int) -> str:
    """A bar of size cells, part of whole filled."""
    filled = 0 if whole <= 0 else min(size, round(size * part / whole))
    return "█" * filled + "░" * (size - filled)


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
    # The path is printed whole, never folded mid-name, so it can be copied;
    # on its own line when it does not fit beside its label.
    label = "File".ljust(max(len(label) for label, _value in shown_rows) + 2)
    where = shown(path)
    line = Text(label, style="bold")
    if len(label) + len(where) > width():
        line = Text("File", style="bold")
        line.append("\n")
    line.append(where)
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
    """Plain lines (style, text) on stdout, folded to the terminal as
    fold_to folds (a path kept whole on its own line); whole
    lines (problem lines: `error: path:line:col: message`) are never folded,
    so tools and editors can read them."""
    out = console()
    room = width()
    for style, line in lines:
        text = safe_text(line) if whole else fold_to(safe_text(line), room)
        out.print(Text(text, style=style), soft_wrap=True)


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
