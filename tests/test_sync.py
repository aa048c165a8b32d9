"""Files that sync tools and git leave behind, and the editor's command line."""

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import cli
from tests.handmade import activity_text, write_activity

FAKE_EDITOR = Path(__file__).parent / "fake_editor.py"


@pytest.mark.parametrize(
    "copy",
    [
        "2026-05-04-a-dupe (conflicted copy 2026-05-05).toml",
        "2026-05-04-a-dupe (Sam's conflicted copy).toml",
        "2026-05-04-a-dupe.sync-conflict-20260505-101010-ABCDEFG.toml",
        "2026-05-04-a-dupe 2.toml",
        "2026-05-04-a-dupe (1).toml",
    ],
)
def test_a_conflict_copy_counts_once_and_check_says_what_to_do(
    home: Path, copy: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # keep each path on one line
    original = write_activity(
        home, "2026-05-04-a-dupe.toml", activity_text(id="dupe", hours=2.0)
    )
    duplicate = write_activity(home, copy, activity_text(id="dupe", hours=2.0))
    data = json.loads(cli("status", "--json", code=1).stdout)
    assert data["hours"] == 2.0
    assert [p["path"] for p in data["problems"]] == [str(duplicate)]
    report = cli("check", code=1).stdout
    flat = " ".join(report.split())
    assert f"error: {duplicate}" in flat
    assert str(original) in flat
    assert "keep the right one and delete the other" in flat
    assert "sync conflict copy" in flat


def test_merge_conflict_markers_are_named_everywhere(home: Path) -> None:
    write_activity(home, "2026-05-04-merge-mrge.toml", (
        'id = "mrge"\ntitle = "Merged"\ndate = 2026-05-04\n'
        "<<<<<<< HEAD\nhours = 1.0\n=======\nhours = 2.0\n>>>>>>> laptop\n"
        'type = "reading"\n'
    ))  # fmt: skip
    write_activity(home, "2026-05-05-fine-fine.toml", activity_text(id="fine"))
    result = cli("status", "--json", code=1)
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["line"] == 4
    assert "merge-conflict markers" in problem["message"]
    assert "merge-conflict markers" in "".join(cli("check", code=1).stdout.split("\n"))
    assert json.loads(result.stdout)["hours"] == 1.0


def test_the_editor_is_split_like_a_shell_but_never_run_by_one(
    home: Path, tmp_path: Path, monkeypatch
) -> None:
    aid = cli("add", "Editor", "--hours", "1", "-t", "reading").stdout.strip()
    marker = tmp_path / "pwned"
    monkeypatch.setenv(
        "EDITOR",
        f"'{sys.executable}' '{FAKE_EDITOR}' replace 'Editor' 'Edited' ; touch "
        f"{marker}",
    )
    result = cli("edit", aid, code=None)
    assert not marker.exists(), "the editor command went through a shell"
    assert "Traceback" not in result.stderr


def test_home_and_ids_cannot_escape(home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text(activity_text(id="out"))
    for bad in ("../..", "../outside", str(outside), "/etc/passwd", "..", "."):
        result = cli("show", bad, code=2)
        assert "No activity has the ID" in result.stderr
