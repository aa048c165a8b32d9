"""cpdlog show and edit with field flags: IDs, prefixes, and what an edit changes."""

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot
from tests.handmade import activity_text, write_activity

SPEC_KEYS = {
    "id", "title", "date", "end_date", "hours", "type", "areas", "provider",
    "tags", "pksb", "evidence", "description", "reflection", "created",
    "updated", "path",
}  # fmt: skip


def table(path: Path) -> dict:
    return tomllib.loads(path.read_bytes().decode("utf-8"))


def shown(activity_id: str) -> dict:
    return json.loads(cli("show", activity_id, "--json").stdout)


@pytest.fixture
def reading(home: Path) -> str:
    return add(
        "Reading", "--hours", "1", "-t", "reading", "--date", "2026-03-14",
        "-a", "personal", "--tag", "metadata", "--reflection", "Notes",
    )  # fmt: skip


@pytest.fixture
def twins(home: Path) -> None:
    for aid in ("ab12", "ab34"):
        write_activity(
            home,
            f"2026-05-04-twin-{aid}.toml",
            activity_text(id=aid, title=f"Twin {aid}"),
        )


# show


def test_show_by_full_id(reading: str) -> None:
    out = cli("show", reading).stdout
    assert reading in out
    assert "Reading" in out
    assert "Notes" in out


def test_show_by_unique_prefix(twins: None) -> None:
    assert shown("ab1")["id"] == "ab12"
    assert shown("ab34")["title"] == "Twin ab34"


def test_show_ambiguous_prefix_lists_the_candidates(twins: None, home: Path) -> None:
    result = cli("show", "ab", code=None)
    fails_cleanly(result, 2)
    assert "ab12" in result.stderr
    assert "ab34" in result.stderr


@pytest.mark.parametrize("given", ["zzzz", "../..", "../../etc/passwd", "."])
def test_show_unknown_id_is_exit_2(reading: str, home: Path, given: str) -> None:
    before = snapshot(home)
    result = cli("show", given, code=None)
    fails_cleanly(result, 2)
    assert "No activity" in result.stderr
    assert snapshot(home) == before


def test_show_json_has_the_spec_keys(reading: str, home: Path) -> None:
    data = shown(reading)
    assert set(data) == SPEC_KEYS
    assert data["path"] == str(files(home)[0])
    assert data["date"] == "2026-03-14"
    assert data["created"] == "2026-11-23T12:00:00Z"
    assert data["provider"] is None
    assert data["pksb"] == []


# edit with field flags


def test_edit_title_renames_the_file(reading: str, home: Path) -> None:
    cli("edit", reading, "--title", "Deep reading on metadata")
    (path,) = files(home)
    assert path.name == f"2026-03-14-deep-reading-on-metadata-{reading}.toml"
    assert table(path)["title"] == "Deep reading on metadata"


def test_edit_hours(reading: str) -> None:
    cli("edit", reading, "--hours", "2.25")
    assert shown(reading)["hours"] == 2.25


def test_edit_date_moves_the_file_to_its_year(reading: str, home: Path) -> None:
    cli("edit", reading, "--date", "2025-06-01")
    (path,) = files(home)
    assert path.parent == home / "activities" / "2025"
    assert path.name.startswith("2025-06-01-")
    assert str(table(path)["date"]) == "2025-06-01"
    assert shown(reading)["path"] == str(path)


def test_edit_area_replaces_the_list(reading: str) -> None:
    cli("edit", reading, "--area", "wider", "--area", "organisational")
    assert shown(reading)["areas"] == ["wider", "organisational"]


def test_edit_clear_reflection_removes_it(reading: str, home: Path) -> None:
    cli("edit", reading, "--clear", "reflection")
    assert "reflection" not in table(files(home)[0])
    assert shown(reading)["reflection"] is None


def test_edit_clear_tags_empties_the_list(reading: str) -> None:
    cli("edit", reading, "--clear", "tags")
    assert shown(reading)["tags"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["--clear", "banana"],
        ["--clear", "title"],
        ["--clear", "reflection", "--reflection", "x"],
        ["--end-date", "2026-03-01"],
        ["--hours", "30"],
        ["--hours", "0"],
        ["--date", "2026-12-01"],
        ["--type", "banana"],
        ["--title", "two\nlines"],
        ["--hours", "1", "--duration", "1h"],
    ],
)
def test_edit_refuses_an_invalid_change(
    reading: str, home: Path, args: list[str]
) -> None:
    before = snapshot(home)
    result = cli("edit", reading, *args, code=None)
    fails_cleanly(result, 2)
    assert snapshot(home) == before


