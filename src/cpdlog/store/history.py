"""History on git: every change a command makes becomes one commit.

When the home is the top of a git work tree, the files a command wrote,
replaced or moved (store.atomic records each one) are committed together,
exactly those and no others, with a one-line message naming the command
and the activity (`add k3f9: Umbrella conference`). Text kept in rescue/
belongs to this device and is never committed. When the commit cannot be
made the change stays on disk and the warning says why.
"""

import os
from pathlib import Path

from cpdlog.store import atomic
from cpdlog.store.home import Home

_message: list[str] = []


def describe(message: str) -> None:
    """The commit message of this command's change (the last one wins)."""
    _message.append(message)


def start() -> None:
    """Forget the changes and message of an earlier command in this process."""
    atomic.forget_changes()
    _message.clear()


def commit(home: Home, fallback: str) -> str | None:
    """Commit this process's changes inside the home, if the home is a git
    home; returns a warning, or None (committed, or nothing to do)."""
    changed = _inside(home, atomic.changes())
    if not changed:
        return None
    if not os.path.lexists(home.root / ".git"):  # git.is_git_home, not importing it
        return None
    from cpdlog.store.git import commit_paths

    message = _message[-1] if _message else fallback
    return commit_paths(home.root, changed, message)


def _inside(home: Home, paths: list[Path]) -> list[Path]:
    """The paths in the home that travel (not rescue/, not the git folder).
    A path is judged with its `..` resolved: `-o home/../x` is outside."""
    root = home.root
    kept = []
    for path in paths:
        plain = Path(os.path.normpath(path))
        try:
            parts = plain.relative_to(root).parts
        except ValueError:
            continue
        if parts and parts[0] not in ("rescue", ".git"):
            kept.append(plain)
    return kept
