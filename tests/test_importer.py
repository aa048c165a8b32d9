"""The importers read calendars and CSV logs into exactly the drafts expected.

Fixtures in data/ics/ are written the way real clients write them (Outlook
with Windows zone names and its VTIMEZONE blocks, Google with X-WR-TIMEZONE,
Zoom, Apple, Thunderbird); data/cpdlog-pypi.csv was written by the PyPI
cpdlog 0.2.0's own `save_logfile`.
"""

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdlog.errors import UsageError
from cpdlog.importer.from_csv import HEADER, LISTS, read_csv
from cpdlog.importer.from_ics import UNTITLED, read_ics
from cpdlog.importer.items import KEYS, short_hash

DATA = Path(__file__).parent / "data"
TODAY = date(2025, 6, 30)
D = date
OUTLOOK = "ics:040000008200E00074C5B7101A82E00800000000"
GOOGLE = "ics:3h8k1m5n7p9r2t4v6x8z0b2d4f@google.com@"
WEEKLY = "ics:5b1f0c2e-8d3a-4f6b-9e7c-1a2b3c4d5e6f@"


def ics(name: str) -> bytes:
    return (DATA / "ics" / name).read_bytes()


def brief(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(title, date, end_date, hours, source) of each draft."""
    keys = ("title", "date", "end_date", "hours", "source")
    return [tuple(item.get(key) for key in keys) for item in items]


def calendar(*events: str, head: str = "") -> bytes:
    """A minimal calendar around VEVENT bodies (their lines, CRLF added)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cpdlog tests//EN"]
    lines += [line for line in head.splitlines() if line]
    for number, body in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{number}", "SUMMARY:Event"]
        lines += [line for line in body.splitlines() if line]
        lines.append("END:VEVENT")
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


# --- calendars: every fixture, exactly -------------------------------------

FIXTURES = {
    "outlook.ics": [
        ("Metadata working group", D(2025, 3, 6), None, 1.0,
         f"{OUTLOOK}D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF@20250306T140000"),
        ("CILIP Members' Day", D(2025, 3, 13), None, 7.0,
         f"{OUTLOOK}D0B4C2A1F18DDB01000000000000000010000000C4D9F1E2A3B4C5D6E7F8"
         "091A2B3C4D5E"),
        ("Metadata working group", D(2025, 4, 3), None, 1.0,
         f"{OUTLOOK}D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF@20250403T140000"),
        # 23:00-01:00 in Berlin: two dates, two hours.
        ("Library Hack Night (Berlin)", D(2025, 4, 10), D(2025, 4, 11), 2.0,
         f"{OUTLOOK}1122334455667788990000000000000010000000A0A1A2A3A4A5A6A7A8A9"
         "AAABACADAEAF"),
        ("Metadata working group", D(2025, 5, 1), None, 1.0,
         f"{OUTLOOK}D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF@20250501T140000"),
        ("IFLA Information Literacy Section: standing committee", D(2025, 5, 20),
         None, 1.5, f"{OUTLOOK}A1B2C3D4E5F6DB01000000000000000010000000FFEEDDCC"
         "BBAA99887766554433221100"),
        # 00:30 London summer time is 23:30 UTC the day before: not shifted.
        ("Webinar: Open Access Week planning (Sydney, live)", D(2025, 6, 2), None,
         1.0, f"{OUTLOOK}B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"),
        ("Reading day: cataloguing standards", D(2025, 6, 10), None, None,
         f"{OUTLOOK}C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF"),
    ],
    "google.ics": [
        ("Team learning hour", D(2025, 3, 4), None, 1.0, f"{GOOGLE}20250304T100000"),
        ("Team learning hour", D(2025, 3, 11), None, 1.0, f"{GOOGLE}20250311T100000"),
        ("Team learning hour", D(2025, 3, 18), None, 1.0, f"{GOOGLE}20250318T100000"),
        ("Team learning hour", D(2025, 3, 25), None, 1.0, f"{GOOGLE}20250325T100000"),
        # 23:30 UTC on 31 March is 00:30 on 1 April in X-WR-TIMEZONE London.
        ("Code4Lib APAC lightning talks", D(2025, 4, 1), None, 1.0,
         "ics:0q4r7vd3mk2h5s9j1c6b8n0p2t@google.com"),
        ("Team learning hour", D(2025, 4, 1), None, 1.0, f"{GOOGLE}20250401T100000"),
        # Moved by a RECURRENCE-ID in UTC (09:00Z): named by its London time.
        ("Team learning hour: guest speaker", D(2025, 4, 8), None, 1.0,
         f"{GOOGLE}20250408T100000"),
        ('Reading: "Information Literacy in the Workplace"', D(2025, 5, 1), None,
         None, "ics:6a1c3e5g7i9k1m3o5q7s9u1w3y@google.com"),
    ],
    "zoom.ics": [
        ("Webinar: Copyright for librarians, an update", D(2025, 2, 12), None, 1.25,
         "ics:20250115T164512Z-83512345678@fe80:0:0:0:a8e:5bff:fe12:3456ens5"),
    ],
    "apple.ics": [
        # All-day 16-18 April: DTEND is 19 April, the day after.
        ("Library Association of Ireland annual conference", D(2025, 4, 16),
         D(2025, 4, 18), None, "ics:8F3C2A10-6B4D-4E2F-9A1B-7C5D3E9F0A12"),
        ("Video: Digital preservation basics", D(2025, 5, 20), None, 1.25,
         "ics:A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF"),
    ],
    "cancelled.ics": [
        ("RDA refresher (new date)", D(2025, 3, 19), None, 1.0,
         "ics:1a2b3c4d5e6f7a8b9c0d@google.com"),
    ],
    "floating.ics": [
        # 23:00 to midnight: ends the same day.
        ("Late reading session (floating time)", D(2025, 3, 5), None, 1.0,
         "ics:floating-1@example.org"),
        ("Morning podcast", D(2025, 3, 6), None, 0.75, "ics:floating-2@example.org"),
        ("Reminder with no length", D(2025, 3, 7), None, None,
         "ics:floating-3@example.org"),
    ],
    "nosummary.ics": [
        (UNTITLED, D(2025, 3, 10), None, 2.0,
         "ics:" + short_hash("", "20250310T100000", "Europe/London")),
        (UNTITLED, D(2025, 3, 11), None, 0.5, "ics:empty-summary@example.org"),
        ("Visit to the archive and the conservation studio", D(2025, 3, 12), None,
         0.5, "ics:two-lines@example.org"),
    ],
    "unknown-tz.ics": [
        ("Night shift: stock check training", D(2025, 3, 20), D(2025, 3, 21), 1.0,
         "ics:booking-4471@rooms.example.org"),
    ],
    "lightning.ics": [
        ("Old Lightning export", D(2025, 1, 15), None, 1.5,
         "ics:3f4e5d6c-old-lightning"),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items())
def test_calendar_fixtures(name: str, expected: list[tuple[Any, ...]]) -> None:
    """Each past occurrence once, in (date, title, source) order; reading the
    file again gives the same drafts (so a re-import finds the same sources)."""
    result = read_ics(ics(name), TODAY)
    assert brief(result.items) == expected
    assert read_ics(ics(name), TODAY) == result


def test_weekly_series_with_exdate_moved_and_cancelled_occurrences() -> None:
    """Tuesdays from 7 January; 21 January is an EXDATE, 4 February moved to
    Wednesday 5th (named by its original start), 18 February cancelled."""
    items = read_ics(ics("weekly.ics"), TODAY, until=D(2025, 3, 4)).items
    assert brief(items) == [
        ("Journal club", D(2025, 1, 7), None, 1.5, f"{WEEKLY}20250107T100000"),
        ("Journal club", D(2025, 1, 14), None, 1.5, f"{WEEKLY}20250114T100000"),
        ("Journal club", D(2025, 1, 28), None, 1.5, f"{WEEKLY}20250128T100000"),
        ("Journal club (moved to Wednesday)", D(2025, 2, 5), None, 1.5,
         f"{WEEKLY}20250204T100000"),
        ("Journal club", D(2025, 2, 11), None, 1.5, f"{WEEKLY}20250211T100000"),
        ("Journal club", D(2025, 2, 25), None, 1.5, f"{WEEKLY}20250225T100000"),
        ("Journal club", D(2025, 3, 4), None, 1.5, f"{WEEKLY}20250304T100000"),
    ]  # fmt: skip


def test_endless_series_stops_at_today() -> None:
    """An RRULE without end expands up to today only, every Tuesday once."""
    today = D(2030, 12, 31)
    items = read_ics(ics("weekly.ics"), today).items
    tuesdays = [D(2025, 1, 7) + timedelta(weeks=n) for n in range(400)]
    expected = [day for day in tuesdays if day <= today]
    expected.remove(D(2025, 1, 21))  # EXDATE
    expected.remove(D(2025, 2, 18))  # cancelled
    expected[expected.index(D(2025, 2, 4))] = D(2025, 2, 5)  # moved
    assert [item["date"] for item in items] == expected
    assert len({item["source"] for item in items}) == len(items)


def test_full_drafts_keep_description_and_url() -> None:
    """Description (unescaped, trimmed) and URL as evidence, in file key order."""
    outlook = read_ics(ics("outlook.ics"), TODAY).items[1]
    assert outlook == {
        "title": "CILIP Members' Day",
        "date": D(2025, 3, 13),
        "hours": 7.0,
        "description": "Programme and slides: see the members' area.\n\nVenue: "
        "British Library Knowledge Centre, 96 Euston Road, London.",
        "source": FIXTURES["outlook.ics"][1][4],
    }
    conference, video = read_ics(ics("apple.ics"), TODAY).items
    assert conference["evidence"] == ["https://www.lagconference.example.ie/2025"]
    assert list(video) == ["title", "date", "hours", "evidence", "description",
                           "source"]  # fmt: skip
    assert video["description"] == "Recorded talk; notes in my journal."
    for item in (outlook, conference, video):
        assert list(item) == [key for key in KEYS if key in item]


@pytest.mark.parametrize(
    ("since", "until", "today", "dates"),
    [
        (None, None, D(2025, 3, 31), [D(2025, 3, 6), D(2025, 3, 13)]),
        (D(2025, 4, 3), D(2025, 5, 1), TODAY, [D(2025, 4, 3), D(2025, 4, 10),
                                               D(2025, 5, 1)]),
        (D(2025, 6, 10), None, TODAY, [D(2025, 6, 10)]),
        (None, D(2025, 3, 6), TODAY, [D(2025, 3, 6)]),
        # until after today: today still ends it; the September event is future.
        (D(2025, 6, 1), D(2025, 12, 31), TODAY, [D(2025, 6, 2), D(2025, 6, 10)]),
        (D(2025, 9, 15), None, D(2025, 9, 15), [D(2025, 9, 15)]),
        (D(2026, 1, 1), None, TODAY, []),
    ],
)  # fmt: skip
def test_since_until_and_today(
    since: date | None, until: date | None, today: date, dates: list[date]
) -> None:
    """Occurrences whose local start date is within since..until, and not after
    today (both ends inclusive)."""
    items = read_ics(ics("outlook.ics"), today, since=since, until=until).items
    assert [item["date"] for item in items] == dates


def test_since_after_until_is_refused() -> None:
    with pytest.raises(UsageError, match="--since 2025-05-02 is after --until"):
        read_ics(ics("outlook.ics"), TODAY, since=D(2025, 5, 2), until=D(2025, 5, 1))


DAY = ";VALUE=DATE:"
BERLIN = ";TZID=Europe/Berlin:"
WINDOWS = ';TZID="W. Europe Standard Time":'
LONDON = ";TZID=Europe/London:"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (DAY + "20250310", "DTEND" + DAY + "20250311", (D(2025, 3, 10), None, None)),
        (DAY + "20250310", "DTEND" + DAY + "20250313",
         (D(2025, 3, 10), D(2025, 3, 12), None)),
        (DAY + "20250310", "", (D(2025, 3, 10), None, None)),
        (":20250310T220000Z", "DTEND:20250311T000000Z", (D(2025, 3, 10), None, 2.0)),
        (":20250310T230000Z", "DTEND:20250311T010000Z",
         (D(2025, 3, 10), D(2025, 3, 11), 2.0)),
        (":20250310T090000Z", "DTEND:20250312T170000Z",
         (D(2025, 3, 10), D(2025, 3, 12), 56.0)),
        (":20250310T090000Z", "", (D(2025, 3, 10), None, None)),
        (":20250310T090000Z", "DURATION:PT1H30M", (D(2025, 3, 10), None, 1.5)),
        (":20250310T090000Z", "DTEND:20250310T090029Z", (D(2025, 3, 10), None, None)),
        (":20250310T090000Z", "DTEND:20250310T090030Z",
         (D(2025, 3, 10), None, 0.0167)),
        (":20250310T090000", "DTEND:20250310T091000", (D(2025, 3, 10), None, 0.1667)),
        # Clocks go forward at 02:00 in Berlin on 30 March: 01:00-04:00 is 2 h,
        # whether the zone has an Olson name or Outlook's Windows name.
        (BERLIN + "20250330T010000", "DTEND" + BERLIN + "20250330T040000",
         (D(2025, 3, 30), None, 2.0)),
        (WINDOWS + "20250330T010000", "DTEND" + WINDOWS + "20250330T040000",
         (D(2025, 3, 30), None, 2.0)),
        # Outlook's all-day flag on a midnight-to-midnight event: no hours.
        (LONDON + "20250610T000000", "DTEND" + LONDON + "20250611T000000\n"
         "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE", (D(2025, 6, 10), None, None)),
        (LONDON + "20250610T000000", "DTEND" + LONDON + "20250611T000000",
         (D(2025, 6, 10), None, 24.0)),
        # Floating time is wall-clock time: 3 h.
        (":20250330T010000", "DTEND:20250330T040000", (D(2025, 3, 30), None, 3.0)),
        # Ends in another zone, read in the start's: 08:00 in Tokyo is 23:00 in
        # London the day before, so one day.
        (LONDON + "20250310T200000", "DTEND;TZID=Asia/Tokyo:20250311T080000",
         (D(2025, 3, 10), None, 3.0)),
    ],
)  # fmt: skip
def test_dates_and_hours(start: str, end: str, expected: tuple[Any, ...]) -> None:
    """date, end_date and hours of one event: all-day DTEND is the day after,
    midnight ends the day before, hours are elapsed minutes (half up) / 60."""
    (item,) = read_ics(calendar(f"DTSTART{start}\n{end}"), TODAY).items
    assert (item["date"], item.get("end_date"), item.get("hours")) == expected


