"""The merge inside `cpdlog sync`, and how its conflicts are resolved.

`merge` runs `git merge --no-commit` of the remote's commit, settles every
conflict and every ID left in two files by one activity edited on both
sides (the rules are in `git_sync`'s docstring: the remote's version wins,
this device's goes to rescue/), then commits. It reads the versions from
the two commits' trees, never from the conflict stages: when both sides
renamed one file, git puts the same marker-filled text in both stages.
Nothing here leaves a conflict marker in a file or the merge in progress:
the caller aborts the merge if anything raises.
"""

import os
import time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from cpdlog.core.ids import id_of_name
from cpdlog.errors import DataError
from cpdlog.store.git import (
    ACTIVITIES,
    RESCUE,
    git_dir,
    is_activity,
    last_line,
    must,
    run_quiet,
    write_file,
)

if TYPE_CHECKING:
    import subprocess

_PAUSE_SECONDS = 60


class _Plan(NamedTuple):
    writes: dict[str, str]  # path -> blob of the remote's version
    removals: set[str]
    losers: list[tuple[str, str]]  # (path on this side, blob) to rescue


def merge(root: Path, base: str | None, theirs: str, stamp: str) -> list[Path]:
    """Merge commit theirs into HEAD, resolving conflicts; returns the
    rescued files. Raises DataError when git cannot merge or commit."""
    args = ["merge", "-q", "--no-ff", "--no-commit", theirs]
    if base is None:  # two homes started apart and joined later
        args.insert(1, "--allow-unrelated-histories")
    result = run_quiet(root, args)
    if not (git_dir(root) / "MERGE_HEAD").exists():
        raise refused(result)
    pause("merged")
    plan = _plan(root, base, theirs)
    blobs = _blobs(root, {*plan.writes.values(), *(blob for _, blob in plan.losers)})
    rescued = [rescue(root, spec, blobs[blob], stamp) for spec, blob in plan.losers]
    for spec, blob in plan.writes.items():
        write_file(root / spec, blobs[blob])
    for spec in plan.removals - plan.writes.keys():
        (root / spec).unlink(missing_ok=True)
    pause("resolved")
    touched = sorted(plan.writes.keys() | plan.removals)
    if touched:
        must(root, ["add", "-A", "--", *touched], "stage the resolved files")
    message = f"sync: merge {theirs[:12]}" + (
        f" (kept the remote's version of {len(rescued)}, this device's in rescue/)"
        if rescued
        else ""
    )
    # --no-verify: both sides' commits already passed the hooks on their own
    # device, and a refusing hook must not leave the merge in progress.
    must(root, ["commit", "-q", "--no-verify", "-m", message], "commit the merge")
    return rescued


def refused(result: "subprocess.CompletedProcess[bytes]") -> DataError:
    """The error for a merge git would not start: it names the files that
    are changed here, not committed, and in the way (a damaged file the
    remote changed too, an untracked file where the remote adds one)."""
    text = result.stderr.decode("utf-8", "replace")
    in_the_way = [line.strip() for line in text.splitlines() if line.startswith("\t")]
    reason = last_line(result)
    if in_the_way:
        shown = ", ".join(in_the_way[:5]) + (" ..." if len(in_the_way) > 5 else "")
        reason = f"these files are changed here and not committed: {shown}"
    return DataError(
        f"cpdlog sync could not bring in the remote's changes, because {reason}. "
        "Fix them (cpdlog check names damaged files) or move them away, then "
        "sync again."
    )


def _plan(root: Path, base: str | None, theirs: str) -> _Plan:
    """What to write, remove and rescue so that no conflict and no ID of one
    activity edited on both sides is left."""
    unmerged = _listed(root, ["ls-files", "-u", "-z"], field=-1)
    index = _listed(root, ["ls-files", "-z", "--", ACTIVITIES], field=0)
    by_id = _by_id(index | unmerged)
    twice = {key for key, specs in by_id.items() if len(specs) > 1}
    plan = _Plan({}, set(), [])
    if not unmerged and not twice:
        return plan
    ours, remote = _tree(root, "HEAD"), _tree(root, theirs)
    before = set(_by_id(set(_tree(root, base)))) if base and twice else set()
    remote_ids = _by_id(set(remote))
    for spec in sorted(unmerged):
        if not is_activity(spec):
            _settle_path(plan, spec, ours, remote)
    edited_twice = {key for key in twice if key in before and key in remote_ids}
    conflicting = {_id(spec) for spec in unmerged if is_activity(spec)}
    our_ids = _by_id(set(ours))
    for key in sorted(conflicting | edited_twice):
        keep = remote_ids.get(key, set())
        plan.writes.update({spec: remote[spec] for spec in keep})
        plan.removals.update(by_id.get(key, set()) - keep)
        kept_blobs = {remote[spec] for spec in keep}
        plan.losers.extend(
            (spec, ours[spec])
            for spec in sorted(our_ids.get(key, set()))
            if ours[spec] not in kept_blobs
        )
    return plan


