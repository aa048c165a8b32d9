"""The filters of `cpdlog list`: a repeated flag is OR, different flags AND."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cpdlog.core import options as fields
from cpdlog.core.activity import Record, Summary
from cpdlog.core.dates import optional_date

if TYPE_CHECKING:
    from cpdlog.core.pksb import Framework


class Filters(NamedTuple):
    since: date | None = None
    until: date | None = None
    types: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    search: str | None = None
    pksb: frozenset[str] = frozenset()  # folded full names of PKSB areas
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
        pksb: Sequence[str] = (),
        pksb_framework: "Callable[[], Framework] | None" = None,
    ) -> "Filters":
        """Filters from command-line text (PKSB areas matched as `add
        --pksb` matches them). Raises UsageError for a bad value."""
        wanted = fields.parse_pksb(pksb, pksb_framework) if pksb else []
        return cls(
            optional_date(since, today, "--from"),
            optional_date(until, today, "--to"),
            frozenset(fields.parse_type(kind) for kind in types),
            frozenset(fields.parse_areas(areas)),
            frozenset(tag.casefold() for tag in tags),
            folded(search) if search else None,
            frozenset(_fold(name) for name in wanted),
        )

    @property
    def needs_records(self) -> bool:
        """Whether a filter reads more than the index's summaries hold."""
        return bool(self.tags or self.search or self.pksb) or self.evidence is not None

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
        """The filters that need the whole activity: tags, PKSB, evidence,
        search."""
        tags = {tag.casefold() for tag in activity.tags}
        if self.tags and not self.tags & tags:
            return False
        if self.pksb and not self.pksb.intersection(map(_fold, activity.pksb)):
            return False
        if self.evidence is not None and bool(activity.evidence) != self.evidence:
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


def _fold(name: str) -> str:
    """A PKSB area as matching compares it (a case variant joins its area)."""
    from cpdlog.core.pksb import fold  # only for --pksb

    return fold(name)


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
