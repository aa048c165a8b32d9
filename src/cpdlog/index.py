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
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog import cache
from cpdlog.tomlfile import Problem, TomlError

# Entries younger than this are not cached: a second write within the file
# system's timestamp granularity could otherwise keep the same stat key.
_RACY_SECONDS = 2.0
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
    """The readable activities (path, summary) and each file's problem."""

    activities: list[tuple[Path, Summary]]
    problems: list[Problem]

    def ids(self) -> set[str]:
        return {summary.id for _, summary in self.activities}


def toml_files(folder: Path) -> list[Path]:
    """Every *.toml below folder, hidden names skipped, sorted."""
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(".toml"):
                found.append(Path(entry.path))
    found.sort()
    return found


def summarize(path: Path) -> Summary:
    """Read and validate one file. Raises TomlError with the file's problem."""
    from cpdlog.model import FieldProblem, validate_activity
    from cpdlog.tomlfile import read

    data, text = read(path)
    try:
        activity = validate_activity(data, text)
    except FieldProblem as error:
        message, line = error.problems[0]
        if len(error.problems) > 1:
            message += "; " + "; ".join(m for m, _ in error.problems[1:])
        raise TomlError(Problem(path, line, None, message)) from None
    return summary_of(activity)


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
    """The index of a home's activities, using and refreshing the cache."""
    cache_path = cache.cache_file(root)
    old = cache.load(cache_path, root)
    new: dict[str, Any] = {}
    found: list[tuple[Path, Summary]] = []
    problems: list[Problem] = []
    now = time.time_ns()
    changed = False
    for path in toml_files(activities_dir):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed while we looked
        key = _key(stat)
        rel = str(path.relative_to(root))
        value = _cached(old.get(rel), key)
        if value is None:
            changed = True
            value = _compute(path)
        if now - stat.st_ctime_ns > _RACY_SECONDS * 1e9:
            new[rel] = (key, value)
        else:
            changed = True
        if value[0] == "ok":
            found.append((path, Summary.unpack(value[1])))
        else:
            problems.append(Problem(path, value[1], value[2], value[3]))
    if changed or len(new) != len(old):
        cache.save(cache_path, root, new)
    return _deduplicate(found, problems)


def _cached(entry: Any, key: tuple[int, ...]) -> tuple[Any, ...] | None:
    """The cached value when entry is well formed and its key matches."""
    try:
        stored_key, value = entry
        if tuple(stored_key) != key:
            return None
        if value[0] == "ok":
            Summary.unpack(value[1])
            return value
        if value[0] == "bad" and len(value) == 4:
            return value
    except (TypeError, ValueError, OverflowError):
        pass
    return None


def _compute(path: Path) -> tuple[Any, ...]:
    try:
        return ("ok", summarize(path).pack())
    except TomlError as error:
        problem = error.problem
        return ("bad", problem.line, problem.column, problem.message)


def remember(root: Path, path: Path, summary: Summary) -> None:
    """Put a file cpdlog just wrote into the cache, so the next status needs no
    parse. Its content is known, so the racy-time rule does not apply."""
    cache_path = cache.cache_file(root)
    entries = cache.load(cache_path, root)
    try:
        stat = path.stat()
    except OSError:
        return
    entries[str(path.relative_to(root))] = (_key(stat), ("ok", summary.pack()))
    cache.save(cache_path, root, entries)


def _key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def known_ids(root: Path, activities_dir: Path) -> set[str]:
    """Every ID found in the files, cheaply: from the cache, else the raw TOML
    (no validation), else an `id = "..."` line, and every name's last part."""
    entries = cache.load(cache.cache_file(root), root)
    found: set[str] = set()
    for path in toml_files(activities_dir):
        found.add(path.stem.rsplit("-", 1)[-1])
        try:
            value = _cached(entries.get(str(path.relative_to(root))), _key(path.stat()))
        except OSError:
            continue
        if value is not None and value[0] == "ok":
            found.add(value[1][0])
        else:
            found.update(raw_ids(path))
    return found


_ID_LINE = re.compile(rb'^\s*"?id"?\s*=\s*["\']([^"\'\n]+)["\']', re.MULTILINE)


def raw_ids(path: Path) -> set[str]:
    """The IDs a file names, read without validating it (damaged files too)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return set()
    return {match.decode("utf-8", "replace") for match in _ID_LINE.findall(raw)}


def _preference(path: Path, summary: Summary) -> tuple[int, int, str]:
    name = path.name.lower()
    conflict = any(marker in name for marker in _CONFLICT_MARKERS)
    return (conflict, not name.endswith(f"-{summary.id}.toml"), str(path))


def _deduplicate(found: list[tuple[Path, Summary]], problems: list[Problem]) -> Index:
    by_id: dict[str, list[tuple[Path, Summary]]] = {}
    for item in found:
        by_id.setdefault(item[1].id, []).append(item)
    kept: list[tuple[Path, Summary]] = []
    for items in by_id.values():
        items.sort(key=lambda item: _preference(*item))
        kept.append(items[0])
        for path, summary in items[1:]:
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"duplicate ID {summary.id!r}: {items[0][0]} has it too "
                    "(a sync conflict?); it counts once. Compare the two files, "
                    "keep the right one and delete the other.",
                )
            )
    kept.sort(key=lambda item: (item[1].date, item[1].title, item[1].id))
    problems.sort(key=lambda problem: str(problem.path))
    return Index(kept, problems)
