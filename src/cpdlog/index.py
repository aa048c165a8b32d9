"""The log's index: one summary per activity file, kept fresh from a cache.

`status`, `add` and ID look-ups need only a few facts of each activity (ID,
date, minutes, type, areas, title, whether it is reflected). The index lists
every `*.toml` under `activities/` with `os.scandir`, takes each unchanged
file's summary from the cache, and reads and validates only the rest, so the
pydantic model is imported only when a file is new or changed. Two files
with one ID (a sync conflict) count once; the other is a problem.
"""

import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog import cache, rules
from cpdlog.tomlfile import Problem, TomlError

# A file changed within the file system's timestamp granularity of the scan
# could change again without changing its stat key, so such "racy" entries
# are not cached (git's racy-clean rule). Whole-second timestamps mean a
# coarse file system (FAT: 2 s); otherwise a few milliseconds is the tick.
_RACY_COARSE_NS = 2_000_000_000
_RACY_FINE_NS = 50_000_000


def _racy(stat: os.stat_result, now_ns: int) -> bool:
    fine = stat.st_mtime_ns % 1_000_000_000 or stat.st_ctime_ns % 1_000_000_000
    window = _RACY_FINE_NS if fine else _RACY_COARSE_NS
    return now_ns - max(stat.st_mtime_ns, stat.st_ctime_ns) <= window


_CONFLICT_MARKERS = ("conflicted copy", ".sync-conflict-", "conflict")


class Summary(NamedTuple):
    """What the status of a period needs from one activity."""

    id: str
    date: date
    end_date: date | None
    minutes: int
    type: str
    areas: tuple[str, ...]
    title: str
    reflected: bool

    def pack(self) -> tuple[Any, ...]:
        end = self.end_date.toordinal() if self.end_date else 0
        return (*self[:1], self.date.toordinal(), end, *self[3:])

    @classmethod
    def unpack(cls, packed: Any) -> "Summary":
        aid, day, end, minutes, kind, areas, title, reflected = packed
        return cls(
            aid,
            date.fromordinal(day),
            date.fromordinal(end) if end else None,
            minutes,
            kind,
            tuple(areas),
            title,
            reflected,
        )


class Index(NamedTuple):
    """The readable activities (path as text, summary) and each file's problem."""

    activities: list[tuple[str, Summary]]
    problems: list[Problem]

    def ids(self) -> set[str]:
        return {summary.id for _, summary in self.activities}


def _scan(folder: str) -> Iterator[os.DirEntry]:
    """The *.toml entries below folder, hidden names skipped, in no order."""
    stack = [folder]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:  # missing, not a folder, or unreadable
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif name.endswith(".toml"):
                    yield entry


def toml_files(folder: Path) -> list[Path]:
    """Every *.toml below folder, hidden names skipped, sorted."""
    return sorted(Path(entry.path) for entry in _scan(str(folder)))


def summarize(path: Path) -> Summary:
    """Read and validate one file. Raises TomlError with the file's problem."""
    from cpdlog.model import read_activity_file

    return summary_of(read_activity_file(path)[0])


def summary_of(activity: Any) -> Summary:
    """The Summary of an Activity (or anything with its attributes)."""
    return Summary(
        activity.id,
        activity.date,
        activity.end_date,
        activity.minutes,
        activity.type,
        tuple(activity.areas),
        activity.title,
        activity.reflected,
    )


def build(root: Path, activities_dir: Path) -> Index:
    """The index of a home's activities, using and refreshing the cache.

    This loop runs once per file on every status, so it works on strings
    and stat keys, not Path objects (50,000 files must stay well under a
    second).
    """
    with cache.no_gc():
        return _build(root, activities_dir)


def _build(root: Path, activities_dir: Path) -> Index:
    cache_path = cache.cache_file(root)
    old = cache.load(cache_path, root)
    new: dict[str, Any] = {}
    found: list[tuple[str, Summary]] = []
    problems: list[Problem] = []
    now = time.time_ns()
    changed = False
    skip = len(str(root)) + 1
    for entry in _scan(str(activities_dir)):
        try:
            stat = entry.stat()
        except OSError:
            continue  # removed while we looked
        key = _key(stat)
        rel = entry.path[skip:]
        summary, value = _from_cache(old.get(rel), key)
        if value is None:
            changed = True
            value = _compute(Path(entry.path))
            if value[0] == "ok":
                summary = Summary.unpack(value[1])
        if _racy(stat, now):
            changed = True
        else:
            new[rel] = (key, value)
        if summary is not None:
            found.append((entry.path, summary))
        else:
            problems.append(Problem(Path(entry.path), *value[1:]))
    if changed or len(new) != len(old):
        cache.save(cache_path, root, new)
    return _deduplicate(found, problems)


