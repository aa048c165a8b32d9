"""A first read on two cores (store/parallel.py): the same results as one
process, whatever happens to the forked child (issue #14)."""

import json
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

import pytest

from cpdlog.store import parallel
from tests.conftest import EXAMPLE, cli
from tests.handmade import activity_text, write_activity

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="the fork is used on Linux with two cores or more",
)
PARENT = os.getpid()


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fork from 4 items; the list gets the pid of every child forked."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forked


def square_with_pid(number: int) -> tuple[int, bool]:
    return number * number, os.getpid() == PARENT


def test_the_child_does_the_second_half_in_order(forks: list[int]) -> None:
    results = parallel.split_map(square_with_pid, range(101))
    assert [value for value, _here in results] == [n * n for n in range(101)]
    assert [here for _value, here in results] == [True] * 50 + [False] * 51
    assert len(forks) == 1


def fails_in_the_child(number: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("a child that fails")
    return number + 1


def killed_in_the_child(number: int) -> int:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return number + 1


def wrong_in_the_child(number: int) -> object:
    return number + 1 if os.getpid() == PARENT else "not what was asked"


@pytest.mark.parametrize("func", [fails_in_the_child, killed_in_the_child])
def test_a_child_that_fails_costs_only_time(forks: list[int], func) -> None:
    assert parallel.split_map(func, list(range(40))) == list(range(1, 41))
    assert len(forks) == 1


def test_small_work_and_running_threads_never_fork(forks: list[int]) -> None:
    assert parallel.split_map(square_with_pid, [1, 2, 3]) == [(1, True), (4, True),
                                                             (9, True)]  # fmt: skip
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = parallel.split_map(square_with_pid, range(10))
    finally:
        stop.set()
        thread.join()
    assert all(here for _value, here in results)
    assert forks == []


def test_progress_counts_the_whole_work(forks: list[int]) -> None:
    from contextlib import contextmanager

    seen: list[tuple[int, int]] = []

    @contextmanager
    def progress(total: int):
        yield lambda done: seen.append((done, total))

    parallel.split_map(square_with_pid, range(400), progress)
    assert seen[-1] == (400, 400)
    assert all(done <= total for done, total in seen)
    assert seen[0][0] == 200  # the first 100 here stand for 200 in all


def _with_damage(home: Path) -> None:
    """The example log, a damaged file and two files sharing an ID."""
    shutil.copytree(EXAMPLE, home)
    write_activity(home, "2026-05-04-bad-bbbb.toml", activity_text(type="x"))
    twin = activity_text(id="twnn", title="Twin", date="2026-03-03", hours=2)
    write_activity(home, "2026-03-03-twin-twnn.toml", twin)
    write_activity(home, "2026-03-03-twin-twnn (1).toml", twin)


def test_status_and_check_read_alike_on_one_core_or_two(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold status and check over the same files give the same output
    with the fork and without it (the example log, a damaged file, an ID
    in two files)."""
    home = tmp_path / "home"
    _with_damage(home)
    answers = []
    for forking in (True, False):
        if not forking:
            monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
        shutil.rmtree(os.environ["CPDLOG_CACHE_DIR"], ignore_errors=True)
        status = cli("--home", str(home), "status", "--json", code=1)
        check = cli("--home", str(home), "check", code=1)
        answers.append((status.stdout, status.stderr, check.stdout, check.stderr))
    assert len(forks) >= 1
    assert answers[0] == answers[1]
    assert json.loads(answers[0][0])["hours"] > 0


def test_no_fork_while_sigchld_is_ignored(forks: list[int]) -> None:
    """With SIGCHLD ignored (inherited from a shell's `trap '' CHLD`) the
    kernel reaps the child before waitpid: cpdlog crashed on every run."""
    old = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        results = parallel.split_map(square_with_pid, range(10))
    finally:
        signal.signal(signal.SIGCHLD, old)
    assert [value for value, _here in results] == [n * n for n in range(10)]
    assert forks == []


def test_a_child_reaped_by_someone_else_still_counts(
    forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_waitpid = os.waitpid

    def waitpid(pid: int, options: int) -> tuple[int, int]:
        real_waitpid(pid, options)
        raise ChildProcessError(10, "No child processes")

    monkeypatch.setattr(os, "waitpid", waitpid)
    results = parallel.split_map(square_with_pid, range(10))
    assert [value for value, _here in results] == [n * n for n in range(10)]
    assert [here for _value, here in results] == [True] * 5 + [False] * 5


CTRL_C = """
import os, sys, time
from pathlib import Path
from cpdlog.store import parallel
parallel.PARALLEL_FROM = 2
marker = Path(sys.argv[1])
def work(n):
    if os.getpid() != PARENT:
        marker.write_text(str(os.getpid()))
    time.sleep(0.2)
    return n
PARENT = os.getpid()
print("started", flush=True)
parallel.split_map(work, range(200))
print("finished", flush=True)
"""


def test_ctrl_c_during_the_split_ends_both_and_prints_once(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the child ends at once,
    quietly, and this process ends the child and stops with
    KeyboardInterrupt; nothing is printed twice, no child is left."""
    import subprocess
    import time

    marker = tmp_path / "child"
    script = tmp_path / "split.py"
    script.write_text(CTRL_C)
    process = subprocess.Popen(
        [sys.executable, str(script), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.02)
    child = int(marker.read_text())
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert out.decode().split() == ["started"]
    assert b"KeyboardInterrupt" in err
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_a_file_removed_during_a_first_read_is_not_a_problem(
    home: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync client may move a file between the scan and its reading: it
    is gone, not damaged (the first read now reads after scanning all)."""
    from cpdlog.store import index

    for number in range(6):
        aid, day = f"rm{number:02d}", f"2026-05-0{number + 1}"
        write_activity(home, f"{day}-x-{aid}.toml", activity_text(id=aid, date=day))
    real_compute = index._compute
    gone = home / "activities" / "2026" / "2026-05-04-x-rm03.toml"

    def compute(path: Path):
        if path == gone:
            gone.unlink(missing_ok=True)
        return real_compute(path)

    monkeypatch.setattr(index, "_compute", compute)
    report = json.loads(cli("status", "--json").stdout)
    assert report["entries"] == 5
    assert report["problems"] == []
