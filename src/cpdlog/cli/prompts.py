"""Questions at a terminal, patiently: a bad answer says why and asks again.

Each answer is checked by the parser of the option it stands for
(core/options.py), so a bad answer gets the option's own sentence and the
same question again; nothing typed before is lost. Ctrl-C at a question
ends the command with exit 130 and Ctrl-D (the input ended) with exit 2,
as a missing value does without a terminal; the questions come before any
write, so nothing is written either way. Questions go to stderr, and so
does the space typer's prompt writes after them, so that stdout keeps only
the command's result (`id=$(cpdlog add)` at a terminal).
"""

import contextlib
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, NamedTuple, TypeVar

import typer

from cpdlog.cli.output import Exit, say
from cpdlog.core import options as fields
from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.errors import UsageError

T = TypeVar("T")


@contextlib.contextmanager
def _stdout_kept_clean() -> Iterator[None]:
    """typer writes the prompt's last character (a space) on stdout; when
    stdout is not the terminal (a pipe, `$(...)`), send it to stderr."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        yield
    else:
        with contextlib.redirect_stdout(sys.stderr):
            yield


@contextlib.contextmanager
def _asking(question: str) -> Iterator[None]:
    """Around one question: stdout kept clean; Ctrl-C is Exit(130), the end
    of the input a UsageError (exit 2)."""
    try:
        with _stdout_kept_clean():
            yield
    except typer.Abort as abort:
        say("")
        if isinstance(abort.__context__, EOFError):
            raise UsageError(
                f"The input ended at the question {question!r}; nothing was changed."
            ) from None
        say("Cancelled: nothing was changed.")
        raise Exit(130) from None


def answer(question: str, default: str | None = "") -> str:
    """One answer; Enter gives default ("" unless given). Ctrl-C is
    Exit(130), the end of the input a UsageError (exit 2)."""
    with _asking(question):
        text = typer.prompt(
            question, default=default, show_default=bool(default), err=True
        )
    return str(text)


def ask(question: str, check: Callable[[str], T], default: str | None = "") -> T:
    """Ask until check(answer) passes; each UsageError's sentence is shown."""
    while True:
        text = answer(question, default)  # the end of input is not re-asked
        try:
            return check(text)
        except UsageError as error:
            say(str(error))


def confirm(question: str) -> bool:
    """A yes/no question (Enter: no); Ctrl-C and the end of input as answer()."""
    with _asking(question):
        answered = typer.confirm(question, err=True)
    return answered


# --- each value of an activity, checked as its option is -------------------


def checked(key: str, today: date) -> Callable[[str], str]:
    """A check that an answer for key passes its option's parser; returns
    the answer as typed."""

    def check(text: str) -> str:
        fields.changes_from_options(fields.Options({key: text}), today)
        return text

    return check


def duration_key(text: str) -> str:
    """ "hours" for a plain number (1.5), "duration" for 90m, 1h30m, 1:30."""
    return "hours" if text.replace(".", "", 1).strip().isdigit() else "duration"


def ask_duration(
    values: dict[str, Any], today: date, question: str = "Duration"
) -> None:
    """Ask for the time spent (1.5, 90m, 1h30m or 1:30) and set values'
    hours or duration; checked against the days from date to end_date."""

    def check(text: str) -> str:
        if not text.strip():
            raise UsageError("Type the time spent, e.g. 1.5 (hours), 90m or 1:30.")
        hours = text if duration_key(text) == "hours" else None
        minutes = fields.parse_minutes(hours, None if hours else text)
        day = _day(values.get("date"), today)
        end = _day(values.get("end_date"), today) if values.get("end_date") else None
        if day is not None and minutes is not None:
            from cpdlog.core.duration import hours_number

            span = {"date": day, "end_date": end, "hours": hours_number(minutes)}
            fields.check_span(span)
        return text

    text = ask(f"{question} (1.5, 90m, 1h30m or 1:30)", check)
    values["hours"] = values["duration"] = None
    values[duration_key(text)] = text


def _day(text: str | None, today: date) -> date | None:
    """The date typed (today when none), or None when it cannot be read."""
    from cpdlog.core.dates import parse_date

    try:
        return parse_date(text, today, "--date") if text else today
    except UsageError:
        return None


