"""Issue #12, "Words lost or files overwritten" (items 1 to 5): each test
drives cpdlog as a user does and failed before its fix."""

import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import cli, snapshot
from tests.trust_tools import run, start, temporaries

# --- 1. statement draft --force / --refresh -----------------------------------


def test_item_01_statement_draft_force_keeps_the_old_one_in_the_trash(
    home: Path,
) -> None:
    cli("add", "Cataloguing course", "--hours", "3", "-t", "course", "-a", "personal")
    cli("statement", "draft")
    mine = "# My statement\n\nEvery word of this is mine, é and all.\n"
    (home / "statement.md").write_text(mine, encoding="utf-8")
    result = cli("statement", "draft", "--force")
    kept = home / ".trash" / "statement-20261123T120000Z.md"
    assert kept.read_text(encoding="utf-8") == mine
    assert str(kept) in result.stderr
    assert "<!-- cpdlog:" in (home / "statement.md").read_text()
    # A second --force in the same second keeps the first copy too.
    (home / "statement.md").write_text("Second thoughts.\n", encoding="utf-8")
    cli("statement", "draft", "--force")
    copies = sorted(p.read_text() for p in (home / ".trash").glob("statement-*.md"))
    assert mine in copies
    assert "Second thoughts.\n" in copies


def _without_material(text: str) -> str:
    """The text with cpdlog's own comments taken out: the user's words."""
    return re.sub(r"<!-- cpdlog:.*?-->", "", text, flags=re.DOTALL)


# Words a user writes under a heading: any letters, accents, punctuation and
# blank lines, but not a Markdown heading or a comment of their own.
_PARAGRAPH = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="<>#\r"
    ),
    max_size=60,
)


def test_item_01_refresh_rewrites_the_material_in_place(home: Path) -> None:
    cli("add", "Old course", "--hours", "3", "-t", "course", "-a", "personal",
        "--date", "2026-05-01")  # fmt: skip
    cli("statement", "draft")
    path = home / "statement.md"
    text = path.read_text().replace(
        "## Personal performance\n", "## Personal performance\n\nI grew.\n", 1
    )
    path.write_text(text + "\nA closing line of mine.\n")
    cli("add", "New webinar", "--hours", "2", "-t", "webinar", "-a", "personal",
        "--date", "2026-06-01")  # fmt: skip
    result = cli("statement", "draft", "--refresh")
    new = path.read_text()
    assert "New webinar" in new
    assert "Old course" in new
    assert _without_material(new) == _without_material(
        text + "\nA closing line of mine.\n"
    )
    assert "your words are as they were" in result.stderr
    assert not (home / ".trash").exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(words=st.lists(_PARAGRAPH, min_size=1, max_size=8), where=st.randoms())
def test_item_01_refresh_keeps_every_word_the_user_wrote(
    home: Path, words: list[str], where
) -> None:
    """Any words, anywhere between cpdlog's comments and headings, stay
    exactly where they were while the material is brought up to date."""
    if not (home / "statement.md").exists():
        cli("add", "Old course", "--hours", "3", "-t", "course", "-a", "personal",
            "--date", "2026-05-01")  # fmt: skip
        cli("statement", "draft")
        base = (home / "statement.md").read_text()
        (home / "base.md").write_text(base)
        cli("add", "New webinar", "--hours", "2", "-t", "webinar", "-a", "wider",
            "--date", "2026-06-01", "-r", "Learned --> much")  # fmt: skip
    base = (home / "base.md").read_text()
    lines = base.split("\n")
    # Put each paragraph on a line of its own after a random line that is
    # not inside a comment (between a comment's end and the next start).
    outside = [i for i, line in enumerate(lines) if not _inside(lines, i)]
    for paragraph in words:
        at = where.choice(outside)
        lines.insert(at + 1, paragraph.replace("\n", " "))
        outside = [i for i, line in enumerate(lines) if not _inside(lines, i)]
    text = "\n".join(lines)
    (home / "statement.md").write_text(text, encoding="utf-8")
    cli("statement", "draft", "--refresh")
    new = (home / "statement.md").read_text(encoding="utf-8")
    assert _without_material(new) == _without_material(text)
    assert "New webinar" in new


