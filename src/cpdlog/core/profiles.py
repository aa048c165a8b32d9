"""The profile, `cpdlog.toml`: who the user is and which schemes judge the log.

One reader for every command: `status`, `export` and `check` all accept and
refuse the same profile (`read_profile`), in plain Python so that `status`
stays off pydantic. `SETTINGS` says how each key is set from the command
line (`init` and `profile set` validate alike) and in which table it lives.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from cpdlog.core import scheme
from cpdlog.core.dates import parse_date, read_date
from cpdlog.core.duration import hours_number, parse_hours
from cpdlog.errors import UsageError

SCHEMA_VERSION = 1
REGISTRATIONS = ("certification", "chartership", "fellowship")


class Profile(NamedTuple):
    """A read profile: the [profile] table (checked) and the scheme choice."""

    person: dict[str, Any]
    choice: scheme.Choice


def check_registration(value: Any) -> str:
    """certification | chartership | fellowship, any case; stored lowercase."""
    if isinstance(value, str) and value.strip().lower() in REGISTRATIONS:
        return value.strip().lower()
    raise ValueError(f"registration must be one of {', '.join(REGISTRATIONS)}")


def _text(value: Any) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("must be text in quotes")
    return value


def _model(name: str) -> str:
    from cpdlog.core.reflection import find_model

    try:
        return find_model(name).name
    except UsageError as error:
        raise ValueError(str(error).rstrip(".")) from None


# The [profile] keys cpdlog reads, and how each is checked; others are kept.
_PERSON_CHECKS: dict[str, Callable[[Any], Any]] = {
    "name": _text,
    "registration": check_registration,
    "last_revalidated": read_date,
    "reflection_model": lambda value: _model(_text(value)),
}


def read_profile(table: Mapping[str, Any]) -> Profile:
    """The Profile of a cpdlog.toml table. Raises ValueError naming the key
    (the caller adds the file and line)."""
    person = table.get("profile", {})
    if not isinstance(person, dict):
        raise ValueError("[profile] must be a table")
    checked = dict(person)
    for key, check in _PERSON_CHECKS.items():
        if key in person:
            try:
                checked[key] = check(person[key])
            except (ValueError, UsageError) as error:
                raise ValueError(f"[profile] {key}: {error}") from None
    version = table.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError("schema_version must be a whole number such as 1")
    return Profile(checked, scheme.choice_from(table.get("scheme")))


class Setting(NamedTuple):
    """A profile key as the command line sets it."""

    table: str  # "profile" or "scheme"
    key: str
    parse: Callable[[str, date, str], Any]  # (text, today, option) -> value


def _parse_text(text: str, _today: date, option: str) -> str:
    if "\x00" in text or not text.strip():
        raise UsageError(f"{option}: give some text (not empty, no NUL).")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{option}: the text is not valid Unicode (check the terminal's encoding)."
        ) from None
    return text


def _parse_registration(text: str, _today: date, option: str) -> str:
    try:
        return check_registration(text)
    except ValueError as error:
        raise UsageError(f"{option} {text!r}: {error}.") from None


def _parse_target(text: str, _today: date, option: str) -> int | float:
    # The same rule as --hours (above zero, at least a minute, a century at
    # most), kept to the minute like every figure of hours.
    minutes = parse_hours(text, option)
    return minutes // 60 if minutes % 60 == 0 else hours_number(minutes)


def _parse_count(text: str, _today: date, option: str) -> int:
    if not text.strip().isdigit() or int(text) < 1 or int(text) > 1_000_000:
        raise UsageError(f"{option} {text!r}: give a whole number from 1.")
    return int(text)


def _parse_model(text: str, _today: date, option: str) -> str:
    from cpdlog.core.reflection import find_model

    return find_model(text).name


def _parse_scheme_names(text: str, _today: date, option: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(f"{option}: give scheme names separated by commas.")
    return names


SETTINGS: dict[str, Setting] = {
    "name": Setting("profile", "name", _parse_text),
    "registration": Setting("profile", "registration", _parse_registration),
    "last_revalidated": Setting(
        "profile", "last_revalidated", lambda t, today, o: parse_date(t, today, o)
    ),
    "reflection_model": Setting("profile", "reflection_model", _parse_model),
    "scheme": Setting("scheme", "name", _parse_text),
    "target_hours": Setting("scheme", "target_hours", _parse_target),
    "statement_words": Setting("scheme", "statement_words", _parse_count),
    "period_months": Setting("scheme", "period_months", _parse_count),
    "also": Setting("scheme", "also", _parse_scheme_names),
}


def find_setting(key: str) -> Setting:
    """The setting called key (`name`, `scheme.name`, `target_hours`...).
    Raises UsageError listing the keys."""
    wanted = key.strip().lower().replace("-", "_")
    table, _, name = wanted.rpartition(".")
    if table == "scheme" and name == "name":
        name = "scheme"
    setting = SETTINGS.get(name)
    if setting is None or (table and table != setting.table):
        raise UsageError(
            f"{key!r} is not a profile key; use one of {', '.join(SETTINGS)}."
        )
    return setting


def with_setting(table: dict[str, Any], setting: Setting, value: Any) -> dict[str, Any]:
    """A copy of the profile table with one key set, every other kept."""
    result = {"schema_version": SCHEMA_VERSION, **table}
    section = result.get(setting.table, {})
    if not isinstance(section, dict):
        section = {}
    result[setting.table] = {**section, setting.key: value}
    return result
