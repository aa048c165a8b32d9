"""Write files so that a crash, a full disk or a race never loses what was there.

`write_atomic` writes a temporary file in the target's folder (owner-only
from its creation, never named `*.toml`), flushes and fsyncs it, then
renames it over the target (or links it, when the target must not exist
yet) and fsyncs the folder. On any failure the temporary file is removed and
the target is as it was. OS errors become a DataError naming the path.
"""

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from cpdlog.errors import CpdlogError, DataError, UsageError, data_error

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_dirs(path: Path) -> list[Path]:
    """Create path and its missing parents, each 0700; returns those created.

    Raises DataError.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise DataError(
            f"{current}: is a file, not a folder, so {path} cannot be created."
        )
    created: list[Path] = []
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
            created.append(folder)
            os.chmod(folder, DIR_MODE)
        except FileExistsError:
            continue
        except OSError as error:
            remove_empty(created)
            raise data_error(folder, error, "create the folder") from None
    return created


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders (newest first) that are still empty."""
    for folder in reversed(folders):
        with suppress(OSError):
            os.rmdir(folder)


@contextmanager
def undo_folders() -> Iterator[list[Path]]:
    """Collect the folders a change creates; remove them if the change fails,
    so that a failed command leaves the disk as it was."""
    created: list[Path] = []
    try:
        yield created
    except BaseException:
        remove_empty(created)
        raise


def _test_pause() -> None:
    # CPDLOG_TEST_PAUSE (seconds) widens the window between writing the
    # temporary file and renaming it, so the crash tests can kill a writer
    # mid-write (issue #8). Inert when unset.
    pause = os.environ.get("CPDLOG_TEST_PAUSE")
    if pause:
        time.sleep(float(pause))


# What a writer gives: the bytes, or a function that writes them into an
# open binary file (for output too large to hold in memory, such as a pack).
Content = bytes | Callable[[BinaryIO], None]


def write_atomic(
    path: Path, data: Content, *, exclusive: bool = False, durable: bool = True
) -> None:
    """Replace (or, with exclusive, create) path with data, atomically.

    durable=False skips the fsyncs, for disposable files (the cache).

    Raises DataError when the file system refuses, and FileExistsError when
    exclusive is set and path already exists; path is unchanged either way.
    """
    folder = path.parent
    temp = folder / f".{path.name[:40]}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as error:
        raise data_error(path, error, "write") from None
    try:
        _fill(fd, data, durable)
        _test_pause()
        if exclusive:
            _create_from(temp, path)
        else:
            os.replace(temp, path)
        if durable:
            _fsync_folder(folder)
            changed(path)
    except FileExistsError:
        raise
    except OSError as error:
        raise data_error(path, error, "write") from None
    finally:
        # After a rename the temporary name is gone; after a link both names
        # point at the file and the temporary one must go.
        with suppress(OSError):
            os.unlink(temp)


def _fill(fd: int, data: Content, durable: bool) -> None:
    """Write data into the open temporary file, then close it."""
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(fd, FILE_MODE)
        if isinstance(data, bytes):
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        else:
            data(handle)
            handle.flush()
        if durable:
            os.fsync(fd)


# The errors of a file system that has no hard links (exFAT, FAT, many SMB
# and FUSE mounts): linking is refused, not the write itself.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


def _create_from(temp: Path, path: Path) -> None:
    """Give temp the name path, which must not exist yet. A hard link makes
    that one atomic step; where the file system has none, the name is first
    claimed with an exclusive create (so a concurrent writer still fails)
    and then the finished file is renamed over that empty claim (issue #12)."""
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(path)
        raise


