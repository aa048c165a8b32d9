"""The README and --help: every command documented, the commands that work."""

import re

import pytest

from cpdlog.cli.app import COMMANDS
from tests.conftest import ROOT, cli

README = (ROOT / "README.md").read_text()
SUBCOMMANDS = [
    "statement draft", "statement check", "pksb rate", "pksb areas",
    "inbox accept", "inbox drop",
]  # fmt: skip
NAMES = [name for name in COMMANDS if name != "statement"] + SUBCOMMANDS


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = cli(*name.split(), "--help")
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    summary = lines[1]  # the line after "Usage: ..."
    assert summary.endswith("."), summary
    assert f"`cpdlog {name}" in README


def test_the_readme_starts_with_the_two_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None
    first, second = block[1].strip().splitlines()[:2]
    assert first == "pip install -e . && cpdlog --home examples/librarian status"
    assert second == "pip install -e '.[test]' && pytest"


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in script
    assert "pip install -e '.[test]' && pytest" in script
    assert "ruff check ." in script
    assert "ruff format --check ." in script
    assert "\nmypy\n" in script


def test_docs_exist_and_are_linked() -> None:
    for page in ("docs/schemes.md", "docs/reliability.md",
                 "docs/export-first-page.png"):  # fmt: skip
        assert (ROOT / page).exists(), page
        assert page in README, page
