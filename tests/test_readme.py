"""The README's transcripts of read-only commands on the example log are the
real output, so a newcomer who copies one sees what the README shows.

Every ```console block line `$ cpdlog --home examples/librarian ...` of a
command that writes nothing (status, pksb, ideas, statement check, export,
share, team, list, show) is run on a copy of the example log with the clock
fixed, and its output (up to the next `$` line or the block's end) compared
with the README's, through `| head -N` / `| tail -N` when the line has one.
"""

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli

README = (ROOT / "README.md").read_text()
READ_ONLY = {"status", "pksb", "ideas", "statement", "export", "share", "team",
             "list", "show", "types", "schemes", "profile", "check"}  # fmt: skip


def _transcripts() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            while command.endswith("\\"):
                more, _, output = output.partition("\n")
                command = command[:-1] + more.strip()
            words = shlex.split(command.split("|")[0])
            if words[:3] != ["cpdlog", "--home", "examples/librarian"]:
                continue
            if words[3] not in READ_ONLY or "-o" in words:
                continue
            found.append((command, output))
    return found


TRANSCRIPTS = _transcripts()


def test_the_readme_has_transcripts_to_check() -> None:
    assert len(TRANSCRIPTS) >= 6


@pytest.mark.parametrize(("command", "output"), TRANSCRIPTS)
def test_a_readme_transcript_is_the_real_output(
    example: Path, command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPDLOG_TEST_NOW", "2026-11-23T12:00:00+00:00")
    monkeypatch.chdir(ROOT)
    head, _, pipe = command.partition("|")
    words = shlex.split(head)[3:]
    result = cli("--home", str(example), *words, code=None)
    text = result.stdout + result.stderr  # as a terminal shows them
    lines = text.replace(str(example), "examples/librarian").splitlines()
    pipe = pipe.strip()
    if pipe.startswith("head -"):
        lines = lines[: int(pipe.split("-")[1])]
    elif pipe.startswith("tail -"):
        lines = lines[-int(pipe.split("-")[1]) :]
    expected = [line.rstrip() for line in output.rstrip("\n").splitlines()]
    got = [line.rstrip() for line in lines]
    while got and not got[-1]:
        got.pop()
    assert got == expected
