"""The log's index: one summary per activity file, kept fresh from a cache.

`status`, `add` and ID look-ups need only a few facts of each activity (ID,
date, minutes, type, areas, title, whether it is reflected). The index lists
every `*.toml` under `activities/` with `os.scandir`, takes each unchanged
file's summary from the cache, and reads and validates only the rest, so the
pydantic model is imported only when a file is new or changed. Two files
with one ID (a sync conflict) count once; the other is a problem.

About 400 lines, kept whole: the scan, the cache check and the
duplicate-ID rule are one hot loop that `status` runs per file.
"""

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpdlog.core.activity import Summary, quick_summary, summary_of
from cpdlog.core.ids import id_of_name
from cpdlog.errors import Problem, ProblemError, describe
from cpdlog.store import cache

if TYPE_CHECKING:
    from cpdlog.store.home import Home

# Names sync tools give a second copy of a file: Dropbox and Nextcloud
# "(conflicted copy ...)", Syncthing ".sync-conflict-...", iCloud "name 2",
# Google Drive "name (1)".
_CONFLICT_NAME = re.compile(r"conflict|[ _]\(\d+\)\.toml\Z| \d+\.toml\Z", re.IGNORECASE)


def looks_like_conflict_copy(name: str) -> bool:
    """Whether a file name looks like a sync tool's conflict copy."""
    return bool(_CONFLICT_NAME.search(name))


def _pack(summary: Summary) -> tuple[Any, ...]:
    """A summary as marshal-able values, repeated strings shared."""
    end = summary.end_date.toordinal() if summary.end_date else 0
    areas = _SHARED.setdefault(summary.areas, summary.areas)
    marks = _SHARED.setdefault(summary.attributes, summary.attributes)
    kind = sys.intern(summary.type)
    return (summary.id, summary.date.toordinal(), end, summary.minutes, kind,
            areas, summary.title, summary.reflected, marks)  # fmt: skip


def _unpack(packed: Any) -> Summary:
    aid, day, end, minutes, kind, areas, title, reflected, marks = packed
    return Summary(aid, date.fromordinal(day),
                   date.fromordinal(end) if end else None, minutes, kind,
                   tuple(areas), title, reflected, tuple(marks))  # fmt: skip


# One tuple object per combination of areas (or attributes), so the cache
# stores it once.
_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


KEY = cache.KEY  # an entry: the stat key, then ("ok", *packed) or ("bad", ...)
_OK_LEN = KEY + 10  # "ok" and the 9 values of a packed summary
_BAD_LEN = KEY + 4  # "bad", line, column, message


class Index:
    """The readable activity files and each unreadable file's problem.

    Rows stay as the cache holds them (path, flat entry) until asked for:
    a status of 50,000 activities needs whole summaries only for the
    period's, so building all of them would waste ~40 ms.
    """

    def __init__(
        self,
        rows: list[tuple[str, tuple[Any, ...]]],
        problems: list[Problem],
        entries: dict[str, Any] | None = None,
    ):
        self.rows = rows
        self.problems = problems
        self.entries = entries if entries is not None else {}  # the cache's
        self._summaries: list[tuple[str, Summary]] | None = None

    @property
    def activities(self) -> list[tuple[str, Summary]]:
        """Every (path as text, summary), in no particular order."""
        if self._summaries is None:
            self._summaries = [(path, _summary(row)) for path, row in self.rows]
        return self._summaries

    def by_path(self) -> dict[str, tuple[Any, ...]]:
        """Each readable file's row, whose stat key the scan just verified
        (records.load trusts a cached record with the same key)."""
        return dict(self.rows)

    def ids(self) -> set[str]:
        return {row[KEY + 1] for _path, row in self.rows}

    def dated(self, start: date | None, end: date | None) -> list[tuple[str, Summary]]:
        """(path, summary) of the activities dated start..end (either open),
        by date then title, without unpacking the others."""
        first = start.toordinal() if start else 0
        last = end.toordinal() if end else date.max.toordinal()
        chosen = [
            (path, _summary(row))
            for path, row in self.rows
            if first <= row[KEY + 2] <= last
        ]
        chosen.sort(key=lambda item: (item[1].date, item[1].title, item[1].id))
        return chosen

    def dated_paths(
        self, start: date | None, end: date | None, newest_first: bool
    ) -> list[str]:
        """The paths of the activities dated start..end, in query.select's
        order (date, title, ID), from the rows as they are: `list` of 50,000
        builds no summary."""
        first = start.toordinal() if start else 0
        last = end.toordinal() if end else date.max.toordinal()
        day, title, aid = KEY + 2, KEY + 7, KEY + 1
        chosen = [
            (row[day], row[title], row[aid], path)
            for path, row in self.rows
            if first <= row[day] <= last
        ]
        chosen.sort(reverse=newest_first)
        return [item[3] for item in chosen]

    def day_minutes(self, day: date, skip_id: str) -> int:
        """The minutes of the one-day activities dated day, but skip_id's."""
        wanted = day.toordinal()
        return sum(
            row[KEY + 4]
            for _path, row in self.rows
            if row[KEY + 2] == wanted and not row[KEY + 3] and row[KEY + 1] != skip_id
        )

    def within(self, start: date, end: date) -> tuple[list[Summary], date | None]:
        """The summaries dated start..end, and the latest date up to end."""
        first, last = start.toordinal(), end.toordinal()
        latest = 0
        inside = []
        for _path, row in self.rows:
            day = row[KEY + 2]
            if day <= last:
                if day > latest:
                    latest = day
                if day >= first:
                    inside.append(_summary(row))
        return inside, date.fromordinal(latest) if latest else None


