"""Reading many files on two cores: one forked child takes half the work.

A first `status` over thousands of activity files (no cache yet, or a new
cpdlog version) spends most of its time parsing TOML, one core's work; a
machine has at least two. `split_map` forks one child for the second half
of the items, which sends its results back through a pipe as marshal data,
while this process does the first half. Only on Linux (fork without exec
is unsafe with macOS's system libraries, and Windows has none), only with
more than one core, never while another thread runs (a fork copies locks
held by threads that do not exist in the child), and only when there is
enough work to pay for the fork (about 1 ms). Anything that goes wrong in
the child (an exception, a kill, a result that does not read back) costs
only time: this process does the child's half itself. The child never
writes to stdout, stderr or the home, and leaves with os._exit, so no
buffer is flushed twice and no cleanup runs twice.
"""

import marshal
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cpdlog.store.index import Progress

T = TypeVar("T")

PARALLEL_FROM = 400  # items below which one process is faster
_STEP = 100  # items between two updates of a progress bar


def split_map(
    func: Callable[[T], Any], items: Sequence[T], progress: "Progress | None" = None
) -> list[Any]:
    """[func(item) for item in items], in order, the second half done by a
    forked child where that is safe and worth it; func's results must be
    values marshal can carry. progress, when given, shows the work."""
    half = len(items) // 2
    child = _fork_for(func, items[half:]) if _worth_forking(items) else None
    if child is None:
        return _run(func, items, progress, len(items))
    pid, read_end = child
    try:
        results = _run(func, items[:half], progress, len(items))
    except BaseException:  # this process failed (Ctrl-C): end the child
        _end(pid)
        os.close(read_end)
        raise
    return results + _collect(pid, read_end, func, items[half:])


def _worth_forking(items: Sequence[Any]) -> bool:
    if len(items) < PARALLEL_FROM or sys.platform != "linux":
        return False
    if len(os.sched_getaffinity(0)) < 2:  # the cores this process may use
        return False
    if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        return False  # the kernel would reap the child before we could
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _fork_for(
    func: Callable[[Any], Any], items: Sequence[Any]
) -> tuple[int, int] | None:
    """(pid, read end) of a child working on items, or None if none started.

    SIGINT is blocked across the fork, so that a Ctrl-C can never run this
    process's code in the child: the child then takes the default action
    (it ends at once, quietly) and this process raises KeyboardInterrupt
    only once it knows the child, which it then ends."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: work, send, leave without any cleanup
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(read_end)
            data = marshal.dumps([func(item) for item in items])
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view) :]
            code = 0
        except BaseException:  # any failure: the parent redoes the work
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C lands here
    except BaseException:
        _end(pid)
        os.close(read_end)
        raise
    return pid, read_end


def _run(
    func: Callable[[Any], Any],
    items: Sequence[Any],
    progress: "Progress | None",
    total: int,
) -> list[Any]:
    """func over items here, with progress counting the whole of total
    (the child's half is assumed to go as fast as this one)."""
    if progress is None:
        return [func(item) for item in items]
    share = total / max(1, len(items))
    results = []
    with progress(total) as update:
        for done, item in enumerate(items, 1):
            results.append(func(item))
            if done % _STEP == 0:
                update(min(total, round(done * share)))
        update(total)
    return results


def _collect(
    pid: int, read_end: int, func: Callable[[Any], Any], items: Sequence[Any]
) -> list[Any]:
    """The child's results, or the same computed here if it failed."""
    chunks = []
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    except BaseException:  # Ctrl-C while waiting: end the child
        _end(pid)
        raise
    finally:
        os.close(read_end)
    try:
        _, status = os.waitpid(pid, 0)
        finished = os.waitstatus_to_exitcode(status) == 0
    except ChildProcessError:  # reaped already: the data alone must tell
        finished = True
    if finished:  # all written, or data that does not read back whole
        try:
            results = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            results = None
        if isinstance(results, list) and len(results) == len(items):
            return results
    return [func(item) for item in items]


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
