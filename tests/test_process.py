"""Real processes: the installed script, python -m, pipes, signals, imports."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, at_exit

SCRIPT = Path(sys.executable).parent / "cpdlog"


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cpdlog", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        **kwargs,
    )


def test_python_dash_m_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "Usage: cpdlog" in result.stdout


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
def test_installed_script_reports_its_version() -> None:
    result = subprocess.run(
        [SCRIPT, "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("cpdlog ")


def test_status_json_on_the_example_log() -> None:
    result = run("--home", str(EXAMPLE), "status", "--json", "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["hours"] == 57.25
    assert data["met"] is True


def test_a_closed_pipe_is_not_a_traceback() -> None:
    """`cpdlog list | head -1` ends quietly."""
    command = f"'{sys.executable}' -m cpdlog --home '{EXAMPLE}' list | head -1"
    result = subprocess.run(
        command,
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_ctrl_c_while_editing_is_exit_130_without_traceback(home: Path) -> None:
    """The editor marks that it started (no fixed sleep: under load the
    start-up can take longer than any guess, issue #13)."""
    marker = home.parent / "editor-started"
    quiet = (
        "import signal, sys, time; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        'open(sys.argv[1], "w").close(); time.sleep(30)'
    )
    editor = f"'{sys.executable}' -c '{quiet}' '{marker}'"
    process = subprocess.Popen(
        [sys.executable, "-m", "cpdlog", "add", "--edit"],
        env={**os.environ, "EDITOR": editor},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), "the editor never started"
    os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert not list(home.glob("activities/**/*.toml"))


def test_unexpected_errors_ask_for_a_bug_report(home: Path) -> None:
    """A bug (simulated by a broken cache folder setting) is one sentence."""
    code = (
        "import sys; sys.argv = ['cpdlog', 'types'];"
        "import cpdlog.render.ui as ui;"
        "ui.print_types = lambda: 1 / 0;"
        "from cpdlog.cli.app import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "This is a bug" in result.stderr
    assert "Traceback" not in result.stderr
    debug = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CPDLOG_DEBUG": "1"},
    )
    assert "Traceback" in debug.stderr


def _imported(*args: str, entry: str = "cpdlog.cli.app") -> set[str]:
    """The modules a run imports (through the typer app, or entry: the
    console script's way in, fast path first)."""
    return set(at_exit("'\\n'.join(sys.modules)", *args, entry=entry).split())


def _heavy(modules: set[str]) -> set[str]:
    return {
        m
        for m in modules
        if m.split(".")[0] in ("rich", "pydantic", "pydantic_core")
        or m.startswith("cpdlog.render.export")
        or m == "cpdlog.core.model"
    }


def test_version_imports_nothing_heavy() -> None:
    assert _heavy(_imported("--version")) == set()


def test_add_and_status_json_stay_off_rich_pydantic_and_exporters(home: Path) -> None:
    """typer < 0.29 keeps pydantic off; cpdlog must not bring it back (#4, #7)."""
    _imported("add", "Warm up the cache", "--hours", "1", "-t", "reading")
    assert _heavy(_imported("add", "Reading", "--hours", "1", "-t", "reading")) == set()
    assert _heavy(_imported("status", "--json")) == set()


def test_share_and_team_json_stay_off_rich_and_pydantic(home: Path) -> None:
    """`team` must read 1,000 summaries in under 10x `python -c pass` (#20)."""
    team = str(Path(__file__).resolve().parent.parent / "examples" / "team")
    assert _heavy(_imported("team", team, "--json")) == set()
    assert _heavy(_imported("share")) == set()


def test_status_json_and_short_need_no_typer(home: Path) -> None:
    """The console script answers them on the fast path (issue #14)."""
    for form in ("--json", "--short"):
        modules = _imported("status", form, entry="cpdlog.entry")
        assert not {m for m in modules if m.split(".")[0] in ("typer", "rich")}
        assert "cpdlog.cli.app" not in modules


@pytest.mark.parametrize(
    "args", [("status",), ("list", "-n", "10"), ("list", "--json", "--reverse")]
)
def test_status_and_list_need_no_typer(home: Path, args: tuple[str, ...]) -> None:
    """Their tables need rich, but not typer and click (~30 ms, issue #14)."""
    modules = _imported(*args, entry="cpdlog.entry")
    assert not {m for m in modules if m.split(".")[0] in ("typer", "click")}
    assert "cpdlog.cli.app" not in modules


@pytest.mark.parametrize(
    ("args", "collecting"),
    [(("status", "--json"), False), (("list", "-n", "3"), False),
     (("add", "Reading", "-H", "1", "-t", "reading"), False),
     (("types",), True), (("check",), True)],
)  # fmt: skip
def test_only_the_fast_path_runs_without_the_cyclic_collector(
    home: Path, args: tuple[str, ...], collecting: bool
) -> None:
    """Its passes over a big log's cached rows cost 30-45 ms of a status of
    50,000 activities; the typer app's long commands keep it (issue #14)."""
    printed = at_exit("gc.isenabled()", *args, entry="cpdlog.entry")
    assert printed.split()[-1] == str(collecting)


def test_typer_is_below_029() -> None:
    """typer 0.29 imports pydantic on every command (~80 ms): keep the bound."""
    from importlib.metadata import requires, version

    major, minor = (int(part) for part in version("typer").split(".")[:2])
    assert (major, minor) < (0, 29)
    (spec,) = [r for r in requires("cpdlog-cli") if r.startswith("typer")]
    assert "<0.29" in spec


def _complete(words: str) -> str:
    """What bash completion offers for the words typed so far."""
    env = {
        "_CPDLOG_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    return run(env=env).stdout


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("cpdlog add --type co", {"course", "conference"}),
        ("cpdlog st", {"status", "statement"}),
        ("cpdlog add --attribute pa", {"participatory"}),
    ],
)
def test_completion(home: Path, words: str, offered: set[str]) -> None:
    assert offered <= set(_complete(words).split())


