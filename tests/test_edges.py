"""Edges a code review found: each test failed before its fix."""

import json
import os
import sys
from pathlib import Path

import pytest

from cpdlog.errors import DataError
from tests.conftest import EXAMPLE, cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity

FAKE_EDITOR = Path(__file__).parent / "fake_editor.py"


def _disk_full(*_args, **_kwargs):
    raise DataError("/x: could not write: the disk is full.")


def test_an_editor_edit_that_cannot_be_written_is_rescued(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = cli("add", "Keep me", "--hours", "1", "-t", "reading").stdout.strip()
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' '{FAKE_EDITOR}' replace "
                       "'Keep me' 'My careful words'")  # fmt: skip
    monkeypatch.setattr("cpdlog.store.activities.replace_activity", _disk_full)
    result = cli("edit", aid, code=1)
    (rescued,) = (home / "rescue").glob(f"{aid}-*.toml.txt")
    assert "My careful words" in rescued.read_text()
    assert str(rescued) in result.stderr
    assert "the disk is full" in result.stderr


def test_an_add_edit_that_cannot_be_written_is_rescued(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / "new.toml"
    written.write_text('title = "Typed with care"\nhours = 1.5\ntype = "course"\n')
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' '{FAKE_EDITOR}' write "
                       f"'{written}'")  # fmt: skip
    monkeypatch.setattr("cpdlog.store.activities.add_activity", _disk_full)
    result = cli("add", "--edit", code=1)
    (rescued,) = (home / "rescue").glob("new-*.toml.txt")
    assert "Typed with care" in rescued.read_text()
    assert str(rescued) in result.stderr


def test_rescue_falls_back_to_the_private_state_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #12 item 4: never a fixed name in a shared folder."""
    aid = cli("add", "Keep me", "--hours", "1", "-t", "reading").stdout.strip()
    (home / "rescue").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' '{FAKE_EDITOR}' replace "
                       "'hours = 1.0' 'hours = -1'")  # fmt: skip
    result = cli("edit", aid, code=1)
    folder = tmp_path / "state" / "cpdlog" / "rescue"
    (rescued,) = folder.glob(f"{aid}-*.toml.txt")
    assert "hours = -1" in rescued.read_text()
    assert str(rescued) in result.stderr
    assert folder.stat().st_mode & 0o777 == 0o700


