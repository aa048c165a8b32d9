"""Drafts: activities that came from a calendar or another log, not yet confirmed.

A draft holds what the import could read (title, date, perhaps hours,
description, a link) and a `source` naming where it came from. It becomes an
activity when the person accepts it with what it lacks: usually the hours of
an all-day event and the type, which no calendar knows. This module says
what a draft still needs and when an imported item is one already seen; the
files are `store/inbox.py`'s.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from cpdlog.core.activity import FIELD_ORDER
from cpdlog.core.options import option_name

# The option that gives each key, where it is not simply --key.
_OPTIONS = {"hours": "--hours or --duration"}


def missing(table: Mapping[str, Any]) -> list[str]:
    """The keys a draft still needs before it is a valid activity: required
    keys it lacks, and keys whose value the activity's rules refuse (hours
    that do not fit the days, a type that is not one), in file order."""
    from pydantic import ValidationError

    from cpdlog.core.model import Activity

    try:
        activity = Activity.model_validate(dict(table))
    except ValidationError as error:
        bad = {str(item["loc"][0]) for item in error.errors() if item.get("loc")}
    else:
        try:
            activity.check_span()
            return []
        except ValueError:
            bad = {"end_date" if activity.end_date else "hours"}
    return [key for key in FIELD_ORDER if key in bad] + sorted(bad - set(FIELD_ORDER))


def options_for(keys: Iterable[str]) -> str:
    """`--hours or --duration and --type`: the options that give keys."""
    names = [_OPTIONS.get(key) or option_name(key) for key in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Known(NamedTuple):
    """What a home already holds, to tell a new imported item from one seen
    before: every `source` of a draft, activity or removed file, and the
    (ID, date) of every activity and removed file (a row of cpdlog's own CSV
    export names the activity it came from by its ID)."""

    sources: set[str]
    dated_ids: set[tuple[str, date]]

    def has(self, item: Mapping[str, Any]) -> bool:
        source = item.get("source")
        if source in self.sources:
            return True
        if isinstance(source, str) and source.startswith("csv:"):
            return (source[4:], item.get("date")) in self.dated_ids
        if isinstance(source, str) and source.startswith("csv-row:"):
            # Before 2026-11-30 a row without an ID was `csv:<hash>` too.
            return "csv:" + source[8:] in self.sources
        return False


def split_known(
    items: Iterable[dict[str, Any]], known: Known
) -> tuple[list[dict[str, Any]], int]:
    """(the items not known yet, how many were known). An item repeated
    within the same file counts as known after its first time."""
    fresh: list[dict[str, Any]] = []
    seen: set[str] = set()
    count = 0
    for item in items:
        source = item.get("source")
        if known.has(item) or source in seen:
            count += 1
            continue
        if isinstance(source, str):
            seen.add(source)
        fresh.append(item)
    return fresh, count
