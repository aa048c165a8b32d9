"""Dates as typed on the command line: YYYY-MM-DD, today, yesterday, Nd, N days ago.

The clock is read once, in the CLI, and `today` is passed in: these parsers
never look at the system date themselves, so tests can fix it.
"""

import re
from datetime import date, datetime, timedelta
from typing import Any

from cpdlog.core.tomlfile import kind_of
from cpdlog.errors import UsageError

_DAYS_AGO = re.compile(r"^(\d{1,6})\s*(?:d|days?\s+ago)$", re.IGNORECASE)
_ISO = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")

HINT = "use YYYY-MM-DD, today, yesterday, 3d or '3 days ago'"


def optional_date(text: str | None, today: date, option: str) -> date | None:
    """parse_date for an option that may be left out (None); given empty,
    it is a bad value like any other (exit 2), never taken as left out."""
    return None if text is None else parse_date(text, today, option)


def parse_date(text: str, today: date, option: str = "--date") -> date:
    """Turn a command-line date into a date. Raises UsageError when it is not one."""
    word = " ".join(text.strip().lower().split())
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    match = _DAYS_AGO.match(word)
    if match:
        try:
            return today - timedelta(days=int(match[1]))
        except OverflowError:
            raise UsageError(f"{option} {text!r} is too long ago.") from None
    if _ISO.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise UsageError(
                f"{option} {text!r} is not a day of the calendar: {HINT}."
            ) from None
    raise UsageError(f"{option} {text!r} is not a date: {HINT}.")


def read_date(value: Any) -> date:
    """A date as a file holds it: a TOML date, or text such as "2026-03-14"
    (hand-written files quote dates). Raises ValueError."""
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time, such as 2026-03-14")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date such as 2026-03-14, not {kind_of(value)}")
