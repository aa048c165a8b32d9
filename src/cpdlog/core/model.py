"""The activity as a pydantic model: the schema of hand-written and synced files.

Each problem of a file becomes a sentence naming the field (and its line,
when the key can be found). The fields and the value rules themselves live
in `core/activity.py`, shared with the fast paths that never import
pydantic; the validators below are chosen by each field's kind there, and a
test pins that this model declares exactly those fields. Unknown keys are
kept (`extra="allow"`) so that a rewrite never drops them.
"""

import datetime as dt
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from cpdlog.core.activity import (
    FIELD_ORDER,
    FIELDS,
    SCHEMA_VERSION,
    Record,
    check_areas,
    check_attributes,
    check_hashes,
    check_span,
    check_text,
    check_title,
    check_type,
)
from cpdlog.core.dates import read_date
from cpdlog.core.duration import hours_number, minutes_of_hours
from cpdlog.core.ids import check_id
from cpdlog.core.tomlfile import kind_of
from cpdlog.errors import Problem, ProblemError


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text in quotes, not {kind_of(value)}")
    return check_text(value)


def _text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f'must be a list such as ["a", "b"], not {kind_of(value)}')
    return [_text(item) for item in value]


def _keys(kind: str) -> tuple[str, ...]:
    """The fields of a kind, as the validators below are chosen."""
    return tuple(field.key for field in FIELDS if field.kind == kind)


class Activity(BaseModel):
    """One activity file."""

    model_config = ConfigDict(extra="allow", frozen=True)

    schema_version: int = SCHEMA_VERSION
    id: str
    title: str
    date: dt.date
    end_date: dt.date | None = None
    hours: float
    type: str
    areas: list[str] = []
    attributes: list[str] = []
    provider: str | None = None
    tags: list[str] = []
    pksb: list[str] = []
    evidence: list[str] = []
    description: str | None = None
    reflection: str | None = None
    source: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    evidence_sha256: dict[str, str] = {}

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("must be a whole number such as 1")
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        return check_id(_text(value))

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return check_title(_text(value))

    @field_validator(*_keys("date"), mode="before")
    @classmethod
    def _dates(cls, value: Any) -> dt.date:
        return read_date(value)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(
                f"must be a number of hours such as 1.5, not {kind_of(value)}"
            )
        return hours_number(minutes_of_hours(value))

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> str:
        return check_type(_text(value))

    @field_validator("areas", mode="before")
    @classmethod
    def _areas(cls, value: Any) -> list[str]:
        return check_areas(_text_list(value))

    @field_validator("attributes", mode="before")
    @classmethod
    def _attributes(cls, value: Any) -> list[str]:
        return check_attributes(_text_list(value))

    @field_validator(*_keys("texts"), mode="before")
    @classmethod
    def _lists(cls, value: Any) -> list[str]:
        return _text_list(value)

    @field_validator(*_keys("text"), mode="before")
    @classmethod
    def _texts(cls, value: Any) -> str:
        return _text(value)

    @field_validator(*_keys("stamp"), mode="before")
    @classmethod
    def _stamps(cls, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(
            "must be a date and time such as 2026-03-14T18:02:11Z, "
            f"not {kind_of(value)}"
        )

    @field_validator("evidence_sha256", mode="before")
    @classmethod
    def _hashes(cls, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise ValueError(f"must be a table, not {kind_of(value)}")
        return check_hashes(value)

    def check_span(self) -> None:
        check_span(self.date, self.end_date, round(self.hours * 60))


def validate_activity(data: dict[str, Any], text: str = "") -> Record:
    """The Record of a file's TOML table, judged by the model. Raises
    ProblemError, one problem per bad field (path is None: the caller knows
    the file)."""
    try:
        activity = Activity.model_validate(data)
    except ValidationError as error:
        raise ProblemError(
            *(_sentence(item, text) for item in error.errors(include_url=False))
        ) from None
    try:
        activity.check_span()
    except ValueError as error:
        field = "end_date" if activity.end_date else "hours"
        raise ProblemError(
            Problem(None, _line_of(field, text), None, f"{error}")
        ) from None
    return record_of(activity)


def _sentence(item: Any, text: str) -> Problem:
    loc = item.get("loc") or ("",)
    field = str(loc[0])
    where = field + "".join(f"[{part}]" for part in loc[1:])
    kind = item.get("type", "")
    if kind == "missing":
        message = f"{field} is missing; it is required"
    elif kind == "value_error":
        message = f"{where}: {item['ctx']['error']}"
    else:
        message = f"{where}: {item.get('msg', 'is not valid')}"
    return Problem(None, _line_of(field, text), None, message)


def _line_of(field: str, text: str) -> int | None:
    """The 1-based line where field is set, for path:line:col messages."""
    match = re.search(rf"^[ \t]*\"?{re.escape(field)}\"?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def record_of(activity: Activity) -> Record:
    """The plain Record of a validated model (unknown keys in `extra`)."""
    values = {key: getattr(activity, key) for key in FIELD_ORDER}
    return Record(**values, extra=dict(activity.model_extra or {}))
