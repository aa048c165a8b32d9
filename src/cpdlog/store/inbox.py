"""The inbox on disk: `<home>/inbox/*.toml`, drafts waiting to be accepted.

A draft is an activity file that may lack hours, type or areas. It is named
like an activity (`<date>-<slug>-<id>.toml`) and takes its ID from the same
never-reused space, but nothing that counts reads this folder (the index
scans `activities/` only), so a draft never counts until it is accepted.

An import is one change under the home's lock: the items already known
(their `source` is in the inbox, the activities or the trash) are set
aside, and the rest are written all or none (`atomic.create_all`).
Accepting rewrites the draft with the given fields, then moves it into
`activities/<YYYY>/` in one rename: a crash in between leaves the draft,
never both and never neither. Dropping moves drafts into `.trash/inbox/`,
from where `cpdlog restore` brings them back to the inbox.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core import drafts, ids
from cpdlog.core.activity import FIELD_ORDER, SCHEMA_VERSION, check_not_future
from cpdlog.core.tomlfile import decode, dump, parse
from cpdlog.errors import DataError, Problem, ProblemError, UsageError, describe
from cpdlog.store import activities as store
from cpdlog.store import index
from cpdlog.store.atomic import create_all, make_dirs, move, write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked, reading

Progress = Callable[[int, int], None]


class Draft(NamedTuple):
    """A draft as read: its file, TOML table and bytes."""

    path: Path
    data: dict[str, Any]
    raw: bytes

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return title if isinstance(title, str) else ""


def read_draft(path: Path) -> Draft:
    """Read one draft. Raises ProblemError (not TOML, or no usable ID)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = f"cannot be read: {describe(error)}"
        raise ProblemError(Problem(path, None, None, reason)) from None
    data = parse(path, decode(path, raw))
    value = data.get("id")
    if not isinstance(value, str) or not ids.ID_PATTERN.match(value):
        raise ProblemError(
            Problem(path, None, None, "the draft has no valid id; give it one "
                    f"such as id = \"{ids.id_of_name(path.name)}\"")
        )  # fmt: skip
    return Draft(path, data, raw)


def _sort_key(draft: Draft) -> tuple[str, str, str]:
    return (str(draft.data.get("date", "")), draft.title, draft.id)


def load_drafts(home: Home) -> tuple[list[Draft], list[Problem]]:
    """Every draft, by date then title, and the drafts that cannot be read."""
    found: list[Draft] = []
    problems: list[Problem] = []
    with reading(home):
        for name in sorted(store.draft_names(home)):
            try:
                found.append(read_draft(home.inbox / name))
            except ProblemError as error:
                problems.append(error.problem)
    return sorted(found, key=_sort_key), problems


def resolve_draft(home: Home, prefix: str) -> Draft:
    """The draft whose ID starts with prefix. Raises UsageError when none or
    several match (saying so when the ID is an activity already)."""
    found, problems = load_drafts(home)
    candidates = [(d.path, d.id, d.title) for d in found]
    path = store.match_id(prefix, candidates, "draft")
    if path is not None:
        return next(d for d in found if d.path == path)
    wanted = prefix.strip().lower()
    active = [aid for aid in index.load_index(home).ids() if aid.startswith(wanted)]
    if active:
        raise UsageError(
            f"{active[0]} is already in your log, not in the inbox: "
            f"cpdlog show {active[0]}"
        )
    hint = f" {len(problems)} draft file(s) could not be read." if problems else ""
    raise UsageError(
        f"No draft has the ID {prefix!r}. `cpdlog inbox` lists the drafts.{hint}"
    )


# `source = "..."` as cpdlog writes it (a basic string on one line).
_SOURCE_LINE = re.compile(
    rb'^[ \t]*source[ \t]*=[ \t]*("(?:[^"\\\r\n]|\\.)*")[ \t]*\r?$', re.MULTILINE
)


def _source_of(raw: bytes) -> str | None:
    """The `source` of a file's bytes: its line when cpdlog wrote it, else
    the whole file parsed (only files that mention `source` at all)."""
    from cpdlog.core.tomlfile import loads

    if b"source" not in raw:
        return None
    match = _SOURCE_LINE.search(raw)
    try:
        if match:
            value = loads("source = " + match[1].decode("utf-8"))["source"]
        else:
            value = loads(raw.decode("utf-8-sig")).get("source")
    except (ValueError, RecursionError):  # not UTF-8, not TOML
        return None
    return value if isinstance(value, str) else None


