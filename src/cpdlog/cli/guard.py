"""The last line of defence around a whole run: never a traceback.

Ctrl-C is exit 130. Output that cannot be written is a sentence on stderr
and exit 1 (a closed pipe, as in `cpdlog list | head -1`, quietly). Any
other exception is a bug: one sentence asking for a report, exit 1, and
the traceback only with CPDLOG_DEBUG=1. Imports nothing heavy: `cpdlog
--version` runs through it.
"""

import errno
import os
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def guarded(run: Callable[[], T]) -> T | int:
    """run()'s result, or the exit code of what stopped it."""
    try:
        return run()
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        if error.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT):
            return _bug(error)
        _silence_stdout()
        if error.errno != errno.EPIPE:
            _say(f"cpdlog could not write its output: {error.strerror or error}.")
        return 1
    except Exception as error:
        return _bug(error)


def _bug(error: Exception) -> int:
    if os.environ.get("CPDLOG_DEBUG"):
        raise error
    _say(
        f"cpdlog stopped on an unexpected error ({type(error).__name__}: "
        f"{error}).\nThis is a bug: please report it with the command you "
        "ran. Set CPDLOG_DEBUG=1 to see the details."
    )
    return 1


def _say(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def _silence_stdout() -> None:
    from cpdlog.cli.output import silence_stdout

    silence_stdout()
