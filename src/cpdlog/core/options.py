"""Command-line values to an activity's TOML fields, checked on the way.

This is the `add`/`edit` path: each option's text is parsed (dates, hours,
durations) and checked with the same rules (`core/activity.py`) that the
pydantic model applies to files, so the file written is one the model
accepts, without importing pydantic on the way. How a value is parsed
follows its field's kind, so a new field needs no code here. Problems are
UsageErrors naming the option.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from cpdlog.core import activity
from cpdlog.core.catalogue import ATTRIBUTE_NAMES
from cpdlog.core.dates import parse_date
from cpdlog.core.duration import hours_number, parse_duration, parse_hours
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.core.pksb import Framework

_AREA_ALIASES = {"organizational": "organisational", "org": "organisational"}


class Options(NamedTuple):
    """The field options of `add` and `edit` as typed, by TOML key (a list
    option not given is []), how to learn the attributes schemes name
    (asked only for an attribute the catalogue does not hold) and how to
    load the PKSB framework (asked only when --pksb is given: the shipped
    areas when None)."""

    values: dict[str, Any]
    known_attributes: Callable[[], set[str]] = lambda: set(ATTRIBUTE_NAMES)
    pksb_framework: "Callable[[], Framework] | None" = None

    def given(self) -> bool:
        return any(value not in (None, []) for value in self.values.values())


# Options named otherwise than their key: a list key is plural, its
# repeatable option singular.
_OPTION_NAMES = {"title": "TITLE", "areas": "--area", "tags": "--tag",
                 "attributes": "--attribute"}  # fmt: skip


def option_name(key: str) -> str:
    """The command-line name of a field's option (`end_date` -> --end-date)."""
    return _OPTION_NAMES.get(key) or "--" + key.replace("_", "-")


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


def parse_areas(values: Sequence[str], option: str = "--area") -> list[str]:
    names = [_AREA_ALIASES.get(v.strip().lower(), v.strip().lower()) for v in values]
    return list(_checked(option, activity.check_areas, names))


def parse_attributes(values: Sequence[str], known: Callable[[], set[str]]) -> list[str]:
    """Attribute names that some scheme names (known() is asked only for a
    name the catalogue does not hold, as it reads the user's schemes)."""
    names: list[str] = _checked(
        "--attribute", activity.check_attributes, [v.strip().lower() for v in values]
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


def parse_pksb(
    values: Sequence[str], framework: "Callable[[], Framework] | None"
) -> list[str]:
    """The full names of the PKSB areas typed (a name or code, any case, or a
    unique prefix), each once. Raises UsageError naming the closest areas."""
    from cpdlog.core import pksb  # only when --pksb is given

    if framework is None:
        from cpdlog.core import pksb_format

        areas = pksb_format.load_framework(pksb_format.shipped_text(), None)
    else:
        areas = framework()
    return list(dict.fromkeys(pksb.match_area(areas, value) for value in values))


def parse_type(value: str, option: str = "--type") -> str:
    return str(_checked(option, activity.check_type, value.strip().lower()))


def _texts(option: str, values: Sequence[str]) -> list[str]:
    items = [_checked(option, activity.check_text, value) for value in values]
    if any(not item.strip() for item in items):
        raise UsageError(f"{option}: an empty value cannot be stored.")
    return items


# How a command-line value of each kind becomes its TOML value.
_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "title": lambda option, v: _checked(option, activity.check_title, v),
    "type": lambda option, v: parse_type(v, option),
    "areas": lambda option, v: parse_areas(v, option),
    "texts": _texts,
    "text": lambda option, v: _checked(option, activity.check_text, v),
}


def changes_from_options(options: Options, today: date) -> dict[str, Any]:
    """The TOML values of the options that were given (None, or [] for a
    list, means not given). Raises UsageError."""
    values = options.values
    changes: dict[str, Any] = {}
    for field in activity.FIELDS:
        value = values.get(field.key)
        if value is None or value == [] or field.kind not in _PARSERS:
            continue
        if field.key == "pksb":
            changes["pksb"] = parse_pksb(value, options.pksb_framework)
            continue
        changes[field.key] = _PARSERS[field.kind](option_name(field.key), value)
    for key in ("date", "end_date"):
        if values.get(key) is not None:
            option = option_name(key)
            day = parse_date(values[key], today, option)
            _checked(option, lambda d: activity.check_not_future(d, today), day)
            changes[key] = day
    if values.get("attributes"):
        changes["attributes"] = parse_attributes(
            values["attributes"], options.known_attributes
        )
    minutes = parse_minutes(values.get("hours"), values.get("duration"))
    if minutes is not None:
        changes["hours"] = hours_number(minutes)
    return changes


def new_activity(options: Options, today: date) -> dict[str, Any]:
    """The fields of a new activity (no id or timestamps yet). Raises UsageError."""
    changes = changes_from_options(options, today)
    missing = [key for key in ("title", "hours", "type") if key not in changes]
    if missing:
        what = {"title": "TITLE", "hours": "--hours or --duration", "type": "--type"}
        raise UsageError(
            f"Missing {what[missing[0]]}: cpdlog add needs a title, the hours "
            "and a type (see cpdlog add --help)."
        )
    changes.setdefault("date", today)
    changes.setdefault("areas", [])
    ordered = {key: changes[key] for key in activity.FIELD_ORDER if key in changes}
    check_span(ordered)
    return ordered


def apply_changes(
    data: Mapping[str, Any], changes: Mapping[str, Any], clear: Sequence[str]
) -> dict[str, Any]:
    """A copy of a stored table with changes set and clear's fields removed."""
    bad = [name for name in clear if name not in activity.CLEARABLE]
    if bad:
        raise UsageError(
            f"--clear {bad[0]!r}: only {', '.join(activity.CLEARABLE)} can be cleared."
        )
    both = [name for name in clear if name in changes]
    if both:
        raise UsageError(f"--clear {both[0]} and a new {both[0]} cannot go together.")
    result = dict(data)
    for name in clear:
        field = activity.BY_KEY[name]
        if name in activity.LIST_FIELDS and not field.extension:
            result[name] = []
        else:
            result.pop(name, None)
    result.update(changes)
    hashes = result.get("evidence_sha256")
    if isinstance(hashes, dict) and ("evidence" in changes or "evidence" in clear):
        # A file left out of a new evidence list is no longer attached: its
        # SHA-256 goes with it (the file stays; `check` names it).
        kept = {k: v for k, v in hashes.items() if k in result.get("evidence", [])}
        result.pop("evidence_sha256")
        if kept:
            result["evidence_sha256"] = kept
    return result


def check_span(data: Mapping[str, Any]) -> None:
    """The hours fit the days from date to end_date. Raises UsageError."""
    minutes = round(data["hours"] * 60)
    option = "--end-date" if data.get("end_date") else "--hours"
    _checked(
        option,
        lambda _: activity.check_span(data["date"], data.get("end_date"), minutes),
        None,
    )
