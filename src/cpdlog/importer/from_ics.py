"""Calendar events (.ics, RFC 5545) as draft activities: one per past occurrence.

Parsing is icalendar's and the expansion of repeating events (RRULE, RDATE,
EXDATE, moved and cancelled occurrences, X-WR-TIMEZONE) is
recurring-ical-events'; this module only decides what a draft is made of:
which occurrences count (started on or before today, within since..until,
not cancelled), their local date and hours, and a `source` that names the
calendar item, so that importing the same file again finds the same sources.

It also turns what the libraries leave implicit into sentences for the user:
a time zone nobody knows (its times are kept as written and a warning says
so), hours that do not fit the days; `ics_lines` names the line a damaged
file breaks on.
"""

import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]
from icalendar.timezone import tzp

from cpdlog.errors import UsageError
from cpdlog.importer.ics_lines import Line, check_structure, content_lines, parse_error
from cpdlog.importer.items import (
    Imported,
    clean_text,
    draft,
    one_line,
    short_hash,
    sort_key,
)

UNTITLED = "(untitled calendar event)"
MINUTES_PER_DAY = 24 * 60
# Before any CPD anyone logs (recurring-ical-events' own floor is 1970).
_EARLIEST = date(1900, 1, 1)
# A broken value of one of these would change which occurrences exist or when.
_SCHEDULE = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
             "RECURRENCE-ID")  # fmt: skip
Progress = Callable[[int, int], None]


def read_ics(
    data: bytes,
    today: date,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
) -> Imported:
    """One draft per event occurrence that started on or before `today` and
    within since..until (inclusive), sorted by (date, title, source).

    Raises UsageError for a file that is not iCalendar, is cut short or
    cannot be parsed (naming the line), and for since after until.
    """
    last = today if until is None else min(today, until)
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}: swap them.")
    notes: list[str] = []
    lines = content_lines(data, notes)
    check_structure(lines)
    with warnings.catch_warnings():
        # What the libraries warn about (a guessed zone) is said in `notes`;
        # their own warnings are for programmers, not for the person importing.
        warnings.simplefilter("ignore")
        calendars = _parse(data, lines)
        reader = _Reader(lines, since or _EARLIEST, last, notes)
        return reader.read(calendars, progress)


def _parse(data: bytes, lines: list[Line]) -> list[Any]:
    """icalendar's calendars; its errors as a sentence naming the line."""
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        raise UsageError(parse_error(lines, error)) from None
    return list(calendars)


class _Event(NamedTuple):
    """What the first pass learnt about one series (one UID)."""

    line: int  # where its first VEVENT begins
    components: int  # its VEVENTs, for progress
    recurring: bool  # has RRULE/RDATE or a RECURRENCE-ID: sources get @key


class _Details(NamedTuple):
    """What an occurrence takes from its VEVENT: the same for every
    occurrence a rule generates, so it is read once per VEVENT."""

    title: str
    description: str
    evidence: list[str]
    cancelled: bool
    moved_from: date | None  # RECURRENCE-ID of a changed occurrence
    from_then_on: bool  # RANGE=THISANDFUTURE: later occurrences share it
    all_day: bool  # Outlook's flag on an all-day event written with times


