"""Activities on disk: read, add, replace, trash and restore, safely.

Every change happens under an exclusive lock on the home folder (flock, so
no lock file is left behind), is validated before the first write, and is
written with `write_atomic`. A replace compares the file's bytes with those
read before the edit, so a change made meanwhile is never overwritten.

About 400 lines, kept whole: every write of an activity file, and the
lock and checks around it, in one place to audit.
"""

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cpdlog.core import ids
from cpdlog.core.activity import FIELD_ORDER, SCHEMA_VERSION
from cpdlog.core.duration import MINUTES_PER_DAY, hours_short
from cpdlog.core.tomlfile import dump
from cpdlog.errors import DataError, ProblemError, UsageError, data_error
from cpdlog.store import index
from cpdlog.store.activity_file import Stored, read_stored
from cpdlog.store.atomic import make_dirs, move, remove, write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked


class ChangedMeanwhile(DataError):
    """The file changed between reading it and writing the edit."""


# A step done under the lock just before an activity file is written or
# moved (add --attach copies the files in, restore brings them back); it
# returns how to undo itself should that write fail.
Undo = Callable[[], None]


def read_activity(path: Path) -> Stored:
    """Read and validate one file. Raises DataError naming path:line."""
    try:
        return read_stored(path)
    except ProblemError as error:
        raise DataError(str(error.problem)) from None


def resolve(home: Home, prefix: str) -> Path:
    """The file of the active activity whose ID starts with prefix.

    Raises UsageError when none or several match (saying so when the ID is
    in the trash), and DataError when it is only in a file that cannot be
    used.
    """
    found = index.load_index(home)
    candidates = [(Path(p), s.id, s.title) for p, s in found.activities]
    match = match_id(prefix, candidates, "activity")
    if match is not None:
        return match
    wanted = prefix.strip().lower()
    trashed = match_id(wanted, _trash_candidates(home), "removed activity", quiet=True)
    if trashed:
        aid = read_table_id(trashed)
        raise UsageError(
            f"The activity {aid} is in the trash. Bring it back with: "
            f"cpdlog restore {aid}"
        )
    drafts = (ids.id_of_name(name) for name in draft_names(home))
    draft = next((aid for aid in drafts if aid.startswith(wanted)), None)
    if draft:
        raise UsageError(
            f"{draft} is a draft in the inbox, not yet in your log. Accept it "
            f"with: cpdlog inbox accept {draft}"
        )
    for problem in found.problems:
        if problem.path is None:
            continue
        named = index.raw_ids(problem.path) | {ids.id_of_name(problem.path.name)}
        if any(name.startswith(wanted) for name in named):
            raise DataError(
                f"The activity {wanted!r} is in a file that cannot be used:\n"
                f"{problem}\nFix the file (`cpdlog check` explains), then try again."
            )
    hint = ""
    if found.problems:
        hint = (
            f" {len(found.problems)} file(s) could not be read; "
            "`cpdlog check` names them."
        )
    raise UsageError(
        f"No activity has the ID {prefix!r}. `cpdlog list` shows the IDs.{hint}"
    )


def resolve_trash(home: Home, prefix: str) -> Path:
    """The trash file of the removed activity whose ID starts with prefix,
    or whose file in the trash is named prefix (`2026-05-04-...-k3f9.toml`).
    Raises UsageError when none matches, or when the trash holds several
    copies of one ID: each is listed with its date, title and file name."""
    home.check_usable()
    candidates = _trash_candidates(home)
    wanted = prefix.strip()
    if wanted.endswith(".toml"):
        name = os.path.basename(wanted)
        by_name = [path for path, _aid, _title in candidates if path.name == name]
        if by_name:
            return by_name[0]
    lowered = wanted.lower()
    hits = [c for c in candidates if c[1] == lowered] or [
        c for c in candidates if c[1].startswith(lowered)
    ]
    if lowered and len(hits) > 1 and len({aid for _path, aid, _title in hits}) == 1:
        raise _copies(hits)
    match = match_id(prefix, candidates, "removed activity")
    if match is None:
        raise UsageError(
            f"No removed activity has the ID {prefix!r}; the trash holds "
            f"{len(candidates)} activities."
        )
    return match


