"""Write files so that a crash, a full disk or a race never loses what was there.

`write_atomic` writes a temporary file in the target's folder (owner-only
from its creation, never named `*.toml`), flushes and fsyncs it, then
renames it over the target (or links it, when the target must not exist
yet) and fsyncs the folder. On any failure the temporary file is removed and
the target is as it was. OS errors become a DataError naming the path.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from cpdlog.errors import DataError, data_error

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


def write_atomic(
    path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True
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
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        _test_pause()
        if exclusive:
            os.link(temp, path)
        else:
            os.replace(temp, path)
        if durable:
            _fsync_folder(folder)
    except FileExistsError:
        raise
    except OSError as error:
        raise data_error(path, error, "write") from None
    finally:
        # After a rename the temporary name is gone; after a link both names
        # point at the file and the temporary one must go.
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        except OSError:
            pass


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