def test_x_wr_timezone_with_a_windows_name() -> None:
    """X-WR-TIMEZONE may be a Windows name too: 20:00 UTC is the next day in Tokyo."""
    data = calendar(
        "DTSTART:20250101T200000Z", head="X-WR-TIMEZONE:Tokyo Standard Time"
    )
    assert read_ics(data, TODAY).items[0]["date"] == D(2025, 1, 2)


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (ics("unknown-tz.ics"), "The time zone 'Campus Local Time' (event on line 4) "
         "is unknown: its times were read as written (wall-clock time, no zone), so "
         "their dates are the ones the calendar shows."),
        (ics("lightning.ics"), "The time zone '/mozilla.org/20050126_1/Europe/Berlin' "
         "(event on line 4) was read as 'Europe/Berlin', the end of its name."),
        (calendar("DTSTART:20250101T100000Z", head="X-WR-TIMEZONE:Mars/Olympus"),
         "The calendar's time zone 'Mars/Olympus' (X-WR-TIMEZONE) is unknown: its "
         "times were kept as written (UTC times in UTC)."),
        # 25 hours between two midnights in London when the clocks go back.
        (calendar("DTSTART;TZID=Europe/London:20251026T000000\n"
                  "DTEND;TZID=Europe/London:20251027T000000"),
         "'Event' on 2025-10-26 lasts longer than its days (a clock change?): its "
         "hours were left out; give them when you accept it."),
        (calendar("DTSTART:20250101T100000Z\nthis line is not iCalendar"),
         "The event on line 4: a line of it could not be read and was left out "
         "(Content line could not be parsed into parts: 'this line is not "
         "iCalendar': Invalid content line)."),
        # Latin-1, not UTF-8: "Café".
        (calendar("DTSTART:20250101T100000Z\nLOCATION:Caf\xe9").decode().encode(
            "latin-1"),
         "Line 8 is not UTF-8 text: the characters that could not be read were "
         "replaced by \ufffd."),
    ],
)  # fmt: skip
def test_warnings(data: bytes, warning: str) -> None:
    """What was assumed is said once, and the event is still imported."""
    result = read_ics(data, D(2026, 1, 1))
    assert result.warnings == [warning]
    assert len(result.items) == 1


