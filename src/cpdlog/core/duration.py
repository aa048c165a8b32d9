"""Hours as integer minutes: parse what people type, format it back.

Time is kept as whole minutes everywhere inside cpdlog, so totals are exact
(ten activities of 0.1 h total 1.0, never 0.9999999999999999). Hours are
written to files and JSON as minutes / 60 rounded to 4 decimals, which
`round(hours * 60)` turns back into the same minutes.
"""

import re
from typing import TYPE_CHECKING

from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from decimal import Decimal

MINUTES_PER_DAY = 24 * 60
# The most hours one activity, rule or target can hold: a century. Past
# this a number is a typo (or 1e30), and Decimal would choke on it.
MAX_HOURS = 24 * 366 * 100

_DURATION = re.compile(
    r"""^(?:
        (?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?\s*(?:(?P<hm>\d+)\s*m(?:in(?:utes?|s)?)?)?
      | (?P<m>\d+)\s*m(?:in(?:utes?|s)?)?
      | (?P<ch>\d+):(?P<cm>[0-5]\d)
    )$""",
    re.VERBOSE | re.IGNORECASE,
)


def minutes_from_decimal(hours: "Decimal") -> int:
    """Round a Decimal of hours to the nearest minute (halves up)."""
    from decimal import ROUND_HALF_UP, Decimal  # here: status never needs it

    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minutes_of_hours(value: "int | float | Decimal") -> int:
    """The whole minutes of a number of hours, checked: finite, above zero,
    at least half a minute and at most MAX_HOURS. A float is exact to the
    minute through its repr (0.1 is 6 minutes). Raises ValueError with a
    phrase that follows the value's name ("hours = 0: must be more than
    zero")."""
    if value != value or not value > 0:  # NaN is unequal to itself
        raise ValueError("must be more than zero")
    if value > MAX_HOURS:
        raise ValueError(f"is more than {MAX_HOURS:,} hours (a century)")
    if isinstance(value, int):
        return value * 60
    # Files hold minute-exact numbers (1.3333 for 80 minutes): those need no
    # Decimal, which keeps it off the status path. Anything else is rounded
    # exactly, halves up.
    near = round(value * 60)
    if isinstance(value, float) and abs(value * 60 - near) < 1e-6:
        minutes = near
    else:
        from decimal import Decimal

        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        minutes = minutes_from_decimal(number)
    if minutes == 0:
        raise ValueError("is less than half a minute")
    return minutes


def parse_hours(text: str, option: str = "--hours") -> int:
    """`1.5` -> 90 minutes. Raises UsageError for anything not a positive number."""
    from decimal import Decimal, InvalidOperation

    try:
        hours = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(
            f"{option} {text!r} is not a number of hours: use e.g. 1.5, "
            "or --duration 1h30m."
        ) from None
    return _positive(hours, text, option)


def parse_duration(text: str, option: str = "--duration") -> int:
    """`90m`, `1h30m`, `1:30`, `2h`, `1.5h` -> minutes. Raises UsageError."""
    from decimal import Decimal

    match = _DURATION.match(text.strip())
    if not match:
        raise UsageError(
            f"{option} {text!r} is not a duration: use e.g. 90m, 1h30m, 1:30 or 2h."
        )
    if match["m"] is not None:
        hours = Decimal(match["m"]) / 60
    elif match["ch"] is not None:
        hours = Decimal(match["ch"]) + Decimal(match["cm"]) / 60
    else:
        hours = Decimal(match["h"]) + Decimal(match["hm"] or 0) / 60
    return _positive(hours, text, option)


def _positive(hours: "Decimal", text: str, option: str) -> int:
    if hours.is_nan():  # a signalling NaN cannot even be compared
        raise UsageError(f"{option} {text!r}: the hours must be a number.")
    try:
        return minutes_of_hours(hours)
    except ValueError as error:
        raise UsageError(f"{option} {text!r}: the hours {error}.") from None


def hours_number(minutes: int) -> float:
    """The number written to files and JSON: minutes / 60, at most 4 decimals."""
    return round(minutes / 60, 4)


def hours_short(minutes: int) -> str:
    """Hours as people read them, with at most 2 decimals: `40` -> "0.67",
    `90` -> "1.5", `3435` -> "57.25", `1200` -> "20". Rounded once, halves
    up, from whole minutes (so sum the minutes of a total first)."""
    # minutes * 100 / 60 hundredths, rounded half up in integers.
    hundredths = (minutes * 10 + 3) // 6
    whole, rest = divmod(hundredths, 100)
    if not rest:
        return str(whole)
    return f"{whole}.{rest:02d}".rstrip("0")


def format_duration(minutes: int) -> str:
    """`90` -> "1h30m", `45` -> "45m", `120` -> "2h" (parse_duration reads it back)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"
