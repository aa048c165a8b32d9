"""The activity: its fields, the rules their values obey, its plain summary.

This is the one place that says what an activity holds. `FIELDS` lists
every key of an activity file in the order cpdlog writes them; the pydantic
model (`core/model.py`, for hand-written and synced files), the fast
validator below (for files cpdlog wrote), the command-line options
(`core/options.py`), the editor template, JSON and the exports all derive
from it. Each `check_*` raises ValueError with a sentence meant for the
user, and is shared by the model and the command-line path so both refuse
exactly the same things. IDs and file names live in `core/ids.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.core.duration import MINUTES_PER_DAY, minutes_of_hours
from cpdlog.core.ids import ID_PATTERN

SCHEMA_VERSION = 1


class Field(NamedTuple):
    """One key of an activity file."""

    key: str
    kind: str  # see KINDS
    required: bool = False
    clearable: bool = False  # `edit --clear` may remove it
    extension: bool = False  # beyond the SPEC: in JSON only when the file has it


# What a field's value is: "text" any Unicode but NUL; "texts" a list of
# text; "date" a TOML date; "stamp" a UTC date-time cpdlog writes; "hours"
# a number kept to the minute; "table" a TOML table of text keys and values.
KINDS = ("version", "id", "title", "date", "hours", "type", "areas", "attributes",
         "text", "texts", "stamp", "table")  # fmt: skip

FIELDS: tuple[Field, ...] = (
    Field("schema_version", "version"),
    Field("id", "id", required=True),
    Field("title", "title", required=True),
    Field("date", "date", required=True),
    Field("end_date", "date", clearable=True),
    Field("hours", "hours", required=True),
    Field("type", "type", required=True),
    Field("areas", "areas", clearable=True),
    Field("attributes", "attributes", clearable=True, extension=True),
    Field("provider", "text", clearable=True),
    Field("tags", "texts", clearable=True),
    Field("pksb", "texts", clearable=True),
    Field("evidence", "texts", clearable=True),
    Field("description", "text", clearable=True),
    Field("reflection", "text", clearable=True),
    Field("source", "text", extension=True),
    Field("created", "stamp"),
    Field("updated", "stamp"),
    Field("evidence_sha256", "table", extension=True),
)
BY_KEY: Mapping[str, Field] = {field.key: field for field in FIELDS}
FIELD_ORDER = tuple(field.key for field in FIELDS)
TEXT_FIELDS = tuple(field.key for field in FIELDS if field.kind == "text")
LIST_FIELDS = tuple(
    field.key for field in FIELDS if field.kind in ("areas", "attributes", "texts")
)
CLEARABLE = tuple(field.key for field in FIELDS if field.clearable)
EXTENSION_FIELDS = tuple(field.key for field in FIELDS if field.extension)

ATTRIBUTE_PATTERN = re.compile(r"\A[a-z][a-z0-9-]{0,39}\Z")
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


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


def check_areas(values: Iterable[str | None]) -> list[str]:
    """Known areas, each once, in the order given."""
    areas: list[str] = []
    for value in values:
        if value not in AREA_NAMES:
            raise ValueError(f"{value!r} is not an area: use {', '.join(AREA_NAMES)}")
        if value not in areas:
            areas.append(value)
    return areas


def check_attributes(values: Iterable[Any]) -> list[str]:
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


def check_not_future(day: date, today: date, what: str = "date") -> None:
    """The typo guard: activities happen in the past or today."""
    if day > today:
        raise ValueError(
            f"the {what} {day} is in the future (today is {today}); "
            "log an activity once it has happened"
        )


_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")


def check_hashes(value: Mapping[Any, Any]) -> dict[str, str]:
    """The SHA-256 of each attached file, by its home-relative path."""
    for path, digest in value.items():
        if not isinstance(path, str) or not isinstance(digest, str):
            raise ValueError("must map each attached file's path to its SHA-256")
        check_text(path)
        if not _SHA256.match(digest):
            raise ValueError(
                f"{path!r}: {digest!r} is not a SHA-256 (64 hexadecimal digits)"
            )
    return dict(value)


def is_reflected(reflection: str | None) -> bool:
    """A reflection counts when it holds more than whitespace."""
    return bool(reflection and reflection.strip())


class Counted(Protocol):
    """What the figures of a period read of an activity: a Summary (from the
    index) or a whole Activity model (for drafts and exports) both have it."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def minutes(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def areas(self) -> Sequence[str]: ...
    @property
    def title(self) -> str: ...
    @property
    def reflected(self) -> bool: ...
    @property
    def attributes(self) -> Sequence[str]: ...