class _Reader:
    """One pass per calendar over its VEVENTs, then one over their series."""

    def __init__(
        self, lines: list[Line], first: date, last: date, notes: list[str]
    ) -> None:
        self.first, self.last, self.notes = first, last, notes
        # The i-th VEVENT in the file begins on begins[i]: walk() keeps order.
        self.begins = [
            line.number for line in lines if line.text.strip().upper() == "BEGIN:VEVENT"
        ]
        self.seen = 0
        self.zones: set[str] = set()
        self.items: dict[str, dict[str, Any]] = {}

    def read(self, calendars: list[Any], progress: Progress | None) -> Imported:
        total = sum(len(calendar.walk("VEVENT")) for calendar in calendars)
        done = 0
        if progress:
            progress(0, total)
        for calendar in calendars:
            events = self._first_pass(calendar)
            for uid, occurrences in self._occurrences(calendar, events):
                series = (f"ics:{uid}", events[uid].recurring)
                for details, start, end in occurrences:
                    self._add(details, start, end, *series)
                done += events[uid].components
                if progress:
                    progress(done, total)
        if progress and done != total:
            progress(total, total)
        items = sorted(self.items.values(), key=sort_key)
        return Imported(items, self.notes)

    def _first_pass(self, calendar: Any) -> dict[str, _Event]:
        """Check each VEVENT, give those without a UID a stable one."""
        lines: dict[str, int] = {}
        counts: Counter[str] = Counter()
        recurring: set[str] = set()
        for event in calendar.walk("VEVENT"):
            line = self.begins[self.seen] if self.seen < len(self.begins) else 0
            self.seen += 1
            self._check_event(event, line)
            uid = str(event.get("UID", "")).strip() or _derived_uid(event)
            event["UID"] = uid
            lines.setdefault(uid, line)
            counts[uid] += 1
            if any(key in event for key in ("RRULE", "RDATE", "RECURRENCE-ID")):
                recurring.add(uid)
        return {uid: _Event(lines[uid], counts[uid], uid in recurring) for uid in lines}

    def _check_event(self, event: Any, line: int) -> None:
        """Refuse a VEVENT whose schedule cannot be read; warn about the rest."""
        for name, problem in event.errors:
            if name in _SCHEDULE:
                raise UsageError(
                    f"Line {line}: the {name} of the event that starts there "
                    f"cannot be read ({problem}). Correct it or export the "
                    "calendar again."
                )
            what = f"its {name}" if name else "a line of it"
            self.notes.append(
                f"The event on line {line}: {what} could not be read and was "
                f"left out ({problem})."
            )
        if "DTSTART" not in event:
            raise UsageError(
                f"Line {line}: the event that starts there has no DTSTART, so "
                "it has no date. Add one or export the calendar again."
            )
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            prop = event.get(key)
            if prop is not None and prop.params.get("TZID"):
                self._check_zone(str(prop.params["TZID"]), prop.dt, line)

    def _check_zone(self, name: str, moment: Any, line: int) -> None:
        """Note a zone nobody knows (icalendar leaves its times floating) and
        a vendor path read as its last part (/mozilla.org/…/Europe/Berlin)."""
        zone = getattr(moment, "tzinfo", None)
        if not isinstance(moment, datetime) or name in self.zones:
            return
        self.zones.add(name)
        if zone is None:
            self.notes.append(
                f"The time zone {name!r} (event on line {line}) is unknown: its "
                "times were read as written (wall-clock time, no zone), so "
                "their dates are the ones the calendar shows."
            )
        elif name.startswith("/"):
            self.notes.append(
                f"The time zone {name!r} (event on line {line}) was read as "
                f"{str(zone)!r}, the end of its name."
            )

    def _occurrences(
        self, calendar: Any, events: dict[str, _Event]
    ) -> Iterator[tuple[str, list[tuple[_Details, date, date]]]]:
        """(UID, its occurrences within the dates), series by series."""
        calendar = self._standard(calendar)
        start = datetime.combine(self.first, time())
        stop = datetime.combine(self.last + timedelta(days=1), time())
        try:
            query = recurring_ical_events.CalendarQuery(calendar)
        except (ValueError, recurring_ical_events.InvalidCalendar) as error:
            raise UsageError(
                f"The calendar cannot be read ({error}). Export it again."
            ) from None
        for series in query.series:
            uid = str(series.uid)
            try:
                occurrences = list(series.between(start, stop))
            except (ValueError, recurring_ical_events.InvalidCalendar) as error:
                raise UsageError(
                    f"Line {events[uid].line}: the event that starts there "
                    f"cannot be expanded ({error}). Correct it or export the "
                    "calendar again."
                ) from None
            yield uid, list(_with_details(occurrences))

    def _standard(self, calendar: Any) -> Any:
        """The calendar with X-WR-TIMEZONE applied (Google's exports): UTC and
        floating times become times in that zone, Windows names understood."""
        name = calendar.get("X-WR-TIMEZONE")
        if name is None:
            return calendar
        zone: Any = tzp.timezone(str(name).strip())  # None when unknown
        if zone is None:
            self.notes.append(
                f"The calendar's time zone {str(name)!r} (X-WR-TIMEZONE) is "
                "unknown: its times were kept as written (UTC times in UTC)."
            )
            return calendar
        return x_wr_timezone.to_standard(calendar, timezone=zone)

    def _add(
        self, details: _Details, start: date, end: date, source: str, recurring: bool
    ) -> None:
        """Draft one occurrence unless cancelled or outside the dates; the
        source of an occurrence of a series ends in @ and its original start."""
        if details.cancelled or not self.first <= _day(start) <= self.last:
            return
        if recurring:
            source += "@" + _occurrence_key(details, start)
        values = _when(start, end)
        if details.all_day:  # midnight to midnight: a day, not 24 hours
            values.pop("hours", None)
            values.pop("minutes", None)
        if values.pop("minutes", 0) > _fits(values):
            self.notes.append(
                f"{details.title!r} on {values['date']} lasts longer than its "
                "days (a clock change?): its hours were left out; give them "
                "when you accept it."
            )
            del values["hours"]
        values.update(
            title=details.title,
            description=details.description,
            evidence=details.evidence,
            source=source,
        )
        self.items.setdefault(source, draft(values))


