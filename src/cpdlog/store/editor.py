"""The $EDITOR round trip, which never loses what the user typed.

The text goes to a private temporary file (0600, outside the home), the
editor named by $VISUAL or $EDITOR is run on it (split as a shell would,
never through a shell), and the result is read back. If the editor cannot
start or fails after the user changed the text, the text is handed back in
the error so that the caller can keep it in the rescue folder.
"""

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping

from cpdlog.errors import DataError, UsageError, describe


class EditorFailed(DataError):
    """The editor exited non-zero; .text holds what was in the file then."""

    def __init__(self, message: str, text: str | None):
        super().__init__(message)
        self.text = text


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR, split like a shell would. Raises UsageError."""
    # A blank VISUAL (set but empty, or spaces) gives way to EDITOR.
    command = next(
        (
            environ[name]
            for name in ("VISUAL", "EDITOR")
            if environ.get(name, "").strip()
        ),
        None,
    )
    if command is None:
        raise UsageError(
            "No editor is set: set EDITOR (for example `export EDITOR=nano`), "
            "or give the values as options (see --help)."
        )
    try:
        return shlex.split(command)
    except ValueError as error:
        raise UsageError(
            f"The editor command {command!r} cannot be split: {error}."
        ) from None


def edit_text(text: str, environ: Mapping[str, str], suffix: str = ".toml.txt") -> str:
    """Run the editor on text and return the result; suffix ends the
    temporary file's name, so that the editor knows the kind of text
    (`.md` for a reflection). Raises CpdlogError."""
    argv = editor_command(environ)
    # Never *.toml, even outside the home (SPEC): editors still see TOML.
    fd, name = tempfile.mkstemp(prefix="cpdlog-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            code = subprocess.run([*argv, name], check=False).returncode
        except OSError as error:
            raise UsageError(
                f"The editor {argv[0]!r} could not be started ({error.strerror}); "
                "check EDITOR or VISUAL."
            ) from None
        edited = _read_back(name, argv[0])
        if code != 0:
            raise EditorFailed(
                f"The editor {argv[0]!r} exited with status {code}; nothing was "
                "saved to the log.",
                edited if edited != text else None,
            )
        return edited
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
        with contextlib.suppress(OSError):
            os.rmdir(name)  # an empty folder the editor put in its place


def _read_back(name: str, editor: str) -> str:
    """The text the editor left. Raises EditorFailed (nothing to keep) when
    the file is gone, or is now a folder, or cannot be read (issue #12)."""
    try:
        with open(name, encoding="utf-8", errors="surrogateescape", newline="") as f:
            return f.read()
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            what = "removed the file it was editing"
        elif isinstance(error, IsADirectoryError):
            what = "left a folder where the file it was editing was"
        else:
            what = f"left a file that cannot be read ({describe(error)})"
        raise EditorFailed(
            f"The editor {editor!r} {what}, so there was nothing to save; "
            "the log is as it was.",
            None,
        ) from None
