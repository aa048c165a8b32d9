"""Where a user's data lives: the home folder and the paths inside it.

`--home` beats `CPDLOG_HOME`, which beats platformdirs' user data folder.
Resolving a home creates nothing: read-only commands work on a home that does
not exist yet, and writers make the folders they need (0700) when they write.
"""

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cpdlog.errors import DataError, UsageError, describe

if TYPE_CHECKING:
    from cpdlog.store.index import Progress


class Home:
    """The home folder and the fixed paths inside it, and how a first read
    of many activity files is shown (`index.Progress`; the CLI sets it on a
    terminal, None shows nothing)."""

    __slots__ = ("progress", "root")

    def __init__(self, root: Path, progress: "Progress | None" = None) -> None:
        self.root = root
        self.progress = progress

    def __repr__(self) -> str:
        return f"Home({self.root!r})"

    @property
    def profile(self) -> Path:
        return self.root / "cpdlog.toml"

    @property
    def activities(self) -> Path:
        return self.root / "activities"

    @property
    def inbox(self) -> Path:
        """Drafts from `cpdlog import`, waiting to be accepted (never counted)."""
        return self.root / "inbox"

    @property
    def trash(self) -> Path:
        return self.root / ".trash"

    @property
    def statement(self) -> Path:
        return self.root / "statement.md"

    @property
    def pksb(self) -> Path:
        """The PKSB self-assessment and the user's own areas (optional)."""
        return self.root / "pksb.toml"

    @property
    def rescue(self) -> Path:
        return self.root / "rescue"

    def check_usable(self) -> None:
        """Raise DataError when the home cannot be used: a file, a link to
        nothing (a drive that is not mounted) or round in a loop, or a
        folder that cannot be read. A home that does not exist yet is fine:
        writers create it (issue #12)."""
        root = str(self.root)
        try:
            info = os.stat(root)
        except FileNotFoundError:
            _check_links(self.root)
            return
        except OSError as error:  # a loop, a parent that cannot be searched
            raise DataError(
                f"{root}: the cpdlog home cannot be used: {describe(error)}. "
                "Choose another home with --home or CPDLOG_HOME."
            ) from None
        if not stat.S_ISDIR(info.st_mode):
            raise DataError(
                f"{root}: the cpdlog home is a file, not a folder. Move it away, "
                "or choose another home with --home or CPDLOG_HOME."
            )
        try:  # listing it, and reaching into it
            os.close(os.open(root, os.O_RDONLY | os.O_DIRECTORY))
            os.stat(os.path.join(root, "."))
        except OSError as error:
            import shlex

            raise DataError(
                f"{root}: the cpdlog home cannot be read: {describe(error)}. "
                f"Give yourself access (chmod u+rwx {shlex.quote(root)}), or "
                "choose another home with --home or CPDLOG_HOME."
            ) from None


def _check_links(root: Path) -> None:
    """Raise DataError when the home, or the folder it would be made in, is
    a link to something that does not exist (an unmounted drive)."""
    path = root
    while not os.path.lexists(path) and path.parent != path:
        path = path.parent
    if not os.path.islink(path) or os.path.exists(path):
        return  # a new home in a folder that exists
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    through = "is" if path == root else f"would be made in {path}, which is"
    raise DataError(
        f"{root}: the cpdlog home {through} a link to {target}, which does not "
        "exist (a drive that is not mounted?). Mount it, or choose another "
        "home with --home or CPDLOG_HOME."
    )


def resolve_home(flag: str | None, environ: Mapping[str, str]) -> Home:
    """The home chosen by --home, then CPDLOG_HOME, then the user data folder.
    An empty --home is a bad value (an empty CPDLOG_HOME is unset, as
    shells treat an empty variable)."""
    if flag is not None and not flag.strip():
        raise UsageError("--home: give a folder (the value is empty).")
    chosen = flag or environ.get("CPDLOG_HOME")
    if chosen:
        path = Path(chosen).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("cpdlog", appauthor=False))
    return Home(Path(os.path.abspath(path)))
