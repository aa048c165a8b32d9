"""cpdlog list: order, filters, JSON, damaged files and narrow terminals."""

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity

SPEC_KEYS = {
    "id",
    "title",
    "date",
    "end_date",
    "hours",
    "type",
    "areas",
    "provider",
    "tags",
    "pksb",
    "evidence",
    "description",
    "reflection",
    "created",
    "updated",
    "path",
}


@pytest.fixture
def log(home: Path) -> dict[str, str]:
    """Four activities; their oldest-first order is zine, course, alpha, podcast."""
    ids = {}
    ids["course"] = add(
        "Cataloguing course", "--hours", "3", "-t", "course",
        "--date", "2026-01-10", "-a", "personal", "-a", "organisational",
        "--tag", "metadata", "--provider", "CILIP",
    )  # fmt: skip
    ids["podcast"] = add(
        "Podcast on AI", "--hours", "1", "-t", "podcast-video",
        "--date", "2026-02-05", "-a", "wider", "--tag", "ai",
        "--reflection", "Learned about Large Language models",
    )  # fmt: skip
    ids["alpha"] = add(
        "Alpha reading", "--hours", "0.5", "-t", "reading",
        "--date", "2026-02-05", "-a", "personal",
        "--description", "Read a paper on METADATA quality",
    )  # fmt: skip
    ids["zine"] = add(
        "Zine workshop", "--hours", "2", "-t", "workshop",
        "--date", "2025-12-01", "-a", "organisational", "--tag", "outreach",
    )  # fmt: skip
    return ids


def listed(*args: str, code: int = 0) -> list[str]:
    """The IDs that `list --json` prints, in its order."""
    return [item["id"] for item in json.loads(cli("list", "--json", *args).stdout)]


def names(log: dict[str, str], *keys: str) -> list[str]:
    return [log[key] for key in keys]


def test_list_is_oldest_first_by_date_then_title(log: dict[str, str]) -> None:
    assert listed() == names(log, "zine", "course", "alpha", "podcast")


def test_list_table_shows_every_activity_in_order(log: dict[str, str]) -> None:
    out = cli("list").stdout
    positions = [out.index(log[key]) for key in ("zine", "course", "alpha", "podcast")]
    assert positions == sorted(positions)
    assert "Cataloguing course" in out


def test_list_reverse_is_newest_first(log: dict[str, str]) -> None:
    assert listed("--reverse") == names(log, "podcast", "alpha", "course", "zine")


def test_list_limit_keeps_the_oldest(log: dict[str, str]) -> None:
    assert listed("--limit", "2") == names(log, "zine", "course")


def test_list_limit_with_reverse_keeps_the_newest(log: dict[str, str]) -> None:
    assert listed("--reverse", "--limit", "2") == names(log, "podcast", "alpha")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2026-01-10"], ["course", "alpha", "podcast"]),
        (["--to", "2026-01-10"], ["zine", "course"]),
        (
            ["--from", "2026-01-10", "--to", "2026-02-05"],
            ["course", "alpha", "podcast"],
        ),
        (["--from", "2026-02-05", "--to", "2026-02-05"], ["alpha", "podcast"]),
        (["--from", "2026-02-06"], []),
        (["--type", "reading"], ["alpha"]),
        (["--type", "reading", "--type", "course"], ["course", "alpha"]),
        (["--area", "wider"], ["podcast"]),
        (["--area", "personal"], ["course", "alpha"]),
        (
            ["--area", "wider", "--area", "organisational"],
            ["zine", "course", "podcast"],
        ),
        (["--tag", "metadata"], ["course"]),
        (["--tag", "metadata", "--tag", "outreach"], ["zine", "course"]),
        (["--search", "metadata"], ["course", "alpha"]),
        (["--search", "cilip"], ["course"]),
        (["--search", "large LANGUAGE"], ["podcast"]),
        (["--search", "ALPHA"], ["alpha"]),
        (["--search", "OUTREACH"], ["zine"]),
        (["--search", "nothing like this"], []),
        (["--type", "course", "--area", "wider"], []),
        (["--area", "personal", "--tag", "metadata"], ["course"]),
        (["--area", "personal", "--search", "paper"], ["alpha"]),
        (["--type", "reading", "--type", "course", "--from", "2026-02-01"], ["alpha"]),
    ],
)
def test_list_filters(
    log: dict[str, str], args: list[str], expected: list[str]
) -> None:
    assert listed(*args) == names(log, *expected)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--type", "banana"], "banana"),
        (["--area", "moon"], "moon"),
        (["--from", "not-a-date"], "not-a-date"),
    ],
)
def test_list_refuses_a_filter_value_that_names_nothing(
    log: dict[str, str], home: Path, args: list[str], word: str
) -> None:
    before = snapshot(home)
    result = cli("list", *args, code=None)
    fails_cleanly(result, 2)
    assert word in result.stderr
    assert snapshot(home) == before


def test_list_json_has_every_spec_key(log: dict[str, str], home: Path) -> None:
    items = json.loads(cli("list", "--json").stdout)
    assert len(items) == 4
    for item in items:
        assert set(item) == SPEC_KEYS
        assert Path(item["path"]).is_absolute()
        assert Path(item["path"]).is_file()
    alpha = next(item for item in items if item["id"] == log["alpha"])
    assert alpha["end_date"] is None
    assert alpha["provider"] is None
    assert alpha["reflection"] is None
    assert alpha["tags"] == []
    assert alpha["pksb"] == []
    assert alpha["evidence"] == []
    assert alpha["date"] == "2026-02-05"
    assert alpha["hours"] == 0.5


