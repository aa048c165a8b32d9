"""`python -m cpdlog` runs the command-line interface."""

from cpdlog.entry import main

main()
