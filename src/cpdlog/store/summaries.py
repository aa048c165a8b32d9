"""Find and read the summaries a team shares with `cpdlog share`.

A PATH on the command line is a summary file, or a folder whose `*.json`
files are summaries (only that folder, not the folders inside it: a git
repository or a shared drive keeps one file per person at its top). Reading
is lean, because `team` must stay fast over a thousand summaries: os.scandir
and plain reads, no pathlib, no pydantic. One file that cannot be read or
is not a summary is a problem naming it; the others are still read.
"""

import os
import stat
from collections.abc import Sequence

from cpdlog.core.team import Row, read_summary
from cpdlog.errors import DataError, UsageError, describe, shown

# A summary is under 2 KB; a file far bigger is not one, so it is not read whole.
MAX_BYTES = 1_000_000


def read_summaries(paths: Sequence[str]) -> tuple[list[Row], list[str]]:
    """A row per summary found under paths, and a sentence per file or
    folder that could not be read. UsageError when a PATH does not exist
    (checked for all of them before anything is read)."""
    modes = [_mode(path) for path in paths]
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[str] = set()
    for path, mode in zip(paths, modes, strict=True):
        if isinstance(mode, str):
            problems.append(mode)
            continue
        if stat.S_ISDIR(mode):
            found, problem = _folder(path)
            if problem:
                problems.append(problem)
        else:
            found = [(os.path.realpath(path), path)]
        for key, file in found:
            if key not in seen:
                seen.add(key)
                _read(file, rows, problems)
    return rows, problems


def _mode(path: str) -> int | str:
    """The mode of the file a PATH names, or a sentence when it cannot be
    looked at. UsageError when there is nothing there."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(
            f"{shown(path)}: no such file or folder. Give summary files "
            "(written by `cpdlog share`) or folders that hold them."
        ) from None
    except OSError as error:
        return f"{shown(path)}: could not be read: {describe(error)}."


def _folder(folder: str) -> tuple[list[tuple[str, str]], str | None]:
    """(key, path) of each `*.json` file in folder, by name; hidden files
    (`.name.json`, as editors and sync tools leave) and folders are passed
    over. The key is the real path, so a file named twice is read once."""
    real = os.path.realpath(folder)
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.lower().endswith(".json")
                and not entry.name.startswith(".")
                and _is_file(entry)
            )
    except OSError as error:
        return [], f"{shown(folder)}: could not list the folder: {describe(error)}."
    return [(os.path.join(real, n), os.path.join(folder, n)) for n in names], None


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a link that leads nowhere (reading it will say so); not a
    folder, FIFO or device. No system call for a plain file."""
    try:
        if entry.is_file():  # follows a link, as reading does
            return True
        return entry.is_symlink() and not os.path.exists(entry.path)
    except OSError:
        return True


def _read(path: str, rows: list[Row], problems: list[str]) -> None:
    """Append path's row, or the sentence saying why it is not one."""
    name = os.path.basename(path)
    label = name[:-5] if name.lower().endswith(".json") else name
    try:
        data = _content(path)
    except OSError as error:
        problems.append(f"{shown(path)}: could not be read: {describe(error)}.")
        return
    if len(data) > MAX_BYTES:
        problems.append(
            f"{shown(path)}: not a cpdlog summary: it is larger than "
            f"{MAX_BYTES:,} bytes, and a summary is a few hundred."
        )
        return
    try:
        rows.append(read_summary(data, label, path))
    except DataError as error:
        # The message starts with the path as given; show it printable.
        problems.append(shown(path) + str(error)[len(path) :])


def _content(path: str) -> bytes:
    """The file's bytes, up to just over MAX_BYTES. os.read, because
    open().read(n) sets aside n bytes first: twice as slow here."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, 65_536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)