def _copies(hits: list[tuple[Path, str, str]]) -> UsageError:
    """The error for an ID the trash holds more than once (issue #12)."""
    lines = []
    for path, _aid, title in sorted(hits, key=lambda hit: hit[0].name):
        day = _read_table(path).get("date")
        lines.append(f"  {day or 'no date'}  {title or '(no title)'}: {path.name}")
    aid = hits[0][1]
    return UsageError(
        f"The trash holds {len(hits)} copies of {aid}:\n" + "\n".join(lines) + "\n"
        f"Restore one by its file name, such as:\n  cpdlog restore {hits[0][0].name}"
    )


def match_id(
    prefix: str,
    candidates: list[tuple[Path, str, str]],
    what: str,
    quiet: bool = False,
) -> Path | None:
    prefix = prefix.strip().lower()
    if not prefix:
        raise UsageError("The ID is empty: give an activity's ID or its first letters.")
    exact = [c for c in candidates if c[1] == prefix]
    hits = exact or [c for c in candidates if c[1].startswith(prefix)]
    if len(hits) > 1 and not quiet:
        listed = "; ".join(f"{aid} ({title})" for _, aid, title in hits[:10])
        raise UsageError(
            f"The ID {prefix!r} matches {len(hits)} {what} entries: {listed}. "
            "Type more of the ID."
        )
    return hits[0][0] if hits else None


def trashed_files(home: Home) -> list[Path]:
    """The activity files in the trash (not the attached files kept in
    `.trash/evidence/`, which may be TOML too)."""
    kept = home.trash / "evidence"
    return [p for p in index.toml_files(home.trash) if not p.is_relative_to(kept)]


def _trash_candidates(home: Home) -> list[tuple[Path, str, str]]:
    found = []
    for path in trashed_files(home):
        table = _read_table(path)
        aid = table.get("id")
        if isinstance(aid, str):
            title = table.get("title")
            found.append((path, aid, title if isinstance(title, str) else ""))
    return found


def _read_table(path: Path) -> dict[str, Any]:
    from cpdlog.core.tomlfile import read

    try:
        return read(path)[0]
    except ProblemError:
        return {}


def read_table_id(path: Path) -> str:
    value = _read_table(path).get("id")
    return value if isinstance(value, str) else path.stem


def taken_ids(home: Home, found: index.Index) -> set[str]:
    """Every ID in use or ever used here: active, damaged and trashed files,
    and the drafts of the inbox (by their names, which cpdlog gives them:
    reading thousands of imported drafts would slow every `add`)."""
    taken = index.known_ids(found)
    for path in trashed_files(home):
        taken.add(ids.id_of_name(path.name))
        taken.update(index.raw_ids(path))
    taken.update(ids.id_of_name(name) for name in draft_names(home))
    return taken


def draft_names(home: Home) -> list[str]:
    """The file names of the drafts in the inbox (`inbox/*.toml`, hidden
    names skipped), cheaply: one scandir, nothing read."""
    try:
        with os.scandir(home.inbox) as entries:
            return [
                entry.name
                for entry in entries
                if entry.name.endswith(".toml") and not entry.name.startswith(".")
            ]
    except OSError:  # no inbox yet (or unreadable: `cpdlog inbox` says so)
        return []


def dropped_folder(home: Home) -> Path:
    """Where `inbox drop` puts drafts: inside the trash, so that their IDs
    stay taken and `restore` knows to bring them back to the inbox."""
    return home.trash / "inbox"


def activity_path(home: Home, day: date, title: str, activity_id: str) -> Path:
    return home.activities / f"{day.year:04d}" / ids.file_name(day, title, activity_id)


def add_activity(
    home: Home,
    fields: dict[str, Any],
    now: datetime,
    prepare: Callable[[str, dict[str, Any]], Undo] | None = None,
) -> tuple[str, Path, dict[str, Any]]:
    """Write a new activity from checked fields; returns (id, path, table).

    fields holds the TOML values (date objects, hours as a number). The ID is
    chosen under the lock, so concurrent adds never share one. prepare(id,
    data), when given, runs under the lock before the file is written and
    may add to data (add --attach); it is undone if the write fails.
    """
    with locked(home) as created:
        # The index owns all scanning: the cache it keeps fresh is the one
        # the next add and status use (issue #14).
        found = index.of_home(home)
        minutes = round(fields["hours"] * 60)
        check_day(found, fields["date"], fields.get("end_date"), minutes, "")
        activity_id = ids.new_id(taken_ids(home, found))
        data = {"schema_version": SCHEMA_VERSION, "id": activity_id, **fields}
        data["created"] = data["updated"] = now
        undo = prepare(activity_id, data) if prepare else None
        text = dump(data, FIELD_ORDER)
        path = activity_path(home, data["date"], data["title"], activity_id)
        try:
            created += make_dirs(path.parent)
            write_atomic(path, text.encode("utf-8"), exclusive=True)
        except BaseException:
            if undo:
                undo()
            raise
        index.remember(home.root, found, path, data)
    return activity_id, path, data


