"""The statement on disk: write a draft, refresh it, count a file's words.

The user's words are never destroyed: a new draft is created only where
there is none (exclusively, so a statement written meanwhile is not
replaced); `--force` first moves the old statement into `.trash/` under
its UTC time; `--refresh` rewrites only cpdlog's own material and writes
only when the file is unchanged since it was read.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cpdlog.core.scheme import Scheme
from cpdlog.core.statement import Count, StatementState, count_sections
from cpdlog.errors import (
    CpdlogError,
    DataError,
    Problem,
    UsageError,
    data_error,
    describe,
)
from cpdlog.store.atomic import make_dirs, move, undo_folders, write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked


def _exists(home: Home) -> CpdlogError:
    return CpdlogError(
        f"{home.statement} already exists; add --refresh to update cpdlog's "
        "material and keep your words, --force to replace it (the old one goes "
        "to the trash), or --stdout to print the draft instead."
    )


def write_draft(
    home: Home, text: str, force: bool, now: datetime
) -> tuple[Path, Path | None]:
    """Write statement.md: (its path, where the old one was kept, if any).

    Without force it is created exclusively and never replaces one.
    """
    with locked(home) as created:
        if force and home.statement.exists():
            kept = trash_statement(home, now, created)
        else:
            kept = None
        try:
            write_atomic(home.statement, text.encode("utf-8"), exclusive=True)
        except FileExistsError:
            raise _exists(home) from None
    return home.statement, kept


def trash_statement(home: Home, now: datetime, created: list[Path]) -> Path:
    """Move statement.md to `.trash/statement-<UTC time>.md` (one rename, so
    the exact bytes on disk are kept); returns its new path."""
    created += make_dirs(home.trash)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    target, number = home.trash / f"statement-{stamp}.md", 2
    while target.exists():
        target = home.trash / f"statement-{stamp}-{number}.md"
        number += 1
    move(home.statement, target)
    return target


def refresh_draft(home: Home, refresh: Callable[[str], str]) -> Path:
    """Rewrite statement.md through refresh(text); only when the file did not
    change since it was read. Raises DataError."""
    raw, text = _read(home.statement, given=False)
    new = refresh(text)
    if new == text:
        return home.statement
    with locked(home), undo_folders():
        try:
            current = home.statement.read_bytes()
        except OSError as error:
            raise data_error(home.statement, error, "read the statement") from None
        if current != raw:
            raise DataError(
                f"{home.statement}: the file changed while cpdlog read it; "
                "nothing was written. Run the command again."
            )
        write_atomic(home.statement, new.encode("utf-8"))
    return home.statement


def _read(path: Path, given: bool) -> tuple[bytes, str]:
    """The bytes and text of a statement. Raises UsageError for a missing
    FILE argument, DataError otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if given:
            raise UsageError(f"{path}: no such file.") from None
        raise DataError(
            f"{path} does not exist yet: write one with `cpdlog statement draft`"
        ) from None
    except OSError as error:
        raise data_error(path, error, "read the statement") from None
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: is not UTF-8 text.") from None


def count_file(
    home: Home, file: str | None, limit: int | None, sections: tuple[str, ...]
) -> tuple[Path, Count]:
    """The word count of FILE, or of the home's statement.md."""
    path = Path(file) if file else home.statement
    _raw, text = _read(path, given=file is not None)
    return path, count_sections(text, limit, sections)


def read_state(path: Path, scheme: Scheme) -> tuple[StatementState, Problem | None]:
    """The statement file's state, counted by the scheme's limit and
    sections; an unreadable one is a problem."""

    def state(exists: bool, text: str | None) -> StatementState:
        count = count_sections(text or "", scheme.statement_words, scheme.sections)
        return StatementState(path, exists, count, text)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return state(False, None), None
    except OSError as error:
        problem = Problem(path, None, None, f"cannot be read: {describe(error)}")
        return state(True, None), problem
    try:
        return state(True, raw.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        problem = Problem(path, None, None, "cannot be read: it is not UTF-8 text")
        return state(True, None), problem
