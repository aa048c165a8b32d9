"""Keep text the user wrote that could not be stored: never lose their words.

An edit that is invalid, a file that changed meanwhile, a disk that is full:
whatever the user typed is written to `<home>/rescue/<label>-<UTC time><suffix>`
(never `*.toml`, so nothing reads it as an activity) and its path is
printed. When the home cannot be written either, the text goes to the user's
own state folder, else to a new private folder made with `mkdtemp`: never to
a fixed name in a shared folder, which another local user could create first
(issue #12).
"""

import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from cpdlog.core import ids
from cpdlog.errors import DataError
from cpdlog.store.atomic import make_dirs, undo_folders, write_atomic
from cpdlog.store.home import Home


def rescue_text(
    home: Home, label: str, text: str, now: datetime, suffix: str = ".toml.txt"
) -> Path:
    """Keep text; returns its path. label is an activity ID (or "new",
    "statement"...). Raises DataError, holding the text, when no folder at
    all can take it."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    safe = label if ids.ID_PATTERN.match(label) else "new"
    data = text.encode("utf-8", "surrogateescape")
    last: DataError | None = None
    for folder in _folders(home):
        try:
            with undo_folders() as created:
                created += make_dirs(folder)
                path, number = folder / f"{safe}-{stamp}{suffix}", 2
                while path.exists():
                    path = folder / f"{safe}-{stamp}-{number}{suffix}"
                    number += 1
                write_atomic(path, data, exclusive=True)
            return path
        except (DataError, FileExistsError) as error:
            last = error if isinstance(error, DataError) else last
    raise DataError(f"{last}\nYour text could not be kept anywhere:\n{text}")


def _folders(home: Home) -> Iterator[Path]:
    """Where rescued text may go, in order of preference."""
    yield home.rescue
    state = _state_folder()
    if state is not None and _private(state):
        yield state
    try:
        yield Path(tempfile.mkdtemp(prefix="cpdlog-rescue-"))
    except OSError:
        return


def _state_folder() -> Path | None:
    try:
        import platformdirs

        return Path(platformdirs.user_state_dir("cpdlog", appauthor=False)) / "rescue"
    except Exception:
        return None


def _private(folder: Path) -> bool:
    """A folder cpdlog may reuse: ours and closed to others, or not there
    yet (make_dirs creates it 0700)."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & 0o077
    )


def waiting(home: Home) -> int:
    """How many texts wait in `<home>/rescue/` (hidden names skipped), cheaply:
    one scandir, nothing read."""
    try:
        with os.scandir(home.rescue) as entries:
            return sum(1 for entry in entries if not entry.name.startswith("."))
    except OSError:  # no rescue folder: nothing waits
        return 0
