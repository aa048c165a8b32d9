"""Activities on disk: read, add, replace, trash and restore, safely.

Every change happens under an exclusive lock on the home folder (flock, so
no lock file is left behind), is validated before the first write, and is
written with `write_atomic`. A replace compares the file's bytes with those
read before the edit, so a change made meanwhile is never overwritten.
"""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cpdlog.core import ids
from cpdlog.core.activity import FIELD_ORDER, SCHEMA_VERSION
from cpdlog.core.tomlfile import dump
from cpdlog.errors import DataError, Problem, ProblemError, UsageError, data_error
from cpdlog.store import index
from cpdlog.store.activity_file import Stored, read_stored
from cpdlog.store.atomic import make_dirs, move, undo_folders, write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked, reading


class ChangedMeanwhile(DataError):
    """The file changed between reading it and writing the edit."""


# A step done under the lock just before an activity file is written or
# moved (add --attach copies the files in, restore brings them back); it
# returns how to undo itself should that write fail.
Undo = Callable[[], None]


def load_index(home: Home) -> index.Index:
    """The summaries of the home's activities (cached)."""
    with reading(home):
        return index.build(home.root, home.activities)


def read_activity(path: Path) -> Stored:
    """Read and validate one file. Raises DataError naming path:line."""
    try:
        return read_stored(path)
    except ProblemError as error:
        raise DataError(str(error.problem)) from None


def load_log(home: Home) -> tuple[list[Stored], list[Problem]]:
    """Every readable activity in full, oldest first, and the problems."""
    with reading(home):
        found = index.build(home.root, home.activities)
        stored: list[Stored] = []
        problems = list(found.problems)
        for path, _summary in sorted(
            found.activities, key=lambda item: (item[1].date, item[1].title, item[1].id)
        ):
            try:
                stored.append(read_stored(Path(path)))
            except ProblemError as error:  # unreadable since it was indexed
                problems.append(error.problem)
    return stored, problems


def resolve(home: Home, prefix: str) -> Path:
    """The file of the active activity whose ID starts with prefix.

    Raises UsageError when none or several match (saying so when the ID is
    in the trash), and DataError when it is only in a file that cannot be
    used.
    """
    found = load_index(home)
    candidates = [(Path(p), s.id, s.title) for p, s in found.activities]
    match = _match(prefix, candidates, "activity")
    if match is not None:
        return match
    wanted = prefix.strip().lower()
    trashed = _match(wanted, _trash_candidates(home), "removed activity", quiet=True)
    if trashed:
        aid = read_table_id(trashed)
        raise UsageError(
            f"The activity {aid} is in the trash. Bring it back with: "
            f"cpdlog restore {aid}"
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
    """The trash file of the removed activity whose ID starts with prefix."""
    home.check_usable()
    match = _match(prefix, _trash_candidates(home), "removed activity")
    if match is None:
        raise UsageError(
            f"No removed activity has the ID {prefix!r}; the trash holds "
            f"{len(_trash_candidates(home))} activities."
        )
    return match


def _match(
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


def taken_ids(home: Home, entries: dict[str, Any]) -> set[str]:
    """Every ID in use or ever used here: active, damaged and trashed files."""
    taken = index.known_ids(home.root, home.activities, entries)
    for path in trashed_files(home):
        taken.add(ids.id_of_name(path.name))
        taken.update(index.raw_ids(path))
    return taken


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
        entries = index.load_entries(home.root)
        activity_id = ids.new_id(taken_ids(home, entries))
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
        index.remember(home.root, path, data, entries)
    return activity_id, path, data


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
    """Move an activity file to .trash/; returns its new path."""
    with locked(home) as created:
        created += make_dirs(home.trash)
        target = _free_name(home.trash / path.name)
        move(path, target)
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
        found = index.build(home.root, home.activities)
        if aid in found.ids():
            raise DataError(
                f"An active activity already has the ID {aid!r}; "
                f"{path} stays in the trash."
            )
        year = f"{day.year:04d}" if isinstance(day, date) else "restored"
        created += make_dirs(home.activities / year)
        target = _free_name(home.activities / year / path.name)
        undo = before_move() if before_move else None
        try:
            move(path, target)
        except BaseException:
            if undo:
                undo()
            raise
    return target


def _free_name(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def rescue_text(home: Home, activity_id: str, text: str, now: datetime) -> Path:
    """Keep text the user wrote that could not be stored; returns its path.

    In `<home>/rescue/`, or, when the home cannot be written either (a full
    disk, a read-only home), in the system's temporary folder.
    """
    import tempfile

    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    safe_id = activity_id if ids.ID_PATTERN.match(activity_id) else "new"
    data = text.encode("utf-8", "surrogateescape")
    for folder in (home.rescue, Path(tempfile.gettempdir()) / "cpdlog-rescue"):
        try:
            with undo_folders() as created:
                created += make_dirs(folder)
                path, number = folder / f"{safe_id}-{stamp}.toml.txt", 2
                while path.exists():
                    path = folder / f"{safe_id}-{stamp}-{number}.toml.txt"
                    number += 1
                write_atomic(path, data)
            return path
        except DataError as error:
            last = error
    raise DataError(f"{last}\nYour text could not be kept anywhere:\n{text}")
