"""Issue #12, "Unsafe or misleading output" (items 19 to 23): each test
drives cpdlog as a user does and failed before its fix."""

import errno
import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import cli, files
from tests.handmade import activity_text, write_activity
from tests.trust_tools import temporaries

# --- 19. control characters never reach the terminal raw --------------------

# A title that writes the clipboard (OSC 52), clears the screen, goes home
# and prints a fake figure, then a CSI as one C1 byte, a BEL and a bidi
# override.
EVIL = "Evil\x1b]52;c;aGk=\x07\x1b[2J\x1b[HHours 99 of 20\x9b31m\x07\u202e title"


def _raw_controls(text: str) -> list[str]:
    """The control characters text would send to a terminal as they are."""
    return re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


def test_item_19_control_characters_are_shown_as_escapes(home: Path) -> None:
    aid = cli("add", EVIL, "--hours", "1", "-t", "reading", "--provider", EVIL,
              "--tag", "x\x1b[31m").stdout.strip()  # fmt: skip
    added = cli("add", "Plain", "--hours", "1", "-t", "reading", "-r", EVIL)
    human = {
        "list": cli("list").stdout,
        "show": cli("show", aid).stdout,
        "show reflection": cli("show", added.stdout.strip()).stdout,
        "status": cli("status").stdout,
        "list --search": cli("list", "--search", "evil").stdout,
        "rm": cli("rm", added.stdout.strip(), "--yes").stderr,
    }
    for name, text in human.items():
        assert _raw_controls(text) == [], name
    assert "\\x1b]52;c;aGk=" in human["show"]
    # Data keeps the text exactly.
    assert json.loads(cli("show", aid, "--json").stdout)["title"] == EVIL
    assert json.loads(cli("list", "--json").stdout)[0]["provider"] == EVIL
    assert "\x1b]52;c;aGk=\x07\x1b[2J" in cli("export", "-f", "csv").stdout
    assert "Evil\x1b\\]52;c;aGk=\x07\x1b\\[2J" in cli("export", "-f", "md").stdout
    exported = json.loads(cli("export", "-f", "json").stdout)
    assert EVIL in [activity["title"] for activity in exported["activities"]]


# --- 20. check's chmod hint is a safe command -----------------------------------


def test_item_20_the_chmod_hint_quotes_any_file_name(
    home: Path, tmp_path: Path
) -> None:
    name = "2026-05-04-x'; touch pwned; echo '-aaaa.toml"
    path = write_activity(home, name, activity_text(id="aaaa"))
    path.chmod(0o644)
    text = cli("check").stdout
    (line,) = [line for line in text.splitlines() if "chmod 600" in line]
    command = line.split("fix it with: ", 1)[1]
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True)
    assert not (tmp_path / "pwned").exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- 21. paths and path:line:col lines are never folded ----------------------


def test_item_21_problem_lines_and_paths_are_never_folded(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    aid = cli("add", "A title long enough to fold at forty columns", "--hours", "1",
              "-t", "reading").stdout.strip()  # fmt: skip
    (path,) = files(home)
    show = cli("show", aid).stdout
    assert any(line.endswith(str(path)) for line in show.splitlines()), show
    bad = write_activity(
        home, "2026-05-04-a-rather-long-name-of-a-damaged-file-bbbb.toml",
        'id = "bbbb"\ntitle = "x"\ndate = 2026-05-04\nhours = oops\n',
    )  # fmt: skip
    result = cli("check", code=1)
    lines = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert any(line.startswith(f"error: {bad}:4:9: ") for line in lines), result.stdout
    listed = cli("list", code=1)
    assert any(line.startswith(f"error: {bad}:4:9: ") for line in
               listed.stderr.splitlines()), listed.stderr  # fmt: skip


# --- 22. the Markdown export escapes what Markdown would read ----------------


def test_item_22_the_markdown_export_keeps_text_as_text(home: Path) -> None:
    """More in tests/test_export_markdown.py (Hypothesis over any text)."""
    title = "# *Draft* notes on [RDA](http://x) <b>cataloguing</b> | 2 h"
    cli("add", title, "--hours", "1", "-t", "course", "--date", "2026-11-01",
        "-r", "What I did.\n# Not a heading\n<script>alert(1)</script>")  # fmt: skip
    rendered = MarkdownIt("commonmark").enable(["table"]).render(cli("export").stdout)
    headings = re.findall(r"<h1>(.*?)</h1>", rendered)
    assert len(headings) == 1
    assert "Not a heading" not in headings[0]
    assert "<b>" not in rendered
    assert "<em>" not in rendered
    assert "<script" not in rendered
    assert 'href="http://x"' not in rendered


# --- 23. file systems without hard links -------------------------------------


def test_item_23_add_works_where_hard_links_are_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exFAT, FAT and many SMB and FUSE mounts refuse link(2) with EPERM
    (or EOPNOTSUPP): the new file is claimed with an exclusive create and
    the finished one renamed over the claim."""

    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    cli("init", "--name", "Sam")
    aid = cli("add", "Course", "--hours", "1", "-t", "course").stdout.strip()
    assert json.loads(cli("show", aid, "--json").stdout)["title"] == "Course"
    cli("statement", "draft")
    cli("statement", "draft", code=1)  # still never replaced
    out = tmp_path / "out.md"
    cli("export", "-o", str(out))
    cli("export", "-o", str(out), code=1)
    cli("init", code=1)
    for folder in (home, home / "activities" / "2026", tmp_path):
        assert temporaries(folder) == [], folder
    assert len(files(home)) == 1
