"""`cpdlog sync`: commit hand edits, bring in the remote's changes, send ours.

The order: finish what a killed sync left (a merge in progress is aborted,
to be done again whole), commit the hand edits that `check` passes, fetch,
merge the upstream into the branch, push, and count the activities that
came in and went out (by ID, so a renamed file is one activity).

Merge, not rebase: a merge meets each conflicting file once, whatever the
number of local commits (a rebase stops at every local commit that touched
it, and would rescue one copy per stop); it works with a damaged file left
uncommitted in the work tree (a rebase refuses any), and a half-done merge
is undone by one `git merge --abort`. The price is a merge commit when both
devices changed something, which nobody reads in a logbook's history.

Conflicts: the remote's version wins. It is already on every other device,
so they never change again, and the version that goes to `rescue/` is the
one from this device, where the person running `sync` sees its path. No
clock is trusted (two devices' clocks and `updated` stamps disagree). An
activity is judged by its ID, not its path, because a title edit renames
its file: every file of a conflicting ID is replaced by the remote's files
of that ID, and this device's version goes to `rescue/<id>-<UTC time>.toml.txt`.
When the merge is clean but leaves one ID in two files, and the ID existed
before the two sides parted, it is one activity edited on both: resolved
the same way. An ID new on both sides is two different activities that
drew the same ID: both stay, and the result lists them (so does `check`).

CPDLOG_TEST_GIT_PAUSE=POINT:FLAG (tests only, inert when unset) makes sync
create the file FLAG and sleep at POINT, so a test can kill it there:
`merged` just after `git merge` stopped (conflict markers in the work tree),
`resolved` after the resolution is written and rescued, before it is staged.

About 400 lines, kept whole: each step of a sync and how a killed one is
finished must be read in order, in one file (the merge rules are in
`git_merge`).
"""

import os
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from cpdlog.core.ids import id_of_name
from cpdlog.errors import DataError, UsageError
from cpdlog.store.git import (
    ACTIVITIES,
    AUTHOR_HINT,
    NO_GIT,
    author_problem,
    commit_specs,
    ensure_gitignore,
    git_dir,
    is_activity,
    is_git_home,
    last_line,
    must,
    run_quiet,
    serialised,
)
from cpdlog.store.git_merge import merge, refused, rescue

if TYPE_CHECKING:
    import subprocess

_OUR_MERGE = "cpdlog-sync-merge"  # in the git folder while sync merges


class SyncResult(NamedTuple):
    """What a sync did, for the CLI to show. Paths are absolute."""

    came_in: int  # activities added, changed or removed by the remote's side
    went_out: int  # activities this push sent
    committed: list[Path]  # hand edits committed before the exchange
    skipped_damaged: list[Path]  # hand edits not committed: check says damaged
    rescued: list[Path]  # this device's versions that lost a conflict
    duplicates: list[tuple[str, list[Path]]]  # one ID in several files
    pushed: bool
    exit_code: int  # 0, or 1 when something above needs the user
    warning: str | None = None  # the push failed: why (changes kept here)


class _Repo(NamedTuple):
    root: Path
    git_dir: Path
    remote: str
    merge_ref: str  # the remote's branch, refs/heads/NAME
    tracking: str  # where fetch keeps it, refs/remotes/REMOTE/NAME
    has_upstream: bool


class _Exchange(NamedTuple):
    rescued: list[Path]
    remote_before: str | None  # the remote's tip that the push built on
    pushed: bool
    warning: str | None


def sync(root: Path, check: Callable[[], list[Path]]) -> SyncResult:
    """Commit hand edits, merge the remote's changes, push this home's.

    check() returns the damaged files, which are not committed. Raises
    UsageError (not a git home, no remote, detached HEAD, no author) and
    DataError (no git, a lock held, fetch failed, a merge git cannot start).
    """
    try:
        with serialised(root):
            return _sync(root, check)
    except FileNotFoundError:
        raise DataError(f"cpdlog sync needs git, but {NO_GIT}.") from None


