"""What `cpdlog list` shows: the index chooses, then only the chosen files
are read, as whole records from the per-year caches (issue #14)."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

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
            found = index.of_home(self.home)
            self.total = len(found.rows)
            self.problems = list(found.problems)
            chosen = self.filters
            if chosen.types or chosen.areas:
                rows = select(found.activities, chosen, self.newest_first)
                paths = [path for path, _summary in rows]
            else:
                paths = found.dated_paths(chosen.since, chosen.until, self.newest_first)
            if not self.filters.needs_records and self.limit is not None:
                paths = paths[: self.limit]
            yield from self._matching(paths, found.by_path())

    def _matching(
        self, paths: list[str], known: dict[str, tuple[Any, ...]]
    ) -> Iterator[Listed]:
        shown = 0
        needs_records = self.filters.needs_records
        loaded = records.load(self.home.root, paths, self.to_json, known)
        for item in loaded:
            if self.limit is not None and shown >= self.limit:
                return
            if isinstance(item, Problem):
                self.problems.append(item)
            elif not needs_records or self.filters.match_record(item.activity):
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