def test_edit_keeps_unknown_keys(home: Path) -> None:
    write_activity(
        home,
        "2026-05-04-hand-written-activity-hand.toml",
        activity_text(mood="good", links=["x"], extra={"nested": 1}),
    )
    cli("edit", "hand", "--hours", "2")
    data = table(files(home)[0])
    assert data["mood"] == "good"
    assert data["links"] == ["x"]
    assert data["extra"] == {"nested": 1}
    assert data["hours"] == 2.0


def test_edit_changes_updated_and_keeps_created(
    reading: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPDLOG_TEST_NOW", "2026-11-24T09:30:00+00:00")
    cli("edit", reading, "--provider", "CILIP")
    data = shown(reading)
    assert data["created"] == "2026-11-23T12:00:00Z"
    assert data["updated"] == "2026-11-24T09:30:00Z"
    assert data["provider"] == "CILIP"


def test_show_on_a_missing_home_is_exit_2_and_creates_nothing(home: Path) -> None:
    result = cli("show", "abcd", code=None)
    fails_cleanly(result, 2)
    assert not home.exists()


@pytest.mark.parametrize("columns", [80, 40])
def test_show_fits_the_terminal_and_keeps_markup_literal(
    home: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    activity_id = add(
        "[draft] [/x]", "-H", "1", "-t", "reading", "--provider", "[bold]CILIP",
        "--reflection", "word " * 40 + "[red]kept[/red] " + "x" * 90,
    )  # fmt: skip
    out = cli("show", activity_id).stdout
    # Every line fits but the file's path, which is never folded (a copied
    # path must work; issue #12 item 21).
    # It shares the label's line only when both fit.
    (file_line,) = [line for line in out.splitlines() if line.endswith(".toml")]
    assert file_line.split()[-1].endswith(f"-{activity_id}.toml")
    assert Path(file_line.split()[-1]).exists()
    assert all(len(line) <= columns for line in out.splitlines() if line != file_line)
    assert "[draft] [/x]" in out
    assert "[bold]CILIP" in out
    assert "[red]kept[/red]" in out


def test_show_json_rounds_hand_written_hours_to_the_minute(home: Path) -> None:
    write_activity(home, "2026-05-04-x-hand.toml", activity_text(hours=0.123456))
    assert shown("hand")["hours"] == 0.1167


def test_edit_json_prints_the_changed_activity(reading: str, home: Path) -> None:
    result = cli("edit", reading, "--tag", "one", "--tag", "two", "--json")
    data = json.loads(result.stdout)
    assert data["tags"] == ["one", "two"]
    assert set(data) == SPEC_KEYS
    assert data["path"] == str(files(home)[0])


def test_edit_date_after_the_end_date_is_refused(home: Path) -> None:
    activity_id = add(
        "Course", "-H", "10", "-t", "course",
        "--date", "2026-03-01", "--end-date", "2026-03-02",
    )  # fmt: skip
    before = snapshot(home)
    fails_cleanly(cli("edit", activity_id, "--date", "2026-03-05", code=None), 2)
    assert snapshot(home) == before
    cli("edit", activity_id, "--clear", "end_date", "--hours", "5")
    assert shown(activity_id)["end_date"] is None


QUOTED_DATE = (
    'id = "hand"\ntitle = "Quoted date"\ndate = "2026-05-04"\n'
    'hours = 1\ntype = "reading"\n'
)


def test_a_quoted_date_is_listed(home: Path) -> None:
    write_activity(home, "2026-05-04-quoted-date-hand.toml", QUOTED_DATE)
    assert shown("hand")["date"] == "2026-05-04"


def test_edit_fields_of_a_file_with_a_quoted_date(home: Path) -> None:
    write_activity(home, "2026-05-04-quoted-date-hand.toml", QUOTED_DATE)
    cli("edit", "hand", "--hours", "2")
    assert shown("hand")["hours"] == 2.0