def _sync(root: Path, check: Callable[[], list[Path]]) -> SyncResult:
    """sync, under the lock of the home's git folder."""
    folder = _git_folder(root)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    rescued = _recover(root, folder, stamp)  # a rebase leaves HEAD detached
    repo = _open(root, folder)
    ensure_gitignore(root)
    damaged = _relative(root, check())
    committed = _commit_hand_edits(repo, damaged)
    before = _rev(root, "HEAD")
    exchange = _exchange(repo, stamp)
    after = _rev(root, "HEAD")
    duplicates = _duplicates(root)
    rescued += exchange.rescued
    skipped = sorted(root / spec for spec in damaged if _changed(root, spec))
    needs_user = rescued or duplicates or skipped or exchange.warning
    return SyncResult(
        came_in=_count(root, before, after),
        went_out=_count(root, exchange.remote_before, after) if exchange.pushed else 0,
        committed=[root / spec for spec in committed],
        skipped_damaged=skipped,
        rescued=rescued,
        duplicates=duplicates,
        pushed=exchange.pushed,
        exit_code=1 if needs_user else 0,
        warning=exchange.warning,
    )


def _git_folder(root: Path) -> Path:
    """The home's git folder, when no git is writing in it."""
    if not is_git_home(root):
        raise UsageError(
            f"{root} is not a git repository: start one with cpdlog git init, "
            "then add a remote with cpdlog git remote add origin URL."
        )
    folder = git_dir(root)
    if (folder / "index.lock").exists():
        raise DataError(
            f"{folder / 'index.lock'}: another git command is running, or one "
            "was stopped; when none is running, delete that file and sync again."
        )
    return folder


def _open(root: Path, folder: Path) -> _Repo:
    """The home's repository and the remote branch it syncs with."""
    branch = run_quiet(root, ["symbolic-ref", "-q", "--short", "HEAD"])
    if branch.returncode != 0:
        raise UsageError(
            "git is not on a branch in this home (a detached HEAD): go back to "
            "one with cpdlog git switch main, then sync again."
        )
    name = os.fsdecode(branch.stdout.strip())
    config = _config(root)
    remote = _remote(config, name)
    if author_problem(root):
        raise UsageError(f"cpdlog sync makes commits, but {AUTHOR_HINT}.")
    merge_ref = config.get(f"branch.{name}.merge", f"refs/heads/{name}")
    short = merge_ref.removeprefix("refs/heads/")
    has_upstream = f"branch.{name}.merge" in config
    return _Repo(
        root, folder, remote, merge_ref, f"refs/remotes/{remote}/{short}", has_upstream
    )


def _config(root: Path) -> dict[str, str]:
    """The remote and branch settings of the repository's git config."""
    result = run_quiet(root, ["config", "-z", "--get-regexp", r"^(remote|branch)\."])
    config: dict[str, str] = {}
    for entry in result.stdout.split(b"\0"):
        key, _, value = os.fsdecode(entry).partition("\n")
        if key:
            config[key] = value
    return config


def _remote(config: dict[str, str], branch: str) -> str:
    """The remote to sync with: the branch's own, else origin, else the only one."""
    remotes = sorted(
        key[len("remote.") : -len(".url")]
        for key in config
        if key.startswith("remote.") and key.endswith(".url")
    )
    chosen = config.get(f"branch.{branch}.remote")
    if chosen in remotes:
        return str(chosen)
    if "origin" in remotes or len(remotes) == 1:
        return "origin" if "origin" in remotes else remotes[0]
    if not remotes:
        raise UsageError(
            "This home has no git remote to sync with: add one with "
            "cpdlog git remote add origin URL, then sync again."
        )
    raise UsageError(
        f"This home has several git remotes ({', '.join(remotes)}) and none is "
        "named origin: choose one with cpdlog git branch --set-upstream-to "
        "REMOTE/BRANCH, then sync again."
    )


def _relative(root: Path, paths: list[Path]) -> set[str]:
    """Paths as git names them, relative to the home."""
    return {Path(os.path.relpath(root / path, root)).as_posix() for path in paths}


