"""cpdlog rm and restore: the trash keeps removed activities and their IDs."""

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot


@pytest.fixture
def reading(home: Path) -> str:
    return add("Reading", "--hours", "1", "-t", "reading", "--date", "2025-12-14")


def listed() -> list[str]:
    return [item["id"] for item in json.loads(cli("list", "--json").stdout)]


def test_rm_without_yes_and_terminal_is_exit_2(reading: str, home: Path) -> None:
    before = snapshot(home)
    result = cli("rm", reading, code=None)
    fails_cleanly(result, 2)
    assert "--yes" in result.stderr
    assert snapshot(home) == before


def test_rm_yes_moves_the_file_to_the_trash(reading: str, home: Path) -> None:
    (path,) = files(home)
    original = path.read_bytes()
    result = cli("rm", reading, "--yes")
    assert result.stdout == ""
    assert f"cpdlog restore {reading}" in result.stderr
    assert not path.exists()
    trash = home / ".trash"
    assert stat.S_IMODE(trash.stat().st_mode) == 0o700
    (trashed,) = trash.iterdir()
    assert trashed.read_bytes() == original
    assert listed() == []


def test_show_of_a_trashed_activity_says_how_to_restore(
    reading: str, home: Path
) -> None:
    cli("rm", reading, "--yes")
    for command in (["show", reading], ["edit", reading, "--hours", "2"]):
        before = snapshot(home)
        result = cli(*command, code=None)
        fails_cleanly(result, 2)
        assert f"cpdlog restore {reading}" in result.stderr
        assert snapshot(home) == before


def test_rm_by_prefix(reading: str, home: Path) -> None:
    cli("rm", reading[:3], "--yes")
    assert files(home) == []


def test_restore_brings_it_back_to_its_year_folder(reading: str, home: Path) -> None:
    (path,) = files(home)
    original = path.read_bytes()
    cli("rm", reading, "--yes")
    result = cli("restore", reading)
    assert reading in result.stderr
    (back,) = files(home)
    assert back.parent == home / "activities" / "2025"
    assert back.read_bytes() == original
    assert listed() == [reading]
    assert list((home / ".trash").iterdir()) == []


def test_restore_by_prefix(reading: str, home: Path) -> None:
    cli("rm", reading, "--yes")
    cli("restore", reading[:2])
    assert listed() == [reading]


@pytest.mark.parametrize("given", ["zzzz", "../.."])
def test_restore_of_an_unknown_id_is_exit_2(
    reading: str, home: Path, given: str
) -> None:
    cli("rm", reading, "--yes")
    before = snapshot(home)
    result = cli("restore", given, code=None)
    fails_cleanly(result, 2)
    assert snapshot(home) == before


def test_restore_of_an_active_activity_is_exit_2(reading: str, home: Path) -> None:
    before = snapshot(home)
    result = cli("restore", reading, code=None)
    fails_cleanly(result, 2)
    assert snapshot(home) == before


def test_rm_of_an_unknown_id_is_exit_2(reading: str, home: Path) -> None:
    before = snapshot(home)
    result = cli("rm", "zzzz", "--yes", code=None)
    fails_cleanly(result, 2)
    assert snapshot(home) == before


def test_the_id_of_a_trashed_activity_is_never_reused(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("rm", reading, "--yes")
    candidates = iter([reading, "wxyz"])
    monkeypatch.setattr("cpdlog.core.ids._random_letters", lambda _n: next(candidates))
    new = add("Another reading", "--hours", "1", "-t", "reading")
    assert new != reading
    assert new == "wxyz"
    cli("restore", reading)
    assert sorted(listed()) == sorted([reading, new])


def test_the_id_of_an_active_activity_is_never_reused(
    reading: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidates = iter([reading, "wxyz"])
    monkeypatch.setattr("cpdlog.core.ids._random_letters", lambda _n: next(candidates))
    assert add("Another reading", "--hours", "1", "-t", "reading") == "wxyz"


def test_rm_answered_no_removes_nothing(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cpdlog.cli.log.interactive", lambda: True)
    before = snapshot(home)
    result = cli("rm", reading, input="n\n")
    assert "Nothing removed" in result.stderr
    assert snapshot(home) == before


def test_rm_answered_yes_removes_it(
    reading: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cpdlog.cli.log.interactive", lambda: True)
    cli("rm", reading, input="y\n")
    assert files(home) == []
    assert listed() == []


def test_trashed_file_stays_private(reading: str, home: Path) -> None:
    cli("rm", reading, "--yes")
    (trashed,) = (home / ".trash").iterdir()
    assert stat.S_IMODE(trashed.stat().st_mode) == 0o600


def test_restore_of_an_ambiguous_prefix_lists_both(home: Path) -> None:
    first = add("One", "--hours", "1", "-t", "reading")
    second = add("Two", "--hours", "1", "-t", "reading")
    cli("rm", first, "--yes")
    cli("rm", second, "--yes")
    common = ""
    while first[len(common)] == second[len(common)]:
        common += first[len(common)]
    result = cli("restore", common, code=None)
    if common:
        fails_cleanly(result, 2)
        assert first in result.stderr
        assert second in result.stderr
    else:
        fails_cleanly(result, 2)


def test_list_and_check_ignore_the_trash(reading: str, home: Path) -> None:
    cli("rm", reading, "--yes")
    assert "Checked 0 activity" in cli("check").stdout
