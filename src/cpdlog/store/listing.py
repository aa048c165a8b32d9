"""What `cpdlog list` shows: the index chooses, then only the chosen files
are read, as whole records from the per-year caches (issue #14)."""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cpdlog.errors import Problem
from cpdlog.store import index, records
from cpdlog.store.home import Home
from cpdlog.store.lock import reading
from cpdlog.store.records import Listed

if TYPE_CHECKING:
    from cpdlog.core.query import Filters


class Listing:
    """The activities a list shows, read as they are iterated (once, under
    the home's shared lock, so a rename in progress is never half seen), and
    the files that could not be used (complete once iterated)."""

    def __init__(
        self,
        home: Home,
        filters: "Filters",
        limit: int | None,
        newest_first: bool,
        to_json: "records.ToJson | None" = None,
    ) -> None:
        self.home = home
        self.to_json = to_json
        self.filters = filters
        self.limit = limit
        self.newest_first = newest_first
        self.total = 0
        self.problems: list[Problem] = []

    def __iter__(self) -> Iterator[Listed]:
        from cpdlog.core.query import select

        with reading(self.home):
            found = index.build(self.home.root, self.home.activities)
            self.total = len(found.rows)
            self.problems = list(found.problems)
            rows = select(found.activities, self.filters, self.newest_first)
            paths = [path for path, _summary in rows]
            if not self.filters.needs_records and self.limit is not None:
                paths = paths[: self.limit]
            yield from self._matching(paths)

    def _matching(self, paths: list[str]) -> Iterator[Listed]:
        shown = 0
        for item in records.load(self.home.root, paths, self.to_json):
            if self.limit is not None and shown >= self.limit:
                return
            if isinstance(item, Problem):
                self.problems.append(item)
            elif self.filters.match_record(item.activity):
                shown += 1
                yield item


def list_activities(
    home: Home,
    filters: "Filters",
    limit: int | None,
    newest_first: bool,
    to_json: "records.ToJson | None" = None,
) -> Listing:
    """The activities that pass the filters, in order, limited (with their
    JSON text when to_json is given)."""
    return Listing(home, filters, limit, newest_first, to_json)