def _from_cache(entry: Any, key: tuple[int, ...]) -> tuple[Summary | None, Any]:
    """(summary, value) of a cache entry whose key matches; (None, None) when
    it does not, or when the entry is not well formed (a foreign cache)."""
    try:
        stored_key, value = entry
        if stored_key != key:
            return None, None
        if value[0] == "ok":
            return Summary.unpack(value[1]), value
        if value[0] == "bad" and len(value) == 4:
            return None, value
    except (TypeError, ValueError, OverflowError):
        pass
    return None, None


def _compute(path: Path) -> tuple[Any, ...]:
    """A file's cache value: ("ok", packed summary) or ("bad", line, col, why).

    Plain files cpdlog wrote pass the quick check without pydantic; anything
    else goes through the model, which also words the problem.
    """
    from cpdlog.tomlfile import decode, parse

    try:
        raw = path.read_bytes()
        quick = rules.quick_summary(parse(path, decode(path, raw)))
        if quick is not None:
            return ("ok", Summary(*quick).pack())
    except (OSError, TomlError):
        pass  # the model's reading below words the problem
    try:
        return ("ok", summarize(path).pack())
    except TomlError as error:
        problem = error.problem
        return ("bad", problem.line, problem.column, problem.message)


def load_entries(root: Path) -> dict[str, Any]:
    """The cache's entries for this home (for known_ids and remember)."""
    return cache.load(cache.cache_file(root), root)


def remember(root: Path, path: Path, summary: Summary, entries: dict[str, Any]) -> None:
    """Put a file cpdlog just wrote into the cache, so the next status needs no
    parse. Its content is known, so the racy-time rule does not apply."""
    try:
        stat = path.stat()
    except OSError:
        return
    entries[str(path.relative_to(root))] = (_key(stat), ("ok", summary.pack()))
    cache.save(cache.cache_file(root), root, entries)


def _key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def known_ids(root: Path, activities_dir: Path, entries: dict[str, Any]) -> set[str]:
    """Every ID found in the files, cheaply: from the cache, else the raw TOML
    (no validation), and the last part of every file name."""
    found: set[str] = set()
    skip = len(str(root)) + 1
    with cache.no_gc():
        _gather_ids(found, entries, skip, activities_dir)
    return found


def _gather_ids(
    found: set[str], entries: dict[str, Any], skip: int, activities_dir: Path
) -> None:
    for entry in _scan(str(activities_dir)):
        found.add(entry.name[:-5].rsplit("-", 1)[-1])
        try:
            stored_key, value = entries[entry.path[skip:]]
            fresh = stored_key == _key(entry.stat()) and value[0] == "ok"
            if fresh and isinstance(value[1][0], str):
                found.add(value[1][0])
                continue
        except (KeyError, TypeError, ValueError, IndexError, OSError):
            pass
        found.update(raw_ids(Path(entry.path)))


_ID_LINE = re.compile(rb'^\s*"?id"?\s*=\s*["\']([^"\'\n]+)["\']', re.MULTILINE)


def raw_ids(path: Path) -> set[str]:
    """The IDs a file names, read without validating it (damaged files too)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return set()
    return {match.decode("utf-8", "replace") for match in _ID_LINE.findall(raw)}


def _preference(path: str, summary: Summary) -> tuple[bool, bool, str]:
    name = os.path.basename(path).lower()
    conflict = any(marker in name for marker in _CONFLICT_MARKERS)
    return (conflict, not name.endswith(f"-{summary.id}.toml"), path)


def _deduplicate(found: list[tuple[str, Summary]], problems: list[Problem]) -> Index:
    """One activity per ID (the likeliest original); the other files are
    problems. Activities keep the scan's order; callers sort what they show."""
    first: dict[str, tuple[str, Summary]] = {}
    extra: dict[str, list[tuple[str, Summary]]] = {}
    for item in found:
        if item[1].id in first:
            extra.setdefault(item[1].id, []).append(item)
        else:
            first[item[1].id] = item
    for aid, more in extra.items():
        items = sorted([first[aid], *more], key=lambda item: _preference(*item))
        first[aid] = items[0]
        for path, _summary in items[1:]:
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
    return Index(list(first.values()), problems)
