"""The revalidation period: an inclusive pair of dates ending on the as-of day.

The period is N months (12 for CILIP) ending on as-of, starting the day
after the same date N months earlier; where that date does not exist (29
February, 31 April) the month's last day is used, so as-of 2028-02-29 gives
2027-03-01 to 2028-02-29. `since` starts the period on a given day instead.
"""

from datetime import date, timedelta
from typing import Any, NamedTuple

from cpdlog.errors import UsageError


class Period(NamedTuple):
    """Both ends inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def months_before(day: date, months: int) -> date:
    """The same date `months` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    if year < 1:
        raise UsageError(f"The period before {day} reaches past year 1.")
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def months_before_or_edge(day: date, months: int) -> date:
    """months_before, but the first or last day of the calendar when the
    answer lies beyond year 1 or 9999 (the forecast looks that far)."""
    try:
        return months_before(day, months)
    except (UsageError, ValueError, OverflowError):
        return date.min if months > 0 else date.max


def period_ending(as_of: date, months: int = 12, since: date | None = None) -> Period:
    """The period that ends on as_of. Raises UsageError when since is after as_of."""
    if since is not None:
        if since > as_of:
            raise UsageError(
                f"--since {since} is after --as-of {as_of}: the period would be empty."
            )
        return Period(since, as_of)
    return Period(rolling_start(as_of, months), as_of)


def rolling_start(as_of: date, months: int) -> date:
    """The first day of the months ending on as_of (1 January of year 1 when
    that lies before the calendar begins)."""
    try:
        return months_before(as_of, months) + timedelta(days=1)
    except (UsageError, ValueError, OverflowError):
        return date.min


class Window(NamedTuple):
    """A scheme's period at as-of: the dates that count so far, the last day
    of the whole period (its deadline), and a note on how it was chosen."""

    period: Period
    deadline: date
    rolling: bool
    note: str = ""


def add_years(day: date, years: int) -> date:
    """The same date years later (28 February for a 29 February), or the
    calendar's edge beyond it."""
    return months_before_or_edge(day, -12 * years)


def scheme_window(
    rule: Any, as_of: date, since: date | None, person: dict[str, Any]
) -> Window:
    """The window of a scheme's period rule (rolling, calendar-year, cycle) at
    as_of; since, when given, starts it instead. Raises UsageError."""
    if rule.kind == "calendar-year":
        start, deadline = date(as_of.year, 1, 1), date(as_of.year, 12, 31)
        note = f"calendar year {as_of.year}"
    elif rule.kind == "cycle":
        first = person.get(rule.start)
        if isinstance(first, str):
            try:
                first = date.fromisoformat(first)
            except ValueError:
                first = None
        if not isinstance(first, date):
            start = rolling_start(as_of, 12 * rule.years)
            deadline = as_of
            note = (
                f"the {rule.years} years to {as_of}: set {rule.start} in the "
                "profile for the cycle's own dates"
            )
        else:
            cycles = (as_of.year - first.year) // rule.years
            start = add_years(first, cycles * rule.years)
            if start > as_of:
                start = add_years(first, (cycles - 1) * rule.years)
            deadline = add_years(start, rule.years)
            deadline -= timedelta(days=1 if deadline < date.max else 0)
            note = f"{rule.years}-year cycle {start} to {deadline}"
    else:
        start = period_ending(as_of, rule.months).start
        deadline = as_of
        note = f"the {rule.months} months to {as_of}"
    if since is not None:
        # A period given by --since is fixed: the figures and the forecast
        # are judged on it alone, never on a rolling window (issue #12).
        start, note = period_ending(as_of, since=since).start, f"from --since {since}"
        return Window(Period(start, as_of), as_of, False, note)
    return Window(Period(start, as_of), deadline, rule.kind == "rolling", note)
