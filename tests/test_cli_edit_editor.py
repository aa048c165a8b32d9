"""cpdlog edit and add --edit in $EDITOR: what is written, and what is kept when not."""

import json
import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot

FAKE_EDITOR = Path(__file__).resolve().parent / "fake_editor.py"
RESCUE = re.compile(
    r"(/\S+/rescue/([a-z0-9]+)-\d{8}T\d{6}Z(?:-\d+)?\.toml\.txt)$", re.MULTILINE
)


def editor(*args: str) -> str:
    """An EDITOR value running tests/fake_editor.py with args."""
    return shlex.join([sys.executable, str(FAKE_EDITOR), *args])


def table(path: Path) -> dict:
    return tomllib.loads(path.read_bytes().decode("utf-8"))


def shown(activity_id: str) -> dict:
    return json.loads(cli("show", activity_id, "--json").stdout)


def rescued(stderr: str, home: Path) -> Path:
    """The rescue file whose absolute path the error printed."""
    match = RESCUE.search(stderr)
    assert match, stderr
    path = Path(match[1])
    assert path.parent == home / "rescue"
    assert path.is_file()
    return path


@pytest.fixture
def reading(home: Path) -> str:
    return add(
        "Reading", "--hours", "1", "-t", "reading", "--date", "2026-03-14",
        "--reflection", "Notes",
    )  # fmt: skip


# edit in $EDITOR


def test_editor_change_is_written_with_the_users_comments(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR",
        editor("replace", "hours = 1.0", "# my own note\nhours = 1.5 # ninety minutes"),
    )
    cli("edit", reading)
    (path,) = files(home)
    text = path.read_text(encoding="utf-8")
    assert "# my own note\n" in text
    assert "# ninety minutes" in text
    assert table(path)["hours"] == 1.5
    assert not (home / "rescue").exists()


def test_visual_beats_editor(reading: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", editor("fail"))
    monkeypatch.setenv("VISUAL", editor("replace", "hours = 1.0", "hours = 2.0"))
    cli("edit", reading)
    assert shown(reading)["hours"] == 2.0


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hours = 1.0", "hours = -1"),
        ('title = "', "title = "),
        ("type = ", "# type = "),
        ('type = "reading"', 'type = "banana"'),
    ],
)
def test_editor_invalid_result_is_rescued(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", old, new))
    before = snapshot(home / "activities")
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 1)
    assert snapshot(home / "activities") == before
    rescue = rescued(result.stderr, home)
    assert rescue.name.startswith(f"{reading}-20261123T120000Z")
    assert new in rescue.read_text(encoding="utf-8")


def test_editor_changing_the_id_is_refused(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", f'id = "{reading}"', 'id = "zz99"'))
    before = snapshot(home / "activities")
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 1)
    assert "ID" in result.stderr
    assert snapshot(home / "activities") == before
    assert 'id = "zz99"' in rescued(result.stderr, home).read_text(encoding="utf-8")


def test_two_rescues_in_one_second_are_both_kept_as_toml_txt(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "hours = 1.0", "hours = -1"))
    cli("edit", reading, code=1)
    monkeypatch.setenv("EDITOR", editor("replace", "hours = 1.0", "hours = -2"))
    cli("edit", reading, code=1)
    kept = sorted((home / "rescue").iterdir())
    assert len(kept) == 2
    assert all(path.name.endswith(".toml.txt") for path in kept)


def test_editor_failing_changes_nothing(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("fail"))
    before = snapshot(home)
    result = cli("edit", reading, code=None)
    assert result.exit_code != 0
    fails_cleanly(result, result.exit_code)
    assert "status 3" in result.stderr
    assert snapshot(home) == before


def test_editor_failing_after_a_change_keeps_the_text(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("fail-after", "Notes", "Kept words"))
    before = snapshot(home / "activities")
    result = cli("edit", reading, code=None)
    assert result.exit_code != 0
    assert snapshot(home / "activities") == before
    assert "Kept words" in rescued(result.stderr, home).read_text(encoding="utf-8")


def test_edit_without_editor_is_exit_2(reading: str, home: Path) -> None:
    before = snapshot(home)
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 2)
    assert "EDITOR" in result.stderr
    assert snapshot(home) == before


def test_edit_with_a_missing_editor_program_is_exit_2(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/no/such/editor-program --wait")
    before = snapshot(home)
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 2)
    assert "/no/such/editor-program" in result.stderr
    assert snapshot(home) == before


def test_edit_is_not_written_over_a_change_made_meanwhile(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = files(home)
    monkeypatch.setenv("EDITOR", editor("touch-other", str(path), "# by sync\n"))
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 1)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("# by sync\n")
    assert "# edited" not in text
    assert "# edited" in rescued(result.stderr, home).read_text(encoding="utf-8")