def _with_details(occurrences: list[Any]) -> Iterator[tuple[_Details, date, date]]:
    """Each occurrence's details, start and end.

    Occurrences from the same VEVENT share its RECURRENCE-IDs (none for the
    ones its rule generates), so one `as_component` copy per VEVENT is read
    instead of one per occurrence: half the time of a large feed.
    """
    read: dict[Any, _Details] = {}
    for occurrence in occurrences:
        key = occurrence.recurrence_ids
        if key not in read:
            read[key] = _details(occurrence.as_component(False), changed=bool(key))
        yield read[key], occurrence.start, occurrence.end


def _details(component: Any, changed: bool) -> _Details:
    moved = component.get("RECURRENCE-ID") if changed else None
    return _Details(
        title=one_line(str(component.get("SUMMARY", ""))) or UNTITLED,
        description=clean_text(_first_text(component, "DESCRIPTION")),
        evidence=_urls(component),
        cancelled=str(component.get("STATUS", "")).strip().upper() == "CANCELLED",
        moved_from=None if moved is None else moved.dt,
        from_then_on=moved is not None
        and str(moved.params.get("RANGE", "")).upper() == "THISANDFUTURE",
        all_day=_flag(component, "X-MICROSOFT-CDO-ALLDAYEVENT"),
    )


def _flag(component: Any, name: str) -> bool:
    return str(component.get(name, "")).strip().upper() == "TRUE"


def _derived_uid(event: Any) -> str:
    """A UID for an event that has none: the same file gives the same one."""
    start = event["DTSTART"]
    zone = str(start.params.get("TZID", ""))
    summary = str(event.get("SUMMARY", ""))
    return short_hash(summary, start.to_ical().decode(), zone)


def _day(moment: date) -> date:
    """The date as written in the event's own zone (dates and floating too)."""
    return moment.date() if isinstance(moment, datetime) else moment


def _when(start: date, end: date) -> dict[str, Any]:
    """date, end_date (several days only), hours and minutes (timed events
    that last a minute or more)."""
    first = _day(start)
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        # All-day: DTEND is the day after the last day (RFC 5545 3.6.1).
        return _span(first, _day(end) - timedelta(days=1))
    if start.tzinfo is not None and end.tzinfo is not None:
        # Elapsed time, not wall-clock: a night with a clock change differs.
        elapsed = end.astimezone(UTC) - start.astimezone(UTC)
        end = end.astimezone(start.tzinfo)
    else:
        elapsed = end.replace(tzinfo=None) - start.replace(tzinfo=None)
    last = end.date()
    if end.time() == time() and last > first:
        last -= timedelta(days=1)  # ending at midnight ends the day before
    values = _span(first, last)
    minutes = (elapsed + timedelta(seconds=30)) // timedelta(minutes=1)  # half up
    if minutes >= 1:
        values.update(hours=round(minutes / 60, 4), minutes=minutes)
    return values


def _span(first: date, last: date) -> dict[str, Any]:
    return {"date": first, "end_date": last if last > first else None}


def _fits(values: dict[str, Any]) -> int:
    """The most minutes the draft's days hold (24 h a day, first to last)."""
    first: date = values["date"]
    last: date = values["end_date"] or first
    return MINUTES_PER_DAY * ((last - first).days + 1)


def _occurrence_key(details: _Details, start: date) -> str:
    """The occurrence's original start, as its RECURRENCE-ID would name it.

    A generated occurrence starts at its original start; a moved one names
    it in RECURRENCE-ID, which is read in the zone of its own start, so that
    a UTC RECURRENCE-ID and a local one name the same occurrence. After a
    this-and-future change every later occurrence carries the change's
    RECURRENCE-ID, so their own starts tell them apart.
    """
    original = details.moved_from
    if original is None or details.from_then_on:
        original = start
    if not isinstance(original, datetime):
        return original.strftime("%Y%m%d")
    zone: tzinfo | None = getattr(start, "tzinfo", None)
    if original.tzinfo is not None and zone is not None:
        original = original.astimezone(zone)
    return original.strftime("%Y%m%dT%H%M%S")


def _first_text(component: Any, name: str) -> str:
    value = component.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def _urls(component: Any) -> list[str]:
    values = component.get("URL", [])
    if not isinstance(values, list):
        values = [values]
    urls = [str(value).strip() for value in values]
    return list(dict.fromkeys(url for url in urls if url))