def create_all(
    files: list[tuple[Path, bytes]],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Create every file (none may exist yet), all or none.

    Each is written to a temporary file first; one `sync` makes them all
    durable (a per-file fsync costs ~1 ms each: minutes for a calendar of
    thousands of events), then each gets its name with an exclusive link.
    If anything fails, the files named so far and every temporary file are
    removed. A crash while naming leaves complete files only (a re-run of
    the command that wrote them finds them). progress(done, total) counts
    files written. Raises DataError.
    """
    temps: list[tuple[Path, Path]] = []
    named: list[Path] = []
    total = len(files)
    try:
        for done, (path, data) in enumerate(files, start=1):
            temp = path.parent / f".{path.name[:40]}.{os.urandom(4).hex()}.tmp"
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            except OSError as error:
                raise data_error(path, error, "write") from None
            temps.append((temp, path))
            try:
                _fill(fd, data, durable=False)
            except OSError as error:
                raise data_error(path, error, "write") from None
            if progress and (done % 100 == 0 or done == total):
                progress(done, total)
        os.sync()
        _test_pause()
        for temp, path in temps:
            try:
                _create_from(temp, path)
            except FileExistsError:
                raise DataError(
                    f"{path}: exists already; nothing was written."
                ) from None
            except OSError as error:
                raise data_error(path, error, "write") from None
            named.append(path)
            with suppress(OSError):
                os.unlink(temp)
        for folder in {path.parent for path in named}:
            _fsync_folder(folder)
        changed(*named)
    except BaseException:
        for path in named:
            with suppress(OSError):
                os.unlink(path)
        for temp, _path in temps:
            with suppress(OSError):
                os.unlink(temp)
        raise


def write_output(path: Path, data: Content, force: bool) -> Path:
    """Write a file the user named on the command line (`-o FILE`).

    Never replaces an existing file without force: the file is created
    exclusively, so one that appears while the output is being made is not
    overwritten either. A link is followed to the file it names. A target
    that exists and is not a regular file (a device such as /dev/null, a
    FIFO, /dev/stdout) is written into, never replaced. Returns the path
    written. Raises CpdlogError (exit 1) when the file exists, DataError.
    """
    try:
        mode: int | None = os.stat(path).st_mode  # through a link
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise data_error(path, error, "write") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a folder; give a file name to -o.")
    if mode is not None and not stat.S_ISREG(mode):
        _write_into(path, data)
        return Path(os.path.abspath(path))
    # Replace the file a link names, never the link itself.
    target = Path(os.path.realpath(path) if os.path.islink(path) else path).absolute()
    if mode is not None and not force:
        raise _exists(path)
    if not target.parent.is_dir():
        raise DataError(f"{target.parent}: no such folder.")
    try:
        write_atomic(target, data, exclusive=not force)
    except FileExistsError:
        raise _exists(path) from None
    return target


def leftovers(path: Path) -> list[Path]:
    """The temporary files of writes to path that did not finish (killed,
    or another cpdlog writing it right now): `.<name>.<8 hex>.tmp` beside
    it. They are named, never removed, since one may be in use."""
    import re

    pattern = re.compile(rf"\.{re.escape(path.name[:40])}\.[0-9a-f]{{8}}\.tmp\Z")
    try:
        with os.scandir(path.parent) as entries:
            found = [Path(e.path) for e in entries if pattern.match(e.name)]
    except OSError:
        return []
    return sorted(found)


def _exists(path: Path) -> CpdlogError:
    return CpdlogError(f"{path} already exists; add --force to replace it.")


def _write_into(target: Path, data: Content) -> None:
    """Write into a device or FIFO as it is (nothing to replace)."""
    try:
        with open(target, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
    except OSError as error:
        raise data_error(target, error, "write") from None


def move(source: Path, target: Path) -> None:
    """Rename source to target (which must not exist), durably. Raises
    DataError."""
    if target.exists():
        raise DataError(f"{target}: already exists; nothing was moved.")
    try:
        os.rename(source, target)
    except OSError as error:
        raise data_error(source, error, f"move it to {target}") from None
    changed(source, target)
    for folder in {source.parent, target.parent}:
        _fsync_folder(folder)


def remove(path: Path) -> None:
    """Remove the name path (a file or a link, never a folder), durably.
    Raises DataError."""
    try:
        os.unlink(path)
    except OSError as error:
        raise data_error(path, error, "remove it") from None
    changed(path)
    _fsync_folder(path.parent)


# Every path a command created, replaced, moved or removed, in order: a home
# that is a git repository commits exactly these (never `git add -A`).
_changed: list[Path] = []


def changed(*paths: Path) -> None:
    """Note paths this command changed (write_atomic and move do it)."""
    _changed.extend(paths)


def changes() -> list[Path]:
    """The paths changed so far by this command, each once, in order."""
    return list(dict.fromkeys(_changed))


def forget_changes() -> None:
    """Start a new command's record (a process may run several: tests)."""
    _changed.clear()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is done
    finally:
        os.close(fd)
