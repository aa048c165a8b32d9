"""Whole activities for list, show-like output and the exports, read only
where they are shown, from a cache where possible.

The index says which files a command needs (a period, a filter, the first
ten); `load` reads only those. Each year folder's records are cached in a
file of their own (`records-<home>-<folder>.marshal`), so an export of one
period or `list -n 10` opens one or two of them and a 50,000-activity home
is never held in memory at once. A cached record is used only when the
file's stat key (and, on coarse file systems, its checksum) still matches,
as the index's summaries are; anything else is parsed and validated again,
through pydantic only when the quick check declines.
"""

import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core.activity import Record
from cpdlog.errors import Problem, ProblemError
from cpdlog.store import cache
from cpdlog.store.activity_file import read_stored

KEY = cache.KEY


class Listed(NamedTuple):
    """An activity to show: its file and its validated record."""

    path: Path
    activity: Record


def load(root: Path, paths: Iterable[str]) -> Iterator[Listed | Problem]:
    """The records of the files at paths, in the order given; a file that
    cannot be used is its Problem. Paths in date order come folder by folder,
    so each year's cache is read once and held only while its records are
    used (and saved when it changed)."""
    keys = cache.Keys()
    skip = len(str(root)) + 1
    with cache.no_gc():
        for folder, run in groupby(paths, key=lambda p: os.path.dirname(p[skip:])):
            yield from _load_run(root, folder, list(run), keys)


def _load_run(
    root: Path, folder: str, paths: list[str], keys: cache.Keys
) -> Iterator[Listed | Problem]:
    shard = cache.cache_file(root, f"records-{folder.replace(os.sep, '-')}")
    entries = cache.load(shard, root)
    skip = len(str(root)) + 1
    changed = False
    for path in paths:
        rel = path[skip:]
        try:
            stat = os.stat(path)
        except OSError as error:
            yield _problem(path, error)
            continue
        record = _cached(entries.get(rel), stat, path, keys)
        if record is not None:
            yield Listed(Path(path), record)
            continue
        try:
            stored = read_stored(Path(path))
        except ProblemError as error:
            yield error.problem
            continue
        key = keys.key(stat, path)
        if key is not None and not keys.racy(stat):
            entries[rel] = (*key, *_pack(stored.activity))
            changed = True
        yield Listed(Path(path), stored.activity)
    if changed:
        cache.save(shard, root, entries)


def _cached(
    entry: Any, stat: os.stat_result, path: str, keys: cache.Keys
) -> Record | None:
    """The cached record of a file, if the entry is fresh and whole."""
    if entry is None or len(entry) != KEY + len(Record._fields):
        return None
    if not keys.fresh(entry, stat, path):
        return None
    try:
        return _unpack(entry[KEY:])
    except (TypeError, ValueError):  # a damaged cache: read the file again
        return None


def _problem(path: str, error: OSError) -> Problem:
    from cpdlog.errors import describe

    return Problem(Path(path), None, None, f"cannot be read: {describe(error)}")


# --- records as marshal-able values ------------------------------------------

_DATE, _DATETIME, _TIME = "\0date", "\0datetime", "\0time"


def _value(value: Any) -> Any:
    """A TOML value as marshal can hold it (dates and times tagged)."""
    if isinstance(value, datetime):
        return (_DATETIME, value.isoformat())
    if isinstance(value, date):
        return (_DATE, value.toordinal())
    if isinstance(value, time):
        return (_TIME, value.isoformat())
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    return value


def _back(value: Any) -> Any:
    """The TOML value of _value's result."""
    if isinstance(value, tuple):
        tag, data = value
        if tag == _DATETIME:
            return datetime.fromisoformat(data)
        if tag == _DATE:
            return date.fromordinal(data)
        return time.fromisoformat(data)
    if isinstance(value, list):
        return [_back(item) for item in value]
    if isinstance(value, dict):
        return {key: _back(item) for key, item in value.items()}
    return value


def _pack(record: Record) -> tuple[Any, ...]:
    return tuple(_value(item) for item in record)


def _unpack(packed: tuple[Any, ...]) -> Record:
    return Record(*(_back(item) for item in packed))