def type_choices() -> list[str]:
    """The activity types as a numbered list, in as many columns (up to 4)
    as fit the terminal."""
    width = max(20, shutil.get_terminal_size((80, 24)).columns)
    cells = [f"{n:>2} {name}" for n, name in enumerate(TYPE_NAMES, 1)]
    for columns in range(4, 0, -1):
        rows = -(-len(cells) // columns)
        table = [cells[c * rows : (c + 1) * rows] for c in range(columns)]
        sizes = [max(len(cell) for cell in column) + 2 for column in table]
        if sum(sizes) - 2 <= width or columns == 1:
            break
    return [
        "".join(
            column[r].ljust(size) for column, size in zip(table, sizes, strict=True)
            if r < len(column)
        ).rstrip()
        for r in range(rows)
    ]  # fmt: skip


def find_type(text: str) -> str:
    """An activity type by its number in type_choices(), its name, or a
    unique first part of its name. Raises UsageError as --type does."""
    wanted = text.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(TYPE_NAMES):
        return TYPE_NAMES[int(wanted) - 1]
    if wanted in TYPE_NAMES or not wanted:
        return fields.parse_type(wanted)
    starting = [name for name in TYPE_NAMES if name.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    if len(starting) > 1:
        raise UsageError(
            f"--type {wanted!r} could be {', '.join(starting)}: type more of "
            "the name, or its number."
        )
    return fields.parse_type(wanted)


def ask_type(values: dict[str, Any]) -> None:
    """Show the numbered types and ask for one."""
    say("Activity types:")
    for line in type_choices():
        say(line)
    values["type"] = ask("Type (a number or a name)", find_type)


_AREA_LETTERS = {area[0]: area for area in AREA_NAMES}


def parse_area_answer(text: str) -> list[str]:
    """Areas typed as P, O, W or names (any case), separated by commas or
    spaces; "" is none. Raises UsageError as --area does."""
    words = text.replace(",", " ").split()
    names = [_AREA_LETTERS.get(word.lower(), word) for word in words]
    return fields.parse_areas(names)


class Asked(NamedTuple):
    """What the questions of add gave beyond the fields: the reflection
    model to open the editor with (a --reflect value), and which values
    were asked for."""

    reflect: str | None
    keys: frozenset[str]


def ask_activity(
    values: dict[str, Any],
    today: date,
    editor_ok: Callable[[], None],
    reflection: bool = True,
) -> Asked:
    """Ask, in order, for every value of a new activity that values lacks:
    title, date (Enter: today), duration, type, areas and, when reflection,
    an optional reflection. editor_ok raises UsageError when no editor can
    run."""
    asked: set[str] = set()
    if values.get("title") is None:
        values["title"] = ask("Title", checked("title", today))
        asked.add("title")
    if values.get("date") is None:
        values["date"] = ask("Date", checked("date", today), default="today")
        asked.add("date")
    if values.get("hours") is None and values.get("duration") is None:
        ask_duration(values, today)
        asked.add("hours")
    if values.get("type") is None:
        ask_type(values)
        asked.add("type")
    if not values.get("areas"):
        say("Areas: P personal, O organisational, W wider (several: P, W).")
        values["areas"] = ask("Areas (Enter: none)", parse_area_answer)
        asked.add("areas")
    reflect = None
    if reflection and values.get("reflection") is None:
        reflect = ask_reflection(values, today, editor_ok)
        asked.add("reflection")
    return Asked(reflect, frozenset(asked))


def ask_reflection(
    values: dict[str, Any], today: date, editor_ok: Callable[[], None]
) -> str | None:
    """A one-line reflection (set in values), or the model to write it with
    in the editor (returned: a model's name, or "default"), or nothing."""
    from cpdlog.core.reflection import MODELS

    names = ", ".join(MODELS)
    say(
        "Reflection: type it on one line, or a model's name to write it in "
        f"your editor from its prompts ({names}; `edit` for your default, "
        "? to describe them). Enter: none."
    )

    def check(text: str) -> str | None:
        word = text.strip().casefold()
        if word == "?":
            for model in MODELS.values():
                say(f"{model.name}: {model.summary}")
            raise UsageError("Type a reflection, a model's name, edit, or Enter.")
        if word in MODELS or word == "edit":
            editor_ok()
            return "default" if word == "edit" else word
        if text.strip():
            values["reflection"] = checked("reflection", today)(text)
        return None

    return ask("Reflection (Enter: none)", check)


def editor_ready(environ: Mapping[str, str]) -> None:
    """Raise UsageError unless $VISUAL or $EDITOR names a program found."""
    from cpdlog.store.editor import editor_command

    argv = editor_command(environ)
    if shutil.which(argv[0]) is None:
        raise UsageError(
            f"The editor {argv[0]!r} cannot be found; check EDITOR or VISUAL."
        )
