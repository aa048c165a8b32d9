"""What every command of the CLI shares: the state, the clock, output helpers.

Only the cli*.py modules know typer. The clock is read here, once per run,
and passed down (CPDLOG_TEST_NOW fixes it for tests: an RFC 3339 time).
"""

import os
import sys
from datetime import UTC, date, datetime
from typing import Any

import typer

from cpdlog.errors import UsageError
from cpdlog.tomlfile import printable


class State:
    """Global options, set by the app callback."""

    def __init__(self, home_flag: str | None = None) -> None:
        self.home_flag = home_flag
        self._now: datetime | None = None

    def home(self) -> Any:  # cpdlog.home.Home
        from cpdlog.home import resolve_home

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
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a stray surrogate: \u-escape everything
        text = json.dumps(value, ensure_ascii=True, indent=2)
    typer.echo(text)


def say(message: str) -> None:
    """A message for the person, on stderr."""
    typer.echo(printable(message), err=True)


def need(value: Any, name: str, prompt: str, command: str) -> Any:
    """value, or a prompt for it on a terminal; else exit 2 naming it."""
    if value is not None:
        return value
    if interactive():
        return typer.prompt(prompt)
    raise UsageError(
        f"Missing {name}: {command} needs it, and there is no terminal to ask "
        f"on. Give {name} on the command line."
    )
