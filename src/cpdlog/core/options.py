"""Command-line values to an activity's TOML fields, checked on the way.

This is the `add`/`edit` path: each option's text is parsed (dates, hours,
durations) and checked with the same `rules` that the pydantic model applies
to files, so the file written is one the model accepts, without importing
pydantic on the way. Problems are UsageErrors naming the option.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from cpdlog.core import activity as rules
from cpdlog.core.catalogue import ATTRIBUTE_NAMES
from cpdlog.core.dates import parse_date
from cpdlog.core.duration import hours_number, parse_duration, parse_hours
from cpdlog.errors import UsageError

_AREA_ALIASES = {"organizational": "organisational", "org": "organisational"}


def _checked(option: str, check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}.") from None


def parse_minutes(hours: str | None, duration: str | None) -> int | None:
    """Minutes from --hours or --duration (never both)."""
    if hours is not None and duration is not None:
        raise UsageError("Give --hours or --duration, not both.")
    if hours is not None:
        return parse_hours(hours)
    if duration is not None:
        return parse_duration(duration)
    return None


def parse_areas(values: Sequence[str]) -> list[str]:
    names = [_AREA_ALIASES.get(v.strip().lower(), v.strip().lower()) for v in values]
    return _checked("--area", rules.check_areas, names)


def parse_attributes(values: Sequence[str], known: Callable[[], set[str]]) -> list[str]:
    """Attribute names that some scheme names (known() is asked only for a
    name the catalogue does not hold, as it reads the user's schemes)."""
    names = _checked(
        "--attribute", rules.check_attributes, [v.strip().lower() for v in values]
    )
    strange = [name for name in names if name not in ATTRIBUTE_NAMES]
    if strange:
        unknown = [name for name in strange if name not in known()]
        if unknown:
            raise UsageError(
                f"--attribute {unknown[0]!r}: no scheme names it; use "
                f"{', '.join(ATTRIBUTE_NAMES)}, or one your own scheme names."
            )
    return names


def parse_type(value: str) -> str:
    return _checked("--type", rules.check_type, value.strip().lower())


def _texts(option: str, values: Sequence[str]) -> list[str]:
    items = [_checked(option, rules.check_text, value) for value in values]
    if any(not item.strip() for item in items):
        raise UsageError(f"{option}: an empty value cannot be stored.")
    return items


# option name -> (TOML key, how the option's value becomes the TOML value)
_SIMPLE: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "title": ("title", lambda v: _checked("TITLE", rules.check_title, v)),
    "type": ("type", parse_type),
    "areas": ("areas", parse_areas),
    "tags": ("tags", lambda v: _texts("--tag", v)),
    "pksb": ("pksb", lambda v: _texts("--pksb", v)),
    "evidence": ("evidence", lambda v: _texts("--evidence", v)),
    "provider": ("provider", lambda v: _checked("--provider", rules.check_text, v)),
    "description": (
        "description",
        lambda v: _checked("--description", rules.check_text, v),
    ),
    "reflection": (
        "reflection",
        lambda v: _checked("--reflection", rules.check_text, v),
    ),
}


def changes_from_options(options: dict[str, Any], today: date) -> dict[str, Any]:
    """The TOML values of the options that were given (None means not given).

    options keys: title, date, end_date, hours, duration, type, areas,
    attributes, tags, pksb, evidence, provider, description, reflection (and
    known_attributes, a function giving the attributes the schemes name).
    Lists count as given when not empty.
    """
    changes: dict[str, Any] = {}
    for name, (key, convert) in _SIMPLE.items():
        value = options.get(name)
        if value is not None and value != []:
            changes[key] = convert(value)
    for name, option in (("date", "--date"), ("end_date", "--end-date")):
        if options.get(name) is not None:
            day = parse_date(options[name], today, option)
            _checked(option, lambda d: rules.check_not_future(d, today), day)
            changes[name] = day
    if options.get("attributes"):
        known = options.get("known_attributes") or (lambda: set(ATTRIBUTE_NAMES))
        changes["attributes"] = parse_attributes(options["attributes"], known)
    minutes = parse_minutes(options.get("hours"), options.get("duration"))
    if minutes is not None:
        changes["hours"] = hours_number(minutes)
    return changes


def new_activity(options: dict[str, Any], today: date) -> dict[str, Any]:
    """The fields of a new activity (no id or timestamps yet). Raises UsageError."""
    changes = changes_from_options(options, today)
    for key, what in (
        ("title", "TITLE"),
        ("hours", "--hours or --duration"),
        ("type", "--type"),
    ):
        if key not in changes:
            raise UsageError(
                f"Missing {what}: cpdlog add needs a title, the hours "
                "and a type (see cpdlog add --help)."
            )
    changes.setdefault("date", today)
    changes.setdefault("areas", [])
    ordered = {key: changes[key] for key in rules.FIELD_ORDER if key in changes}
    check_span(ordered)
    return ordered


def apply_changes(
    data: dict[str, Any], changes: dict[str, Any], clear: Sequence[str]
) -> dict[str, Any]:
    """A copy of a stored table with changes set and clear's fields removed."""
    bad = [name for name in clear if name not in rules.CLEARABLE]
    if bad:
        raise UsageError(
            f"--clear {bad[0]!r}: only {', '.join(rules.CLEARABLE)} can be cleared."
        )
    both = [name for name in clear if name in changes]
    if both:
        raise UsageError(f"--clear {both[0]} and a new {both[0]} cannot go together.")
    result = dict(data)
    for name in clear:
        if name in rules.LIST_FIELDS and name not in rules.EXTENSION_FIELDS:
            result[name] = []
        else:
            result.pop(name, None)
    result.update(changes)
    return result


def check_span(data: dict[str, Any]) -> None:
    """The hours fit the days from date to end_date. Raises UsageError."""
    minutes = round(data["hours"] * 60)
    option = "--end-date" if data.get("end_date") else "--hours"
    _checked(
        option,
        lambda _: rules.check_span(data["date"], data.get("end_date"), minutes),
        None,
    )
