"""CSV: RFC 4180 (CRLF, minimal quoting), one row per activity of the period.

A cell that a spreadsheet would run as a formula (starting with =, +, -, @,
a tab or a carriage return) is prefixed with an apostrophe; so is a cell
that starts with an apostrophe itself, so that `cpdlog import` can take
exactly one off and give the text back as it was.
"""

import csv
import io
from typing import Any

from cpdlog.core.duration import hours_number

HEADER = ("id", "date", "end_date", "title", "type", "hours", "areas", "tags",
          "provider", "description", "reflection", "pksb", "evidence")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet runs as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _row(activity: Any) -> list[str]:
    values = [
        activity.id,
        str(activity.date),
        str(activity.end_date) if activity.end_date else "",
        activity.title,
        activity.type,
        repr(hours_number(activity.minutes)),
        "; ".join(activity.areas),
        "; ".join(activity.tags),
        activity.provider or "",
        activity.description or "",
        activity.reflection or "",
        "; ".join(activity.pksb),
        "; ".join(activity.evidence),
    ]
    return [neutralise(value) for value in values]


def render(submission: Any) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for activity in submission.activities:
        writer.writerow(_row(activity))
    return buffer.getvalue()