def _recover(root: Path, folder: Path, stamp: str) -> list[Path]:
    """Undo a merge, rebase, cherry-pick or revert left in progress (a
    killed sync, or one the user started). A merge this module started is
    done again whole; for any other, the work tree's uncommitted files are
    first copied to rescue/, since aborting resets them. Returns the copies."""
    rescued: list[Path] = []
    states = (
        ("MERGE_HEAD", ["merge", "--abort"]),
        ("rebase-merge", ["rebase", "--abort"]),
        ("rebase-apply", ["rebase", "--abort"]),
        ("CHERRY_PICK_HEAD", ["cherry-pick", "--abort"]),
        ("REVERT_HEAD", ["revert", "--abort"]),
    )
    for marker, abort in states:
        if not (folder / marker).exists():
            continue
        if not (marker == "MERGE_HEAD" and _our_merge(folder)):
            rescued += _save_work_tree(root, stamp)
        if (folder / "rebase-apply" / "applying").exists():
            abort = ["am", "--abort"]
        must(root, abort, f"undo the unfinished {abort[0]}")
    (folder / _OUR_MERGE).unlink(missing_ok=True)
    return rescued


def _our_merge(folder: Path) -> bool:
    """True when the merge in progress is one sync started (and was killed
    in): its marker names the commit being merged."""
    try:
        ours = (folder / _OUR_MERGE).read_text().strip()
        return ours == (folder / "MERGE_HEAD").read_text().strip()
    except OSError:
        return False


def _save_work_tree(root: Path, stamp: str) -> list[Path]:
    """Copy every file that differs from the index (or is unmerged) to rescue/."""
    status = run_quiet(root, ["status", "--porcelain", "-z", "--no-renames"])
    saved = []
    for entry in status.stdout.split(b"\0"):
        spec = os.fsdecode(entry[3:])
        if (
            len(entry) > 3
            and entry[1:2] not in (b" ", b"?")
            and (root / spec).is_file()
        ):
            saved.append(rescue(root, spec, (root / spec).read_bytes(), stamp))
    return saved


def _commit_hand_edits(repo: _Repo, damaged: set[str]) -> list[str]:
    """Commit every change git sees in the work tree but the damaged files;
    returns what was committed. Raises DataError when the commit fails."""
    specs = [spec for spec in _changed_specs(repo.root) if spec not in damaged]
    if not specs:
        return []
    names = sorted(
        {id_of_name(s.rsplit("/", 1)[-1]) if is_activity(s) else s for s in specs}
    )
    shown = ", ".join(names[:5]) + (
        f" and {len(names) - 5} more" if len(names) > 5 else ""
    )
    reason = commit_specs(repo.root, specs, f"sync: edited by hand: {shown}")
    if reason is not None:
        raise DataError(f"cpdlog sync could not commit the hand edits: {reason}.")
    return specs


def _changed_specs(root: Path) -> list[str]:
    """Every path with a change git would commit (untracked files included)."""
    status = run_quiet(
        root, ["status", "--porcelain", "-z", "--no-renames", "--untracked-files=all"]
    )
    return [
        os.fsdecode(entry[3:]) for entry in status.stdout.split(b"\0") if len(entry) > 3
    ]


def _changed(root: Path, spec: str) -> bool:
    return bool(run_quiet(root, ["status", "--porcelain", "-z", "--", spec]).stdout)


def _exchange(repo: _Repo, stamp: str) -> _Exchange:
    """Fetch, merge, push; again (up to three times) when another device
    pushed between our fetch and our push."""
    rescued: list[Path] = []
    last: str | None = None
    pushed = None
    for attempt in range(3):
        _fetch(repo)
        theirs = _rev(repo.root, repo.tracking)
        if attempt and theirs == last:
            break  # the remote did not move: the push failed for another reason
        last = theirs
        rescued += _bring_in(repo, theirs, stamp)
        head = _rev(repo.root, "HEAD")
        if head is None or head == theirs:
            return _Exchange(rescued, theirs, False, None)
        pushed = run_quiet(repo.root, _push_args(repo))
        if pushed.returncode == 0:
            return _Exchange(rescued, theirs, True, None)
    reason = _push_reason(pushed) if pushed else "the remote kept moving"
    warning = (
        f"git could not push to {repo.remote}: {reason}; this home's "
        "changes are committed here and the next cpdlog sync sends them."
    )
    return _Exchange(rescued, last, False, warning)