def test_hours_that_do_not_fit_are_left_out() -> None:
    data = calendar("DTSTART;TZID=Europe/London:20251026T000000\n"
                    "DTEND;TZID=Europe/London:20251027T000000")  # fmt: skip
    (item,) = read_ics(data, D(2026, 1, 1)).items
    assert "hours" not in item
    assert (item["date"], item.get("end_date")) == (D(2025, 10, 26), None)


CUT = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty: an iCalendar file starts with BEGIN:VCALENDAR."),
        (b"\r\n\r\n", "The file is empty"),
        ((DATA / "cpdlog-pypi.csv").read_bytes(),
         "This is not an iCalendar (.ics) file: line 1 is 'CPDLog' where "
         "BEGIN:VCALENDAR should be."),
        (b"\n\nBEGIN:VEVENT\r\nEND:VEVENT\r\n", "line 3 is 'BEGIN:VEVENT'"),
        (ics("truncated.ics"),
         "The calendar file ends at line 8 before END:VEVENT (BEGIN:VEVENT is on "
         "line 4): it was cut short. Download or export it again."),
        (CUT + b"END:VEVENT\r\n", "ends at line 5 before END:VCALENDAR (BEGIN:"
         "VCALENDAR is on line 1)"),
        (CUT + b"END:VTODO\r\nEND:VCALENDAR\r\n",
         "Line 5: END:VTODO closes BEGIN:VEVENT of line 3; the calendar file is "
         "damaged. Export it again."),
        (calendar("DTSTART:20250101T100000Z") + b"END:VCALENDAR\r\n",
         "Line 10: END:VCALENDAR has no BEGIN before it"),
        (calendar("DTSTART:20250101T100000Z", head="not a content line"),
         "Line 4 of the calendar file cannot be read: 'not a content line' is not "
         "an iCalendar line. Export it again."),
        (calendar("DTSTART:20250101T100000Z", "DTSTART:2025-01-02"),
         "Line 9: the DTSTART of the event that starts there cannot be read "
         "(Expected datetime, date, or time. Got: '2025-01-02'). Correct it or "
         "export the calendar again."),
        (calendar("DTSTART:20250101T100000Z\nRRULE:FREQ=SOMETIMES"),
         "Line 4: the RRULE of the event that starts there cannot be read"),
        (calendar("DESCRIPTION:no start"),
         "Line 4: the event that starts there has no DTSTART, so it has no date."),
        (calendar("DTSTART:20250101T100000Z", head="CALSCALE:JULIAN"),
         "The calendar cannot be read (Only Gregorian calendars are supported.)."),
    ],
)  # fmt: skip
def test_errors_name_the_line(data: bytes, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        read_ics(data, TODAY)
    assert message in str(raised.value)


def test_todos_and_journals_are_not_events() -> None:
    body = calendar("DTSTART:20250101T100000Z").replace(
        b"END:VCALENDAR", b"BEGIN:VTODO\r\nUID:t\r\nDTSTART:20250101T100000Z\r\n"
        b"SUMMARY:todo\r\nEND:VTODO\r\nBEGIN:VJOURNAL\r\nUID:j\r\nDTSTART:20250101"
        b"\r\nEND:VJOURNAL\r\nEND:VCALENDAR",
    )  # fmt: skip
    assert [item["source"] for item in read_ics(body, TODAY).items] == ["ics:event-0"]


def test_a_byte_order_mark_and_several_calendars_in_one_file() -> None:
    first = calendar("DTSTART:20250101T100000Z")
    second = calendar("DTSTART:20250102T100000Z").replace(b"event-0", b"other")
    items = read_ics(b"\xef\xbb\xbf" + first + second, TODAY).items
    assert [item["source"] for item in items] == ["ics:event-0", "ics:other"]


def test_progress_counts_vevents() -> None:
    """progress(done, total) from (0, total) to (total, total), never backwards."""
    calls: list[tuple[int, int]] = []
    read_ics(ics("outlook.ics"), TODAY, progress=lambda *call: calls.append(call))
    assert calls[0] == (0, 8)
    assert calls[-1] == (8, 8)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert {total for _, total in calls} == {8}


def big_calendar(singles: int, series: int) -> bytes:
    """Singles on consecutive days from 2 January 2023, one hour each, in UTC;
    weekly series (every other one endless, the rest COUNT=20) in London."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cpdlog tests//big//EN",
             "X-WR-TIMEZONE:Europe/London"]  # fmt: skip
    first = D(2023, 1, 2)
    for number in range(singles):
        day = first + timedelta(days=number % 900)
        lines += ["BEGIN:VEVENT", f"UID:single-{number}@example.org",
                  f"DTSTART:{day:%Y%m%d}T{9 + number % 8:02d}0000Z",
                  f"DTEND:{day:%Y%m%d}T{10 + number % 8:02d}3000Z",
                  f"SUMMARY:Single event {number}", "END:VEVENT"]  # fmt: skip
    for number in range(series):
        day = first + timedelta(days=number % 300)
        rule = "RRULE:FREQ=WEEKLY" + (";COUNT=20" if number % 2 else "")
        lines += ["BEGIN:VEVENT", f"UID:series-{number}@example.org",
                  f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T140000",
                  f"DTEND;TZID=Europe/London:{day:%Y%m%d}T150000",
                  rule, f"SUMMARY:Weekly {number}", "END:VEVENT"]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def expected_count(singles: int, series: int, today: date) -> int:
    first = D(2023, 1, 2)
    count = sum(first + timedelta(days=n % 900) <= today for n in range(singles))
    for number in range(series):
        start = first + timedelta(days=number % 300)
        weeks = (today - start).days // 7 + 1
        count += min(weeks, 20) if number % 2 else weeks
    return count


def test_a_large_feed_imports_every_occurrence_once() -> None:
    """2,000 VEVENTs (1,500 single, 500 weekly series, half of them endless):
    34,536 occurrences up to today, each once (about 1.3 s)."""
    items = read_ics(big_calendar(1500, 500), TODAY).items
    assert len(items) == expected_count(1500, 500, TODAY) == 34536
    assert len({item["source"] for item in items}) == len(items)
    assert all(item["hours"] in (1.0, 1.5) for item in items)


# --- calendars: properties ---------------------------------------------------

ZONES = [None, UTC, ZoneInfo("Europe/London"), ZoneInfo("America/New_York")]
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=30,
)


@st.composite
def events(draw: st.DrawFn) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", draw(st.from_regex(r"[A-Za-z0-9.@-]{1,12}", fullmatch=True)))
    if draw(st.booleans()):
        event.add("summary", draw(TEXT))
    start = draw(st.datetimes(datetime(2024, 1, 1), datetime(2025, 12, 31)))
    start = start.replace(second=0, microsecond=0)
    if draw(st.booleans()):
        event.add("dtstart", start.date())
        event.add("dtend", start.date() + timedelta(days=draw(st.integers(1, 4))))
    else:
        zone = draw(st.sampled_from(ZONES))
        event.add("dtstart", start.replace(tzinfo=zone))
        minutes = draw(st.integers(0, 3000))
        event.add("dtend", start.replace(tzinfo=zone) + timedelta(minutes=minutes))
    if draw(st.booleans()):
        rule = {"freq": draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))}
        if draw(st.booleans()):
            rule["count"] = draw(st.integers(1, 5))
        event.add("rrule", rule)
    return event


def as_ics(items: list[icalendar.Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//cpdlog tests//hypothesis//EN")
    for event in items:
        cal.add_component(event)
    return bytes(cal.to_ical())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), max_size=6, unique_by=lambda e: str(e["UID"])), st.randoms())
def test_reading_is_deterministic(
    items: list[icalendar.Event], shuffle: random.Random
) -> None:
    """The same calendar, in any order of its events, gives the same drafts:
    unique sources, one-line titles, dates up to today, hours that fit."""
    first = read_ics(as_ics(items), TODAY)
    shuffle.shuffle(items)
    assert read_ics(as_ics(items), TODAY) == first
    sources = [item["source"] for item in first.items]
    assert len(set(sources)) == len(sources)
    for item in first.items:
        assert item["title"].strip()
        assert "\n" not in item["title"]
        assert item["date"] <= TODAY
        last = item.get("end_date", item["date"])
        assert last > item["date"] or "end_date" not in item
        assert item.get("hours", 1) * 60 <= 24 * 60 * ((last - item["date"]).days + 1)


# --- CSV ---------------------------------------------------------------------


def csv_text(name: str) -> str:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return file.read()


def test_pypi_cpdlog_log() -> None:
    """Columns mapped: topic, act_date, cpd_hours, provider, notes -> description,
    learning_outcome -> reflection; category as a tag, and a type where one fits."""
    items = read_csv(csv_text("cpdlog-pypi.csv")).items
    assert [(i["title"], i.get("type"), i["tags"]) for i in items] == [
        ("Example Training Course", None, ["industry-education"]),
        ('Reading: "Structures", ch. 3', "reading", ["private-study", "technical"]),
        ("Masters module: Asset management", "qualification-study",
         ["tertiary-education", "technical"]),
        ("Site induction", "work-project", ["workplace-learning"]),
        ("Branch committee meeting", None, ["service-to-industry"]),
        ("Guest lecture preparation", "presenting-teaching", ["academic-preparation"]),
        ("Industry visit: water treatment plant", None, ["industry-engagement"]),
    ]  # fmt: skip
    assert items[1] == {
        "title": 'Reading: "Structures", ch. 3',
        "date": D(2024, 2, 7),
        "hours": 1.5,
        "type": "reading",
        "tags": ["private-study", "technical"],
        "description": "Borrowed from the library",
        "reflection": "Load paths,\nand why they matter",
        "source": "cpdlog-pypi:"
        + short_hash("7F512A4F", "2024-02-07", 'Reading: "Structures", ch. 3', "1.5",
                     "D", "True", "", "Load paths,\nand why they matter",
                     "Borrowed from the library"),
    }  # fmt: skip
    assert [item["hours"] for item in items] == [2.0, 1.5, 30.0, 0.25, 2.0, 4.0, 3.0]


def test_pypi_log_of_0_1_0_appended_to_by_a_later_version() -> None:
    """0.1.0's header has no `technical`; rows a later version appended do."""
    text = (
        "CPDLog\nact_id,act_date,topic,cpd_hours,cpd_type,provider,"
        "learning_outcome,notes\r\n"
        "441DF80B,2023-01-06,Old,2.0,H,ABC,Learnt,\r\n"
        "441DF80B,2023-02-06,New,1.5,A,True,Uni,Learnt,\r\n"
        "441DF80B,2023-02-06,New,1.5,A,True,Uni,Learnt,\r\n"
    )
    result = read_csv(text)
    drafts = [
        (i["title"], i.get("type"), i["tags"], i["provider"]) for i in result.items
    ]
    assert drafts == [
        ("Old", "other", ["other"], "ABC"),
        ("New", "qualification-study", ["tertiary-education", "technical"], "Uni"),
    ]  # fmt: skip
    assert result.warnings == ["Line 5 repeats an earlier row: imported once."]


def test_our_export() -> None:
    """Every field back: "; " lists split, formula apostrophes removed."""
    items = read_csv(csv_text("cpdlog-export.csv")).items
    assert items[0] == {
        "title": "Journal club: open peer review",
        "date": D(2025, 1, 15),
        "hours": 1.5,
        "type": "peer-discussion",
        "areas": ["personal", "wider"],
        "tags": ["journal-club"],
        "provider": "Library Journal Club",
        "pksb": ["Research skills", "Organising knowledge and information"],
        "evidence": ["https://example.org/notes.pdf", "evidence/2025/club.pdf"],
        "description": 'We read "Open peer review" (2024),\nthen argued.',
        "reflection": "I will try signed reviews.\r\nNext: ask the editor.",
        "source": "csv:k7m2",
    }
    assert items[1]["end_date"] == D(2025, 3, 14)
    assert items[2] == {
        "title": '=HYPERLINK("x")',
        "date": D(2025, 4, 2),
        "hours": 0.75,
        "type": "webinar",
        "areas": ["personal"],
        "tags": ["-tag", "@mention"],
        "provider": "+Provider",
        "description": "'quoted start",
        "reflection": "\tindented",
        "source": "csv:d4q8",
    }


def test_older_export_without_pksb_and_evidence_and_with_excel_bom() -> None:
    text = (
        "\ufeff" + ",".join(HEADER[:11]) + "\r\nab3k,2025-03-14,,T,course,2.0,,,,,\r\n"
    )
    assert read_csv(text).items == [
        {"title": "T", "date": D(2025, 3, 14), "hours": 2.0, "type": "course",
         "source": "csv:ab3k"}
    ]  # fmt: skip


def test_blank_rows_are_skipped_and_a_row_without_id_gets_a_stable_source() -> None:
    text = ",".join(HEADER) + "\r\n\r\n,,,,,,,,,,,,\r\n,2025-03-14,,T,,,,,,,,,\r\n"
    cells = ["", "2025-03-14", "", "T"] + [""] * 9
    assert read_csv(text).items == [
        {
            "title": "T",
            "date": D(2025, 3, 14),
            "source": "csv-row:" + short_hash(*cells),
        }
    ]


OURS = ",".join(HEADER) + "\r\n"
GOOD = "ab3k,2025-03-14,,T,course,2.0,,,,,,,\r\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The CSV file is empty. Import needs cpdlog's own CSV export"),
        ("Date,Title,Hours\r\n2025-01-01,x,1\r\n",
         "The CSV file's first line is 'Date,Title,Hours', not a header cpdlog can "
         "import. Import needs cpdlog's own CSV export, whose first line is the "
         "header id,date,end_date,title,type,hours,areas,tags,provider,description,"
         "reflection,pksb,evidence (or the same without pksb,evidence), or the log "
         "of the PyPI cpdlog package, whose first line is CPDLog."),
        (OURS + GOOD + 'x,2025-03-15,,"two\nlines",,1,,,,,,,\r\n'
         "y,14/03/2025,,T,,1,,,,,,,\r\n",
         "Line 5: the date '14/03/2025' is not a date: write it as YYYY-MM-DD, "
         "e.g. 2025-03-14."),
        (OURS + "y,2025-02-30,,T,,1,,,,,,,\r\n", "Line 2: the date '2025-02-30'"),
        (OURS + "y,20250214,,T,,1,,,,,,,\r\n", "Line 2: the date '20250214'"),
        (OURS + "y,2025-02-14,2025-2-15,T,,1,,,,,,,\r\n",
         "Line 2: the end_date '2025-2-15' is not a date"),
        (OURS + GOOD + "y,2025-03-14,,T,,'-1,,,,,,,\r\n",
         "Line 3: the hours '-1' are not a number of hours of a minute or more, "
         "e.g. 1.5."),
        (OURS + "y,2025-03-14,,T,,1h,,,,,,,\r\n", "Line 2: the hours '1h'"),
        (OURS + "y,2025-03-14,,T,,0.001,,,,,,,\r\n", "Line 2: the hours '0.001'"),
        (OURS + "y,2025-03-14,,T,,nan,,,,,,,\r\n", "Line 2: the hours 'nan'"),
        (OURS + "y,2025-03-14,,T\r\n",
         "Line 2: 4 cells where the header has 13. Export the CSV again, or mend "
         "that row."),
        (OURS + GOOD + 'y,2025-03-14,,"T,,1,,,,,,,\r\n',
         "Line 3: the CSV cannot be read (unexpected end of data); a quote is "
         "probably not closed."),
        ("CPDLog\nact_id,topic\r\n", "Line 2: the PyPI cpdlog log has no act_date "
         "column; its header should be act_id,act_date,topic,cpd_hours,cpd_type,"
         "technical,provider,learning_outcome,notes."),
        ("CPDLog\nact_id,act_date,topic,cpd_hours\r\nA,2023-01-06,T,0\r\n",
         "Line 3: the hours '0'"),
        ("CPDLog\nact_id,act_date,topic,cpd_hours\r\nA,06/01/2023,T,1\r\n",
         "Line 3: the act_date '06/01/2023' is not a date"),
        ("CPDLog\nact_id,act_date,topic,cpd_hours\r\nA,2023-01-06\r\n",
         "Line 3: 2 cells where the header has 4."),
    ],
)  # fmt: skip
def test_csv_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        read_csv(text)
    assert message in str(raised.value)