def _summary(row: tuple[Any, ...]) -> Summary:
    return _unpack(row[KEY + 1 : _OK_LEN])


def _scan(
    folder: str,
    errors: list[Problem] | None = None,
    skipped: list[Path] | None = None,
) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """The *.toml entries below folder, hidden names skipped, in no order, a
    folder at a time: (the folder's path and a separator, its entries).

    Where the system allows it (not Windows), a folder is read through a
    descriptor that stays open until the next folder is asked for, so an
    entry's stat() looks up one name instead of a whole path (12% of a
    status of 50,000 activities); such an entry's own path is only its
    name, so its path is the prefix and the name.

    Linked folders are followed, except one that leads back to a folder
    read already or to one that holds folder (the home, say): its files
    would count twice, or the inbox's drafts with them (issue #12); such a
    link is added to skipped. A folder that cannot be listed is added to
    errors: its activities would silently be missing otherwise.
    """
    top = os.path.realpath(folder)
    # Folders to read as (path, real path); linked folders wait until every
    # real one is known, so a link never wins over the folder it names.
    stack: list[tuple[str, str]] = [(folder, top)]
    links: list[str] = []
    seen = {top}
    while stack or links:
        if stack:
            current, real = stack.pop()
        else:
            current = links.pop()
            real = os.path.realpath(current)
            if real in seen or _holds(real, top):
                if skipped is not None:
                    skipped.append(Path(current))
                continue
            seen.add(real)
        handle: int | str | None = None
        try:
            handle = _open_folder(current)
            listing = os.scandir(handle)
        except OSError as error:
            if isinstance(handle, int):
                os.close(handle)
            if errors is not None and not isinstance(
                error, (FileNotFoundError, NotADirectoryError)
            ):  # those: no activities yet, or gone while we looked
                reason = f"this folder cannot be read: {describe(error)}"
                errors.append(Problem(Path(current), None, None, reason))
            continue
        try:
            prefix = os.path.join(current, "")
            files = []
            with listing as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    try:
                        folder_entry = entry.is_dir()
                    except OSError:  # a link that loops: the stat names it later
                        folder_entry = False
                    if not folder_entry:
                        if name.endswith(".toml"):
                            files.append(entry)
                    elif entry.is_symlink():
                        links.append(prefix + name)
                    else:
                        inner = os.path.join(real, name)
                        if inner not in seen:  # else read through a link already
                            seen.add(inner)
                            stack.append((prefix + name, inner))
            yield prefix, files
        finally:
            if isinstance(handle, int):
                os.close(handle)


_BY_DESCRIPTOR = os.scandir in os.supports_fd


def _open_folder(path: str) -> int | str:
    """What os.scandir reads a folder through: a descriptor where it can."""
    if _BY_DESCRIPTOR:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    return path


def _holds(real: str, top: str) -> bool:
    """Whether the folder real holds top (is it, or one of its parents)."""
    return real == top or top.startswith(real.rstrip(os.sep) + os.sep)


def toml_files(
    folder: Path,
    errors: list[Problem] | None = None,
    skipped: list[Path] | None = None,
) -> list[Path]:
    """Every *.toml below folder, hidden names skipped, sorted; folders that
    cannot be read are added to errors, links that lead back into what is
    read to skipped."""
    return sorted(
        Path(prefix + entry.name)
        for prefix, entries in _scan(str(folder), errors, skipped)
        for entry in entries
    )


def summarize(path: Path) -> Summary:
    """Read and validate one file. Raises ProblemError with the file's problem."""
    from cpdlog.store.activity_file import read_stored

    return summary_of(read_stored(path).activity)


# How a command shows the first read of many files: given how many, a
# context that yields update(done). The CLI passes one on a terminal.
Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]
PROGRESS_FROM = 1_000  # files to read before a progress bar is worth showing


