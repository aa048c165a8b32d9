"""A killed attach (SIGKILL, real processes) leaves no partial file under its
name and no activity that points at a missing or different file.

CPDLOG_TEST_PAUSE holds each write between its finished temporary file and
its rename; the test waits until the temporary file of the copy (or of the
activity) is there and kills the process right then, so both windows are
hit every run, and then some kills land at random moments.
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import cli, files


def _start(home: Path, *args: str, pause: str = "0.5") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cpdlog", "--home", str(home), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CPDLOG_TEST_PAUSE": pause},
    )


def _temporary(folder: Path) -> bool:
    try:
        return any(n.startswith(".") and n.endswith(".tmp") for n in os.listdir(folder))
    except FileNotFoundError:
        return False


def _kill_when(process: subprocess.Popen, folder: Path) -> bool:
    """Kill process as soon as a temporary file shows in folder; False when
    the process ended first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if _temporary(folder):
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            return True
        time.sleep(0.002)
    process.communicate(timeout=30)
    return False


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_whole(home: Path, digest: str) -> dict:
    """Every named evidence file is the whole source; the activity points
    only at files that are there and match; check passes."""
    for path in (home / "evidence").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert _sha(path) == digest, f"{path} is partial"
    (path,) = files(home)
    table = tomllib.loads(path.read_text())
    for entry in table.get("evidence", []):
        assert (home / entry).is_file(), f"{entry} is missing"
        assert table["evidence_sha256"][entry] == _sha(home / entry)
    result = cli("--home", str(home), "check", code=None)
    assert result.exit_code == 0, result.stdout
    return table


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(os.urandom(3 << 20))
    return path


def test_a_kill_while_the_copy_is_written_leaves_nothing_named(
    home: Path, big: Path
) -> None:
    aid = cli("add", "Course", "--hours", "1", "-t", "course").stdout.strip()
    process = _start(home, "attach", aid, str(big))
    assert _kill_when(process, home / "evidence" / "2026")
    table = _assert_whole(home, _sha(big))
    assert "evidence" not in table
    # The next attach clears the leftover and attaches once.
    cli("attach", aid, str(big))
    (copy,) = (home / "evidence" / "2026").iterdir()
    assert _sha(copy) == _sha(big)
    assert _assert_whole(home, _sha(big))["evidence"] == [f"evidence/2026/{copy.name}"]


def test_a_kill_while_the_activity_is_written_leaves_the_copy_unreferenced(
    home: Path, big: Path
) -> None:
    aid = cli("add", "Course", "--hours", "1", "-t", "course").stdout.strip()
    before = files(home)[0].read_bytes()
    process = _start(home, "attach", aid, str(big))
    assert _kill_when(process, home / "activities" / "2026")
    assert files(home)[0].read_bytes() == before
    _assert_whole(home, _sha(big))
    assert "no activity refers" in cli("check").stdout
    cli("attach", aid, str(big))
    assert len(list((home / "evidence" / "2026").iterdir())) == 1
    assert "no activity refers" not in cli("check").stdout


def test_add_attach_killed_while_the_copy_is_written(home: Path, big: Path) -> None:
    cli("init")
    process = _start(home, "add", "Course", "--hours", "1", "-t", "course",
                     "--attach", str(big))  # fmt: skip
    assert _kill_when(process, home / "evidence" / "2026")
    assert files(home) == []
    result = cli("check", code=None)
    assert result.exit_code == 0, result.stdout


def test_attach_killed_at_random_moments(
    home: Path, big: Path, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(15)
    runs = 60 if request.config.getoption("--slow") else 4
    digest = _sha(big)
    seen = set()
    for run in range(runs):
        aid = cli("add", f"Course {run}", "--hours", "1", "-t", "course").stdout
        process = _start(home, "attach", aid.strip(), str(big), pause="0.2")
        time.sleep(rng.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        for path in files(home):
            table = tomllib.loads(path.read_text())
            for entry in table.get("evidence", []):
                assert table["evidence_sha256"][entry] == _sha(home / entry)
            seen.add("attached" if table.get("evidence") else "not attached")
        for path in (home / "evidence").rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                assert _sha(path) == digest
        assert cli("check", code=None).exit_code == 0
    assert seen == {"attached", "not attached"}
