"""The filters of `cpdlog list`: a repeated flag is OR, different flags AND."""

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from cpdlog.core import options as fields
from cpdlog.core.activity import Record, Summary
from cpdlog.core.dates import parse_date


class Filters(NamedTuple):
    since: date | None = None
    until: date | None = None
    types: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    search: str | None = None

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
            folded(search) if search else None,
        )

    @property
    def needs_records(self) -> bool:
        """Whether a filter reads more than the index's summaries hold."""
        return bool(self.tags or self.search)

    def match_summary(self, activity: Summary) -> bool:
        """The filters a summary can answer: dates, types, areas."""
        if self.since and activity.date < self.since:
            return False
        if self.until and activity.date > self.until:
            return False
        if self.types and activity.type not in self.types:
            return False
        return not self.areas or bool(self.areas.intersection(activity.areas))

    def match_record(self, activity: Record) -> bool:
        """The filters that need the whole activity: tags, search."""
        tags = {tag.casefold() for tag in activity.tags}
        if self.tags and not self.tags & tags:
            return False
        return not self.search or any(
            self.search in folded(text)
            for text in (
                activity.title,
                activity.description or "",
                activity.reflection or "",
                activity.provider or "",
                *activity.tags,
            )
        )


def folded(text: str) -> str:
    """Text as search compares it: case and accents ignored (`tîm` is `tim`)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def select(
    rows: Sequence[tuple[str, Summary]], filters: Filters, newest_first: bool
) -> list[tuple[str, Summary]]:
    """The (path, summary) rows the summary filters keep, ordered by date
    then title (newest first when asked)."""
    chosen = [row for row in rows if filters.match_summary(row[1])]
    chosen.sort(key=lambda row: (row[1].date, row[1].title, row[1].id))
    if newest_first:
        chosen.reverse()
    return chosen