def _push_reason(result: "subprocess.CompletedProcess[bytes]") -> str:
    """Why a push failed: what the remote said, and git's reason for the
    refusal (`pre-receive hook declined`, `fetch first`)."""
    lines = result.stderr.decode("utf-8", "replace").splitlines()
    said = " ".join(
        line[len("remote:") :].strip() for line in lines if line.startswith("remote:")
    ).strip()
    refused = [line for line in lines if line.lstrip().startswith("!")]
    why = refused[-1].rsplit("(", 1)[-1].rstrip(")") if refused else ""
    reason = f"{said[:200]} ({why})" if said and why else said[:200] or why
    return reason or last_line(result)


def _push_args(repo: _Repo) -> list[str]:
    if repo.has_upstream:
        return ["push", "-q", repo.remote, f"HEAD:{repo.merge_ref}"]
    return ["push", "-q", "-u", repo.remote, "HEAD"]  # the first push sets it


def _fetch(repo: _Repo) -> None:
    result = run_quiet(repo.root, ["fetch", "-q", repo.remote])
    if result.returncode != 0:
        raise DataError(
            f"git could not fetch from {repo.remote}: {last_line(result)}. Check "
            "its address (cpdlog git remote -v) and the connection, then sync again."
        )


def _bring_in(repo: _Repo, theirs: str | None, stamp: str) -> list[Path]:
    """Bring the remote's commits into the branch; returns what was rescued."""
    head = _rev(repo.root, "HEAD")
    if theirs is None or theirs == head:
        return []
    base = None
    if head is not None:
        found = run_quiet(repo.root, ["merge-base", head, theirs])
        base = found.stdout.decode().strip() if found.returncode == 0 else None
        if base == theirs:
            return []  # nothing new over there
    if head is None or base == head:
        result = run_quiet(repo.root, ["merge", "-q", "--ff-only", theirs])
        if result.returncode != 0:
            raise refused(result)
        return []
    marker = repo.git_dir / _OUR_MERGE
    marker.write_text(theirs)
    try:
        return merge(repo.root, base, theirs, stamp)
    except BaseException:
        run_quiet(repo.root, ["merge", "--abort"])
        raise
    finally:
        marker.unlink(missing_ok=True)


def _rev(root: Path, ref: str) -> str | None:
    """The commit a ref names, or None (an unborn branch, a missing ref)."""
    result = run_quiet(root, ["rev-parse", "-q", "--verify", f"{ref}^{{commit}}"])
    return result.stdout.decode().strip() if result.returncode == 0 else None


def _count(root: Path, old: str | None, new: str | None) -> int:
    """How many activities (IDs) differ between two commits."""
    if new is None or old == new:
        return 0
    if old is None:
        args = ["ls-tree", "-r", "-z", "--name-only", new, "--", ACTIVITIES]
    else:
        args = ["diff", "--name-only", "-z", "--no-renames", old, new, "--", ACTIVITIES]
    names = run_quiet(root, args).stdout.split(b"\0")
    specs = (os.fsdecode(name) for name in names)
    return len({id_of_name(PurePosixPath(s).name) for s in specs if is_activity(s)})


def _duplicates(root: Path) -> list[tuple[str, list[Path]]]:
    """IDs held by more than one committed activity file."""
    names = run_quiet(root, ["ls-files", "-z", "--", ACTIVITIES]).stdout.split(b"\0")
    by_id: dict[str, list[Path]] = {}
    for spec in sorted({os.fsdecode(name) for name in names if name}):
        if is_activity(spec):
            by_id.setdefault(id_of_name(PurePosixPath(spec).name), []).append(
                root / spec
            )
    return [(key, paths) for key, paths in sorted(by_id.items()) if len(paths) > 1]
