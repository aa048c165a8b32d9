"""The team view: one row per person, a mark, a bar against the target.

Laid out by hand rather than with a rich table: a thousand rows rendered
in 40 ms instead of 480 (issue #20). Part of the human output (render/ui.py
holds the console and the rules every view follows).
"""

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from cpdlog.core.duration import hours_short
from cpdlog.errors import shown
from cpdlog.render.ui import bar, console

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
    cells = bar(part, whole, size) if whole else "█" * size
    return cells, _MARK_STYLES[row.mark].split()[-1]


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
