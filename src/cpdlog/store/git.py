"""A home that is a git repository: run git in it, commit what a command wrote.

When the home is the top of a git work tree, every command that writes
commits exactly the files it changed (`commit_paths`), and `cpdlog git ARGS`
runs the real git there (`run_git`). A commit that cannot be made (no git,
no author, a hook that refuses, a lock held) never undoes the change: the
file stays on disk, the caller gets one sentence to show, and the next
`cpdlog sync` commits it with the other hand edits. Synchronising with a
remote is in `git_sync`; this module holds what both share: how git is run,
where its folder is, the `.gitignore` of what stays on this device.

A commit costs two git processes (`git add -A -- PATHS`, then
`git commit -- PATHS`, which commits those paths only, whatever else is
staged). Only when one of them fails does it spend more, to work out why.
git serialises writers with `.git/index.lock` and fails at once when it is
held, so each command is retried for a few seconds while the lock is busy:
the CLI also holds cpdlog's home lock around the commit, which keeps
cpdlog's own processes from meeting there; the retry covers a git that the
user (or an editor plugin) runs at the same moment.

About 400 lines: running git, reading why it failed and the ignore file
are one concern; splitting them would make each caller import three.
"""

import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cpdlog.errors import DataError, UsageError

if TYPE_CHECKING:
    import subprocess

RESCUE = "rescue"  # device-local text that could not be saved: never travels
ACTIVITIES = "activities"

# What must not travel, and why (each line is matched as git matches it).
GITIGNORE_LINES = (
    "# cpdlog: what stays on this device (see the README, Several devices)",
    "/rescue/",  # text this device could not save, and sync's rescued copies
    ".*.tmp",  # cpdlog's atomic writes, present only while a write runs
    "*~",  # editor backups (vim, emacs, gedit)
    ".*.sw[a-p]",  # vim swap files of a file being edited
    ".#*",  # emacs lock links
    "\\#*#",  # emacs auto-saves
    ".DS_Store",  # folder settings that macOS and Windows drop everywhere
    "Thumbs.db",
    "desktop.ini",
)

# A repository found through these would not be the home's own.
_FOREIGN_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
# What git writes into the home (a clone, a merge, a checkout) is the
# user's own, as private as cpdlog's own writes: files 0600, folders 0700.
PRIVATE_UMASK = 0o077
LOCK_WAIT_SECONDS = 5.0
NO_GIT = "git is not on PATH (install it from https://git-scm.com)"
AUTHOR_HINT = (
    "git does not know who you are: set it with "
    '`cpdlog git config user.name "Your Name"` and '
    "`cpdlog git config user.email you@example.org`"
)


def is_git_home(root: Path) -> bool:
    """True when the home is the top of a git work tree (one stat, no git)."""
    return os.path.lexists(os.path.join(root, ".git"))


def git_dir(root: Path) -> Path:
    """The home's git folder: `.git`, or where a `.git` file points (a
    worktree or submodule)."""
    dot_git = root / ".git"
    if dot_git.is_file():
        text = dot_git.read_text(encoding="utf-8", errors="surrogateescape")
        if text.startswith("gitdir:"):
            return (root / text[len("gitdir:") :].strip()).resolve()
    return dot_git


def git_env() -> dict[str, str]:
    """The environment for git: this process's, without what would point git
    at another repository than the home's (set inside a git hook)."""
    return {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV}


def run_git(root: Path, args: list[str]) -> int:
    """Run `git ARGS` in the home with the terminal's input and output (for
    `cpdlog git`); returns git's exit code (128 + N when a signal N ended it).

    `init` and `clone` create a missing home; after either, `.gitignore`
    holds what must not travel. Raises UsageError (no home for another
    command), DataError (no git on PATH).
    """
    import signal
    import subprocess

    creates = bool(args) and args[0] in ("init", "clone")
    if not root.is_dir():
        if not creates:
            raise UsageError(
                f"{root}: there is no home here yet; run cpdlog init, "
                "or cpdlog git init to start one with history."
            )
        os.makedirs(root, 0o700, exist_ok=True)
    try:
        process = subprocess.Popen(
            ["git", *args], cwd=root, env=git_env(), umask=PRIVATE_UMASK
        )
    except FileNotFoundError:
        raise DataError(f"cpdlog git needs git, but {NO_GIT}.") from None
    # Ctrl-C belongs to git here (it may be paging or waiting for an
    # editor): this process waits for git's exit instead of dying first.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        code = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if creates and code == 0 and is_git_home(root):
        ensure_gitignore(root)
    return 128 - code if code < 0 else code