def of_home(home: "Home") -> Index:
    """The index of a home's activities (the caller holds the home's lock)."""
    return build(home.root, home.activities, home.progress)


def build(root: Path, activities_dir: Path, progress: Progress | None = None) -> Index:
    """The index of a home's activities, using and refreshing the cache;
    when PROGRESS_FROM or more files must be read, progress shows it.

    This loop runs once per file on every status, so it works on strings
    and stat keys, not Path objects (50,000 files must stay well under a
    second).
    """
    with cache.no_gc():
        return _build(root, activities_dir, progress)


def _build(root: Path, activities_dir: Path, progress: Progress | None) -> Index:
    cache_path = cache.cache_file(root)
    # The cache loaded becomes the new one in place: on a warm status nearly
    # every file is a hit, and building a new dict of 50,000 cost 30 ms.
    entries = cache.load(cache_path, root)
    cached = len(entries)
    seen = 0  # files found that the cache has an entry for
    stale: list[str] = []  # entries that must go: racy or unreadable files
    keys = cache.Keys()
    coarse_test = keys.coarse_test
    found: list[tuple[str, Any]] = []  # (path, row) of every file
    unread: list[tuple[int, str, os.stat_result]] = []  # (where in found, ...)
    problems: list[Problem] = []
    recent = keys.recent
    changed = False
    skip = len(str(root)) + 1
    get = entries.get
    for prefix, files in _scan(str(activities_dir), problems):
        for entry in files:
            try:
                stat = entry.stat()
            except OSError as error:
                if entry.is_symlink():  # a link to nothing, or to itself
                    reason = f"cannot be read: {describe(error)} (a broken link?)"
                    problems.append(
                        Problem(Path(prefix + entry.name), None, None, reason)
                    )
                continue  # otherwise removed while we looked
            path = prefix + entry.name
            rel = path[skip:]
            row: Any = get(rel)
            if row is not None:
                seen += 1
            mtime = stat.st_mtime_ns
            ctime = stat.st_ctime_ns
            try:
                # Inlined, as this runs once per file (50,000 times on a big
                # log). A malformed entry of a damaged cache raises, and the
                # file is read again; a checksum is verified where the
                # timestamps cannot be trusted.
                if coarse_test or not (
                    row[0] == mtime
                    and row[1] == ctime
                    and row[2] == stat.st_size
                    and row[3] == stat.st_ino
                    and row[4] is None
                ):
                    row = row if keys.fresh(row, stat, path) else None
                if row is not None and len(row) != (
                    _OK_LEN if row[KEY] == "ok" else _BAD_LEN
                ):
                    row = None
            except (TypeError, IndexError, KeyError):
                row = None
            if row is None:
                unread.append((len(found), path, stat))
            if (mtime > recent or ctime > recent) and keys.racy(stat):
                changed = True
                stale.append(rel)
                row = row or ()  # read below, never cached
            found.append((path, row))
    if unread:
        changed = True
        for at, row in _read_all(unread, keys, progress):
            path = found[at][0]
            if row is None:  # removed or unreadable while we looked
                found[at] = (path, ())
                stale.append(path[skip:])
                continue
            if found[at][1] is None:  # not racy: cache it
                entries[path[skip:]] = row
            found[at] = (path, row)
    for rel in stale:
        entries.pop(rel, None)
    if seen != cached:  # files gone since the cache was saved
        changed = True
        present = {path[skip:] for path, _row in found}
        for rel in [rel for rel in entries if rel not in present]:
            del entries[rel]
    if changed:
        cache.save(cache_path, root, entries)
    return _sorted_out(found, problems, entries)


def _read_all(
    unread: list[tuple[int, str, os.stat_result]],
    keys: cache.Keys,
    progress: Progress | None,
) -> list[tuple[int, tuple[Any, ...] | None]]:
    """(where, row) of each file the cache could not answer: its stat key
    then its summary or problem; None for a file gone or unreadable. Many
    files are read on two cores (store/parallel.py)."""
    from cpdlog.store.parallel import split_map

    def read(item: tuple[int, str, os.stat_result]) -> Any:
        at, path, stat = item
        key = keys.key(stat, path)
        if key is None:
            return at, None
        row = _compute(Path(path))
        if row[0] != "ok" and not os.path.lexists(path):
            return at, None  # removed since the scan (a sync moving it)
        return at, (*key, *row)

    shown = progress if len(unread) >= PROGRESS_FROM else None
    return split_map(read, unread, shown)


