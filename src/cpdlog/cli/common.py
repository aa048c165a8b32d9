"""What every command of the CLI shares: the state, the clock, output helpers.

Only the cli*.py modules know typer. The clock is read here, once per run,
and passed down (CPDLOG_TEST_NOW fixes it for tests: an RFC 3339 time).
"""

import os
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

from cpdlog.errors import safe_text


class State:
    """Global options, set by the app callback."""

    def __init__(self, home_flag: str | None = None) -> None:
        self.home_flag = home_flag
        self._now: datetime | None = None

    def home(self) -> Any:  # cpdlog.home.Home
        from cpdlog.store.home import resolve_home

        return resolve_home(self.home_flag, os.environ)

    def now(self) -> datetime:
        """The current UTC time, read once."""
        if self._now is None:
            fixed = os.environ.get("CPDLOG_TEST_NOW")
            if fixed:
                self._now = datetime.fromisoformat(fixed).astimezone(UTC)
            else:
                self._now = datetime.now(UTC).replace(microsecond=0)
        return self._now

    def today(self) -> date:
        """The local date of now."""
        if os.environ.get("CPDLOG_TEST_NOW"):
            return datetime.fromisoformat(os.environ["CPDLOG_TEST_NOW"]).date()
        return self.now().astimezone().date()


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def interactive() -> bool:
    """Prompts are only for a person at a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def emit_json(value: Any) -> None:
    """Print JSON (and nothing else) on stdout, valid UTF-8 whatever it holds."""
    typer.echo(json_text(value))


def json_text(value: Any) -> str:
    """value as indented JSON that encodes to UTF-8 whatever it holds."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a stray surrogate: \u-escape everything
        text = json.dumps(value, ensure_ascii=True, indent=2)
    return text


def emit_json_items(items: Iterable[Any]) -> None:
    """Print a JSON array item by item (the same text as emit_json of the
    list), so a long listing is never held in memory whole."""
    import json

    out = sys.stdout
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a stray surrogate: \u-escape everything
            text = json.dumps(item, ensure_ascii=True, indent=2)
        out.write(("[\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()


def say(message: str) -> None:
    """A message for the person, on stderr, folded to the terminal."""
    typer.echo(fold(safe_text(message)), err=True)


def fold(text: str) -> str:
    """Text folded to the terminal's width (COLUMNS wins). A word longer
    than a line, such as a path, stays whole on its own line, so that it
    can still be copied."""
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns)
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
        if len(line) > width
        else line
        for line in text.split("\n")
    )


def exit_on_problems(problems: Any, summary: str = "") -> None:
    """Name each problem on stderr, then the summary, and exit 1 (the
    command did its job on the rest). A problem line, `error: path:line:col:
    message`, is never folded, so that tools and editors can read it."""
    if problems:
        for problem in problems:
            typer.echo(safe_text(f"error: {problem}"), err=True)
        if summary:
            say(summary.format(count=len(problems)))
        raise typer.Exit(1)


def refuse_early(output: Path, force: bool) -> None:
    """Refuse an existing -o FILE before the long work, not only after it
    (the write itself is exclusive too, so one created meanwhile is safe)."""
    import stat as stat_

    from cpdlog.errors import CpdlogError

    try:
        regular = stat_.S_ISREG(output.stat().st_mode)
    except OSError:
        return
    if regular and not force:
        raise CpdlogError(f"{output} already exists; add --force to replace it.")


def describe(message: str) -> None:
    """The one-line history message of this command's change, for a home
    that is a git repository (`add k3f9: Umbrella conference`)."""
    from cpdlog.store import history

    history.describe(message)
