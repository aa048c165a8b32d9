"""Team summaries: what `cpdlog share` may reveal, and how `team` reads it.

A summary is the JSON a person chooses to hand to a manager or mentor. Its
safety rests on one allow-list, `_FIELDS`: `summary` copies only those keys
(and only the allowed keys inside `window`, `forecast`, `statement` and
`by_area`), so no title, description, reflection, statement text or
evidence path can reach it, whatever `status --json` grows. The same list
validates a summary on reading; keys it does not know are ignored, so a
summary from a newer cpdlog still reads. Pure: files and folders are the
caller's.
"""

import json
import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from cpdlog.errors import DataError

GREEN, AMBER, RED = "green", "amber", "red"
HORIZON = timedelta(days=30)  # green: still met this long after the summary
# The three areas of the SPEC (status --json always has them); named here
# rather than imported so that this module depends on nothing but errors.
AREAS = ("personal", "organisational", "wider")


class _Check(NamedTuple):
    test: Callable[[Any], bool]
    what: str  # "should be ..." in the message naming a bad key


# `type(v) in` rather than isinstance: it leaves bools out in one test, and
# json gives no subclasses. `team` checks some 25 values of each of a
# thousand summaries within its time budget (#20).
_NUMBERS = (int, float)


def _is_hours(value: Any) -> bool:
    """A JSON number of hours: not a bool, 0 or more, finite in minutes."""
    return type(value) in _NUMBERS and value >= 0 and value * 60 < math.inf


