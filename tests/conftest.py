"""Shared fixtures: every test runs with its own home, cache and a fixed clock."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cpdlog.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "librarian"
NOW = "2026-11-23T12:00:00+00:00"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run the long tests too")
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files"
    )


def pytest_configure(config: pytest.Config) -> None:
    """The tests' clock (NOW) is 12:00 UTC, which is already the next day
    east of UTC+12: today is the local date, so the tests run in UTC
    wherever the machine is (their own subprocesses too)."""
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="long test: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPDLOG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CPDLOG_TEST_NOW", NOW)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "EDITOR", "VISUAL", "CPDLOG_DEBUG", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of examples/librarian, safe to change."""
    target = tmp_path / "librarian"
    shutil.copytree(EXAMPLE, target)
    return target


def cli(*args: str, input: str | None = None, code: int | None = 0):  # noqa: A002 - CliRunner's name
    """Run cpdlog in-process as a user would; check the exit code."""
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    if code is not None:
        assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """{relative path: bytes} of everything under folder (None for folders)."""
    found: dict[str, bytes | None] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        found[rel] = None if path.is_dir() else path.read_bytes()
    return found


def fails_cleanly(result, code: int) -> None:
    """A failure: the exit code, a sentence on stderr, nothing on stdout."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.strip(), "no message on stderr"
    assert result.stdout == ""


def add(*args: str) -> str:
    """Add an activity, return its ID."""
    return cli("add", *args).stdout.strip()


def files(home: Path) -> list[Path]:
    return sorted((home / "activities").rglob("*.toml"))


def git(cwd: Path, *args: str) -> str:
    """Run git for a test's own setup and inspection; fail loudly."""
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


@pytest.fixture
def git_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME of our own whose git config names the author."""
    user = tmp_path / "user"
    user.mkdir()
    (user / ".gitconfig").write_text(
        "[user]\n\tname = Sam Test\n\temail = sam@example.org\n"
        "[init]\n\tdefaultBranch = main\n"
        '[protocol "file"]\n\tallow = always\n'
    )
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "XDG_CONFIG_HOME",
        "EMAIL",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "CPDLOG_TEST_GIT_PAUSE",
    ):
        monkeypatch.delenv(name, raising=False)
    return user


def at_exit(expression: str, *args: str, entry: str = "cpdlog.cli.app") -> str:
    """What a Python expression is when a real cpdlog process run with args
    (through entry's main: the typer app, or cpdlog.entry, the console
    script's way in, fast path first) exits; sys and gc are imported."""
    code = (
        "import sys, gc, atexit\n"
        f"atexit.register(lambda: print({expression}, file=sys.stderr))\n"
        f"sys.argv = ['cpdlog', *{list(args)!r}]\n"
        f"from {entry} import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stderr