def _inside(lines: list[str], index: int) -> bool:
    """Whether the end of line index is inside an HTML comment."""
    text = "\n".join(lines[: index + 1])
    return text.rfind("<!--") > text.rfind("-->")


# --- 2. refuse to overwrite at the moment of writing, not before -----------


def _appears_during_the_write(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Create target (someone else's file) the moment cpdlog opens the
    temporary file it will give target's name: after every check cpdlog
    made beforehand, in the middle of its work."""
    real = os.open

    def open_(path, flags, *args, **kwargs):
        name = os.path.basename(path)
        if name.startswith(f".{target.name}.") and not target.exists():
            target.write_text("someone else's file")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def test_item_02_export_never_replaces_a_file_made_during_the_export(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Course", "--hours", "3", "-t", "course")
    target = tmp_path / "report.html"
    _appears_during_the_write(monkeypatch, target)
    result = cli("export", "-f", "html", "-o", str(target), code=1)
    assert target.read_text() == "someone else's file"
    assert "already exists" in result.stderr
    assert temporaries(tmp_path) == []


def test_item_02_statement_draft_never_replaces_one_written_meanwhile(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Course", "--hours", "3", "-t", "course")
    _appears_during_the_write(monkeypatch, home / "statement.md")
    cli("statement", "draft", code=1)
    assert (home / "statement.md").read_text() == "someone else's file"
    assert not (home / ".trash").exists()


def test_item_02_two_inits_at_once_one_wins_the_other_is_refused(
    home: Path,
) -> None:
    """Two real processes started together, each pausing (CPDLOG_TEST_PAUSE)
    between writing its profile and giving it its name: before the fix both
    passed the early check and both exited 0, one profile lost."""
    slow = {"CPDLOG_TEST_PAUSE": "0.5", "CPDLOG_CACHE_DIR": ""}
    processes = {name: start("init", "--name", name, env=slow) for name in ("A", "B")}
    results = {name: p.communicate(timeout=30) for name, p in processes.items()}
    codes = {name: p.returncode for name, p in processes.items()}
    assert sorted(codes.values()) == [0, 1], (codes, results)
    winner = next(name for name, code in codes.items() if code == 0)
    loser = next(name for name, code in codes.items() if code == 1)
    profile = tomllib.loads((home / "cpdlog.toml").read_text())
    assert profile["profile"]["name"] == winner
    assert b"already exists" in results[loser][1]
    assert temporaries(home) == []


# --- 3. a device, a FIFO or a link given to -o --------------------------------


def test_item_03_export_into_a_device_writes_into_it(
    home: Path, tmp_path: Path
) -> None:
    """A private /dev/null (the same device node) instead of the real one:
    before the fix, the real /dev/null was replaced by a regular file."""
    cli("add", "Course", "--hours", "3", "-t", "course")
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    cli("export", "-o", str(null), "--force")
    assert stat.S_ISCHR(null.stat().st_mode)
    cli("export", "-o", str(null))  # not a file to protect: no --force needed
    assert stat.S_ISCHR(null.stat().st_mode)


def test_item_03_export_into_a_fifo_writes_into_it(home: Path, tmp_path: Path) -> None:
    cli("add", "Course on FIFOs", "--hours", "3", "-t", "course")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        cli("export", "-f", "csv", "-o", str(fifo))
        out, _ = reader.communicate(timeout=30)
    finally:
        if reader.poll() is None:  # the export never opened the FIFO
            reader.kill()
            reader.wait()
    assert b"Course on FIFOs" in out
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_item_03_export_to_dev_stdout_is_written_not_refused(home: Path) -> None:
    cli("add", "Course to stdout", "--hours", "3", "-t", "course")
    result = run("export", "-f", "csv", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert b"Course to stdout" in result.stdout
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


def test_item_03_a_link_given_to_o_replaces_its_target_not_the_link(
    home: Path, tmp_path: Path
) -> None:
    cli("add", "Course", "--hours", "3", "-t", "course")
    real = tmp_path / "real.md"
    real.write_text("old export")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    cli("export", "-o", str(link), code=1)  # exists: needs --force
    assert real.read_text() == "old export"
    cli("export", "-o", str(link), "--force")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert "Course" in real.read_text()


# --- 4. the editor's rescue in a private folder ------------------------------


def test_item_04_rescue_never_uses_a_fixed_name_in_a_shared_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the home's rescue/ cannot be written, the text goes to the
    user's private state folder, never /tmp/cpdlog-rescue (which another
    local user could make first). More in tests/test_edges.py:
    test_rescue_falls_back_to_the_private_state_folder and
    test_rescue_never_reuses_a_folder_others_can_write."""
    aid = cli("add", "Keep me", "--hours", "1", "-t", "reading").stdout.strip()
    (home / "rescue").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    editor = f"{sys.executable} -c \"import sys; p=sys.argv[1]; t=open(p).read(); open(p,'w').write(t.replace('hours = 1.0','hours = -1'))\""  # noqa: E501
    monkeypatch.setenv("EDITOR", editor)
    result = cli("edit", aid, code=1)
    folder = tmp_path / "state" / "cpdlog" / "rescue"
    (rescued,) = folder.glob(f"{aid}-*.toml.txt")
    assert "hours = -1" in rescued.read_text()
    assert str(rescued) in result.stderr
    assert not (shared / "cpdlog-rescue").exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# --- 5. init --force keeps other keys; cpdlog profile ------------------------


def test_item_05_init_force_keeps_the_keys_it_is_not_given(home: Path) -> None:
    cli("init", "--name", "Sam", "--registration", "fellowship",
        "--target-hours", "30", "--last-revalidated", "2025-06-01")  # fmt: skip
    cli("init", "--force", "--name", "Sam Okafor")
    profile = tomllib.loads((home / "cpdlog.toml").read_text())
    assert profile["profile"]["name"] == "Sam Okafor"
    assert profile["profile"]["registration"] == "fellowship"
    assert str(profile["profile"]["last_revalidated"]) == "2025-06-01"
    assert profile["scheme"]["target_hours"] == 30


def test_item_05_profile_shows_and_profile_set_changes_one_key(home: Path) -> None:
    cli("init", "--name", "Sam", "--registration", "chartership")
    shown = cli("profile").stdout
    assert "Sam" in shown
    assert "chartership" in shown
    cli("profile", "set", "target_hours", "25")
    cli("profile", "set", "name", "Sam Okafor")
    profile = tomllib.loads((home / "cpdlog.toml").read_text())
    assert profile["profile"] == {"name": "Sam Okafor", "registration": "chartership"}
    assert profile["scheme"]["target_hours"] == 25
    before = snapshot(home)
    cli("profile", "set", "target_hours", "lots", code=2)
    cli("profile", "set", "reflecton", "x", code=2)
    assert snapshot(home) == before


def test_profile_set_refuses_a_scheme_there_is_none_of(home: Path) -> None:
    """A scheme name is checked as every other key: `status` would refuse
    it later, so it is exit 2 now, with nothing written."""
    cli("init", "--name", "Sam")
    before = snapshot(home)
    for key, value in [("scheme", "nosuch"), ("also", "rics,nosuch")]:
        assert "nosuch" in cli("profile", "set", key, value, code=2).stderr
        assert snapshot(home) == before
    cli("profile", "set", "also", "rics")
    cli("profile", "set", "scheme", "nmc-revalidation")
    profile = tomllib.loads((home / "cpdlog.toml").read_text())
    assert profile["scheme"] == {"name": "nmc-revalidation", "also": ["rics"]}
    cli("status")