def ensure_gitignore(root: Path) -> Path | None:
    """Make `<home>/.gitignore` hold every line of GITIGNORE_LINES, keeping
    the user's lines; returns its path when it changed, else None.

    Raises DataError when it cannot be written.
    """
    path = root / ".gitignore"
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return None  # the user's own file: never rewrite what we cannot read
    present = {line.strip() for line in old.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line not in present]
    if not missing or missing == [GITIGNORE_LINES[0]]:
        return None
    separator = "" if not old or old.endswith("\n") else "\n"
    text = old + separator + ("\n" if old else "") + "\n".join(missing) + "\n"
    write_file(path, text.encode("utf-8"))
    return path


def write_file(path: Path, data: bytes) -> None:
    """Replace path's bytes through a temporary file in its folder (named as
    .gitignore ignores it), so a crash leaves the old file or the new one.

    Raises DataError.
    """
    temp = path.parent / f".{path.name[:40]}.{os.urandom(4).hex()}.tmp"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with open(os.open(temp, flags, 0o600), "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise DataError(f"{path}: could not write it: {error.strerror}.") from None


def run_quiet(
    root: Path, args: Sequence[str], data: bytes | None = None
) -> "subprocess.CompletedProcess[bytes]":
    """Run git in the home, its output captured; pathspecs are literal (a
    `[` or `*` in a file name means itself), but for check-ignore, which
    refuses that and reads names, not patterns. Raises FileNotFoundError
    when git is not on PATH."""
    import subprocess

    literal = [] if args[0] == "check-ignore" else ["--literal-pathspecs"]
    return subprocess.run(
        ["git", *literal, *args],
        cwd=root,
        input=data,
        capture_output=True,
        env=git_env(),
        check=False,
        umask=PRIVATE_UMASK,
    )


def last_line(result: "subprocess.CompletedProcess[bytes]") -> str:
    """The most telling line git (or a hook) wrote: the last one that is not
    a hint, without git's `fatal:`/`error:` prefix."""
    text = (result.stderr or result.stdout or b"").decode("utf-8", "replace")
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("hint:")
    ]
    if not lines:
        return f"git stopped with exit code {result.returncode}"
    line = re.sub(r"\A(fatal|error): ", "", lines[-1])
    return line[:200].rstrip(".")


def must(root: Path, args: list[str], doing: str) -> bytes:
    """Run git for sync; its output, or a DataError saying what could not be
    done. Raises FileNotFoundError when git is not on PATH."""
    result = run_quiet(root, args)
    if result.returncode != 0:
        raise DataError(
            f"cpdlog sync could not {doing}: {last_line(result)}. Fix that "
            "(cpdlog git status shows the state), then sync again."
        )
    return result.stdout


def is_locked(result: "subprocess.CompletedProcess[bytes]") -> bool:
    """True when git failed because another git holds a lock it needs."""
    return result.returncode != 0 and (
        b".lock'" in result.stderr or b"cannot lock ref" in result.stderr
    )


def run_retrying(
    root: Path, args: Sequence[str]
) -> "subprocess.CompletedProcess[bytes]":
    """run_quiet, tried again with a short growing pause while a git lock is
    held, for up to LOCK_WAIT_SECONDS."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    attempt = 0
    while True:
        result = run_quiet(root, args)
        if not is_locked(result) or time.monotonic() > deadline:
            return result
        attempt += 1
        # Jitter, so that processes that met at the lock do not meet again.
        time.sleep((5 + os.urandom(1)[0] % 20) / 1000 * min(attempt, 5))


def is_activity(spec: str) -> bool:
    """True for an activity file's path relative to the home."""
    return spec.startswith(ACTIVITIES + "/") and spec.endswith(".toml")


def one_line(message: str) -> str:
    """A commit message on one line (a title with a line break in it)."""
    return " ".join(message.split()) or "cpdlog"


def commit_paths(root: Path, paths: Iterable[Path], message: str) -> str | None:
    """Commit exactly these paths (written, changed or removed) with a
    one-line message; other changes, staged or not, stay as they were.

    Returns None when committed (or when there was nothing to commit, or the
    home is not a git home), else one sentence saying why not: the change
    stays on disk either way. Raises ValueError for a path outside the home.
    """
    if not is_git_home(root):
        return None
    specs = pathspecs(root, paths)
    if not specs:
        return None
    try:
        with serialised(root):
            reason = commit_specs(root, specs, one_line(message))
    except FileNotFoundError:
        reason = NO_GIT
    if reason is None:
        return None
    return f"Saved, but not committed to git: {reason}; then cpdlog sync commits it."