def _read_raw(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def known(home: Home) -> drafts.Known:
    """Every source in the inbox, the activities and the trash, and the
    (ID, date) of every activity and removed file."""
    sources: set[str] = set()
    dated: set[tuple[str, date]] = set()
    for name in store.draft_names(home):
        sources.add(_source_of(_read_raw(home.inbox / name)) or "")
    for path in index.toml_files(home.activities):
        sources.add(_source_of(_read_raw(path)) or "")
    dated.update((s.id, s.date) for _path, s in index.load_index(home).activities)
    for path in index.toml_files(home.trash):
        raw = _read_raw(path)
        sources.add(_source_of(raw) or "")
        try:
            table = parse(path, decode(path, raw))
        except ProblemError:
            continue
        if isinstance(table.get("id"), str) and isinstance(table.get("date"), date):
            dated.add((table["id"], table["date"]))
    sources.discard("")
    return drafts.Known(sources, dated)


class Outcome(NamedTuple):
    """What an import added (path None when it was a dry run), and how many
    of its items were known already."""

    new: list[tuple[Path | None, dict[str, Any]]]
    known: int


def import_items(
    home: Home,
    items: Sequence[dict[str, Any]],
    now: datetime,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Add one draft per item not known yet, all or none; a dry run reads
    only. Raises DataError."""
    if dry_run:
        with reading(home):
            fresh, count = drafts.split_known(items, known(home))
        return Outcome([(None, _draft_table(item, None, now)) for item in fresh], count)
    with locked(home) as created:
        fresh, count = drafts.split_known(items, known(home))
        if not fresh:
            return Outcome([], count)
        taken = store.taken_ids(home, index.of_home(home))
        new: list[tuple[Path | None, dict[str, Any]]] = []
        files: list[tuple[Path, bytes]] = []
        for item in fresh:
            aid = _id_for(item, taken)
            taken.add(aid)
            table = _draft_table(item, aid, now)
            path = home.inbox / ids.file_name(item["date"], item.get("title", ""), aid)
            new.append((path, table))
            files.append((path, dump(table, FIELD_ORDER).encode("utf-8")))
        created += make_dirs(home.inbox)
        create_all(files, progress)
    return Outcome(new, count)


def _draft_table(
    item: Mapping[str, Any], aid: str | None, now: datetime
) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "id": aid, **item,
            "created": now, "updated": now}  # fmt: skip


def _id_for(item: Mapping[str, Any], taken: set[str]) -> str:
    """A row of cpdlog's own CSV keeps its ID when this home has never used
    it (a log moved to a new home keeps its IDs); anything else gets a new one."""
    source = str(item.get("source", ""))
    if source.startswith("csv:"):
        wanted = source[4:]
        if ids.ID_PATTERN.match(wanted) and wanted not in taken:
            return wanted
    return ids.new_id(taken)


def ready(data: dict[str, Any], aid: str, today: date) -> Any:
    """The validated Activity of a draft's table with the user's changes.

    Raises UsageError naming what is still missing or wrong (nothing is
    written before this passes).
    """
    from cpdlog.core.model import validate_activity

    needed = drafts.missing(data)
    title = data.get("title")
    named = f"The draft {aid}" + (f" ({title})" if isinstance(title, str) else "")
    absent = [key for key in needed if key not in data]
    if absent:
        raise UsageError(
            f"{named} still needs {' and '.join(absent)}: give "
            f"{drafts.options_for(absent)}. The draft stays in the inbox as it was."
        )
    try:
        activity = validate_activity(data)
        for key in ("date", "end_date"):
            value = getattr(activity, key)
            if value is not None:
                check_not_future(value, today, key.replace("_", " "))
    except ProblemError as error:
        raise UsageError(
            f"{named} cannot be accepted: {error.reason()}. "
            "The draft stays in the inbox as it was."
        ) from None
    except ValueError as error:
        raise UsageError(f"{named} cannot be accepted yet: {error}.") from None
    return activity


def accept_draft(
    home: Home,
    draft: Draft,
    changes: Mapping[str, Any],
    clear: Sequence[str],
    today: date,
    now: datetime,
) -> tuple[Path, dict[str, Any]]:
    """Move a draft, with changes set and clear's fields removed, into the
    log under its ID; returns the activity's path and table. Raises
    UsageError when it is not valid yet (the draft unchanged), DataError."""
    from cpdlog.core.options import apply_changes
    from cpdlog.store.editing import normalise

    data = apply_changes(draft.data, changes, clear)
    activity = ready(data, draft.id, today)
    data["updated"] = now
    normalise(data, activity)
    with locked(home) as created:
        found = index.of_home(home)
        store.check_day(
            found, activity.date, activity.end_date, activity.minutes, activity.id
        )
        path = _move_in(home, draft, activity, data, found.ids(), created)
        index.remember(home.root, found, path, data)
    return path, data


def accept_ready(
    home: Home, today: date, now: datetime
) -> tuple[list[tuple[Path, dict[str, Any]]], list[Draft], list[Problem]]:
    """Accept every draft that is valid as it is: (accepted, the drafts
    left, the draft files that cannot be read)."""
    from cpdlog.store.editing import normalise

    accepted: list[tuple[Path, dict[str, Any]]] = []
    left: list[Draft] = []
    with locked(home) as created:
        found, problems = load_drafts(home)
        log = index.of_home(home)
        active = log.ids()
        added: dict[date, int] = {}  # one-day minutes accepted in this run
        for draft in found:
            data = dict(draft.data)
            try:
                activity = ready(data, draft.id, today)
            except UsageError:
                left.append(draft)
                continue
            if draft.id in active or not _fits(log, activity, added):
                left.append(draft)
                continue
            data["updated"] = now
            normalise(data, activity)
            path = _move_in(home, draft, activity, data, active, created)
            accepted.append((path, data))
            active.add(draft.id)
    return accepted, left, problems


def _fits(log: index.Index, activity: Any, added: dict[date, int]) -> bool:
    """Whether an activity's day still holds it (24 hours across one-day
    activities); counts it in added when it does."""
    if activity.end_date is not None:
        return True
    try:
        more = added.get(activity.date, 0)
        store.check_day(log, activity.date, None, activity.minutes, activity.id, more)
    except UsageError:
        return False
    added[activity.date] = added.get(activity.date, 0) + activity.minutes
    return True


def _move_in(
    home: Home,
    draft: Draft,
    activity: Any,
    data: dict[str, Any],
    active: set[str],
    created: list[Path],
) -> Path:
    """Rewrite the draft as the activity, then rename it into its year's
    folder (one atomic step: a crash leaves the draft, never both)."""
    try:
        current = draft.path.read_bytes()
    except OSError:
        current = None
    if current != draft.raw:
        raise DataError(
            f"{draft.path}: the draft changed (or was accepted or dropped) since it "
            "was read; nothing was changed. Run the command again."
        )
    if draft.id in active:
        raise DataError(
            f"An activity in your log already has the ID {draft.id!r}, so the "
            f"draft {draft.path} stays in the inbox. If it is the same activity "
            f"(an accept that was interrupted), drop it: cpdlog inbox drop {draft.id}"
        )
    target = store.activity_path(home, activity.date, activity.title, activity.id)
    if target.exists():
        raise DataError(f"{target}: already exists; the draft stays in the inbox.")
    created += make_dirs(target.parent)
    write_atomic(draft.path, dump(data, FIELD_ORDER).encode("utf-8"))
    try:
        move(draft.path, target)
    except BaseException:
        write_atomic(draft.path, draft.raw)
        raise
    return target


def drop_drafts(home: Home, found: Sequence[Draft]) -> list[Path]:
    """Move drafts into the trash (`.trash/inbox/`), all or none; returns
    their new paths. Raises DataError."""
    moved: list[tuple[Path, Path]] = []
    with locked(home) as created:
        folder = store.dropped_folder(home)
        created += make_dirs(folder)
        try:
            for draft in found:
                target = store.free_name(folder / draft.path.name)
                move(draft.path, target)
                moved.append((draft.path, target))
        except BaseException:
            for source, target in reversed(moved):  # all or none
                move(target, source)
            raise
    return [target for _source, target in moved]
