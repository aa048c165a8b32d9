"""The console script's entry: the cheapest answer first.

`cpdlog --version` answers before importing anything; `status --json` and
`status --short` go through the fast path (cli/fast.py), which needs no
typer (about 3x a bare `python -c pass` on its own); everything else goes
to the typer app, `cpdlog.cli.app.main`. Either way a bug becomes one sentence
and exit 1, Ctrl-C exit 130, and output that cannot be written (a full
disk, a closed pipe) a sentence, never a traceback (issue #12).

The fast path runs without Python's cyclic garbage collector: its three
commands do bounded work in a short process, and the collector's passes
over the tens of thousands of cached rows a big log loads cost more than
the rest of the report (45 ms of a 50,000-activity `status --json`, 7 ms of
a 500-activity one). Reference counting still frees what they drop. The
typer app, which runs the long commands (import, sync, export), gets the
collector back.
"""

import gc
import sys


def main() -> None:
    from cpdlog.cli.guard import guarded

    argv = sys.argv[1:]
    if argv == ["--version"]:
        sys.exit(guarded(_version))
    gc.disable()
    from cpdlog.cli.fast import run_fast

    code = guarded(lambda: run_fast(argv))
    if code is None:
        gc.enable()
        from cpdlog.cli.app import main as run

        run()
    sys.exit(code)


def _version() -> int:
    from cpdlog._version import __version__

    sys.stdout.write(f"cpdlog {__version__}\n")
    sys.stdout.flush()
    return 0