class Summary(NamedTuple):
    """What a period's figures need of one activity: status, the forecast,
    the schemes' rules and ID look-ups use this, never the whole file."""

    id: str
    date: dt.date
    end_date: dt.date | None
    minutes: int
    type: str
    areas: tuple[str, ...]
    title: str
    reflected: bool
    attributes: tuple[str, ...] = ()


class Record(NamedTuple):
    """A whole activity, validated, as plain values: what list, show and the
    exports read. Built from a file cpdlog wrote without pydantic
    (`quick_record`), else from the pydantic model (`model.validate_activity`);
    `extra` holds the file's unknown keys as found. A test pins that the
    fields are FIELD_ORDER."""

    schema_version: int
    id: str
    title: str
    date: dt.date
    end_date: dt.date | None
    hours: float
    type: str
    areas: list[str]
    attributes: list[str]
    provider: str | None
    tags: list[str]
    pksb: list[str]
    evidence: list[str]
    description: str | None
    reflection: str | None
    source: str | None
    created: datetime | None
    updated: datetime | None
    evidence_sha256: dict[str, str]
    extra: dict[str, Any]

    @property
    def minutes(self) -> int:
        return round(self.hours * 60)

    @property
    def reflected(self) -> bool:
        return is_reflected(self.reflection)

    def table(self) -> dict[str, Any]:
        """Every field by its key (absent ones as None or empty), then the
        unknown keys: what JSON shows."""
        known = {key: getattr(self, key) for key in FIELD_ORDER}
        return {**known, **self.extra}


def summary_of(activity: Record) -> Summary:
    """The Summary of a whole activity."""
    return Summary(
        activity.id, activity.date, activity.end_date, activity.minutes,
        activity.type, tuple(activity.areas), activity.title, activity.reflected,
        tuple(activity.attributes),
    )  # fmt: skip


def quick_summary(table: Mapping[str, Any]) -> Summary | None:
    """The Summary of a table the model is sure to accept, or None."""
    record = quick_record(table)
    return None if record is None else summary_of(record)


def quick_record(table: Mapping[str, Any]) -> Record | None:
    """The Record of a table the model is sure to accept, or None.

    A cold `status` (or `list`) must not pay ~90 ms for pydantic on
    thousands of files that cpdlog wrote itself, so this accepts only the
    plain shapes cpdlog writes (exact TOML types, no quoted dates) and
    returns None for anything else, which the pydantic model then judges.
    It never accepts what the model refuses, and gives the same values
    (tests/test_quick.py checks both on tables with every field generated).
    """
    try:
        if not _plain_shapes(table):
            return None
        day, end, title = table["date"], table.get("end_date"), table["title"]
        minutes = minutes_of_hours(table["hours"])
        check_title(title)
        check_span(day, end, minutes)
        areas = check_areas(
            a if type(a) is str else None for a in table.get("areas", ())
        )
        marks = check_attributes(table.get("attributes", ()))
        for key in TEXT_FIELDS:
            if key in table:
                check_text(table[key])
        for key in ("tags", "pksb", "evidence"):
            for item in table.get(key, ()):
                check_text(item)
        hashes = check_hashes(table.get("evidence_sha256", {}))
    except (KeyError, ValueError, TypeError):
        return None
    get = table.get
    return Record(
        get("schema_version", SCHEMA_VERSION), table["id"], title, day, end,
        round(minutes / 60, 4), table["type"], areas, marks, get("provider"),
        list(get("tags", ())), list(get("pksb", ())), list(get("evidence", ())),
        get("description"), get("reflection"), get("source"), get("created"),
        get("updated"), hashes,
        {key: value for key, value in table.items() if key not in BY_KEY},
    )  # fmt: skip


def _plain_shapes(table: Mapping[str, Any]) -> bool:
    """Whether every known key holds exactly the type cpdlog writes."""
    version = table.get("schema_version", 1)
    aid, kind, end = table["id"], table["type"], table.get("end_date")
    return (
        type(version) is int
        and version >= 1
        and type(aid) is str
        and ID_PATTERN.match(aid) is not None
        and type(table["title"]) is str
        and type(table["date"]) is date
        and (end is None or type(end) is date)
        and type(table["hours"]) in (int, float)
        and type(kind) is str
        and kind in TYPE_NAMES
        and all(
            type(table.get(key, [])) is list
            for key in ("areas", "attributes", "tags", "pksb", "evidence")
        )
        and all(
            type(item) is str
            for key in ("tags", "pksb", "evidence")
            for item in table.get(key, ())
        )
        and all(type(table[key]) is str for key in TEXT_FIELDS if key in table)
        and all(
            type(table[key]) is datetime
            for key in ("created", "updated")
            if key in table
        )
        and type(table.get("evidence_sha256", {})) is dict
    )
