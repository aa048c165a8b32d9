"""The rules an activity's values obey, in plain Python.

Shared by the pydantic model (which checks hand-written and synced files)
and the `add`/`edit` path (which builds an activity from command-line values
without paying for pydantic), so both refuse exactly the same things. Each
check raises ValueError with a sentence meant for the user.
"""

import math
import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.core.duration import MINUTES_PER_DAY, minutes_of_number

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
    "attributes",
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
LIST_FIELDS = ("areas", "attributes", "tags", "pksb", "evidence")
CLEARABLE = ("end_date", "provider", "description", "reflection", *LIST_FIELDS)
# Fields the SPEC does not name: in JSON only when the file has them, so the
# output of a log that never used them stays exactly the SPEC's.
EXTENSION_FIELDS = ("attributes",)
SCHEMA_VERSION = 1

ATTRIBUTE_PATTERN = re.compile(r"\A[a-z][a-z0-9-]{0,39}\Z")
ID_PATTERN = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,31}\Z")
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


def check_attributes(values: Iterable[str]) -> list[str]:
    """Attribute names (lowercase words), each once, in the order given."""
    names: list[str] = []
    for value in values:
        if not isinstance(value, str) or not ATTRIBUTE_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not an attribute name (a lowercase word such as "
                "participatory or reflective-account)"
            )
        if value not in names:
            names.append(value)
    return names


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


def minutes_of(value: int | float) -> int:
    """The minutes held by a stored `hours` number. Raises ValueError."""
    if not math.isfinite(value) or value <= 0:
        raise ValueError("must be more than zero")
    if value > 24 * 366 * 1000:
        raise ValueError("is more hours than an activity can hold")
    minutes = minutes_of_number(value)
    if minutes == 0:
        raise ValueError("is less than half a minute")
    return minutes


def quick_summary(table: dict[str, Any]) -> tuple[Any, ...] | None:
    """The summary fields of a table the model is sure to accept, or None.

    A cold `status` must not pay ~90 ms for pydantic on thousands of files
    that cpdlog wrote itself, so this accepts only the plain shapes cpdlog
    writes (exact TOML types, no quoted dates) and returns None for anything
    else, which the pydantic model then judges. It never accepts what the
    model refuses (tests/test_quick.py checks this on generated tables).
    Returns (id, date, end_date, minutes, type, areas, title, reflected,
    attributes).
    """
    try:
        version = table.get("schema_version", 1)
        aid, title, day = table["id"], table["title"], table["date"]
        hours, kind = table["hours"], table["type"]
        end = table.get("end_date")
        areas = table.get("areas", [])
        attributes = table.get("attributes", [])
        if (
            type(version) is not int
            or version < 1
            or type(aid) is not str
            or not ID_PATTERN.match(aid)
            or type(title) is not str
            or type(day) is not date
            or (end is not None and type(end) is not date)
            or type(hours) not in (int, float)
            or type(kind) is not str
            or kind not in TYPE_NAMES
            or type(areas) is not list
            or type(attributes) is not list
        ):
            return None
        for key in ("tags", "pksb", "evidence"):
            items = table.get(key, [])
            if type(items) is not list or any(type(i) is not str for i in items):
                return None
            for item in items:
                check_text(item)
        for key in TEXT_FIELDS:
            text = table.get(key)
            if text is not None and (type(text) is not str or check_text(text) is None):
                return None
        for key in ("created", "updated"):
            if key in table and type(table[key]) is not datetime:
                return None
        checked = check_areas(a if type(a) is str else None for a in areas)
        marks = check_attributes(attributes)
        minutes = minutes_of(hours)
        check_title(title)
        check_span(day, end, minutes)
    except (KeyError, ValueError, TypeError):
        return None
    reflection = table.get("reflection")
    reflected = bool(reflection and reflection.strip())
    return (aid, day, end, minutes, kind, tuple(checked), title, reflected,
            tuple(marks))  # fmt: skip


def check_not_future(day: date, today: date, what: str = "date") -> None:
    """The typo guard: activities happen in the past or today."""
    if day > today:
        raise ValueError(
            f"the {what} {day} is in the future (today is {today}); "
            "log an activity once it has happened"
        )


def new_id(taken: set[str]) -> str:
    """A short random ID not in taken (which holds every ID ever seen)."""
    # CPDLOG_TEST_ID_FIRST makes every process try the same ID first, so the
    # concurrency tests can show the lock keeps IDs distinct (issue #8).
    first = os.environ.get("CPDLOG_TEST_ID_FIRST")
    if first and first not in taken:
        return first
    length = ID_LENGTH
    while True:
        for _ in range(64):
            candidate = _random_letters(length)
            if candidate not in taken:
                return candidate
        length += 1


def _random_letters(length: int) -> str:
    # 256 is a multiple of the alphabet's 32 letters, so `% 32` is unbiased;
    # os.urandom spares the start-up cost of the secrets module.
    return "".join(ID_ALPHABET[byte % 32] for byte in os.urandom(length))


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
