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
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, time
from itertools import groupby
from pathlib import Path
from typing import Any

from cpdlog.core.activity import Record
from cpdlog.errors import Problem, ProblemError
from cpdlog.store import cache
from cpdlog.store.activity_file import read_stored

KEY = cache.KEY


class Listed:
    """An activity to show: its file, its validated record and, when asked
    for, its JSON text (from the cache when the file is unchanged). The
    record and the Path are made when first asked for: `list --json` of
    50,000 cached activities writes their texts and needs neither."""

    __slots__ = ("_packed", "_record", "file", "json")

    def __init__(
        self,
        file: str,
        record: Record | None,
        json: str | None = None,
        packed: tuple[Any, ...] | None = None,
    ) -> None:
        self.file = file
        self.json = json
        self._record = record
        self._packed = packed

    @property
    def path(self) -> Path:
        return Path(self.file)

    def moved(self, file: str) -> "Listed":
        """The same activity, as if its file were at file (a pack's copy)."""
        return Listed(file, self.activity, self.json)

    @property
    def activity(self) -> Record:
        if self._record is None:
            assert self._packed is not None
            try:
                self._record = _unpack(self._packed)
            except (TypeError, ValueError):  # a damaged cache: read the file
                self._record = read_stored(self.path).activity
        return self._record


# How a command turns an activity into JSON text: `list --json` hands it in,
# and the text is cached with the record, so a warm listing writes cached
# text instead of building and encoding every object (issue #14). Whoever
# changes that text's shape bumps cache.FORMAT.
ToJson = Callable[[Record, Path], str]
_FIELDS = len(Record._fields)
_LEN = KEY + _FIELDS + 1


def load(
    root: Path,
    paths: Iterable[str],
    to_json: ToJson | None = None,
    known: Mapping[str, tuple[Any, ...]] | None = None,
) -> Iterator[Listed | Problem]:
    """The records of the files at paths, in the order given (with their JSON
    text when to_json is given); a file that cannot be used is its Problem.
    known maps a path to its index row, whose stat key the index has just
    verified: a cached record with that key is used without another stat
    (50,000 of them cost 0.17 s). Paths in date order come folder by folder,
    so each year's cache is read once and held only while its records are
    used (and saved when it changed)."""
    keys = cache.Keys()
    skip, sep = len(str(root)) + 1, os.sep
    sweep = cache.Sweep()
    with cache.no_gc():
        for folder, run in groupby(paths, key=lambda p: p[skip : p.rfind(sep)]):
            yield from _load_run(
                root, folder, list(run), keys, to_json, known or {}, sweep
            )


def _load_run(
    root: Path,
    folder: str,
    paths: list[str],
    keys: cache.Keys,
    to_json: ToJson | None,
    known: Mapping[str, tuple[Any, ...]],
    sweep: cache.Sweep,
) -> Iterator[Listed | Problem]:
    shard = cache.cache_file(root, f"records-{folder.replace(os.sep, '-')}")
    entries = cache.load(shard, root)
    skip = len(str(root)) + 1
    changed = False
    for path in paths:
        rel = path[skip:]
        entry: Any = entries.get(rel)
        row = known.get(path)
        if (
            row is not None
            and type(entry) is tuple
            and len(entry) == _LEN
            and entry[:KEY] == row[:KEY]
        ):
            text = entry[-1]
            if to_json is None or text is not None:
                yield Listed(path, None, text, entry[KEY:-1])
                continue
        try:
            stat = os.stat(path)
        except OSError as error:
            yield _problem(path, error)
            continue
        record = _cached(entry, stat, path, keys)
        if record is not None:
            text = entry[-1]
            if to_json is not None and text is None:
                text = to_json(record, Path(path))
                entries[rel] = (*entry[:-1], text)
                changed = True
                sweep()
            yield Listed(path, record, text)
            continue
        # The key (with its checksum, where timestamps are coarse) before
        # the bytes: a change in between then makes the entry stale, never
        # an old record under the new bytes' checksum.
        key = keys.key(stat, path)
        try:
            stored = read_stored(Path(path))
        except ProblemError as error:
            yield error.problem
            continue
        text = to_json(stored.activity, Path(path)) if to_json else None
        sweep()
        if key is not None and not keys.racy(stat):
            entries[rel] = (*key, *_pack(stored.activity), text)
            changed = True
        yield Listed(path, stored.activity, text)
    if changed:
        cache.save(shard, root, entries)


def _cached(
    entry: Any, stat: os.stat_result, path: str, keys: cache.Keys
) -> Record | None:
    """The cached record of a file, if the entry is fresh and whole."""
    if entry is None or len(entry) != _LEN:
        return None
    if not keys.fresh(entry, stat, path):
        return None
    try:
        return _unpack(entry[KEY : KEY + _FIELDS])
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


# A record's fields that hold dates and times, by position (Record's order).
_DATES = (3, 4)  # date, end_date
_STAMPS = (16, 17)  # created, updated
_EXTRA = 19


def _pack(record: Record) -> tuple[Any, ...]:
    """A record as marshal can hold it: dates as ordinals, times as text,
    the unknown keys' values tagged (this runs once per file read)."""
    values: list[Any] = list(record)
    for n in _DATES:
        values[n] = values[n].toordinal() if values[n] is not None else 0
    for n in _STAMPS:
        values[n] = values[n].isoformat() if values[n] is not None else None
    if values[_EXTRA]:
        values[_EXTRA] = _value(values[_EXTRA])
    return tuple(values)


def _unpack(packed: tuple[Any, ...]) -> Record:
    """The record of _pack's values (this runs once per activity listed)."""
    values: list[Any] = list(packed)
    for n in _DATES:
        values[n] = date.fromordinal(values[n]) if values[n] else None
    for n in _STAMPS:
        if values[n] is not None:
            values[n] = datetime.fromisoformat(values[n])
    if values[_EXTRA]:
        values[_EXTRA] = _back(values[_EXTRA])
    return Record(*values)
