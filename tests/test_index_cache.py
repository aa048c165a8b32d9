"""The index's cache holds an entry for exactly the files there are, and never
changes a figure, whatever happened to the files since it was saved.

The index updates the cache it loaded in place (issue #14: building a new
dict of 50,000 entries cost 30 ms of every status), so an entry of a file
removed, renamed, edited or still racy must go or change: a property test
runs random histories of such changes against a fresh read.
"""

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdlog.store import cache, index
from tests.handmade import activity_text, write_activity

# What happens to the log between two scans: (what, which file, hours).
_STEP = st.tuples(
    st.sampled_from(["add", "remove", "edit", "rename", "damage"]),
    st.integers(0, 5),
    st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.5]),
)


def _cached(root: Path) -> dict[str, object]:
    return cache.load(cache.cache_file(root), root)


def _minutes(found: index.Index) -> int:
    return sum(summary.minutes for _path, summary in found.activities)


def _apply(root: Path, step: tuple[str, int, float], files: dict[int, Path]) -> None:
    what, number, hours = step
    path = files.get(number)
    if what == "add" and path is None:
        text = activity_text(id=f"id{number:02d}", hours=hours)
        files[number] = write_activity(root, f"2026-05-04-a-id{number:02d}.toml", text)
    elif path is None:
        return
    elif what == "remove":
        path.unlink()
        del files[number]
    elif what == "edit":  # same name, new hours (and size, mostly)
        path.write_text(activity_text(id=f"id{number:02d}", hours=hours))
    elif what == "rename":  # a sync tool moving it to another year folder
        folder = (
            root / "activities" / ("2025" if path.parent.name == "2026" else "2026")
        )
        folder.mkdir(exist_ok=True)
        files[number] = path.rename(folder / path.name)
    else:  # damaged: counted as a problem, cached as one
        path.write_text("hours = \n")


@settings(max_examples=40, deadline=None)
@given(history=st.lists(st.lists(_STEP, max_size=4), min_size=1, max_size=6))
def test_the_cache_follows_every_change_to_the_files(
    history: list[list[tuple[str, int, float]]],
) -> None:
    # The racy window is what keeps a just-written file out of the cache;
    # here every file is old enough at once, so every one is cached.
    with (
        tempfile.TemporaryDirectory() as folder,
        pytest.MonkeyPatch.context() as monkeypatch,
    ):
        root = Path(folder) / "home"
        monkeypatch.setenv("CPDLOG_CACHE_DIR", str(Path(folder) / "cache"))
        monkeypatch.setattr(cache, "_RACY_FINE_NS", -1)
        files: dict[int, Path] = {}
        for steps in history:
            for step in steps:
                _apply(root, step, files)
            cached_build = index.build(root, root / "activities")
            entries = _cached(root)
            assert set(entries) == {
                str(path.relative_to(root)) for path in files.values()
            }
            # A fresh read (no cache at all) gives the same index.
            monkeypatch.setenv("CPDLOG_CACHE_DIR", "")
            fresh = index.build(root, root / "activities")
            monkeypatch.setenv("CPDLOG_CACHE_DIR", str(Path(folder) / "cache"))
            assert _minutes(cached_build) == _minutes(fresh)
            assert sorted(cached_build.rows) == sorted(fresh.rows)
            assert [p.path for p in cached_build.problems] == [
                p.path for p in fresh.problems
            ]


def _settle() -> None:
    """Let fresh files age past the racy window (50 ms), so they are cached."""
    time.sleep(0.12)


def test_a_racy_file_leaves_the_cache_until_it_settles(home: Path) -> None:
    """A file changed within the timestamp tick of a scan may change again
    unseen: its old entry goes, and it is cached again once it is older."""
    path = write_activity(home, "2026-05-04-a-raaa.toml", activity_text(id="raaa"))
    _settle()
    index.build(home, home / "activities")
    assert list(_cached(home)) == ["activities/2026/2026-05-04-a-raaa.toml"]
    path.write_text(activity_text(id="raaa", hours=2.0))  # just now: racy
    assert _minutes(index.build(home, home / "activities")) == 120
    assert _cached(home) == {}
    _settle()
    assert _minutes(index.build(home, home / "activities")) == 120
    assert list(_cached(home)) == ["activities/2026/2026-05-04-a-raaa.toml"]


def test_a_folder_gone_takes_its_entries_with_it(home: Path) -> None:
    for year in ("2024", "2025", "2026"):
        text = activity_text(id=f"y{year}", date=f"{year}-05-04")
        write_activity(home, f"{year}-05-04-a-y{year}.toml", text, year)
    _settle()
    index.build(home, home / "activities")
    assert len(_cached(home)) == 3
    shutil.rmtree(home / "activities" / "2025")
    assert len(index.build(home, home / "activities").rows) == 2
    assert sorted(_cached(home)) == [
        "activities/2024/2024-05-04-a-y2024.toml",
        "activities/2026/2026-05-04-a-y2026.toml",
    ]


@pytest.mark.parametrize(
    "damage",
    [None, 7, "text", (), (1, 2), [1, 2, 3, 4, None], {0: 1, 1: 2, 2: 3, 3: 4}],
)
def test_a_damaged_entry_is_read_again(home: Path, damage: object) -> None:
    """An entry of the wrong shape (a dict once escaped as a KeyError) is
    a file to read again, never a crash or a figure."""
    path = write_activity(home, "2026-05-04-a-daaa.toml", activity_text(id="daaa"))
    _settle()
    index.build(home, home / "activities")
    entries = _cached(home)
    rel = str(path.relative_to(home))
    if isinstance(damage, dict):  # keyed like the stat key's fields
        stat = path.stat()
        damage = {0: stat.st_mtime_ns, 1: stat.st_ctime_ns, 2: stat.st_size,
                  3: stat.st_ino}  # fmt: skip
    entries[rel] = damage
    cache.save(cache.cache_file(home), home, entries)
    assert _minutes(index.build(home, home / "activities")) == 60
    assert _cached(home)[rel] != damage
