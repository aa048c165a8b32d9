"""Attached files on disk: copied in, hashed, taken off, trashed, restored, checked.

A copy is made the way every file cpdlog writes is (`write_atomic`: a
hidden temporary file in the evidence folder, 0600, fsynced, then linked
to its name, which must be free), streaming in chunks with its SHA-256
computed on the way, so a 200 MB file never sits in memory. The copy gets
its name *before* the activity is changed to point at it: a command killed
in between leaves a complete file that no activity refers to yet (`check`
warns; attaching it again adopts it), never an activity that points at a
missing or half-written file. Taking a file off goes the other way round:
the activity first, then the file to `.trash/evidence/`.

Every change holds the home's write lock, and no other writer puts files in
`evidence/`, so a hidden `*.tmp` found there under the lock was left by an
attach that was killed, and is removed.

About 400 lines, kept whole: each write of `evidence/` and the order it
keeps with the activity's change, in one place to audit.
"""

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from cpdlog.core.evidence import (
    attached,
    find_entry,
    folder_for,
    split_name,
    stored_names,
)
from cpdlog.errors import (
    DataError,
    ProblemError,
    UsageError,
    data_error,
    describe,
)
from cpdlog.store import activities as store
from cpdlog.store.atomic import (
    FILE_MODE,
    make_dirs,
    move,
    remove_empty,
    write_atomic,
)
from cpdlog.store.home import Home
from cpdlog.store.lock import locked

if TYPE_CHECKING:
    from cpdlog.store.activity_file import Stored

CHUNK = 1 << 20  # 1 MiB: big enough to be fast, small enough to never matter
LEFTOVER = re.compile(r"\A\..*\.[0-9a-f]{8}\.tmp\Z")


class Attached(NamedTuple):
    """One FILE given to attach: where its copy is, and whether it is new."""

    source: Path
    entry: str  # the home-relative path recorded in `evidence`
    digest: str  # SHA-256, hexadecimal
    new: bool  # False when the same file was attached already


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks. Raises OSError."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sources(files: Iterable[str]) -> list[Path]:
    """The files given on the command line, each checked to be a readable
    regular file before anything is copied. Raises UsageError (exit 2)."""
    found = []
    for name in files:
        path = Path(name).expanduser()
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise UsageError(f"{name}: no such file; nothing was attached.") from None
        except OSError as error:
            raise _unreadable(name, error) from None
        if stat.S_ISDIR(mode):
            raise UsageError(
                f"{name}: is a folder; attach the files in it one by one "
                "(cpdlog attach ID FOLDER/*). Nothing was attached."
            )
        if not stat.S_ISREG(mode):
            raise UsageError(
                f"{name}: is not a regular file (a device or a pipe); "
                "nothing was attached."
            )
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            raise _unreadable(name, error) from None
        found.append(path)
    return found


def _unreadable(name: str, error: OSError) -> UsageError:
    return UsageError(
        f"{name}: cannot be read ({describe(error)}); nothing was attached."
    )


def _digests(paths: list[Path]) -> list[tuple[Path, str]]:
    """Each source with its SHA-256 (read before the lock is taken)."""
    found = []
    for path in paths:
        try:
            found.append((path, sha256_of(path)))
        except OSError as error:
            raise _unreadable(str(path), error) from None
    return found


def attach(home: Home, path: Path, files: list[Path], now: datetime) -> list[Attached]:
    """Copy files into the home and record them on the activity at path.
    Files already attached (the same SHA-256) are not copied again. Raises
    CpdlogError; on any failure the copies made are removed."""
    items = _digests(files)
    with locked(home) as created:
        stored = store.read_activity(path)
        data = dict(stored.data)
        results, written = _place(
            home, stored.activity.id, stored.activity.date, items, data, created
        )
        if not any(item.new for item in results):
            return results
        data["updated"] = now
        try:
            store.replace_activity(home, stored, stored.activity, data)
        except BaseException:
            _unlink(written)
            raise
    return results