def test_rescue_never_reuses_a_folder_others_can_write(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state folder another user could have made (or opened to others) is
    skipped: the text goes to a new private folder made by mkdtemp."""
    aid = cli("add", "Keep me", "--hours", "1", "-t", "reading").stdout.strip()
    (home / "rescue").write_text("a file where the folder should be")
    shared = tmp_path / "state" / "cpdlog" / "rescue"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' '{FAKE_EDITOR}' replace "
                       "'hours = 1.0' 'hours = -1'")  # fmt: skip
    result = cli("edit", aid, code=1)
    assert not list(shared.iterdir())
    (rescued,) = (tmp_path / "tmp").glob(f"cpdlog-rescue-*/{aid}-*.toml.txt")
    assert rescued.parent.stat().st_mode & 0o777 == 0o700
    assert str(rescued) in result.stderr


@pytest.mark.parametrize("by_descriptor", [True, False])
def test_a_folder_that_cannot_be_read_is_named(
    home: Path, monkeypatch: pytest.MonkeyPatch, by_descriptor: bool
) -> None:
    """Either way of reading folders (through a descriptor, or by path as
    on Windows) names it; a crash there once escaped the path way."""
    monkeypatch.setattr("cpdlog.store.index._BY_DESCRIPTOR", by_descriptor)
    write_activity(home, "2026-05-04-a-aaaa.toml", activity_text(id="aaaa"))
    write_activity(home, "2025-05-04-b-bbbb.toml",
                   activity_text(id="bbbb", date="2025-05-04"), "2025")  # fmt: skip
    locked = str(home / "activities" / "2025")

    # As root nothing is unreadable, so the folder's opening fails: through
    # a descriptor (os.open) or by its path (os.scandir), as the system has it.
    def refusing(real):
        def call(path, *args, **kwargs):
            if str(path) == locked:
                raise PermissionError(13, "Permission denied", path)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr("cpdlog.store.index.os.scandir", refusing(os.scandir))
    monkeypatch.setattr("cpdlog.store.index.os.open", refusing(os.open))
    data = json.loads(cli("status", "--json", code=1).stdout)
    assert [p["path"] for p in data["problems"]] == [locked]
    assert "this folder cannot be read: permission denied" in data["problems"][0][
        "message"]  # fmt: skip
    assert cli("check", code=1).exit_code == 1


def test_a_linked_year_folder_is_read(home: Path, tmp_path: Path) -> None:
    cli("add", "First", "--hours", "1", "-t", "reading", "--date", "2026-05-04")
    real = tmp_path / "elsewhere-2026"
    (home / "activities" / "2026").rename(real)
    (home / "activities" / "2026").symlink_to(real, target_is_directory=True)
    aid = cli("add", "Second", "--hours", "2", "-t", "reading").stdout.strip()
    assert json.loads(cli("status", "--json").stdout)["hours"] == 3.0
    assert json.loads(cli("show", aid, "--json").stdout)["title"] == "Second"


@pytest.mark.parametrize("value", ["1e400", "0.001", "nan", "-3"])
def test_init_refuses_a_target_no_status_could_use(home: Path, value: str) -> None:
    fails_cleanly(cli("init", "--target-hours", value, code=2), 2)
    assert not home.exists()


def test_prompts_go_to_stderr_so_stdout_is_only_the_id(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cpdlog.cli.add.interactive", lambda: True)
    # the date (Enter: today), the type, no areas, no reflection
    result = cli("add", "Chat", "--hours", "1", input="\npeer-discussion\n\n\n")
    # The test runner echoes each answer where the question went: stderr.
    assert "Type" in result.stderr
    assert len(result.stdout) == 5  # the ID and a newline, nothing else
    assert result.stdout.strip() in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "9999-12-31"],
        ["--as-of", "0002-01-01"],
        ["--since", "0001-01-01", "--as-of", "0001-12-31"],
        ["--as-of", "0001-03-01", "--scheme", "all"],
    ],
)
def test_status_at_the_ends_of_the_calendar(home: Path, args: list[str]) -> None:
    write_activity(
        home,
        "9999-06-01-far-e999.toml",
        activity_text(id="e999", date="9999-06-01", hours=20.0),
        "9999",
    )
    data = json.loads(cli("status", "--json", *args).stdout)
    assert data["window"]["end"] == args[args.index("--as-of") + 1]


def test_the_editor_never_edits_a_toml_file(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC: temporary files are never named *.toml."""
    aid = cli("add", "X", "--hours", "1", "-t", "reading").stdout.strip()
    seen = tmp_path / "seen"
    code = f"import sys; open({str(seen)!r}, 'w').write(sys.argv[1])"
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' -c \"{code}\"")
    cli("edit", aid)
    assert not seen.read_text().endswith(".toml")


def test_messages_fold_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    result = cli("--home", str(EXAMPLE), "statement", "check")
    assert max(len(line) for line in result.stderr.splitlines()) <= 40
    before = snapshot(EXAMPLE)
    assert snapshot(EXAMPLE) == before


def test_folders_read_by_descriptor_or_by_path_give_the_same_answers(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan reads folders through a descriptor where the system allows
    it (one name's look-up per stat, issue #14) and by path elsewhere
    (Windows): nested, linked, hidden, dangling and looping entries count
    or are named the same either way."""
    write_activity(home, "2026-05-04-a-aaaa.toml", activity_text(id="aaaa"))
    deep = home / "activities" / "2025" / "deep"
    deep.mkdir(parents=True)
    (deep / "2025-05-04-b-bbbb.toml").write_text(
        activity_text(id="bbbb", date="2025-05-04", hours=2.0))  # fmt: skip
    (home / "activities" / "2026" / ".hidden-cccc.toml").write_text(
        activity_text(id="cccc"))  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2026-03-01-d-dddd.toml").write_text(
        activity_text(id="dddd", date="2026-03-01", hours=3.0))  # fmt: skip
    (home / "activities" / "linked").symlink_to(elsewhere, target_is_directory=True)
    (home / "activities" / "mirror").symlink_to(home, target_is_directory=True)
    (home / "activities" / "2026" / "2026-01-01-gone-eeee.toml").symlink_to(
        tmp_path / "nowhere.toml")  # fmt: skip

    def answers() -> list[str]:
        return [
            cli("status", "--json", "--as-of", "2026-11-30", code=1).stdout,
            cli("list", "--json", code=1).stdout,
            cli("check", code=1).stdout,
        ]

    by_descriptor = answers()
    monkeypatch.setattr("cpdlog.store.index._BY_DESCRIPTOR", False)
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(tmp_path / "another-cache"))
    assert answers() == by_descriptor
    report = json.loads(by_descriptor[0])
    assert report["hours"] == 4.0  # 2025-05-04 is before the window
    assert len(json.loads(by_descriptor[1])) == 3
    assert [p["path"] for p in report["problems"]] == [
        str(home / "activities" / "2026" / "2026-01-01-gone-eeee.toml")]  # fmt: skip


@pytest.mark.parametrize("by_descriptor", [True, False])
def test_a_home_without_an_activities_folder_is_empty(
    home: Path, monkeypatch: pytest.MonkeyPatch, by_descriptor: bool
) -> None:
    monkeypatch.setattr("cpdlog.store.index._BY_DESCRIPTOR", by_descriptor)
    cli("init", "--name", "Ann")
    (home / "activities").rmdir()  # as a synced or hand-made home may be
    assert json.loads(cli("status", "--json").stdout)["entries"] == 0
    assert json.loads(cli("list", "--json").stdout) == []


@pytest.mark.parametrize("inner_first", [True, False])
def test_a_folder_reached_through_two_links_counts_once(
    home: Path, tmp_path: Path, inner_first: bool
) -> None:
    """One link names a folder, another the folder inside it: whichever is
    read first, the inner folder's files count once and are no conflict."""
    inner = tmp_path / "elsewhere" / "inner"
    inner.mkdir(parents=True)
    (inner / "2026-03-01-d-dddd.toml").write_text(
        activity_text(id="dddd", date="2026-03-01", hours=3.0))  # fmt: skip
    targets = [inner, inner.parent] if inner_first else [inner.parent, inner]
    (home / "activities").mkdir(parents=True)
    for name, target in zip(("link-a", "link-b"), targets, strict=True):
        (home / "activities" / name).symlink_to(target, target_is_directory=True)
    report = json.loads(cli("status", "--json", "--as-of", "2026-11-30").stdout)
    assert report["hours"] == 3.0
    assert report["problems"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", ""], ["status", "--json", "--since", ""],
        ["status", "--short", "--scheme", ""], ["status", "--scheme", " "],
        ["list", "--from", ""], ["list", "--json", "--to", ""],
        ["export", "--since", ""], ["export", "-o", ""], ["share", "-o", ""],
        ["share", "--as-of", ""], ["pack", "-o", ""], ["pksb", "--as-of", ""],
        ["statement", "draft", "--stdout", "--as-of", ""], ["--home", "", "status"],
        ["import", str(EXAMPLE.parent / "calendar.ics"), "--since", ""],
        ["pack", "--verify", "p.zip", "--as-of", ""],
    ],
)  # fmt: skip
def test_an_empty_value_is_a_bad_value_not_a_left_out_option(
    example: Path, args: list[str]
) -> None:
    """SPEC: a bad value on the command line is exit 2. An empty one was
    taken as the option left out (`--as-of ""` judged today, `-o ""`
    printed the export), so a script's empty variable went unnoticed."""
    before = snapshot(example)
    home = [] if args[0] == "--home" else ["--home", str(example)]
    fails_cleanly(cli(*home, *args, code=2), 2)
    assert snapshot(example) == before


@pytest.mark.skipif(sys.platform == "win32", reason="time.tzset")
@pytest.mark.parametrize(
    ("zone", "today"),
    [("America/Los_Angeles", "2026-11-30"), ("Pacific/Auckland", "2026-12-01"),
     ("UTC", "2026-12-01")],
)  # fmt: skip
def test_today_is_the_local_date_of_a_fixed_clock_too(
    home: Path, monkeypatch: pytest.MonkeyPatch, zone: str, today: str
) -> None:
    """SPEC: today is the local date. Under CPDLOG_TEST_NOW it was the date
    as written in the variable, whatever TZ said."""
    import time

    monkeypatch.setenv("CPDLOG_TEST_NOW", "2026-12-01T02:00:00Z")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        aid = cli("add", "Now", "--hours", "1", "-t", "reading").stdout.strip()
        assert json.loads(cli("show", aid, "--json").stdout)["date"] == today
        cli("add", "Later", "--hours", "1", "-t", "reading", "--date", "2026-12-01",
            code=0 if today == "2026-12-01" else 2)  # fmt: skip
    finally:
        monkeypatch.undo()
        time.tzset()


def test_show_puts_a_long_path_on_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC: no line wider than the terminal, but for a path, which is never
    folded: at 40 columns the path shared its line with its label."""
    home = tmp_path / "a-long-folder-name-for-a-home"
    monkeypatch.setenv("CPDLOG_HOME", str(home))
    aid = cli("add", "Some reading", "--hours", "1", "-t", "reading").stdout.strip()
    (path,) = home.glob(f"activities/*/*-{aid}.toml")
    for columns in ("40", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        lines = cli("show", aid).stdout.splitlines()
        assert str(path) in [line.split("File")[-1].strip() for line in lines]
        assert all(len(line) <= int(columns) for line in lines if str(path) not in line)
        if columns == "40":
            assert str(path) in lines
