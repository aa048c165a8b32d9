"""The home's lock: writers exclusive, readers shared (flock on the folder).

Every change holds the exclusive lock from its first read to its last
write, so two writers never interleave. Readers of the whole log (list,
status, export) hold the shared lock while they scan and read, so a rename
in progress (an edit that changes a title moves the file) is never seen
half done: a reader sees every activity, old version or new, never neither
(issue #12). flock leaves no lock file behind and is released if the
process dies. A process that already holds the lock does not take it again
(a writer that reads under its own lock must not wait for itself).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cpdlog.store.atomic import make_dirs, undo_folders
from cpdlog.store.home import Home

_held: set[Path] = set()  # homes this process holds a lock on


@contextmanager
def locked(home: Home) -> Iterator[list[Path]]:
    """Hold the home's write lock, creating the home if needed.

    Yields a list for the folders the change creates: if the change fails,
    the ones still empty are removed, the home included when it was new.
    """
    home.check_usable()
    with undo_folders() as created:
        created += make_dirs(home.root)
        with _flock(home.root, exclusive=True):
            yield created


@contextmanager
def reading(home: Home) -> Iterator[None]:
    """Hold the home's shared lock while reading it (nothing when the home
    does not exist: there is nothing to read, and readers create nothing)."""
    home.check_usable()
    if not home.root.is_dir():
        yield
        return
    with _flock(home.root, exclusive=False):
        yield


@contextmanager
def _flock(root: Path, exclusive: bool) -> Iterator[None]:
    if root in _held:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows has no flock
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:  # an unreadable home: the reads below name the problem
        yield
        return
    _held.add(root)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        _held.discard(root)
        os.close(fd)