class ForNewActivity:
    """`add --attach`: the copies made while the new activity is created
    (store.add_activity calls it under the lock, once the ID is chosen)."""

    def __init__(self, home: Home, files: list[Path]) -> None:
        self.home = home
        self.items = _digests(files)
        self.results: list[Attached] = []

    def __call__(self, activity_id: str, data: dict[str, Any]) -> Callable[[], None]:
        created: list[Path] = []
        try:
            self.results, written = _place(
                self.home, activity_id, data["date"], self.items, data, created
            )
        except BaseException:
            remove_empty(created)
            raise

        def undo() -> None:
            _unlink(written)
            remove_empty(created)

        return undo


def _place(
    home: Home,
    activity_id: str,
    day: date,
    items: list[tuple[Path, str]],
    data: dict[str, Any],
    created: list[Path],
) -> tuple[list[Attached], list[Path]]:
    """Copy each (source, digest) that is not attached yet into the
    activity's evidence folder, and record it in data (`evidence` and
    `evidence_sha256`). Returns (one Attached per item, the files written)."""
    evidence = list(data.get("evidence") or [])
    hashes = dict(data.get("evidence_sha256") or {})
    known = {hashes[entry]: entry for entry in attached(evidence) if entry in hashes}
    relative = folder_for(day)
    folder = home.root / relative
    results: list[Attached] = []
    written: list[Path] = []
    try:
        for source, digest in items:
            if digest in known:
                results.append(Attached(source, known[digest], digest, False))
                continue
            if not written:
                created += make_dirs(folder)
                _remove_leftovers(folder)
            entry, wrote = _copy(folder, relative, activity_id, source, digest)
            if wrote:
                written.append(home.root / entry)
            evidence.append(entry)
            hashes[entry] = digest
            known[digest] = entry
            results.append(Attached(source, entry, digest, True))
    except BaseException:
        _unlink(written)
        raise
    data["evidence"] = evidence
    if hashes:
        data["evidence_sha256"] = hashes
    return results, written


def _copy(
    folder: Path, relative: str, activity_id: str, source: Path, digest: str
) -> tuple[str, bool]:
    """Copy source under the first free name; (entry, whether it was written).
    A file already there with the same SHA-256 (left by an attach killed
    before it changed the activity) is taken as the copy."""
    for name in stored_names(activity_id, source.name):
        target = folder / name
        entry = f"{relative}/{name}"
        if os.path.lexists(target):
            if _same(target, digest):
                with suppress(OSError):
                    os.chmod(target, FILE_MODE)
                return entry, False
            continue
        copied: list[str] = []
        try:
            write_atomic(target, _copier(source, copied), exclusive=True)
        except FileExistsError:
            continue
        if copied != [digest]:
            _unlink([target])
            raise DataError(
                f"{source}: the file changed while it was being copied, so "
                "nothing was attached. Try again once it is finished."
            )
        return entry, True
    raise AssertionError("stored_names never ends")  # pragma: no cover


def _copier(source: Path, out: list[str]) -> Callable[[IO[bytes]], None]:
    """A writer for write_atomic: source copied in chunks, its SHA-256 put
    in out. A read error names source; a write error is write_atomic's."""

    def write(handle: IO[bytes]) -> None:
        digest = hashlib.sha256()
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        try:
            reader = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise data_error(source, error, "read the file") from None
        with reader:
            while True:
                try:
                    size = reader.readinto(buffer)
                except OSError as error:
                    raise data_error(source, error, "read the file") from None
                if not size:
                    break
                digest.update(view[:size])
                handle.write(view[:size])
        out.append(digest.hexdigest())

    return write


def _same(path: Path, digest: str) -> bool:
    try:
        return path.is_file() and sha256_of(path) == digest
    except OSError:
        return False


