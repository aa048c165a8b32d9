"""cpdlog add: what it writes, what it refuses, and that a refusal writes nothing."""

import json
import stat
import tomllib
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot


def test_add_prints_only_the_id(home: Path) -> None:
    result = cli(
        "add",
        "Umbrella conference",
        "--hours",
        "6.5",
        "--type",
        "conference",
        "--date",
        "2026-03-14",
        "-a",
        "personal",
        "-a",
        "wider",
        "--tag",
        "metadata",
    )
    activity_id = result.stdout.strip()
    assert result.stdout == activity_id + "\n"
    assert len(activity_id) == 4
    (path,) = files(home)
    assert path.parent.name == "2026"
    assert path.name == f"2026-03-14-umbrella-conference-{activity_id}.toml"
    table = tomllib.loads(path.read_text())
    assert table["id"] == activity_id
    assert table["hours"] == 6.5
    assert table["areas"] == ["personal", "wider"]
    assert str(table["created"]) == "2026-11-23 12:00:00+00:00"
    assert "Logged 6.5 h" in result.stderr


def test_add_files_and_folders_are_private(home: Path, monkeypatch) -> None:
    import os

    old = os.umask(0)
    try:
        add("Reading", "--hours", "1", "--type", "reading")
    finally:
        os.umask(old)
    (path,) = files(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (home, home / "activities", path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_add_json_prints_the_activity(home: Path) -> None:
    result = cli("add", "Webinar", "--duration", "1h30m", "--type", "webinar", "--json")
    data = json.loads(result.stdout)
    assert data["hours"] == 1.5
    assert data["date"] == "2026-11-23"
    assert data["end_date"] is None
    assert data["tags"] == []
    assert data["created"] == "2026-11-23T12:00:00Z"
    assert data["path"] == str(files(home)[0])
    assert "schema_version" not in data


@pytest.mark.parametrize(
    ("flag", "value", "hours"),
    [
        ("--hours", "0.1", 0.1),
        ("--duration", "90m", 1.5),
        ("--duration", "1:30", 1.5),
        ("--duration", "2h", 2.0),
        ("--hours", "0.3333333", 0.3333),
    ],
)
def test_add_hours_and_durations(flag: str, value: str, hours: float) -> None:
    data = json.loads(cli("add", "X", flag, value, "-t", "reading", "--json").stdout)
    assert data["hours"] == hours


def test_ten_ids_are_distinct(home: Path) -> None:
    ids = {
        add(f"Reading {n}", "--hours", "0.1", "--type", "reading") for n in range(10)
    }
    assert len(ids) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours", "-1", "--type", "reading"], "more than zero"),
        (["--hours", "0", "--type", "reading"], "more than zero"),
        (["--hours", "abc", "--type", "reading"], "not a number"),
        (["--hours", "25", "--type", "reading"], "24 hours"),
        (["--hours", "1", "--duration", "1h", "--type", "reading"], "not both"),
        (["--hours", "1", "--type", "banana"], "not an activity type"),
        (["--hours", "1", "--type", "reading", "--area", "moon"], "not an area"),
        (["--hours", "1", "--type", "reading", "--date", "2026-11-24"], "future"),
        (["--hours", "1", "--type", "reading", "--date", "nope"], "not a date"),
        (["--hours", "1", "--type", "reading", "--end-date", "2026-12-01"], "future"),
        (
            [
                "--hours",
                "1",
                "--type",
                "reading",
                "--date",
                "2026-11-20",
                "--end-date",
                "2026-11-19",
            ],
            "before",
        ),
        (["--hours", "1", "--type", "reading", "--tag", ""], "empty"),
        (["--hours", "1", "--type", "reading", "--reflection", "a\x00b"], "NUL"),
        (["--hours", "1"], "Missing --type"),
        (["--type", "reading"], "Missing --hours"),
    ],
)
def test_add_refuses_bad_input(home: Path, args: list[str], message: str) -> None:
    before = snapshot(home)
    result = cli("add", "A title", *args, code=None)
    fails_cleanly(result, 2)
    assert message in result.stderr
    assert snapshot(home) == before


@pytest.mark.parametrize("title", ["", "   ", "two\nlines", "cr\rhere"])
def test_add_refuses_a_bad_title(home: Path, title: str) -> None:
    fails_cleanly(cli("add", title, "--hours", "1", "-t", "reading", code=None), 2)
    assert not home.exists()


def test_add_without_title_and_terminal_is_exit_2(home: Path) -> None:
    result = cli("add", "--hours", "1", "-t", "reading", code=None)
    fails_cleanly(result, 2)
    assert "Missing TITLE" in result.stderr


def test_add_prompts_on_a_terminal(home: Path, monkeypatch) -> None:
    monkeypatch.setattr("cpdlog.cli.common.interactive", lambda: True)
    monkeypatch.setattr("cpdlog.cli.add.interactive", lambda: True)
    # title, date (Enter: today), duration, type, areas, reflection
    answers = "Chat with a colleague\n\n45m\npeer-discussion\n\n\n"
    result = cli("add", input=answers)
    data = json.loads(cli("show", result.stdout.split()[-1], "--json").stdout)
    assert data["title"] == "Chat with a colleague"
    assert data["hours"] == 0.75
    assert data["type"] == "peer-discussion"


def test_multi_day_activity_may_hold_more_hours(home: Path) -> None:
    add(
        "Residential course",
        "--hours",
        "30",
        "-t",
        "course",
        "--date",
        "2026-11-01",
        "--end-date",
        "2026-11-02",
    )
    fails_cleanly(
        cli(
            "add",
            "Too long",
            "--hours",
            "49",
            "-t",
            "course",
            "--date",
            "2026-11-01",
            "--end-date",
            "2026-11-02",
            code=None,
        ),
        2,
    )


def test_date_words(home: Path) -> None:
    for word, expected in (
        ("yesterday", "2026-11-22"),
        ("3d", "2026-11-20"),
        ("1 day ago", "2026-11-22"),
        ("0d", "2026-11-23"),
    ):
        data = json.loads(
            cli(
                "add", "R", "--hours", "1", "-t", "reading", "--date", word, "--json"
            ).stdout
        )
        assert data["date"] == expected


def test_title_with_markup_is_shown_literally(home: Path) -> None:
    add("[draft] notes [/x] [bold]", "--hours", "1", "-t", "reading")
    assert "[draft] notes [/x] [bold]" in cli("list").stdout
