"""The filters of `cpdlog list`: a repeated flag is OR, different flags AND."""

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from cpdlog.core import options as fields
from cpdlog.core.dates import parse_date


class Filters(NamedTuple):
    since: date | None = None
    until: date | None = None
    types: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    search: str | None = None
    evidence: bool | None = None  # with (True) or without (False) evidence

    @classmethod
    def from_options(
        cls,
        since: str | None,
        until: str | None,
        types: Sequence[str],
        areas: Sequence[str],
        tags: Sequence[str],
        search: str | None,
        today: date,
    ) -> "Filters":
        """Filters from command-line text. Raises UsageError for a bad value."""
        return cls(
            parse_date(since, today, "--from") if since else None,
            parse_date(until, today, "--to") if until else None,
            frozenset(fields.parse_type(kind) for kind in types),
            frozenset(fields.parse_areas(areas)),
            frozenset(tag.casefold() for tag in tags),
            search.casefold() if search else None,
        )

    def match(self, activity: Any) -> bool:
        if self.evidence is not None and bool(activity.evidence) != self.evidence:
            return False
        if self.since and activity.date < self.since:
            return False
        if self.until and activity.date > self.until:
            return False
        if self.types and activity.type not in self.types:
            return False
        if self.areas and not self.areas.intersection(activity.areas):
            return False
        tags = {tag.casefold() for tag in activity.tags}
        if self.tags and not self.tags & tags:
            return False
        return not self.search or any(
            self.search in text.casefold()
            for text in (
                activity.title,
                activity.description or "",
                activity.reflection or "",
                activity.provider or "",
                *activity.tags,
            )
        )


def select(
    stored: Sequence[Any], filters: Filters, limit: int | None, newest_first: bool
) -> list[Any]:
    """The stored activities that match, ordered by date then title, limited."""
    rows = [item for item in stored if filters.match(item.activity)]
    rows.sort(key=lambda item: (item.activity.date, item.activity.title))
    if newest_first:
        rows.reverse()
    return rows if limit is None else rows[:limit]