def _unlink(paths: Iterable[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            os.unlink(path)


def _remove_leftovers(folder: Path) -> None:
    """Remove temporary files of attaches that were killed (the caller holds
    the write lock, so no live writer owns one)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    _unlink(folder / name for name in names if LEFTOVER.match(name))


# --- taking files off ------------------------------------------------------


def detach(
    home: Home, path: Path, wanted: str, now: datetime
) -> tuple[str, Path | None]:
    """Take the attached file wanted names off the activity at path, then
    move it to `.trash/evidence/`. Returns (its entry, where it went, or
    None when it was missing). Raises CpdlogError."""
    with locked(home) as created:
        stored = store.read_activity(path)
        activity = stored.activity
        entry = find_entry(activity.evidence, wanted, activity.id)
        data = dict(stored.data)
        data["evidence"] = [item for item in activity.evidence if item != entry]
        if not data["evidence"]:
            del data["evidence"]
        hashes = {k: v for k, v in activity.evidence_sha256.items() if k != entry}
        data.pop("evidence_sha256", None)
        if hashes:
            data["evidence_sha256"] = hashes
        data["updated"] = now
        store.replace_activity(home, stored, activity, data)
        return entry, _to_trash(home, entry, created)


def _to_trash(home: Home, entry: str, created: list[Path]) -> Path | None:
    """Move an attached file to `.trash/<entry>` (a free name); None when
    it is not there."""
    source = home.root / entry
    if not source.is_file():
        return None
    target = _free(home.trash / entry)
    created += make_dirs(target.parent)
    move(source, target)
    return target


def _free(path: Path) -> Path:
    stem, extension = split_name(path.name)
    candidate, number = path, 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{stem}-{number}{extension}")
        number += 1
    return candidate


def remove_with_files(home: Home, stored: "Stored") -> tuple[Path, list[Path]]:
    """`rm`: the activity to the trash, then its attached files to
    `.trash/evidence/` (in that order: a kill in between leaves files no
    active activity refers to, never one that points at a missing file).
    Returns (the trashed activity, the trashed files)."""
    with locked(home) as created:
        target = store.trash_activity(home, stored.path)
        moved = []
        for entry in attached(stored.activity.evidence):
            trashed = _to_trash(home, entry, created)
            if trashed is not None:
                moved.append(trashed)
    return target, moved


def restore_with_files(home: Home, path: Path) -> tuple[Path, list[str], list[str]]:
    """`restore`: the activity's attached files back from the trash, then
    the activity. A file is known by its path and, after a name clash in
    the trash, by the SHA-256 the activity recorded. Returns (the restored
    activity, the entries brought back, the entries not found)."""
    from cpdlog.core.tomlfile import read

    try:
        table = read(path)[0]
    except ProblemError as error:
        raise DataError(str(error)) from None
    entries = attached(
        item for item in table.get("evidence") or [] if isinstance(item, str)
    )
    recorded = table.get("evidence_sha256")
    hashes: dict[str, Any] = recorded if isinstance(recorded, dict) else {}
    back: list[str] = []
    missing: list[str] = []

    def bring_back() -> Callable[[], None]:
        moves: list[tuple[Path, Path]] = []
        created: list[Path] = []
        for entry in entries:
            target = home.root / entry
            if os.path.lexists(target):
                continue
            found = _in_trash(home, entry, hashes.get(entry))
            if found is None:
                missing.append(entry)
                continue
            created += make_dirs(target.parent)
            move(found, target)
            moves.append((found, target))
            back.append(entry)

        def undo() -> None:
            for source, target in reversed(moves):
                move(target, source)
            remove_empty(created)

        return undo

    target = store.restore_activity(home, path, before_move=bring_back)
    return target, back, missing


def _in_trash(home: Home, entry: str, digest: Any) -> Path | None:
    """The trashed copy of an attached file: `.trash/<entry>`, or one of
    its renamed twins (`name-2.pdf`) whose SHA-256 is the recorded one."""
    exact = home.trash / entry
    stem, extension = split_name(exact.name)
    twin = re.compile(rf"\A{re.escape(stem)}-\d+{re.escape(extension)}\Z")
    try:
        names = sorted(os.listdir(exact.parent))
    except OSError:
        return None
    candidates = [exact] if exact.name in names else []
    candidates += [exact.parent / name for name in names if twin.match(name)]
    if not isinstance(digest, str):
        return candidates[0] if candidates and candidates[0] == exact else None
    return next((item for item in candidates if _same(item, digest)), None)