@contextmanager
def serialised(root: Path) -> Iterator[None]:
    """Hold an exclusive flock on the home's git folder while git writes.

    git's index.lock is not enough: `git commit -- PATHS` reads the index
    before it takes the lock, so a `git add` that lands in between is lost
    from the index it writes back (16 writers at once lost about one file in
    eight). This lock is not the home's (another inode), so a caller that
    holds cpdlog's home lock takes it without waiting for itself.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows has no flock
        yield
        return
    try:
        fd = os.open(git_dir(root), os.O_RDONLY)
    except OSError:  # no git folder to lock: git will say what is wrong
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def pathspecs(root: Path, paths: Iterable[Path]) -> list[str]:
    """The paths relative to the home, as git spells them, in order, once
    each; what stays on this device (rescue/, temporary files) left out.
    Raises ValueError for a path outside the home."""
    specs: list[str] = []
    for path in paths:
        relative = Path(os.path.relpath(root / path, root))
        if relative.parts[:1] == ("..",) or relative.is_absolute():
            raise ValueError(f"{path} is not inside the home {root}")
        spec = relative.as_posix()
        local = relative.parts[0] == RESCUE or re.fullmatch(r"\..*\.tmp", relative.name)
        if spec != "." and not local and spec not in specs:
            specs.append(spec)
    return specs


def commit_specs(root: Path, specs: list[str], message: str) -> str | None:
    """Stage and commit the pathspecs; None when done, else why not.
    Raises FileNotFoundError when git is not on PATH."""
    failure = _add_and_commit(root, specs, specs, message)
    if failure is None:
        return None
    if is_locked(failure):
        return (
            "another git command holds its lock (if none is running, delete "
            f"{git_dir(root) / 'index.lock'})"
        )
    to_add, to_commit = _committable(root, specs)
    if (to_add, to_commit) != (specs, specs):
        # Something git cannot take (ignored, or gone and never committed)
        # stopped it before any hook ran: try again without it.
        if not to_commit:
            if to_add:  # gone from disk, staged, never committed: unstage it
                run_retrying(root, ["add", "-A", "--", *to_add])
            return None
        failure = _add_and_commit(root, to_add, to_commit, message)
        if failure is None:
            return None
    return _why_not(root, to_commit, failure)


def _add_and_commit(
    root: Path, to_add: list[str], to_commit: list[str], message: str
) -> "subprocess.CompletedProcess[bytes] | None":
    """None when both steps worked, else the result of the one that failed."""
    added = run_retrying(root, ["add", "-A", "--", *to_add])
    if added.returncode != 0:
        return added
    done = run_retrying(root, ["commit", "-q", "-m", message, "--", *to_commit])
    return None if done.returncode == 0 else done


def _committable(root: Path, specs: list[str]) -> tuple[list[str], list[str]]:
    """(what to stage, what to commit) of specs: an untracked ignored file is
    neither, a file gone from disk is staged if the index has it and
    committed only if the last commit has it."""
    in_index = _names(run_quiet(root, ["ls-files", "-z", "--", *specs]))
    in_head = _names(
        run_quiet(root, ["ls-tree", "-z", "--name-only", "HEAD", "--", *specs])
    )
    present = [spec for spec in specs if os.path.lexists(root / spec)]
    untracked = "\0".join(spec for spec in present if spec not in in_index)
    ignored = _names(
        run_quiet(root, ["check-ignore", "-z", "--stdin"], untracked.encode())
        if untracked
        else None
    )
    to_add = [
        spec
        for spec in specs
        if spec in in_index or (spec in present and spec not in ignored)
    ]
    to_commit = [
        spec for spec in to_add if spec in in_head or os.path.lexists(root / spec)
    ]
    return to_add, to_commit


def _names(result: "subprocess.CompletedProcess[bytes] | None") -> set[str]:
    """The NUL-separated names a git command printed (none if it failed)."""
    if result is None or result.returncode != 0:
        return set()
    return {os.fsdecode(name) for name in result.stdout.split(b"\0") if name}


def _why_not(
    root: Path, specs: list[str], failure: "subprocess.CompletedProcess[bytes]"
) -> str | None:
    """Why a commit failed, or None when there was simply nothing to commit."""
    status = run_quiet(root, ["status", "--porcelain", "-z", "--", *specs])
    if status.returncode == 0 and not status.stdout:
        return None
    if author_problem(root):
        return AUTHOR_HINT
    return f"git said: {last_line(failure)}"


def author_problem(root: Path) -> bool:
    """True when git cannot name the author or committer of a commit."""
    return any(
        run_quiet(root, ["var", name]).returncode != 0
        for name in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
    )
