"""The activity and the profile as pydantic models: the schema of the files.

Hand-written and synced files are checked here, each problem turned into a
sentence naming the field (and its line, when the key can be found). The
value rules themselves live in `rules` and `scheme`, shared with the fast
command-line path that does not import pydantic. Unknown keys are kept
(`extra="allow"`) so that a rewrite never drops them.
"""

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from cpdlog.core import activity as rules
from cpdlog.core import scheme
from cpdlog.core.duration import hours_number
from cpdlog.errors import Problem, ProblemError


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text in quotes, not {_kind(value)}")
    return rules.check_text(value)


def _text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f'must be a list such as ["a", "b"], not {_kind(value)}')
    return [_text(item) for item in value]


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time, such as 2026-03-14")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date such as 2026-03-14, not {_kind(value)}")


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    name = names.get(type(value))
    if name:
        return name
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Activity(BaseModel):
    """One activity file."""

    model_config = ConfigDict(extra="allow", frozen=True)

    schema_version: int = rules.SCHEMA_VERSION
    id: str
    title: str
    date: date
    end_date: date | None = None
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
    created: datetime | None = None
    updated: datetime | None = None

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("must be a whole number such as 1")
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        return rules.check_id(_text(value))

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return rules.check_title(_text(value))

    @field_validator("date", "end_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> date:
        return _day(value)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(
                f"must be a number of hours such as 1.5, not {_kind(value)}"
            )
        return hours_number(rules.minutes_of(value))

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> str:
        return rules.check_type(_text(value))

    @field_validator("areas", mode="before")
    @classmethod
    def _areas(cls, value: Any) -> list[str]:
        return rules.check_areas(_text_list(value))

    @field_validator("attributes", mode="before")
    @classmethod
    def _attributes(cls, value: Any) -> list[str]:
        return rules.check_attributes(_text_list(value))

    @field_validator("tags", "pksb", "evidence", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> list[str]:
        return _text_list(value)

    @field_validator("provider", "description", "reflection", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> str:
        return _text(value)

    @field_validator("created", "updated", mode="before")
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
            f"must be a date and time such as 2026-03-14T18:02:11Z, not {_kind(value)}"
        )

    @property
    def minutes(self) -> int:
        return round(self.hours * 60)

    @property
    def reflected(self) -> bool:
        return bool(self.reflection and self.reflection.strip())

    def check_span(self) -> None:
        rules.check_span(self.date, self.end_date, self.minutes)


def validate_activity(data: dict[str, Any], text: str = "") -> Activity:
    """The Activity of a file's TOML table. Raises ProblemError, one problem
    per bad field (path is None: the caller knows the file)."""
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
    return activity


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


class Profile(BaseModel):
    """The profile file, `cpdlog.toml`: who the user is and which scheme applies."""

    model_config = ConfigDict(extra="allow", frozen=True)

    schema_version: int = 1
    profile: dict[str, Any] = {}
    scheme: dict[str, Any] = {}

    @field_validator("profile", mode="before")
    @classmethod
    def _profile(cls, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValueError("must be a table: [profile]")
        checks = {
            "name": _text,
            "registration": scheme.check_registration,
            "last_revalidated": _day,
        }
        return {
            key: checks[key](item) if key in checks else item
            for key, item in value.items()
        }

    @field_validator("scheme", mode="before")
    @classmethod
    def _scheme(cls, value: Any) -> dict[str, Any]:
        scheme.choice_from(value)
        return value
