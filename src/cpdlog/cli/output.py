"""What every command shares that does not need typer: the state (home flag
and the clock, read once), output on stdout and stderr, JSON, and the exit.

Both ways into a command use it: the typer app, and the fast path that
answers `status` and `add` without importing typer (cli/fast.py). Human
text goes out with characters the terminal cannot show replaced; data
(JSON, exports) goes out as UTF-8 bytes, whatever the terminal, so it is
never changed (issue #12). CPDLOG_TEST_NOW fixes the clock for tests.
"""

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from cpdlog.errors import fold_to, safe_text

if TYPE_CHECKING:
    from pathlib import Path

    from cpdlog.store.home import Home


class Exit(Exception):
    """End the command with this exit code (what it printed stands)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class State:
    """Global options (the home flag) and the clock, read once per run."""

    def __init__(self, home_flag: str | None = None) -> None:
        self.home_flag = home_flag
        self._now: datetime | None = None
        self._home: Home | None = None

    def home(self) -> "Home":
        """The home, checked once: a home that cannot be used (a file, a
        link to nothing, a folder that cannot be read) is a DataError for
        every command, reading or writing (issue #12)."""
        if self._home is None:
            from cpdlog.store.home import resolve_home

            home = resolve_home(self.home_flag, os.environ)
            home.check_usable()
            if stderr_is_terminal():
                home.progress = first_read_progress
            self._home = home
        return self._home

    def now(self) -> datetime:
        """The current UTC time, read once."""
        if self._now is None:
            fixed = os.environ.get("CPDLOG_TEST_NOW")
            if fixed:
                self._now = datetime.fromisoformat(fixed).astimezone(UTC)
            else:
                self._now = datetime.now(UTC).replace(microsecond=0)
        return self._now

    def today(self) -> date:
        """The local date of now (CPDLOG_TEST_NOW's too: in TZ)."""
        return self.now().astimezone().date()


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (a person sees progress there)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def first_read_progress(total: int) -> Iterator[Callable[[int], None]]:
    """A bar on stderr while a first run reads thousands of activity files
    (no cache yet, or a new cpdlog version); gone when done (issue #14)."""
    from cpdlog.render import ui

    with ui.progress() as step:
        update = step("Reading your log (once; later runs use a cache)")
        yield lambda done: update(done, total)


def interactive() -> bool:
    """Prompts are only for a person at a terminal."""
    return _isatty(sys.stdin)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _write(stream: Any, text: str) -> None:
    """Human text on a stream; what its encoding cannot carry is replaced."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def echo(text: str = "", nl: bool = True) -> None:
    """Human text on stdout."""
    _write(sys.stdout, text + ("\n" if nl else ""))


def say(message: str) -> None:
    """A message for the person, on stderr, folded to the terminal."""
    _write(sys.stderr, fold(safe_text(message)) + "\n")


def say_whole(line: str) -> None:
    """A line on stderr that is never folded (a path, path:line:col)."""
    _write(sys.stderr, safe_text(line) + "\n")


def emit_data(text: str) -> None:
    """Data (JSON, an export) on stdout as UTF-8, whatever the terminal's
    encoding: the text is never changed."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
    else:
        stream.flush()
        buffer.write(text.encode("utf-8", "surrogateescape"))
        buffer.flush()
    stream.flush()


def tell_leftovers(path: "Path") -> None:
    """Name the temporary files that killed writes left beside an -o FILE
    (issue #12): cpdlog cannot tell whether another cpdlog is writing one."""
    from cpdlog.store.atomic import leftovers

    for left in leftovers(path):
        say_whole(
            f"warning: {left}: a temporary file left by an interrupted write of "
            f"{path.name}; delete it unless another cpdlog is writing it now"
        )


def silence_stdout() -> None:
    """Point stdout at /dev/null after output failed (a full disk), so that
    Python's own flush at exit does not fail again and print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def stored_but_unprinted(error: OSError, stored: str) -> Exception:
    """The error for output that failed after a change was stored: it says
    what was stored (stored: a sentence naming it), so that a script that
    retries does not make it twice (issue #12)."""
    from cpdlog.errors import DataError, describe

    silence_stdout()
    return DataError(
        f"{stored}, but cpdlog could not print its output: {describe(error)}. "
        "It is in your log: do not add it again."
    )


def json_text(value: Any) -> str:
    """value as indented JSON that encodes to UTF-8 whatever it holds."""
    from cpdlog.render.jsonify import json_text as text_of

    return text_of(value)


def emit_json(value: Any) -> None:
    """Print JSON (and nothing else) on stdout, valid UTF-8 whatever it holds."""
    emit_data(json_text(value) + "\n")


def emit_json_items(items: Iterable[Any]) -> None:
    """Print a JSON array item by item (the same text as emit_json of the
    list), so a long listing is never held in memory whole."""
    emit_json_texts(json_text(item) for item in items)


def emit_json_texts(texts: Iterable[str]) -> None:
    """Print a JSON array of items already written as json_text, in writes
    of about 64 KB (one write per item cost 0.38 s at 50,000)."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(",\n  " if chunk or size else "[\n  ")
        chunk.append(text.replace("\n", "\n  "))
        size += len(text) + 4
        if size >= 65_536:
            emit_data("".join(chunk))
            chunk = []
            size = 1  # not the first item any more
    chunk.append("\n]\n" if chunk or size else "[]\n")
    emit_data("".join(chunk))


def fold(text: str) -> str:
    """Text folded to the terminal's width (COLUMNS wins), as fold_to
    folds it; not at all when there is no terminal to fit (stderr piped,
    no COLUMNS): a script reading a message finds each hint on one line."""
    import shutil

    if "COLUMNS" in os.environ:
        columns = shutil.get_terminal_size((80, 24)).columns
    elif _isatty(sys.stderr):  # the terminal the message goes to
        try:
            columns = os.get_terminal_size(sys.stderr.fileno()).columns
        except (OSError, ValueError):
            columns = 80
    else:
        return text
    return fold_to(text, max(20, columns))


def exit_on_problems(problems: Any, summary: str = "") -> None:
    """Name each problem on stderr, then the summary, and exit 1 (the
    command did its job on the rest). A problem line, `error: path:line:col:
    message`, is never folded, so that tools and editors can read it."""
    if problems:
        for problem in problems:
            say_whole(f"error: {problem}")
        if summary:
            say(summary.format(count=len(problems)))
        raise Exit(1)


def describe(message: str) -> None:
    """The one-line history message of this command's change, for a home
    that is a git repository (`add k3f9: Umbrella conference`)."""
    from cpdlog.store import history

    history.describe(message)


def run(
    name: Callable[[], str], words: list[str], state: State, body: Callable[[], None]
) -> int:
    """Run a command's body and return its exit code: a CpdlogError becomes
    its sentence and its kind's code, Exit its code; then, in a home that is
    a git repository, what the command changed is committed (issue #19).
    The typer app and the fast path both come through here; name() gives
    the command's name once it has run."""
    from cpdlog.errors import CpdlogError, ProblemError
    from cpdlog.store import history

    history.start()
    code = 0
    try:
        body()
    except CpdlogError as error:
        # A file's problem lines (path:line:col) stay whole, so editors and
        # tools can read them; other sentences fold to the terminal.
        (say_whole if isinstance(error, ProblemError) else say)(str(error))
        code = error.exit_code
    except Exit as done:
        code = done.code
    finally:
        _commit(state, " ".join([f"cpdlog {name()}", *words]), name())
    return code


def _commit(state: State, line: str, name: str) -> None:
    """A commit that cannot be made is one warning; the exit code stays."""
    from cpdlog.errors import CpdlogError
    from cpdlog.store import atomic, history

    if not atomic.changes() or name in ("sync", "git"):
        return
    try:
        warning = history.commit(state.home(), line)
    except CpdlogError as error:
        warning = str(error)
    if warning:
        say(warning)