_IMPORTERS = ("cpdlog.importer", "icalendar", "recurring_ical_events", "x_wr_timezone")


def test_only_import_imports_the_importers_and_icalendar(home: Path) -> None:
    """The calendar libraries cost ~70 ms: every other command stays as fast
    as it was (issue 17)."""
    calendar = str(EXAMPLE.parent / "calendar.ics")
    for args in (("add", "Reading", "--hours", "1", "-t", "reading"),
                 ("status", "--json"), ("status",), ("list",), ("inbox",),
                 ("inbox", "--json")):  # fmt: skip
        loaded = _imported(*args)
        assert {m for m in loaded if m.startswith(_IMPORTERS)} == set(), args
    assert "icalendar" in _imported("import", calendar)
    assert _heavy(_imported("status", "--json")) == set()


def _stderr_on_a_terminal(*args: str, columns: int | None = None) -> bytes:
    """What a command writes on stderr when stderr is a terminal (a pty),
    columns wide if given (and COLUMNS then unset)."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm"}
    if columns is not None:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        env.pop("COLUMNS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "cpdlog", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(master)
    assert process.returncode == 0, out
    return out


def test_import_shows_progress_on_a_terminal_and_nothing_when_piped(
    home: Path, tmp_path: Path
) -> None:
    from tests.test_importer import big_calendar

    calendar = tmp_path / "feed.ics"
    calendar.write_bytes(big_calendar(300, 0))
    shown = _stderr_on_a_terminal("import", str(calendar), "--dry-run")
    assert b"Reading feed.ics" in shown
    assert b"300/300" in shown
    assert b"Would import 300 new drafts" in shown
    piped = run("import", str(calendar), "--dry-run")
    assert piped.returncode == 0
    assert "Reading" not in piped.stderr
    assert "\x1b" not in piped.stderr
    assert piped.stderr.startswith("Would import 300 new drafts")


def test_a_first_read_of_thousands_shows_progress_on_a_terminal(home: Path) -> None:
    """The first status over 1,200 files (no cache yet) shows a bar on a
    terminal, gone when done; the next run, from the cache, shows none, and
    a piped run never does (issue #14)."""
    import itertools

    from cpdlog.core.ids import ID_ALPHABET
    from tests.handmade import activity_text, write_activity

    ids = ("".join(letters) for letters in itertools.product(ID_ALPHABET, repeat=4))
    for number, aid in zip(range(1_200), ids, strict=False):
        day = f"2026-{number % 9 + 1:02d}-{number % 28 + 1:02d}"
        text = activity_text(id=aid, title=f"Reading {number}", date=day, hours=0.25)
        write_activity(home, f"{day}-reading-{aid}.toml", text)
    time.sleep(0.1)  # past the racy window: the first run caches every file
    piped = run("status", "--short")
    assert piped.returncode == 0
    assert "Reading your log" not in piped.stderr
    shutil.rmtree(os.environ["CPDLOG_CACHE_DIR"])
    shown = _stderr_on_a_terminal("status", "--short")
    assert b"Reading your log" in shown
    assert b"1200/1200" in shown
    assert b"Reading your log" not in _stderr_on_a_terminal("status", "--short")


def test_a_cold_list_json_keeps_no_garbage_without_the_collector(home: Path) -> None:
    """json.dumps with indent makes a reference cycle per call; on the fast
    path, without the collector, a cold `list --json` of 50,000 kept 1.7
    million such objects (a 219 MB peak instead of 79). The records read
    sweeps them every cache.Sweep.EVERY files, so at most that many files'
    worth is left at exit."""
    from cpdlog.store.cache import Sweep
    from tests.handmade import activity_text, write_activity

    count = 2 * Sweep.EVERY + Sweep.EVERY // 2
    for number in range(count):
        aid = f"g{number:04d}"
        write_activity(home, f"2026-05-04-a-{aid}.toml", activity_text(id=aid))
    left = int(
        at_exit("gc.collect()", "list", "--json", entry="cpdlog.entry").split()[-1]
    )
    # Without the sweeps about 33 objects a file are left (41,579 for 1,250
    # files); with them, only those of the files since the last sweep, a
    # fifth of them here (8,250).
    assert left < count * 15, left


def test_a_message_to_a_script_is_not_folded(tmp_path: Path) -> None:
    """With stderr piped and no COLUMNS there is no terminal to fit, so a
    hint such as `cpdlog statement draft` is never split across lines
    (it was, at 80 columns, wherever the home's path put it)."""
    home = tmp_path / ("long-folder-name-" * 4) / "home"
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["CPDLOG_HOME"] = str(home)

    def piped(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "cpdlog", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env)

    assert piped("init", "--name", "Ann").returncode == 0
    result = piped("statement", "check")
    assert result.returncode == 1
    assert "cpdlog statement draft" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [("--help",), ("add", "--help"), ("status", "--help"), ("export", "--help"),
     ("pksb", "rate", "--help"), ("import", "--help"), ("profile", "set", "--help")],
)  # fmt: skip
def test_help_fits_40_columns(args: tuple[str, ...]) -> None:
    """SPEC: no line of human output is wider than the terminal, down to 40
    columns. click folds help no narrower than 50 unless told a width."""
    result = run(*args, env={"COLUMNS": "40"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 5
    assert [line for line in lines if len(line) > 40] == []


def test_a_message_folds_to_the_terminal_stderr_is_on(home: Path) -> None:
    """With stdout piped and stderr on a 40-column terminal, messages were
    folded to stdout's width (80 by default)."""
    out = _stderr_on_a_terminal(
        "add", "A rather long title for one reading", "-H", "1", "-t", "reading",
        columns=40,
    )  # fmt: skip
    lines = out.decode().replace("\r", "").splitlines()
    assert any(line.startswith("Logged 1 h") for line in lines), lines
    assert all(len(line) <= 40 for line in lines if str(home) not in line), lines
