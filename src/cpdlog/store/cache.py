"""Disposable caches of what the activity files hold, outside the home.

Parsing thousands of TOML files on every command would cost a second at
5,000 activities, so each file's summary (the index) and its whole record
(for list and export, one cache file per year folder) are kept with the
file's stat key: mtime_ns, ctime_ns, size, inode and, where the file system
cannot be trusted to show a change in those (whole-second timestamps: FAT,
exFAT, many network mounts), a checksum of the bytes that is verified on
every use. A cache entry never changes a figure: a file whose key differs is
read again, a file changed within the timestamp tick of its scan is not
cached at all (git's racy-clean rule), and a cache that cannot be read,
belongs to another home or another cpdlog version is ignored and rebuilt.
The caches live in platformdirs' user cache folder (or CPDLOG_CACHE_DIR)
and deleting them loses nothing.
"""

import gc
import marshal
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cpdlog.errors import CpdlogError
from cpdlog.store.atomic import make_dirs, write_atomic

# Bump when an entry's shape or the validation rules change.
FORMAT = 5
# Every entry starts with the stat key: mtime_ns, ctime_ns, size, inode,
# then the checksum of the bytes (None where the timestamps can be trusted).
KEY = 5

# A file changed within the file system's timestamp granularity of the scan
# could change again without changing its stat key, so such "racy" entries
# are not cached. Whole-second timestamps mean a coarse file system (FAT:
# 2 s); otherwise a few milliseconds is the tick.
_RACY_COARSE_NS = 2_000_000_000
_RACY_FINE_NS = 50_000_000
_SECOND = 1_000_000_000


def cache_file(home_root: Path, kind: str = "index") -> Path | None:
    """Where a cache of this home lives; None when caching is turned off."""
    folder = os.environ.get("CPDLOG_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        import platformdirs

        folder = platformdirs.user_cache_dir("cpdlog", appauthor=False)
    # A checksum keeps the name short; two homes that share one only share
    # a file, which _stamp tells apart (each then rebuilds it): never wrong.
    digest = f"{zlib.crc32(os.fsencode(home_root)):08x}"
    return Path(folder) / f"{kind}-{digest}.marshal"


def _stamp(home_root: Path) -> tuple[Any, ...]:
    from cpdlog.core import catalogue

    return (FORMAT, str(home_root), catalogue.TYPE_NAMES, catalogue.AREA_NAMES)


class Keys:
    """Stat keys and their trust, for one scan (the clock and the test hook
    read once)."""

    def __init__(self) -> None:
        import time

        self.now = time.time_ns()
        self.recent = self.now - _RACY_COARSE_NS
        # CPDLOG_TEST_COARSE_TIMES makes every timestamp whole seconds and
        # the ctime the mtime, as FAT and exFAT report them (they keep no
        # change time), so the tests can show the checksum catches what the
        # stat key cannot (issue #12). Inert when unset.
        self.coarse_test = bool(os.environ.get("CPDLOG_TEST_COARSE_TIMES"))

    def times(self, stat: os.stat_result) -> tuple[int, int]:
        if self.coarse_test:
            whole = stat.st_mtime_ns // _SECOND * _SECOND
            return whole, whole
        return stat.st_mtime_ns, stat.st_ctime_ns

    def key(self, stat: os.stat_result, path: str) -> tuple[Any, ...] | None:
        """The stat key of a file, with the checksum its timestamps need;
        None when the file cannot be read."""
        mtime, ctime = self.times(stat)
        digest = None
        if not (mtime % _SECOND or ctime % _SECOND):
            digest = checksum(path)
            if digest is None:
                return None
        return (mtime, ctime, stat.st_size, stat.st_ino, digest)

    def fresh(self, entry: Any, stat: os.stat_result, path: str) -> bool:
        """Whether a cache entry still describes the file."""
        try:
            mtime, ctime = self.times(stat)
            if not (
                entry[0] == mtime
                and entry[1] == ctime
                and entry[2] == stat.st_size
                and entry[3] == stat.st_ino
            ):
                return False
            return entry[4] is None or entry[4] == checksum(path)
        except (TypeError, IndexError, KeyError):
            return False

    def racy(self, stat: os.stat_result) -> bool:
        """Whether the file changed too recently for its key to be trusted."""
        mtime, ctime = self.times(stat)
        if mtime <= self.recent and ctime <= self.recent:
            return False
        window = (
            _RACY_FINE_NS if (mtime % _SECOND or ctime % _SECOND) else (_RACY_COARSE_NS)
        )
        return self.now - max(mtime, ctime) <= window


def checksum(path: str) -> int | None:
    """A checksum of a file's bytes (None when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return zlib.crc32(handle.read())
    except OSError:
        return None


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Loading 5,000 entries took 55 ms instead of 7 ms because the collector
    walked typer's and click's objects again and again; reference counting
    still frees everything, and the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Sweep:
    """Call once per file read the long way: every EVERY calls it collects
    the youngest generation. A long read under no_gc (or on the fast path,
    which runs without the collector) would otherwise keep every reference
    cycle it makes, and json.dumps with indent makes one per call: a
    `list --json` of 50,000 that rebuilt the records cache kept 1.7 million
    objects, a 218 MB peak instead of 79 (and 7.9 s instead of 7.3). The
    first sweep walks all that the command has built so far (tens of ms at
    50,000 files); the later ones only what is new."""

    EVERY = 500

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        if self.count % self.EVERY == 0:
            gc.collect(0)


def load(path: Path | None, home_root: Path) -> dict[str, Any]:
    """The cached entries {relative path: entry}, or {} if unusable."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle, no_gc():
            stamp, entries = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if stamp != _stamp(home_root) or not isinstance(entries, dict):
        return {}
    return entries


def save(path: Path | None, home_root: Path, entries: dict[str, Any]) -> None:
    """Store the entries; a cache that cannot be written is simply skipped."""
    if path is None:
        return
    try:
        make_dirs(path.parent)
        write_atomic(path, marshal.dumps((_stamp(home_root), entries)), durable=False)
    except CpdlogError:
        pass