def _sorted_out(
    found: list[tuple[str, Any]],
    problems: list[Problem],
    entries: dict[str, Any],
) -> Index:
    """The index of the rows found: damaged files as problems, one file per
    ID (a file removed while we looked, an empty row, is left out)."""
    rows = [item for item in found if item[1]]
    aid = KEY + 1
    readable = [row[KEY] for _path, row in rows].count("ok")
    if readable == len(rows) == len({row[aid] for _path, row in rows}):
        # The usual case (no damage, no shared ID) in list passes: 5 ms
        # instead of 16 at 50,000 files.
        problems.sort(key=lambda problem: str(problem.path))
        return Index(rows, problems, entries)
    first: dict[str, tuple[str, tuple[Any, ...]]] = {}  # by ID
    again: list[tuple[str, tuple[Any, ...]]] = []  # a second file with an ID
    for path, row in rows:
        if row[KEY] != "ok":
            problems.append(Problem(Path(path), *row[KEY + 1 :]))
        elif row[KEY + 1] in first:
            again.append((path, row))
        else:
            first[row[KEY + 1]] = (path, row)
    return _deduplicate(first, again, problems, entries)


def _compute(path: Path) -> tuple[Any, ...]:
    """A file's cache value: ("ok", *packed summary) or ("bad", line, col, why).

    Plain files cpdlog wrote pass the quick check without pydantic; anything
    else goes through the model, which also words the problem.
    """
    from cpdlog.core.tomlfile import decode, parse

    try:
        raw = path.read_bytes()
        quick = quick_summary(parse(path, decode(path, raw)))
        if quick is not None:
            return ("ok", *_pack(quick))
    except (OSError, ProblemError):
        pass  # the model's reading below words the problem
    try:
        return ("ok", *_pack(summarize(path)))
    except ProblemError as error:
        problem = error.problem
        return ("bad", problem.line, problem.column, problem.message)


def remember(root: Path, found: Index, path: Path, table: dict[str, Any]) -> None:
    """Put a file cpdlog just wrote (table) into the index's cache, so the
    next status needs no parse. The racy-time rule holds here too: a file
    written within the file system's timestamp tick could be changed again,
    in place and to the same size, without its stat key changing, so it is
    left for the next scan to read (issue #12)."""
    summary = quick_summary(table)
    keys = cache.Keys()
    try:
        stat = path.stat()
    except OSError:
        return
    key = keys.key(stat, str(path))
    if summary is not None and key is not None and not keys.racy(stat):
        found.entries[str(path.relative_to(root))] = (*key, "ok", *_pack(summary))
    cache.save(cache.cache_file(root), root, found.entries)


def known_ids(found: Index) -> set[str]:
    """Every ID the index's files name: the readable ones', and those a
    damaged file names (read without validating) or ends its name with."""
    taken = found.ids()
    for problem in found.problems:
        if problem.path is not None:
            taken.add(id_of_name(problem.path.name))
            taken.update(raw_ids(problem.path))
    return taken


_ID_LINE = re.compile(rb'^\s*"?id"?\s*=\s*["\']([^"\'\n]+)["\']', re.MULTILINE)


def raw_ids(path: Path) -> set[str]:
    """The IDs a file names, read without validating it (damaged files too)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return set()
    return {match.decode("utf-8", "replace") for match in _ID_LINE.findall(raw)}


def preference(path: str, activity_id: str) -> tuple[bool, bool, str]:
    """Sort key among files sharing an ID: the likeliest original first."""
    name = os.path.basename(path)
    conflict = looks_like_conflict_copy(name)
    return (conflict, not name.endswith(f"-{activity_id}.toml"), path)


def _deduplicate(
    first: dict[str, tuple[str, tuple[Any, ...]]],
    again: list[tuple[str, tuple[Any, ...]]],
    problems: list[Problem],
    entries: dict[str, Any],
) -> Index:
    """One activity per ID (the likeliest original); the other files are
    problems. Activities keep the scan's order; callers sort what they show."""
    for aid in {row[KEY + 1] for _path, row in again}:
        items = [first[aid], *(item for item in again if item[1][KEY + 1] == aid)]
        items.sort(key=lambda item: preference(item[0], aid))
        first[aid] = items[0]
        for path, _row in items[1:]:
            problems.append(
                Problem(
                    Path(path),
                    None,
                    None,
                    f"duplicate ID {aid!r}: {items[0][0]} has it too "
                    "(a sync conflict?); it counts once. Compare the two files, "
                    "keep the right one and delete the other.",
                )
            )
    problems.sort(key=lambda problem: str(problem.path))
    return Index(list(first.values()), problems, entries)


def load_index(home: "Home") -> Index:
    """The summaries of the home's activities (cached), read under the
    home's shared lock."""
    from cpdlog.store.lock import reading

    with reading(home):
        return of_home(home)