def test_list_json_shows_unknown_keys_as_stored(home: Path) -> None:
    write_activity(
        home,
        "2026-05-04-hand-hand.toml",
        activity_text(mood="good", rating=4, links=["a", "b"]),
    )
    (item,) = json.loads(cli("list", "--json").stdout)
    assert item["mood"] == "good"
    assert item["rating"] == 4
    assert item["links"] == ["a", "b"]
    assert "schema_version" not in item
    assert item["created"] is None


def test_list_on_an_empty_log_prints_nothing(home: Path) -> None:
    home.mkdir()
    result = cli("list")
    assert result.stdout == ""
    assert json.loads(cli("list", "--json").stdout) == []


def test_list_on_a_missing_home_creates_nothing(home: Path) -> None:
    result = cli("list")
    assert result.stdout == ""
    cli("list", "--json")
    assert not home.exists()


DAMAGED = {
    "bad-toml": ('id = "bad1"\ntitle = "Broken\n', ":2:"),
    "no-hours": (activity_text(id="bad2", hours=None), ""),
    "bad-type": (activity_text(id="bad3", type="banana"), ":5"),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_list_names_a_damaged_file_and_lists_the_rest(
    log: dict[str, str], home: Path, kind: str
) -> None:
    text, position = DAMAGED[kind]
    path = write_activity(home, f"2026-05-04-{kind}.toml", text)
    before = snapshot(home)
    result = cli("list", "--json", code=1)
    ids = [item["id"] for item in json.loads(result.stdout)]
    assert ids == names(log, "zine", "course", "alpha", "podcast")
    assert f"{path}{position}" in result.stderr
    assert snapshot(home) == before


def test_list_table_names_a_damaged_file_too(log: dict[str, str], home: Path) -> None:
    path = write_activity(home, "2026-05-04-broken.toml", 'title = "x\n')
    result = cli("list", code=1)
    assert log["course"] in result.stdout
    assert f"{path}:1:" in result.stderr


def test_list_shows_two_files_with_one_id_once(home: Path) -> None:
    write_activity(home, "2026-05-04-hand-dupe.toml", activity_text(id="dupe"))
    other = write_activity(
        home, "2026-05-04-hand-dupe (conflicted copy).toml", activity_text(id="dupe")
    )
    result = cli("list", "--json", code=1)
    assert [item["id"] for item in json.loads(result.stdout)] == ["dupe"]
    assert str(other) in result.stderr
    assert "dupe" in result.stderr


LONG = (
    "A very long title about the discovery systems strand of the umbrella "
    "conference, with many words that cannot fit on one line of a terminal"
)


@pytest.mark.parametrize("columns", [80, 40])
def test_list_table_fits_the_terminal(
    home: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    add(LONG, "--hours", "1", "-t", "presenting-teaching", "-a", "personal")
    add("[draft] [/x]", "--hours", "1.25", "-t", "reading", "-a", "wider")
    add("Short", "--hours", "12", "-t", "action-learning-set", "-a", "wider")
    out = cli("list").stdout
    assert out.strip()
    for line in out.splitlines():
        assert len(line) <= columns, line
    assert "[draft] [/x]" in out


def test_list_shows_markup_like_text_literally(home: Path) -> None:
    add("[bold]Not bold[/bold] and [/x]", "--hours", "1", "-t", "reading")
    assert "[bold]Not bold[/bold] and [/x]" in cli("list").stdout


def test_list_reads_files_in_any_folder_under_activities(home: Path) -> None:
    write_activity(home, "mine.toml", activity_text(id="mine"), year="synced/deep")
    assert listed() == ["mine"]


def test_list_json_dates_and_unknown_values_are_json(home: Path) -> None:
    write_activity(
        home,
        "2026-05-04-hand.toml",
        activity_text(end_date="2026-05-05", due=date(2026, 6, 1)) + "[seen]\non = 3\n",
    )
    (item,) = json.loads(cli("list", "--json").stdout)
    assert item["end_date"] == "2026-05-05"
    assert item["due"] == "2026-06-01"
    assert item["seen"] == {"on": 3}


def test_list_reads_a_windows_file_with_bom_and_crlf(home: Path) -> None:
    path = write_activity(home, "2026-05-04-hand-win.toml", "")
    text = activity_text(id="win", reflection="line one\nline two")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    (item,) = json.loads(cli("list", "--json").stdout)
    assert item["id"] == "win"


def test_a_damaged_cached_record_is_read_again(
    log: dict[str, str], tmp_path: Path
) -> None:
    """A cached record is unpacked only when shown (`list --json` writes its
    cached text); one that cannot be unpacked is read from its file again."""
    import marshal
    import time

    time.sleep(0.12)  # past the racy window, so the records are cached
    table = cli("list").stdout
    text = cli("list", "--json").stdout
    shards = sorted((tmp_path / "cache").glob("records-*.marshal"))
    assert shards, "no records were cached"
    for shard in shards:
        stamp, entries = marshal.loads(shard.read_bytes())
        damaged = {
            rel: (*row[:8], "not a day", *row[9:]) for rel, row in entries.items()
        }
        shard.write_bytes(marshal.dumps((stamp, damaged)))
    assert cli("list").stdout == table
    assert cli("list", "--json").stdout == text
    assert cli("list", "--tag", "ai").stdout != ""
