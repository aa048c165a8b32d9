"""Where a user's data lives: the home folder and the paths inside it.

`--home` beats `CPDLOG_HOME`, which beats platformdirs' user data folder.
Resolving a home creates nothing: read-only commands work on a home that does
not exist yet, and writers make the folders they need (0700) when they write.
"""

import os
from collections.abc import Mapping
from pathlib import Path

from cpdlog.errors import DataError


class Home:
    """The home folder and the fixed paths inside it."""

    __slots__ = ("root",)

    def __init__(self, root: Path) -> None:
        self.root = root

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
        """Raise DataError when the home exists but is not a folder."""
        if self.root.exists() and not self.root.is_dir():
            raise DataError(
                f"{self.root}: the cpdlog home is a file, not a folder. "
                "Move it away, or choose another home with --home or CPDLOG_HOME."
            )


def resolve_home(flag: str | None, environ: Mapping[str, str]) -> Home:
    """The home chosen by --home, then CPDLOG_HOME, then the user data folder."""
    chosen = flag or environ.get("CPDLOG_HOME")
    if chosen:
        path = Path(chosen).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("cpdlog", appauthor=False))
    return Home(Path(os.path.abspath(path)))
