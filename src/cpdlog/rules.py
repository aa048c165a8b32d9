"""The rules an activity's values obey, in plain Python.

Shared by the pydantic model (which checks hand-written and synced files)
and the `add`/`edit` path (which builds an activity from command-line values
without paying for pydantic), so both refuse exactly the same things. Each
check raises ValueError with a sentence meant for the user.
"""

import re
import secrets
from collections.abc import Iterable
from datetime import date

from cpdlog.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.duration import MINUTES_PER_DAY

# The order of keys in a file cpdlog writes; unknown keys follow, as found.
FIELD_ORDER = (
    "schema_version",
    "id",
    "title",
    "date",
    "end_date",
    "hours",
    "type",
    "areas",
    "provider",
    "tags",
    "pksb",
    "evidence",
    "description",
    "reflection",
    "created",
    "updated",
)
REQUIRED = ("id", "title", "date", "hours", "type")
TEXT_FIELDS = ("provider", "description", "reflection")
LIST_FIELDS = ("areas", "tags", "pksb", "evidence")
CLEARABLE = ("end_date", "provider", "description", "reflection", *LIST_FIELDS)
SCHEMA_VERSION = 1

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# Generated IDs avoid 0/o and 1/l, which are easy to misread.
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
ID_LENGTH = 4

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            "an ID is 1 to 32 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


def check_text(value: str) -> str:
    """Any Unicode but NUL, encodable as UTF-8."""
    if "\x00" in value:
        raise ValueError("text cannot hold a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "text is not valid Unicode (check the terminal's encoding)"
        ) from None
    return value


def check_title(value: str) -> str:
    """One line, not empty after stripping; stored as given."""
    check_text(value)
    if not value.strip():
        raise ValueError("the title is empty")
    if _LINE_BREAKS.intersection(value):
        raise ValueError("the title must be one line")
    return value


def check_type(value: str) -> str:
    if value not in TYPE_NAMES:
        raise ValueError(
            f"{value!r} is not an activity type; `cpdlog types` lists them"
        )
    return value


def check_areas(values: Iterable[str]) -> list[str]:
    """Known areas, each once, in the order given."""
    areas: list[str] = []
    for value in values:
        if value not in AREA_NAMES:
            raise ValueError(f"{value!r} is not an area: use {', '.join(AREA_NAMES)}")
        if value not in areas:
            areas.append(value)
    return areas


def check_span(start: date, end: date | None, minutes: int) -> None:
    """end_date not before date; no more than 24 hours a day."""
    if minutes <= 0:
        raise ValueError("the hours must be more than zero")
    if end is not None and end < start:
        raise ValueError(f"the end date {end} is before the date {start}")
    days = ((end or start) - start).days + 1
    if minutes > days * MINUTES_PER_DAY:
        raise ValueError(
            f"{minutes / 60:g} hours is more than {days} day(s) hold "
            f"({days * 24} hours); set end_date for a longer activity"
        )


def check_not_future(day: date, today: date, what: str = "date") -> None:
    """The typo guard: activities happen in the past or today."""
    if day > today:
        raise ValueError(
            f"the {what} {day} is in the future (today is {today}); "
            "log an activity once it has happened"
        )


def new_id(taken: set[str]) -> str:
    """A short random ID not in taken (which holds every ID ever seen)."""
    length = ID_LENGTH
    while True:
        for _ in range(64):
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(length))
            if candidate not in taken:
                return candidate
        length += 1


def slugify(title: str, limit: int = 40) -> str:
    """A file-name-safe slug of the title: lowercase ASCII words joined by '-'."""
    import unicodedata

    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "activity"


def file_name(day: date, title: str, activity_id: str) -> str:
    """`2026-03-14-umbrella-conference-k3f9.toml`."""
    return f"{day.isoformat()}-{slugify(title)}-{activity_id}.toml"