def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _is_date(value: Any) -> bool:
    """A date written as YYYY-MM-DD, the only form cpdlog writes."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_area_hours(value: Any) -> bool:
    """Hours by area; a newer cpdlog may name more areas, so any are read."""
    # JSON object keys are always strings
    return type(value) is dict and all(_is_hours(h) for h in value.values())


def _or_null(check: _Check) -> _Check:
    return _Check(lambda v: v is None or check.test(v), f"{check.what} or null")


_HOURS = _Check(_is_hours, "a number of hours, 0 or more")
_COUNT = _Check(_is_count, "a whole number, 0 or more")
_DATE = _Check(_is_date, "a date (YYYY-MM-DD)")
_BOOL = _Check(lambda v: v is True or v is False, "true or false")
_TEXT = _Check(lambda v: type(v) is str, "a string")
_AREA_HOURS = _Check(_is_area_hours, "an object of hours by area")

# The allow-list: every key a summary may hold, with the type it must have.
_FIELDS: dict[str, _Check | dict[str, _Check]] = {
    "scheme": _TEXT,
    "window": {"start": _DATE, "end": _DATE},
    "hours": _HOURS,
    "target_hours": _HOURS,
    "remaining_hours": _HOURS,
    "met": _BOOL,
    "entries": _COUNT,
    "by_area": _AREA_HOURS,
    "reflected_hours": _HOURS,
    "forecast": {
        "reached": _or_null(_DATE),
        "drops_below": _or_null(_DATE),
        "hours_needed": _HOURS,
        "by": _or_null(_DATE),
    },
    "statement": {"exists": _BOOL, "words": _COUNT, "limit": _or_null(_COUNT)},
    "name": _or_null(_TEXT),
    "as_of": _DATE,
    "last_activity": _or_null(_DATE),
}
SUMMARY_KEYS: tuple[str, ...] = tuple(_FIELDS)
_OWN_KEYS = ("name", "as_of", "last_activity")  # added by share, not status


class Row(NamedTuple):
    name: str
    hours: int | float
    target_hours: int | float
    met: bool
    statement_words: int
    last_activity: date | None
    mark: str
    as_of: date | None = None  # the summary's date, which the mark is judged on


def summary(
    status: dict[str, Any], name: str | None, as_of: date, last_activity: date | None
) -> dict[str, Any]:
    """The summary `share` writes, from a `status --json` dict: only the
    allowed keys. ValueError when status lacks one or has the wrong type
    (a bug: status is cpdlog's own)."""
    result: dict[str, Any] = {}
    for key, check in _FIELDS.items():
        if key in _OWN_KEYS:
            continue
        if key not in status:
            raise ValueError(f"status has no {key!r} for the summary")
        value = status[key]
        if isinstance(check, dict):
            value = {sub: _get(value, sub, key) for sub in check}
        elif key == "by_area":
            value = {area: _get(value, area, key) for area in AREAS}
        result[key] = value
    result["name"] = name
    result["as_of"] = as_of.isoformat()
    result["last_activity"] = last_activity.isoformat() if last_activity else None
    problem = _problem(result)
    if problem:
        raise ValueError(f"status cannot be summarised: {problem}")
    return result


def _get(table: Any, key: str, within: str) -> Any:
    if not isinstance(table, dict) or key not in table:
        raise ValueError(f"status has no {within}.{key!r} for the summary")
    return table[key]


def _problem(data: Any) -> str | None:
    """What is wrong with data as a summary (the first thing), or None.
    Only `name` may be missing; keys not in the allow-list are ignored."""
    if not isinstance(data, dict):
        return "it is not a JSON object"
    for key, check in _FIELDS.items():
        if key not in data:
            if key == "name":
                continue
            return f"the key {key!r} is missing"
        if isinstance(check, dict):
            problem = _table_problem(data[key], key, check)
            if problem:
                return problem
        elif not check.test(data[key]):
            return f"{key!r} should be {check.what}"
    return None


def _table_problem(table: Any, key: str, checks: dict[str, _Check]) -> str | None:
    if not isinstance(table, dict):
        return f"{key!r} should be an object"
    for sub, check in checks.items():
        if sub not in table:
            return f"the key '{key}.{sub}' is missing"
        if not check.test(table[sub]):
            return f"'{key}.{sub}' should be {check.what}"
    return None


def read_summary(data: bytes, label: str, where: str | None = None) -> Row:
    """One person's row from the bytes of a summary; label (the file's stem)
    names them when the summary has no name (null, absent or blank). DataError
    naming where (default: label) and the key when it is not JSON or not a
    summary."""
    where = label if where is None else where
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError(
            f"{where}: not a cpdlog summary, it cannot be read as JSON ({error})."
            " Ask its owner to write it again with `cpdlog share`."
        ) from None
    problem = _problem(parsed)
    if problem:
        raise DataError(
            f"{where}: not a cpdlog summary: {problem}."
            " Ask its owner to write it again with `cpdlog share`."
        )
    last = parsed["last_activity"]
    name = parsed.get("name")
    return Row(
        name=name if name and name.strip() else label,
        hours=parsed["hours"],
        target_hours=parsed["target_hours"],
        met=parsed["met"],
        statement_words=parsed["statement"]["words"],
        last_activity=date.fromisoformat(last) if last else None,
        mark=mark(parsed),
        as_of=date.fromisoformat(parsed["as_of"]),
    )


def _minutes(hours: int | float) -> int:
    """Hours compared exactly: as whole minutes, as cpdlog counts them."""
    return round(hours * 60)


def mark(data: dict[str, Any]) -> str:
    """green: met and still met HORIZON after as_of; amber: met but dropping
    below by then, or not met with at most a quarter of the target to go;
    red otherwise. data is a valid summary (as read_summary checks)."""
    as_of = date.fromisoformat(data["as_of"])
    if data["met"]:
        drops = data["forecast"]["drops_below"]
        if drops is None or date.fromisoformat(drops) > as_of + HORIZON:
            return GREEN
        return AMBER
    remaining = _minutes(data["remaining_hours"])
    # remaining <= target / 4, in integers so that a quarter exactly is amber
    if 4 * remaining <= _minutes(data["target_hours"]):
        return AMBER
    return RED


_ORDER = {RED: 0, AMBER: 1, GREEN: 2}


def sort_rows(rows: Iterable[Row]) -> list[Row]:
    """Red first, then amber, then green; by name within a mark."""
    return sorted(rows, key=lambda r: (_ORDER[r.mark], r.name.casefold(), r.name))


def row_json(row: Row) -> dict[str, Any]:
    """A row as `team --json` lists it."""
    return {
        "name": row.name,
        "hours": row.hours,
        "target_hours": row.target_hours,
        "met": row.met,
        "statement_words": row.statement_words,
        "last_activity": row.last_activity.isoformat() if row.last_activity else None,
        "mark": row.mark,
    }