def _settle_path(
    plan: _Plan, spec: str, ours: dict[str, str], remote: dict[str, str]
) -> None:
    """A conflict on a file other than an activity: the remote's file (or its
    absence) stays, this side's differing version is rescued."""
    if spec in remote:
        plan.writes[spec] = remote[spec]
    else:
        plan.removals.add(spec)
    if spec in ours and ours[spec] != remote.get(spec):
        plan.losers.append((spec, ours[spec]))


def _id(spec: str) -> str:
    return id_of_name(PurePosixPath(spec).name)


def _by_id(specs: set[str]) -> dict[str, set[str]]:
    """Activity paths grouped by the ID their name ends with."""
    groups: dict[str, set[str]] = {}
    for spec in specs:
        if is_activity(spec):
            groups.setdefault(_id(spec), set()).add(spec)
    return groups


def _listed(root: Path, args: list[str], field: int) -> set[str]:
    """Paths from a NUL-separated listing (`field` -1: after the tab)."""
    entries = must(root, args, "list the merge's files").split(b"\0")
    if field == -1:
        entries = [entry.split(b"\t", 1)[-1] for entry in entries]
    return {os.fsdecode(entry) for entry in entries if entry}


def _tree(root: Path, commit: str | None) -> dict[str, str]:
    """{path: blob} of every file in a commit."""
    if commit is None:
        return {}
    listing = must(
        root, ["ls-tree", "-r", "-z", "--full-tree", commit], "read a commit"
    )
    files: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        header, _, name = entry.partition(b"\t")
        fields = header.split()
        if len(fields) == 3 and fields[1] == b"blob":
            files[os.fsdecode(name)] = fields[2].decode()
    return files


def _blobs(root: Path, wanted: set[str]) -> dict[str, bytes]:
    """The bytes of each blob, read by one `git cat-file --batch`."""
    if not wanted:
        return {}
    order = sorted(wanted)
    result = run_quiet(
        root, ["cat-file", "--batch"], "".join(f"{b}\n" for b in order).encode()
    )
    found: dict[str, bytes] = {}
    data, at = result.stdout, 0
    for blob in order:
        end = data.index(b"\n", at)
        size = int(data[at:end].split()[2])
        found[blob] = data[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found


def pause(point: str) -> None:
    """Stop here for a test that kills sync (CPDLOG_TEST_GIT_PAUSE=POINT:FLAG)."""
    wanted, _, flag = os.environ.get("CPDLOG_TEST_GIT_PAUSE", "").partition(":")
    if wanted == point and flag:
        Path(flag).write_text(str(os.getpid()))
        time.sleep(_PAUSE_SECONDS)


def rescue(root: Path, spec: str, data: bytes, stamp: str) -> Path:
    """Save a version that lost a conflict in rescue/ and return its path:
    `<id>-<time>.toml.txt` for an activity, `statement-<time>.md.txt` for
    statement.md, the path's parts joined by `-` for any other file (`.txt`
    added to text, so nothing reads it as the real file). A copy with the
    same bytes already there is reused (a sync run again after a kill)."""
    label, suffix = _rescue_name(spec)
    folder = root / RESCUE
    folder.mkdir(mode=0o700, exist_ok=True)
    for old in sorted(folder.iterdir()):
        name = old.name
        same_kind = name.startswith(f"{label}-") and name.endswith(suffix)
        if same_kind and old.is_file() and old.read_bytes() == data:
            return old
    target, number = folder / f"{label}-{stamp}{suffix}", 1
    while True:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            number += 1
            target = folder / f"{label}-{stamp}-{number}{suffix}"
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return target


def _rescue_name(spec: str) -> tuple[str, str]:
    path = PurePosixPath(spec)
    if is_activity(spec):
        return id_of_name(path.name), ".toml.txt"
    suffix = path.suffix if path.name.lstrip(".") != path.suffix.lstrip(".") else ""
    parts = [*path.parent.parts, path.name[: len(path.name) - len(suffix)]]
    label = "-".join(part.lstrip(".") for part in parts if part.lstrip("."))
    is_text = suffix.lower() in ("", ".toml", ".md", ".txt")
    return label or "file", f"{suffix}.txt" if is_text else suffix
