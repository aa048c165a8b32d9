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

from cpdlog.catalogue import AREAS, TYPES
from cpdlog.duration import hours_text

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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    if cols >= 64:
        table.add_column("Type", overflow="fold")
    if cols >= 72:
        table.add_column("Areas", overflow="fold", no_wrap=cols < 110)
    table.add_column("Title", overflow="fold", ratio=1)
    for activity in rows:
        cells = [activity.id, activity.date.isoformat(), hours_text(activity.minutes)]
        if cols >= 64:
            cells.append(activity.type)
        if cols >= 72:
            cells.append(_areas(activity.areas, cols >= 110))
        cells.append(Text(activity.title))
        table.add_row(*cells)
    out.print(table)
    if 72 <= cols < 110:
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
        ("Hours", hours_text(activity.minutes)),
        ("Type", activity.type),
        ("Areas", ", ".join(activity.areas) or "-"),
        ("Provider", activity.provider),
        ("Tags", ", ".join(activity.tags)),
        ("PKSB", "; ".join(activity.pksb)),
        ("Evidence", "\n".join(activity.evidence)),
    ]
    for extra, value in (activity.model_extra or {}).items():
        rows.append((extra, str(value)))
    rows.append(("File", str(path)))
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
    out = console()
    for item in TYPES:
        out.print(Text(f"{item.name}", style="bold"))
        out.print(Text(f"  {item.counts}"), overflow="fold")
        out.print(Text(f"  Ideas: {item.ideas}", style="dim"), overflow="fold")
    out.print()
    out.print(Text("Areas (--area):", style="bold"))
    for area in AREAS:
        out.print(Text(f"  {area.name}: {area.counts}"), overflow="fold")


def print_lines(lines: Iterable[tuple[str, str]]) -> None:
    """Plain lines (style, text) on stdout, folded to the terminal."""
    out = console()
    for style, line in lines:
        out.print(Text(line, style=style), overflow="fold")
