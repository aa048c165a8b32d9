"""Helpers of the issue #12 tests (tests/test_trust_*.py): real processes.

They use nothing but the command line, so that the same tests run against
an older cpdlog (PYTHONPATH naming its src) to show that they failed
before their fix.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def run(
    *args: str | bytes,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    prefix: Sequence[str] = (),
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m cpdlog ARGS` in a real process (bytes in and out), with
    the test's environment (its home, cache and clock) and env on top;
    prefix is a command that runs it (setpriv...)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "cpdlog", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        **kwargs,
    )


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`python -m cpdlog ARGS` started, not waited for."""
    return subprocess.Popen(
        [sys.executable, "-m", "cpdlog", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    """Poll until condition() holds (no fixed sleep: a loaded machine is slow)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("waited in vain")
        time.sleep(0.005)


def temporaries(folder: Path) -> list[Path]:
    """cpdlog's temporary files (`.<name>.<hex>.tmp`) in folder."""
    return [
        p
        for p in folder.iterdir()
        if p.name.startswith(".") and p.name.endswith(".tmp")
    ]


def without_root_powers() -> list[str]:
    """A command prefix that runs a process bound by file permissions:
    root reads everything, so as root the process loses the two
    capabilities that let it (nothing when not root). Skips the test when
    that cannot be done."""
    import pytest

    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    try:
        subprocess.run([*prefix, "true"], check=True, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot drop root's powers over file permissions here")
    return prefix
