"""The revalidation period: an inclusive pair of dates ending on the as-of day.

The period is N months (12 for CILIP) ending on as-of, starting the day
after the same date N months earlier; where that date does not exist (29
February, 31 April) the month's last day is used, so as-of 2028-02-29 gives
2027-03-01 to 2028-02-29. `since` starts the period on a given day instead.
"""

from datetime import date, timedelta
from typing import NamedTuple

from cpdlog.errors import UsageError


class Period(NamedTuple):
    """Both ends inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


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


def period_ending(as_of: date, months: int = 12, since: date | None = None) -> Period:
    """The period that ends on as_of. Raises UsageError when since is after as_of."""
    if since is not None:
        if since > as_of:
            raise UsageError(
                f"--since {since} is after --as-of {as_of}: the period would be empty."
            )
        return Period(since, as_of)
    return Period(months_before(as_of, months) + timedelta(days=1), as_of)