def test_unchanged_editor_text_is_no_change(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "no such text", "x"))
    before = snapshot(home)
    cli("edit", reading)
    assert snapshot(home) == before


# add --edit


def test_add_edit_adds_the_activity_written(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / "written.toml"
    written.write_text(
        '# my comment\ntitle = "Edited in the editor"\ndate = 2026-11-20\n'
        'hours = 1.5\ntype = "reading"\nareas = ["personal"]\n'
        'reflection = """\nWhat I learned.\n"""\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", editor("write", str(written)))
    activity_id = cli("add", "--edit").stdout.strip()
    data = shown(activity_id)
    assert data["title"] == "Edited in the editor"
    assert data["date"] == "2026-11-20"
    assert data["hours"] == 1.5
    assert data["areas"] == ["personal"]
    assert data["reflection"] == "What I learned.\n"


def test_add_edit_with_the_template_unchanged_adds_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "no such text", "x"))
    before = snapshot(home)
    result = cli("add", "--edit", code=None)
    fails_cleanly(result, 1)
    assert snapshot(home) == before


def test_add_edit_with_an_invalid_result_keeps_the_text(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / "written.toml"
    written.write_text('title = "Half done"\nhours = -2\ntype = "reading"\n')
    monkeypatch.setenv("EDITOR", editor("write", str(written)))
    result = cli("add", "--edit", code=None)
    fails_cleanly(result, 1)
    assert files(home) == []
    kept = rescued(result.stderr, home)
    assert kept.read_text(encoding="utf-8") == written.read_text()


def test_editor_date_change_moves_the_file_and_sets_updated(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPDLOG_TEST_NOW", "2026-11-24T08:00:00+00:00")
    monkeypatch.setenv(
        "EDITOR", editor("replace", "date = 2026-03-14", "date = 2025-03-14 # moved")
    )
    cli("edit", reading)
    (path,) = files(home)
    assert path.parent.name == "2025"
    assert path.name.startswith("2025-03-14-")
    text = path.read_text(encoding="utf-8")
    assert "# moved" in text
    assert "updated = 2026-11-24T08:00:00Z" in text
    assert "created = 2026-11-23T12:00:00Z" in text


def test_editor_future_date_is_rescued(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor("replace", "date = 2026-03-14", "date = 2027-01-01")
    )
    before = snapshot(home / "activities")
    result = cli("edit", reading, code=None)
    fails_cleanly(result, 1)
    assert "future" in result.stderr
    assert snapshot(home / "activities") == before
    rescued(result.stderr, home)


def test_add_edit_starts_from_the_given_values(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "hours = 0", "hours = 2"))
    activity_id = cli("add", "Given title", "-t", "webinar", "--edit").stdout.strip()
    data = shown(activity_id)
    assert (data["title"], data["type"], data["hours"]) == ("Given title", "webinar", 2)


def test_add_edit_with_a_quoted_date(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / "written.toml"
    written.write_text(
        'title = "Quoted"\ndate = "2026-11-20"\nhours = 1\ntype = "reading"\n'
    )
    monkeypatch.setenv("EDITOR", editor("write", str(written)))
    result = cli("add", "--edit", code=None)
    assert result.exit_code in (0, 1)
    assert result.stderr.strip()
    if result.exit_code == 0:
        assert shown(result.stdout.strip())["date"] == "2026-11-20"


def test_editor_edit_of_a_file_with_a_quoted_date(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "activities" / "2026").mkdir(parents=True)
    path = home / "activities" / "2026" / "2026-05-04-quoted-hand.toml"
    path.write_text(
        'id = "hand"\ntitle = "Quoted"\ndate = "2026-05-04"\n'
        'hours = 1\ntype = "reading"\n'
    )
    monkeypatch.setenv("EDITOR", editor("replace", "hours = 1", "hours = 1.5"))
    result = cli("edit", "hand", code=None)
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        rescued(result.stderr, home)


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [('type = "reading"', 'type = "banana"', "banana"),
     ('type = "reading"', "type = = 3", "= = 3")],
)  # fmt: skip
def test_a_bad_edit_is_named_at_its_line_in_the_rescued_file(
    home: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, found: str
) -> None:
    """SPEC: a file's problem is path:line:col. The line was named in the
    activity's own file, which does not hold the edit (a bad TOML edit), or
    not at all (a bad value); the rescued file holds it at that line."""
    aid = add("Reading", "-H", "1", "-t", "reading")
    monkeypatch.setenv(
        "EDITOR", shlex.join([sys.executable, str(FAKE_EDITOR), "replace", old, new])
    )
    result = cli("edit", aid, code=1)
    (rescued,) = (home / "rescue").glob(f"{aid}-*.toml.txt")
    match = re.search(rf"^{re.escape(str(rescued))}:(\d+):", result.stderr, re.M)
    assert match, result.stderr
    assert found in rescued.read_text().splitlines()[int(match[1]) - 1]
