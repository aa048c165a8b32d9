"""Interactive `add` in a real pseudo-terminal: the questions as a person
meets them, bad answers asked again, Ctrl-C and Ctrl-D (issue 18).

cpdlog runs in its own session with the pty as its controlling terminal, so
Ctrl-C typed on it (b"\\x03") reaches it as SIGINT from the terminal driver,
exactly as at a keyboard. Every step waits for the text it expects, with a
deadline, never for a fixed time.
"""

import contextlib
import fcntl
import json
import os
import select
import shlex
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import files

TIMEOUT = 60  # seconds for one expected text; start-up on a loaded box is slow


def _controlling_terminal() -> None:
    """In the child, after setsid: make stdin (the pty) its terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """cpdlog running on a pty: read what it shows, type answers."""

    def __init__(self, *args: str, stdout_to_pipe: bool = False, **env: str) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cpdlog", *args],
            stdin=slave,
            stdout=subprocess.PIPE if stdout_to_pipe else slave,
            stderr=slave,
            env={**os.environ, "TERM": "dumb", **env},
            start_new_session=True,
            preexec_fn=_controlling_terminal,  # only an ioctl: safe after fork
        )
        os.close(slave)
        self.seen = ""  # everything shown so far
        self.read_to = 0  # where the next expect() starts looking

    def expect(self, text: str) -> str:
        """Wait until text shows after the last match; returns what showed
        up to and including it."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.seen[self.read_to :]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"never saw {text!r}; saw:\n{self.seen}")
        end = self.seen.index(text, self.read_to) + len(text)
        shown, self.read_to = self.seen[self.read_to : end], end
        return shown

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 1.0))
        if not ready:
            return self.process.poll() is None or timeout > 1.0
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the child closed the terminal
            return False
        self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(chunk)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def interrupt(self) -> None:
        """Ctrl-C: the terminal driver sends SIGINT. A ^C that lands between
        the question being shown and the read starting leaves Python's
        KeyboardInterrupt pending until the read returns (CPython's
        readline does not look first), so, as a person would, press it
        again while the command is still running."""
        deadline = time.monotonic() + TIMEOUT
        while self.process.poll() is None and time.monotonic() < deadline:
            self.type("\x03")
            pressed = time.monotonic()
            while self.process.poll() is None and time.monotonic() - pressed < 2:
                self._read(0.1)

    def answer(self, question: str, text: str) -> None:
        self.expect(question)
        self.type(text + "\r")  # Enter, as a keyboard sends it

    def finish(self) -> int:
        """Read to the end; returns the exit code."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and self._read(deadline - time.monotonic()):
            pass
        code = self.process.wait(timeout=TIMEOUT)
        os.close(self.master)
        return code


@pytest.fixture
def terminals():
    """Terminals opened by a test, all ended when it ends."""
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        if terminal.process.poll() is None:
            terminal.process.kill()
            terminal.process.wait()
        if terminal.process.stdout is not None:
            terminal.process.stdout.close()
        with contextlib.suppress(OSError):  # finish() closed it already
            os.close(terminal.master)


def start(terminals: list, *args: str, **kwargs) -> Terminal:
    terminal = Terminal(*args, **kwargs)
    terminals.append(terminal)
    return terminal


def test_every_question_with_bad_answers_asked_again(
    home: Path, terminals: list
) -> None:
    """Bad answers ("ninety minutes", "webnar") say why and ask again; Enter
    takes today; a number picks the type; nothing typed before is lost."""
    term = start(terminals, "add", "--json")
    term.answer("Title: ", "Webinar: Linked data for small libraries")
    term.answer("Date [today]: ", "")
    term.answer("Duration (1.5, 90m, 1h30m or 1:30): ", "ninety minutes")
    said = term.expect("Duration (1.5, 90m, 1h30m or 1:30): ")
    assert "--duration 'ninety minutes' is not a duration" in said
    term.type("90m\r")
    listing = term.expect("Type (a number or a name): ")
    assert " 3 webinar" in listing
    term.type("webnar\r")
    said = term.expect("Type (a number or a name): ")
    assert "'webnar' is not an activity type" in said
    term.type("3\r")
    term.answer("Areas (Enter: none): ", "p, banana")
    said = term.expect("Areas (Enter: none): ")
    assert "'banana' is not an area" in said
    term.type("P,W\r")
    term.answer("Reflection (Enter: none): ", "Wikidata is within reach.")
    assert term.finish() == 0
    data = json.loads(term.seen[term.seen.index("{") : term.seen.rindex("}") + 1])
    assert data["title"] == "Webinar: Linked data for small libraries"
    assert data["date"] == "2026-11-23"  # the fixed clock's today
    assert data["hours"] == 1.5
    assert data["type"] == "webinar"
    assert data["areas"] == ["personal", "wider"]
    assert data["reflection"] == "Wikidata is within reach."
    assert len(files(home)) == 1


def test_stdout_holds_only_the_id_when_captured(home: Path, terminals: list) -> None:
    """`id=$(cpdlog add)` at a terminal: the questions (and typer's space
    after each) go to the terminal, the ID alone to stdout."""
    term = start(terminals, "add", "Reading", stdout_to_pipe=True)
    term.answer("Date [today]: ", "yesterday")
    term.answer("Duration (1.5, 90m, 1h30m or 1:30): ", "1:30")
    term.answer("Type (a number or a name): ", "read")  # a unique first part
    term.answer("Areas (Enter: none): ", "")
    term.answer("Reflection (Enter: none): ", "")
    assert term.finish() == 0
    stdout = term.process.stdout.read().decode()
    (path,) = files(home)
    assert stdout == path.stem[-4:] + "\n"
    assert "date = 2026-11-22" in path.read_text()
    assert 'type = "reading"' in path.read_text()


@pytest.mark.parametrize("question", ["Title: ", "Duration", "Reflection"])
def test_ctrl_c_at_a_question_is_exit_130_and_writes_nothing(
    home: Path, terminals: list, question: str
) -> None:
    term = start(terminals, "add")
    answers = [("Title: ", "Course"), ("Date [today]: ", ""),
               ("Duration (1.5, 90m, 1h30m or 1:30): ", "2h"),
               ("Type (a number or a name): ", "course"),
               ("Areas (Enter: none): ", "O"),
               ("Reflection (Enter: none): ", "")]  # fmt: skip
    for asked, text in answers:
        if asked.startswith(question):
            term.expect(asked)
            term.interrupt()
            break
        term.answer(asked, text)
    assert term.finish() == 130
    assert "Cancelled: nothing was changed." in term.seen
    assert "Traceback" not in term.seen
    assert not home.exists() or files(home) == []


def test_ctrl_d_at_a_question_is_exit_2_and_writes_nothing(
    home: Path, terminals: list
) -> None:
    term = start(terminals, "add", "Course")
    term.answer("Date [today]: ", "")
    term.expect("Duration (1.5, 90m, 1h30m or 1:30): ")
    term.type("\x04")  # Ctrl-D at the start of a line: the input ends
    assert term.finish() == 2
    assert "The input ended at the question 'Duration" in term.seen
    assert not home.exists() or files(home) == []


def test_a_model_named_at_the_reflection_question_opens_the_editor(
    home: Path, terminals: list
) -> None:
    """The editor gets the model's template once the activity is written."""
    editor = Path(__file__).resolve().parent / "fake_editor.py"
    command = shlex.join(
        [sys.executable, str(editor), "replace", "### What?\n", "### What?\nWe met.\n"]
    )
    term = start(terminals, "add", "AGM planning", "--hours", "1", EDITOR=command)
    term.answer("Date [today]: ", "")
    term.answer("Type (a number or a name): ", "committee")
    term.answer("Areas (Enter: none): ", "w")
    term.answer("Reflection (Enter: none): ", "Driscoll")
    assert term.finish() == 0, term.seen
    (path,) = files(home)
    assert 'reflection = """\n### What?\nWe met.\n"""' in path.read_text()