def check_day(
    found: index.Index,
    day: date,
    end: date | None,
    minutes: int,
    own_id: str,
    more: int = 0,
) -> None:
    """A one-day activity may not take its day past 24 hours together with
    the day's other one-day activities (issue #12; more: minutes not in the
    index yet). Raises UsageError."""
    if end is not None:
        return
    others = found.day_minutes(day, own_id) + more
    if others + minutes > MINUTES_PER_DAY:
        raise UsageError(
            f"{day} already holds {hours_short(others)} hours of activities; "
            f"{hours_short(minutes)} more would make more than the day's 24. "
            "Check the hours, or give an activity over several days its "
            "--end-date."
        )


def replace_activity(
    home: Home,
    stored: Stored,
    activity: Any,
    data: dict[str, Any],
    text: str | None = None,
) -> Path:
    """Write data (or text, its TOML as the user typed it) over stored's file.

    activity is data validated (its date and title name the file). Only
    when that file has not changed since it was read; the file moves when
    its date or title changes its name. Raises ChangedMeanwhile (nothing
    written) when the bytes on disk are not stored.raw any more.
    """
    if text is None:
        text = dump(data, FIELD_ORDER)
    encoded = text.encode("utf-8")
    with locked(home) as created:
        try:
            current = stored.path.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError as error:
            raise data_error(stored.path, error, "read the activity") from None
        if current != stored.raw:
            raise ChangedMeanwhile(
                f"{stored.path}: the file changed (or was removed) since it was "
                "read, so the edit was not written over it."
            )
        found = index.of_home(home)
        aid, day = activity.id, activity.date
        check_day(found, day, activity.end_date, activity.minutes, aid)
        wanted = activity_path(home, activity.date, activity.title, activity.id)
        moves = (
            (wanted.name != stored.path.name or wanted.parent != stored.path.parent)
            and stored.path.parent.parent == home.activities
            and not wanted.exists()
        )
        if not moves:
            write_atomic(stored.path, encoded)
            return stored.path
        created += make_dirs(wanted.parent)
        # Move first, then replace: a crash in between leaves one file
        # holding the old version, never two with one ID. A failed write
        # moves it back.
        move(stored.path, wanted)
        try:
            write_atomic(wanted, encoded)
        except BaseException:
            move(wanted, stored.path)
            raise
    return wanted


def trash_activity(home: Home, path: Path) -> Path:
    """Move an activity file to .trash/; returns its new path.

    An activity file that is a link is not moved (the link would point at
    nothing from the trash, or at a file that is not the trash's): its bytes
    are copied into the trash and the link removed, and the file it named
    is left where it is, as cpdlog never removes a file it does not own
    (issue #12)."""
    with locked(home) as created:
        created += make_dirs(home.trash)
        target = free_name(home.trash / path.name)
        if not path.is_symlink():
            move(path, target)
            return target
        try:
            data = path.read_bytes()
        except OSError as error:
            raise data_error(path, error, "read the activity") from None
        write_atomic(target, data, exclusive=True)
        try:
            remove(path)
        except BaseException:
            remove(target)
            raise
    return target


def restore_activity(
    home: Home, path: Path, before_move: Callable[[], Undo] | None = None
) -> Path:
    """Move a trashed file back into its year folder; returns its new path.
    before_move, when given, runs under the lock once the activity is known
    to be restorable (restore brings its attached files back first), and is
    undone if the move fails."""
    from cpdlog.core.tomlfile import read

    try:
        data, _text = read(path)
    except ProblemError as error:
        raise DataError(str(error)) from None
    day = data.get("date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError:
            day = None
    aid = data.get("id")
    with locked(home) as created:
        found = index.of_home(home)
        if aid in found.ids():
            raise DataError(
                f"An active activity already has the ID {aid!r}; "
                f"{path} stays in the trash."
            )
        if path.parent == dropped_folder(home):  # a dropped draft
            folder = home.inbox
        else:
            year = f"{day.year:04d}" if isinstance(day, date) else "restored"
            folder = home.activities / year
        created += make_dirs(folder)
        target = free_name(folder / path.name)
        undo = before_move() if before_move else None
        try:
            move(path, target)
        except BaseException:
            if undo:
                undo()
            raise
    return target


def free_name(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
