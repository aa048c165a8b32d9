"""`python -m cpdlog` runs the command-line interface."""

from cpdlog.cli import main

main()
