"""The console script's entry: answers `--version` before importing anything.

`cpdlog --version` is the cheapest command there is, so it must not pay for
typer (about 4x a bare `python -c pass` on its own); everything else goes to
`cpdlog.cli.main`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from cpdlog._version import __version__

        sys.stdout.write(f"cpdlog {__version__}\n")
        return
    from cpdlog.cli import main as run

    run()
