"""`check` on attached files: missing or altered ones, and files no activity
refers to.

Every attached file is read in full and hashed (in chunks), as `check`
reads every byte of the home.
"""

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from cpdlog.core.evidence import FOLDER, attached
from cpdlog.errors import Problem, describe
from cpdlog.store.evidence import LEFTOVER, sha256_of
from cpdlog.store.home import Home

if TYPE_CHECKING:
    from cpdlog.core.activity import Record


def findings(
    home: Home, checked: list[tuple[Path, "Record"]]
) -> list[tuple[str, Problem]]:
    """(severity, problem) for `check`: an attached file that is missing or
    altered is an error; a file under `evidence/` that no activity refers
    to, or one with no recorded SHA-256, is a warning."""
    found: list[tuple[str, Problem]] = []
    referred: set[str] = set()
    for path, activity in checked:
        entries = attached(activity.evidence)
        referred.update(entries)
        for entry in entries:
            found += _judge(home, path, activity, entry)
        for entry in activity.evidence_sha256:
            if entry not in entries:
                message = (
                    f"evidence_sha256 lists {entry}, which is not in its evidence; "
                    "remove that line"
                )
                found.append(("warning", Problem(path, None, None, message)))
    found += _strays(home, referred)
    return found


def _judge(
    home: Home, path: Path, activity: "Record", entry: str
) -> list[tuple[str, Problem]]:
    file = home.root / entry
    aid = activity.id
    if not file.is_file():
        message = (
            f"attached to {aid} ({path.name}) but missing; put it back, or take "
            f"it off with: cpdlog detach {aid} {entry}"
        )
        return [("error", Problem(file, None, None, message))]
    recorded = activity.evidence_sha256.get(entry)
    try:
        actual = sha256_of(file)
    except OSError as error:
        message = f"attached to {aid} but cannot be read: {describe(error)}"
        return [("error", Problem(file, None, None, message))]
    if recorded is None:
        message = (
            f"attached to {aid} with no SHA-256 recorded, so a change cannot be "
            f"told; record one with: cpdlog detach {aid} {entry}, then cpdlog "
            "attach it again"
        )
        return [("warning", Problem(file, None, None, message))]
    if actual != recorded:
        message = (
            f"has changed since it was attached to {aid}: its SHA-256 is "
            f"{actual}, not {recorded}; put back the file that was attached"
        )
        return [("error", Problem(file, None, None, message))]
    return []


def _strays(home: Home, referred: set[str]) -> list[tuple[str, Problem]]:
    """Files under evidence/ that no activity refers to, and leftovers."""
    found: list[tuple[str, Problem]] = []
    root = home.root / FOLDER
    for folder, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            file = Path(folder) / name
            entry = file.relative_to(home.root).as_posix()
            if LEFTOVER.match(name):
                message = (
                    "a temporary file left by an interrupted attach; it can be deleted"
                )
            elif entry not in referred:
                message = (
                    "no activity refers to this file; attach it with "
                    "cpdlog attach ID FILE, or delete it"
                )
            else:
                message = _loose(file)
            if message:
                found.append(("warning", Problem(file, None, None, message)))
    return found


def _loose(file: Path) -> str:
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except OSError:
        return ""
    if mode & 0o077:
        return (
            f"can be read by other users (mode {mode:o}); fix it with: "
            f"chmod 600 '{file}'"
        )
    return ""
