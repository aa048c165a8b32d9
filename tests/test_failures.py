"""The file system says no: a sentence, the right exit code, nothing changed."""

import errno
import os
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot

COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["add", "Reading", "--hours", "1", "-t", "reading"],
    ["show", "x"],
    ["edit", "x", "--hours", "2"],
    ["rm", "x", "--yes"],
    ["restore", "x"],
    ["check"],
    ["init"],
]


@pytest.mark.parametrize(
    "command",
    COMMANDS,
    ids=lambda c: " ".join(c[:2]),
)
def test_a_home_that_is_a_file(home: Path, command: list[str]) -> None:
    home.write_text("not a folder\n")
    result = cli(*command, code=None)
    fails_cleanly(result, 1)
    assert str(home) in result.stderr
    assert "not a folder" in result.stderr
    assert home.read_text() == "not a folder\n"


def test_a_home_under_a_file(home: Path) -> None:
    home.write_text("not a folder\n")
    result = cli(
        "--home", str(home / "inner"), "add", "R", "-H", "1", "-t", "reading", code=None
    )
    fails_cleanly(result, 1)
    assert home.read_text() == "not a folder\n"


def _refuse_writes_under(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """os.open fails with EACCES for a file created or written under home."""
    real_open = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def guarded(path, flags, *args, **kwargs):
        if flags & writing and str(path).startswith(str(home)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


def test_add_to_a_home_that_cannot_be_written(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add("First", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    _refuse_writes_under(monkeypatch, home)
    result = cli("add", "Second", "--hours", "1", "-t", "reading", code=None)
    fails_cleanly(result, 1)
    assert "permission denied" in result.stderr
    assert snapshot(home) == before


def test_edit_in_a_home_that_cannot_be_written(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = add("First", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    _refuse_writes_under(monkeypatch, home)
    result = cli("edit", activity_id, "--provider", "CILIP", code=None)
    fails_cleanly(result, 1)
    assert "permission denied" in result.stderr
    assert snapshot(home) == before


def test_add_to_a_read_only_folder(home: Path) -> None:
    add("First", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    year = home / "activities" / "2026"
    year.chmod(0o500)
    try:
        if os.access(year, os.W_OK):
            pytest.skip("running as a user who can write to a 0500 folder (root)")
        result = cli("add", "Second", "--hours", "1", "-t", "reading", code=None)
        fails_cleanly(result, 1)
        assert "permission denied" in result.stderr
        assert snapshot(home) == before
    finally:
        year.chmod(0o700)


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cpdlog.store.atomic.os.write", no_space)


def test_add_on_a_full_disk_leaves_no_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add("First", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    _full_disk(monkeypatch)
    result = cli("add", "Second", "--hours", "1", "-t", "reading", code=None)
    fails_cleanly(result, 1)
    assert "disk is full" in result.stderr
    assert snapshot(home) == before


def test_add_on_a_full_disk_to_a_new_home_leaves_no_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk(monkeypatch)
    result = cli("add", "First", "--hours", "1", "-t", "reading", code=None)
    fails_cleanly(result, 1)
    assert "disk is full" in result.stderr
    assert [path for path in home.rglob("*") if not path.is_dir()] == []


def test_add_on_a_full_disk_does_not_create_the_home(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk(monkeypatch)
    cli("add", "First", "--hours", "1", "-t", "reading", code=1)
    assert not home.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--provider", "CILIP"],
        ["--title", "Renamed"],
    ],
)
def test_edit_on_a_full_disk_changes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    activity_id = add("First", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    _full_disk(monkeypatch)
    result = cli("edit", activity_id, *args, code=None)
    fails_cleanly(result, 1)
    assert "disk is full" in result.stderr
    assert snapshot(home) == before


def test_init_on_a_full_disk_writes_no_profile(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_disk(monkeypatch)
    result = cli("init", code=None)
    fails_cleanly(result, 1)
    assert "disk is full" in result.stderr
    assert not (home / "cpdlog.toml").exists()
    assert [path for path in home.rglob("*") if not path.is_dir()] == []


def _unreadable(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_list_names_an_unreadable_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = add("Kept", "--hours", "1", "-t", "reading")
    add("Locked", "--hours", "1", "-t", "reading", "--date", "2026-01-01")
    locked = next(path for path in files(home) if "locked" in path.name)
    before = snapshot(home)
    _unreadable(monkeypatch, locked)
    result = cli("list", code=1)
    monkeypatch.undo()
    assert kept in result.stdout
    assert str(locked) in result.stderr
    assert "permission denied" in result.stderr
    assert snapshot(home) == before


def test_list_names_a_chmod_000_file(home: Path) -> None:
    kept = add("Kept", "--hours", "1", "-t", "reading")
    add("Locked", "--hours", "1", "-t", "reading", "--date", "2026-01-01")
    locked = next(path for path in files(home) if "locked" in path.name)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read a 0000 file (root)")
        result = cli("list", code=1)
        assert kept in result.stdout
        assert str(locked) in result.stderr
    finally:
        locked.chmod(0o600)


def test_show_of_an_unreadable_file_is_exit_1(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity_id = add("Locked", "--hours", "1", "-t", "reading")
    cli("list")  # the index now knows the file
    (locked,) = files(home)
    _unreadable(monkeypatch, locked)
    result = cli("show", activity_id, code=None)
    fails_cleanly(result, 1)
    assert str(locked) in result.stderr
