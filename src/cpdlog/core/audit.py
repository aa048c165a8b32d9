"""The audit pack's pure rules: its manifest, the names inside it, the gaps.

`MANIFEST.sha256` is in the format `sha256sum` writes and `sha256sum -c`
reads: `<64 hex>  <path>` a line, paths relative to the pack's root, sorted.
The pack only holds names that need no escaping there (no backslash, no
line break, no control character), so the plain form always serves; the
reader also takes sha256sum's escaped form (a line starting with `\\`) and
its binary marker (`*` before the path), as a hand-made manifest may have
them.

A gap is a run of days in the period with no activity on it (an activity
covers the days from its date to its end_date); auditors (HCPC) ask about
gaps of 3 months or more.
"""

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

MANIFEST = "MANIFEST.sha256"
GAP_MONTHS = 3
_LINE = re.compile(r"\A(\\?)([0-9a-fA-F]{64}) [ *](.+)\Z")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
_DAY = timedelta(days=1)


def safe_name(name: str) -> bool:
    """Whether a file name can go into the pack as it is: printable, no
    backslash, valid UTF-8 (no bytes Python kept as surrogates), not hidden."""
    if not name or name.startswith(".") or _UNSAFE.search(name):
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def manifest_text(digests: dict[str, str]) -> str:
    """The manifest of {path in the pack: SHA-256}, sorted by path."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))


class Manifest(NamedTuple):
    digests: dict[str, str]  # path -> SHA-256 (lowercase)
    bad_lines: list[int]  # lines that are not `<hash>  <path>`
    repeated: list[str]  # paths listed more than once


def parse_manifest(text: str) -> Manifest:
    """The entries of a manifest; lines it cannot read are numbered."""
    digests: dict[str, str] = {}
    bad: list[int] = []
    repeated: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            bad.append(number)
            continue
        name = match[3]
        if match[1]:  # sha256sum's escaped form
            name = re.sub(
                r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m[1], m[1]), name
            )
        if name in digests:
            repeated.append(name)
        digests[name] = match[2].lower()
    return Manifest(digests, bad, repeated)


def add_months(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day when it is
    shorter: 31 January + 1 month is 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class Gap(NamedTuple):
    first: date  # the first day with no activity
    last: date  # the last one
    months: int  # whole months it spans
    days: int  # and days beyond them

    def __str__(self) -> str:
        length = f"{self.months} month{'s' if self.months != 1 else ''}"
        if self.days:
            length += f" and {self.days} day{'s' if self.days != 1 else ''}"
        return f"no activity from {self.first} to {self.last} ({length})"


def gaps(
    start: date,
    end: date,
    spans: Iterable[tuple[date, date | None]],
    months: int = GAP_MONTHS,
) -> list[Gap]:
    """The runs of days from start to end (both inclusive) that no
    (date, end_date) span covers and that last `months` months or more."""
    found: list[Gap] = []
    cursor = start  # the first day not known to be covered
    for first, last in sorted((a, b or a) for a, b in spans):
        if last < cursor or first > end:
            continue
        if first > cursor:
            found += _gap(cursor, first - _DAY, months)
        cursor = last + _DAY
    if cursor <= end:
        found += _gap(cursor, end, months)
    return found


def _gap(first: date, last: date, months: int) -> list[Gap]:
    after = last + _DAY
    if after < add_months(first, months):
        return []
    whole = months
    while add_months(first, whole + 1) <= after:
        whole += 1
    return [Gap(first, last, whole, (after - add_months(first, whole)).days)]
