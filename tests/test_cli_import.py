"""`cpdlog import`: calendars and CSV logs become drafts in the inbox, once.

The importers' own exactness is tests/test_importer.py's; here every SPEC
line of `import` is driven through the command line, as a user runs it,
on the same fixture calendars (tests/data/ics/, written as Outlook, Google,
Zoom, Apple and Thunderbird write them).
"""

import json
import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cpdlog.importer.from_csv import HEADER
from tests.conftest import ROOT, cli, fails_cleanly, snapshot
from tests.test_importer import DATA, FIXTURES, WEEKLY

CALENDAR = ROOT / "examples" / "calendar.ics"
FIXED = "2025-06-30"  # the importer tests' today: their expectations hold up to it


def drafts(*args: str) -> list[dict[str, Any]]:
    return json.loads(cli(*args, "inbox", "--json").stdout)


def brief(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(title, date, end_date, hours, source) of each draft, as the importer
    tests write them, in source order."""
    rows = [
        (d["title"], date.fromisoformat(d["date"]),
         date.fromisoformat(d["end_date"]) if d["end_date"] else None,
         d["hours"], d["source"])
        for d in items
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row[4])


def said(result: Any) -> str:
    """stderr with the folding to the terminal undone."""
    return " ".join(result.stderr.split())


def imported(path: Path, *args: str, code: int = 0) -> Any:
    return cli("import", str(path), *args, code=code)


def summary(*args: str) -> dict[str, Any]:
    return json.loads(cli("import", *args, "--json").stdout)


# --- calendars -------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items())
def test_every_fixture_calendar_imports_each_past_occurrence_once(
    home: Path, name: str, expected: list[tuple[Any, ...]]
) -> None:
    """Outlook (Windows zone names, its VTIMEZONEs), Google (X-WR-TIMEZONE),
    Zoom, Apple (all-day over several days), Thunderbird, cancelled, floating
    and unknown zones: the drafts are exactly the importer's, and a second
    import adds nothing."""
    result = imported(DATA / "ics" / name, "--until", FIXED)
    assert brief(drafts()) == sorted(expected, key=lambda row: row[4])
    assert f"Imported {len(expected)} new draft" in said(result)
    assert "(0 already known)" in said(result)
    again = imported(DATA / "ics" / name, "--until", FIXED)
    assert f"Nothing new in {name}: {len(expected)} already known." in said(again)
    assert len(drafts()) == len(expected)


def test_weekly_series_with_exdate_and_moved_and_cancelled_occurrences(
    home: Path,
) -> None:
    """Tuesdays from 7 January 2025 up to today (23 November 2026): the
    EXDATE and the cancelled one left out, the moved one on its new day and
    named by its original start."""
    imported(DATA / "ics" / "weekly.ics")
    found = {d["source"]: d for d in drafts()}
    tuesdays = [date(2025, 1, 7) + timedelta(weeks=n) for n in range(120)]
    past = [day for day in tuesdays if day <= date(2026, 11, 23)]
    past.remove(date(2025, 1, 21))  # EXDATE
    past.remove(date(2025, 2, 18))  # STATUS:CANCELLED
    assert set(found) == {f"{WEEKLY}{day:%Y%m%d}T100000" for day in past}
    moved = found[f"{WEEKLY}20250204T100000"]
    assert (moved["date"], moved["title"]) == (
        "2025-02-05",
        "Journal club (moved to Wednesday)",
    )


def test_draft_fields_from_the_calendar(home: Path) -> None:
    """Title, local date, end_date of an all-day event over several days (its
    DTEND is the day after), no hours for all-day, description, URL as
    evidence, source; what a draft lacks is null or []."""
    imported(DATA / "ics" / "apple.ics")
    conference, video = drafts()
    assert conference["date"] == "2025-04-16"
    assert conference["end_date"] == "2025-04-18"
    assert conference["hours"] is None
    assert conference["evidence"] == ["https://www.lagconference.example.ie/2025"]
    assert conference["missing"] == ["hours", "type"]
    assert video["hours"] == 1.25
    assert video["description"] == "Recorded talk; notes in my journal."
    assert video["missing"] == ["type"]
    for draft in (conference, video):
        assert draft["type"] is None
        assert draft["areas"] == []
        assert draft["tags"] == []
        assert draft["path"].startswith(str(home / "inbox") + os.sep)


def test_future_and_cancelled_events_are_skipped(home: Path) -> None:
    """The example calendar: a cancelled webinar and a meeting after today
    are not drafts; the monthly series has its August EXDATE left out and
    its October meeting moved to the Thursday."""
    imported(CALENDAR)
    titles = [d["title"] for d in drafts()]
    assert len(titles) == 10
    assert not any("RDA Toolkit" in title for title in titles)
    assert "Reading-list policy working group" not in titles
    dates = [d["date"] for d in drafts() if d["source"].startswith("ics:4k2c")]
    assert dates == ["2026-06-09", "2026-07-14", "2026-09-08", "2026-10-15",
                     "2026-11-10"]  # fmt: skip


def test_since_and_until_choose_the_dates(home: Path) -> None:
    imported(CALENDAR, "--since", "2026-09-01", "--until", "2026-10-31")
    assert [d["date"] for d in drafts()] == [
        "2026-09-08", "2026-09-16", "2026-10-07", "2026-10-15", "2026-10-28",
    ]  # fmt: skip
    result = imported(CALENDAR)  # the rest, later
    assert "Imported 5 new drafts from calendar.ics (5 already known)" in said(result)


def test_an_unknown_time_zone_is_imported_with_a_warning_naming_it(home: Path) -> None:
    result = imported(DATA / "ics" / "unknown-tz.ics")
    assert "warning: The time zone 'Campus Local Time'" in said(result)
    assert "is unknown: its times were read as written" in said(result)
    assert len(drafts()) == 1


def test_the_format_comes_from_the_name_or_the_first_line(
    home: Path, tmp_path: Path
) -> None:
    """.ics and .csv by name; a calendar saved without the ending is known by
    its BEGIN:VCALENDAR; anything else needs --format."""
    plain = tmp_path / "calendar-download"
    shutil.copy(DATA / "ics" / "zoom.ics", plain)
    imported(plain)
    assert len(drafts()) == 1
    text = tmp_path / "log.txt"
    shutil.copy(DATA / "cpdlog-pypi.csv", text)
    before = snapshot(home)
    fails_cleanly(imported(text, code=2), 2)
    assert "add --format ics or --format csv" in said(imported(text, code=2))
    assert snapshot(home) == before
    imported(text, "--format", "csv")
    assert len(drafts()) > 1
    fails_cleanly(imported(text, "--format", "xls", code=2), 2)


# --- bad input: a sentence, exit 2, nothing written ----------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.ics", b"Dear colleagues,\nplease find attached\n",
         "This is not an iCalendar (.ics) file: line 1 is"),
        ("truncated.ics", (DATA / "ics" / "truncated.ics").read_bytes(),
         "it was cut short. Download or export it again."),
        ("picture.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
         "This is not an iCalendar (.ics) file"),
        ("empty.ics", b"", "The file is empty"),
        ("other.csv", b"Date,Activity,Hours\r\n2025-01-01,Reading,1\r\n",
         "not a header cpdlog can import"),
        ("bad-row.csv", (",".join(HEADER) + "\r\nab3k,2025-03-14,,T,course,2.0,,,,,,,"
                         "\r\ncd4m,14/03/2025,,T,course,1,,,,,,,\r\n").encode(),
         "Line 3: the date '14/03/2025' is not a date"),
        ("short-row.csv", (",".join(HEADER) + "\r\nab3k,2025-03-14,T\r\n").encode(),
         "Line 2: 3 cells where the header has 13"),
        ("latin1.csv", (",".join(HEADER) + "\r\nab3k,2025-03-14,,Caf\xe9,,,,,,,,,"
                        "\r\n").encode("latin-1"),
         "Line 2: the CSV file is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_exit_2_and_writes_nothing(
    home: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    imported(DATA / "ics" / "zoom.ics")
    before = snapshot(home)
    path = tmp_path / name
    path.write_bytes(content)
    result = imported(path, code=2)
    fails_cleanly(result, 2)
    assert message in said(result)
    assert "Traceback" not in said(result)
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2026-05-01", "--until", "2026-04-01"),
         "--since 2026-05-01 is after --until 2026-04-01: swap them."),
        (("--since", "last week"), "--since"),
    ],
)  # fmt: skip
def test_bad_dates_are_exit_2(home: Path, args: tuple[str, ...], message: str) -> None:
    result = imported(CALENDAR, *args, code=2)
    fails_cleanly(result, 2)
    assert message in said(result)
    assert not home.exists()


def test_a_missing_file_or_a_folder_is_exit_2(home: Path, tmp_path: Path) -> None:
    for path in (tmp_path / "nowhere.ics", tmp_path):
        result = imported(path, code=2)
        fails_cleanly(result, 2)
        assert f"{path}: cannot be read" in said(result)
    assert not home.exists()


def test_a_failed_write_leaves_no_draft(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or none: when the fifth draft cannot be named, the four named
    before it and every temporary file are removed."""
    imported(DATA / "ics" / "zoom.ics")
    before = snapshot(home)
    real_link = os.link
    calls = []

    def failing(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real_link(source, target)

    monkeypatch.setattr(os, "link", failing)
    result = imported(CALENDAR, code=1)
    assert "the disk is full" in said(result)
    assert snapshot(home) == before


# --- dry run and JSON --------------------------------------------------------------


def test_dry_run_writes_nothing_and_lists_what_would_be_added(home: Path) -> None:
    result = imported(CALENDAR, "--dry-run")
    assert not home.exists()
    assert "CILIP Conference 2026" in result.stdout
    assert "hours, type" in result.stdout
    assert "Would import 10 new drafts from calendar.ics (0 already known); " \
        "nothing was written." in said(result)  # fmt: skip
    data = summary(str(CALENDAR), "--dry-run")
    assert not home.exists()
    assert data["dry_run"] is True
    assert data["known"] == 0
    assert len(data["new"]) == 10
    assert {d["id"] for d in data["new"]} == {None}
    assert {d["path"] for d in data["new"]} == {None}


def test_json_summary_lists_the_new_drafts_as_activity_objects(home: Path) -> None:
    data = summary(str(DATA / "ics" / "unknown-tz.ics"))
    assert data["dry_run"] is False
    assert data["known"] == 0
    assert len(data["warnings"]) == 1
    (draft,) = data["new"]
    assert list(draft) == [
        "id", "title", "date", "end_date", "hours", "type", "areas", "provider",
        "tags", "pksb", "evidence", "description", "reflection", "source",
        "created", "updated", "path", "missing",
    ]  # fmt: skip
    assert draft["missing"] == ["type"]
    assert Path(draft["path"]).exists()
    again = summary(str(DATA / "ics" / "unknown-tz.ics"))
    assert (again["new"], again["known"]) == ([], 1)


# --- CSV -------------------------------------------------------------------------


def test_the_pypi_cpdlog_log_imports(home: Path) -> None:
    result = imported(DATA / "cpdlog-pypi.csv")
    assert "Imported" in said(result)
    found = drafts()
    assert found
    assert all(d["source"].startswith("cpdlog-pypi:") for d in found)
    assert "Nothing new" in said(imported(DATA / "cpdlog-pypi.csv"))


def test_our_csv_into_the_home_it_came_from_is_known(example: Path) -> None:
    """Every row names an activity of this home by its ID and date."""
    csv_text = cli(
        "--home", str(example), "export", "-f", "csv", "--as-of", "2026-11-23"
    ).stdout
    path = example.parent / "log.csv"
    path.write_bytes(csv_text.encode())
    before = snapshot(example)
    result = cli("--home", str(example), "import", str(path))
    assert "Nothing new in log.csv: 30 already known." in said(result)
    assert snapshot(example) == before


def test_a_row_whose_id_is_taken_here_by_another_activity_gets_a_new_id(
    home: Path, tmp_path: Path
) -> None:
    """An ID of another home's export that this home already uses (for a
    different activity) is not reused: the draft gets a fresh one."""
    aid = cli("add", "Local activity", "--hours", "1", "-t", "reading",
              "--date", "2026-01-02").stdout.strip()  # fmt: skip
    path = tmp_path / "other.csv"
    path.write_text(",".join(HEADER) + f"\r\n{aid},2025-03-14,,Elsewhere,,,,,,,,,\r\n")
    imported(path)
    (draft,) = drafts()
    assert draft["id"] != aid
    assert draft["source"] == f"csv:{aid}"


def test_a_row_without_an_id_gets_a_short_new_one_and_is_known_again(
    home: Path, tmp_path: Path
) -> None:
    """A hand-made row of cpdlog's CSV with an empty id cell: the draft's ID
    was the 16-hex hash that names the row (kept by accept); it is a new
    ID from the same space as every other, and a re-import adds nothing."""
    path = tmp_path / "mine.csv"
    path.write_text(",".join(HEADER) + "\r\n,2025-03-14,,By hand,course,2,,,,,,,\r\n")
    imported(path)
    (draft,) = drafts()
    assert re.fullmatch(r"[a-km-np-z2-9]{4}", draft["id"]), draft["id"]
    assert draft["source"].startswith("csv-row:")
    assert "Nothing new" in said(imported(path))
    cli("inbox", "accept", draft["id"])
    (activity,) = json.loads(cli("list", "--json").stdout)
    assert activity["id"] == draft["id"]
    assert "Nothing new" in said(imported(path))


def test_a_row_imported_before_the_csv_row_prefix_is_still_known(
    home: Path, tmp_path: Path
) -> None:
    """Drafts of such rows were `csv:<hash>` before; importing the file again
    after the upgrade must not add the row a second time."""
    path = tmp_path / "mine.csv"
    path.write_text(",".join(HEADER) + "\r\n,2025-03-14,,By hand,course,2,,,,,,,\r\n")
    imported(path)
    (draft_file,) = (home / "inbox").glob("*.toml")
    text = draft_file.read_text()
    draft_file.write_text(text.replace('"csv-row:', '"csv:'))
    assert "Nothing new" in said(imported(path))
    assert len(drafts()) == 1


def test_a_killed_import_leaves_whole_drafts_and_finishes_when_run_again(
    home: Path,
) -> None:
    """SIGKILL while the drafts are written (CPDLOG_TEST_PAUSE holds the
    import after every temporary file is written, before any is named): no
    draft exists, the temporary files are hidden and `check` points them
    out; the same import run again adds every draft once."""
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "cpdlog", "import", str(CALENDAR)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CPDLOG_TEST_PAUSE": "30"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(home.glob("inbox/.*.tmp"))) < 10:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert len(list(home.glob("inbox/.*.tmp"))) == 10
    assert drafts() == []
    check = " ".join(cli("check").stdout.split())
    assert check.count("a temporary file left by an interrupted write") == 10
    assert "0 error(s), 10 warning(s)" in check
    result = imported(CALENDAR)
    assert "Imported 10 new drafts" in said(result)
    assert len(drafts()) == 10