# --- CSV: the round trip of our export ----------------------------------------

FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")
ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
)
# Text that looks like what the round trip is hard on.
TRICKY = st.lists(
    st.sampled_from([*FORMULA, '"', ",", "\n", "\r\n", ";", " ", "x", "é"])
)
TEXT_VALUE = ANY_TEXT | TRICKY.map("".join)
ELEMENT = TEXT_VALUE.filter(lambda text: text != "" and "; " not in text)


def exported(activity: dict[str, Any], bom: bool) -> str:
    """The CSV our export writes: one apostrophe before a cell a spreadsheet
    would run, lists joined with "; ", hours as the number, CRLF."""
    cells = [
        activity["id"], str(activity["date"]), str(activity.get("end_date") or ""),
        activity["title"], activity["type"], repr(activity["hours"]),
        "; ".join(activity["areas"]), "; ".join(activity["tags"]),
        activity["provider"], activity["description"], activity["reflection"],
        "; ".join(activity["pksb"]), "; ".join(activity["evidence"]),
    ]  # fmt: skip
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow(
        ["'" + cell if cell.startswith(FORMULA) else cell for cell in cells]
    )
    return ("\ufeff" if bom else "") + buffer.getvalue()


@st.composite
def activities(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates())
    return {
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,31}", fullmatch=True)),
        "date": start,
        "end_date": draw(st.none() | st.dates(min_value=start)),
        "title": draw(TEXT_VALUE),
        "type": draw(TEXT_VALUE),
        "hours": round(draw(st.integers(1, 24 * 60 * 366)) / 60, 4),
        **{key: draw(st.lists(ELEMENT, max_size=3)) for key in LISTS},
        **{key: draw(TEXT_VALUE) for key in ("provider", "description", "reflection")},
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(activities(), st.booleans())
def test_our_export_round_trips_every_field(
    activity: dict[str, Any], bom: bool
) -> None:
    """Any text but NUL (quotes, CR, LF, leading = + - @ ' and tab) comes back
    as it was; empty values are left out of the draft."""
    (item,) = read_csv(exported(activity, bom)).items
    expected = {
        key: value for key, value in activity.items() if value not in ("", [], None)
    }
    expected["source"] = "csv:" + expected.pop("id")
    assert item == {key: expected[key] for key in KEYS if key in expected}
    assert read_csv(exported(activity, bom)) == read_csv(exported(activity, bom))
