"""The one exception type cpdlog raises, its two kinds, and the problem record.

Below the CLI nothing prints or exits: a problem the user can fix is raised
as a `CpdlogError` whose text is shown as is, and the CLI edge turns it into
that sentence on stderr and the exit code of its kind. A file that cannot be
used (bad TOML, a bad field, a bad scheme) raises `ProblemError`, which
carries one `Problem` per reason, each with its `path:line:col`.

This module is the bottom of the import graph: it imports only the standard
library, and every other module may import it.
"""

import errno
from pathlib import Path
from typing import Any, NamedTuple


class CpdlogError(Exception):
    """A problem the user can fix; str(error) is shown to them as is."""

    exit_code = 1


class UsageError(CpdlogError):
    """Bad input on the command line: a bad value, unknown or ambiguous ID."""

    exit_code = 2


class DataError(CpdlogError):
    """Stored data or the file system: an unreadable file, an unwritable home."""

    exit_code = 1


def printable(text: str) -> str:
    """Text any terminal can take: bytes of a file name that are not UTF-8
    (kept by Python as surrogates) become visible escapes such as \\xe9."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# What must never reach a terminal raw from a user's text: C0 controls (ESC
# starts a sequence that can move the cursor, clear the screen or write the
# clipboard), DEL, C1 controls (\x9b is ESC [ on some terminals) and the
# bidirectional overrides (which reorder what follows). Each is shown as an
# escape instead (issue #12).
_UNSAFE = {
    code: f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
    for code in (*range(32), 127, *range(0x80, 0xA0), *range(0x202A, 0x202F),
                 *range(0x2066, 0x206A))
}  # fmt: skip
_UNSAFE_TEXT = {code: text for code, text in _UNSAFE.items() if code not in (9, 10)}


def shown(path: Any) -> str:
    """A path (or any one-line value) as text any terminal and JSON can
    carry: printable, and every control character escaped, newlines too."""
    return printable(str(path)).translate(_UNSAFE)


def safe_text(text: str) -> str:
    """A user's text for a terminal: as written, but a control character
    (other than a newline or a tab) shown as an escape, never sent raw."""
    return printable(text).translate(_UNSAFE_TEXT)


def fold_to(text: str, width: int) -> str:
    """Text folded at spaces to width, counted in terminal cells (a wide
    character takes two). A word longer than a line (a path) stays whole on
    its own line, and so does a `backticked` command, so that either can
    still be copied."""
    import re  # not on the way of `cpdlog --version`

    def fold_line(line: str) -> str:
        if len(line) <= width // 2 or cells(line) <= width:
            return line
        kept = re.sub(r"`[^`]*`", lambda hint: hint[0].replace(" ", "\x1f"), line)
        words = kept.split(" ")
        lines, current, used = [], words[0], cells(words[0])
        for word in words[1:]:
            size = cells(word)
            if used + 1 + size <= width or not current.strip():
                current, used = f"{current} {word}", used + 1 + size
            else:
                lines.append(current)
                current, used = word, size
        lines.append(current)
        return "\n".join(lines).replace("\x1f", " ")

    return "\n".join(fold_line(line) for line in text.split("\n"))


def cells(text: str) -> int:
    """The terminal cells text takes: two for a wide character (CJK, most
    emoji), none for a combining mark."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(
        0
        if unicodedata.combining(c)
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


class Problem(NamedTuple):
    """Something wrong with a file, with its position when known (path is
    None for text that has no file yet, such as an editor's buffer)."""

    path: Path | None
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = "" if self.path is None else shown(self.path)
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message

    def as_json(self) -> dict[str, Any]:
        return {
            "path": None if self.path is None else shown(self.path),
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ProblemError(DataError):
    """A file or text that cannot be used; .problems says where and why."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)

    @property
    def problem(self) -> Problem:
        """The first problem (most callers report one line per file)."""
        return self.problems[0]

    def reason(self) -> str:
        """The messages without the path, joined: for text that has none."""
        return "; ".join(problem.message for problem in self.problems)

    def merged(self, path: Path) -> "ProblemError":
        """One problem for path, at the first problem's line: every message."""
        first = self.problems[0]
        return ProblemError(Problem(path, first.line, first.column, self.reason()))


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "no such file",
    errno.ELOOP: "a link that leads round in a loop",
}


def describe(error: OSError) -> str:
    """A short plain reason for an OS error."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


def data_error(path: Path, error: OSError, doing: str) -> DataError:
    """A DataError saying what failed on which path, and why."""
    return DataError(f"{path}: could not {doing}: {describe(error)}.")
