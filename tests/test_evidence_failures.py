"""A full disk during attach or pack leaves the home and the target as they
were (issue 15): a sentence, exit 1, nothing half-written anywhere."""

import errno
import os
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, snapshot


class _Disk:
    """Room for `room` more bytes, then ENOSPC."""

    def __init__(self, room: int) -> None:
        self.room = room

    def take(self, size: int) -> None:
        if size > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= size


class _FillsUp:
    """A file object that writes while the disk has room."""

    def __init__(self, handle, disk: _Disk) -> None:
        self._handle = handle
        self._disk = disk

    def write(self, data) -> int:
        self._disk.take(len(data))
        return self._handle.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """What cpdlog writes atomically (streamed or as bytes) fits in `room`
    bytes at most; then the disk is full."""
    disk = _Disk(room)
    real_fdopen, real_write = os.fdopen, os.write

    def fdopen(fd: int, *args, **kwargs):
        return _FillsUp(real_fdopen(fd, *args, **kwargs), disk)

    def write(fd: int, data) -> int:
        disk.take(len(data))
        return real_write(fd, data)

    monkeypatch.setattr("cpdlog.store.atomic.os.fdopen", fdopen)
    monkeypatch.setattr("cpdlog.store.atomic.os.write", write)


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "recording.pdf"
    path.write_bytes(os.urandom(3 << 20))
    return path


def test_attach_on_a_full_disk_changes_nothing(
    home: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add("Course", "--hours", "1", "-t", "course")
    before = snapshot(home)
    _disk_fills_after(monkeypatch, 1 << 20)
    result = cli("attach", aid, str(big), code=1)
    fails_cleanly(result, 1)
    assert "the disk is full" in result.stderr
    assert snapshot(home) == before


def test_attach_whose_activity_cannot_be_written_removes_its_copies(
    home: Path, big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies fit; the activity file after them does not."""
    aid = add("Course", "--hours", "1", "-t", "course")
    small = tmp_path / "note.txt"
    small.write_text("a note")
    before = snapshot(home)
    _disk_fills_after(monkeypatch, 100)
    result = cli("attach", aid, str(small), code=1)
    assert "the disk is full" in result.stderr
    assert snapshot(home) == before


def test_add_attach_on_a_full_disk_writes_nothing(
    home: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("init")
    before = snapshot(home)
    _disk_fills_after(monkeypatch, 1 << 20)
    result = cli("add", "Course", "--hours", "1", "-t", "course",
                 "--attach", str(big), code=1)  # fmt: skip
    fails_cleanly(result, 1)
    assert snapshot(home) == before


def test_pack_on_a_full_disk_leaves_no_file(
    home: Path, big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add("Course", "--hours", "1", "-t", "course")
    cli("attach", aid, str(big))
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(home)
    _disk_fills_after(monkeypatch, 1 << 20)
    result = cli("pack", "-o", str(out / "pack.zip"), code=1)
    fails_cleanly(result, 1)
    assert "the disk is full" in result.stderr
    assert list(out.iterdir()) == []
    assert snapshot(home) == before
