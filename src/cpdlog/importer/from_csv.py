"""CSV logs as draft activities: cpdlog's own export, and the PyPI `cpdlog` log.

Our export (`cpdlog export --format csv`) comes back field for field: lists
were joined with "; ", a cell a spreadsheet would run as a formula was
prefixed with an apostrophe, and both are undone here, so an export read
back gives the same values (the round trip the tests hold to).

The PyPI package `cpdlog` (github.com/aguinane/CPDLog, an engineering CPD
log, unrelated to us) keeps its whole log as a CSV: a first line `CPDLog`,
then a header written by `csv.DictWriter` from its pydantic Activity model
(`cpdlog/logfile.py`, `save_logfile`):
`act_id,act_date,topic,cpd_hours,cpd_type,technical,provider,learning_outcome,notes`
(0.1.0 had no `technical`). Its seven CPD categories A-G (Engineers
Australia's) map onto our types where one type is plainly closest; the rest
are left out for the user to choose on accept, and the category is kept as
a tag either way.

Values are checked for shape only (a date is a date, hours a positive
number): drafts may lack a type or areas, and `inbox accept` validates.
"""

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cpdlog.errors import UsageError
from cpdlog.importer.items import Imported, clean_text, draft, one_line, short_hash

HEADER = ("id", "date", "end_date", "title", "type", "hours", "areas", "tags",
          "provider", "description", "reflection", "pksb", "evidence")  # fmt: skip
OLD_HEADER = HEADER[:11]  # before pksb and evidence were exported
LISTS = ("areas", "tags", "pksb", "evidence")
# What our export prefixes with an apostrophe (to_csv.neutralise), itself too.
_NEUTRALISED = ("=", "+", "-", "@", "\t", "\r", "'")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

PYPI_MARK = "CPDLog"
PYPI_COLUMNS = ("act_id", "act_date", "topic", "cpd_hours", "cpd_type",
                "technical", "provider", "learning_outcome", "notes")  # fmt: skip
PYPI_NEEDS = ("act_date", "topic")  # a draft needs a title and a date
# The PyPI cpdlog's categories (cpdlog/activity.py, CPD_TYPES; H is 0.1.0's
# "Other"): (tag, our closest type or None where several fit equally).
PYPI_TYPES: dict[str, tuple[str, str | None]] = {
    "A": ("tertiary-education", "qualification-study"),
    "B": ("industry-education", None),  # course, conference, webinar, workshop
    "C": ("workplace-learning", "work-project"),
    "D": ("private-study", "reading"),
    "E": ("service-to-industry", None),  # committee work, volunteering, mentoring
    "F": ("academic-preparation", "presenting-teaching"),
    "G": ("industry-engagement", None),  # visits, secondments, consulting
    "H": ("other", "other"),
}


_NEEDED = (
    "Import needs cpdlog's own CSV export, whose first line is the header "
    f"{','.join(HEADER)} (or the same without pksb,evidence), or the log of the "
    f"PyPI cpdlog package, whose first line is {PYPI_MARK}."
)


def read_csv(text: str) -> Imported:
    """Drafts from our CSV export (source `csv:<id>`, or `csv-row:<hash of the
    row>` for a row without an ID) or the PyPI cpdlog's log
    (source `cpdlog-pypi:<hash of the row>`), in file order.

    Raises UsageError for any other header (naming the columns needed) and
    for a row whose date or hours cannot be read (naming its line).
    """
    rows = _rows(text.removeprefix("\ufeff"))
    first = next(rows, None)
    if first is None:
        raise UsageError(f"The CSV file is empty. {_NEEDED}")
    _, cells = first
    names = tuple(cell.strip().lower() for cell in cells)
    if names[:1] == (PYPI_MARK.lower(),):
        return _read_pypi(rows)
    if names in (HEADER, OLD_HEADER):
        return _read_ours(rows, names)
    raise UsageError(
        f"The CSV file's first line is {','.join(cells)[:80]!r}, not a header "
        f"cpdlog can import. {_NEEDED}"
    )


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, its cells) for each row that is not blank.

    newline="" keeps a CR or CRLF inside a quoted cell as it was written.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(
            f"Line {start}: the CSV cannot be read ({error}); a quote is "
            "probably not closed."
        ) from None


def _read_ours(
    rows: Iterator[tuple[int, list[str]]], header: tuple[str, ...]
) -> Imported:
    items: list[dict[str, Any]] = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise UsageError(
                f"Line {line}: {len(cells)} cells where the header has "
                f"{len(header)}. Export the CSV again, or mend that row."
            )
        row = dict(zip(header, (_restored(cell) for cell in cells), strict=True))
        items.append(_our_draft(row, line, cells))
    return Imported(items, [])


def _restored(cell: str) -> str:
    """The value before our export neutralised it (one apostrophe added
    before =, +, -, @, tab, CR or an apostrophe)."""
    if cell[:1] == "'" and cell[1:2] in _NEUTRALISED:
        return cell[1:]
    return cell


def _our_draft(row: dict[str, str], line: int, cells: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = dict(row)
    values["date"] = _date(row["date"], line, "date")
    values["end_date"] = _date(row["end_date"], line, "end_date", optional=True)
    values["hours"] = _hours(row["hours"], line, optional=True)
    for key in LISTS:
        values[key] = row.get(key, "").split("; ") if row.get(key) else []
    # An ID is what makes a re-import known; a hand-made row may lack one,
    # and then a hash of the row does, under another prefix: it is no ID,
    # and the draft gets a new one from the home's never-reused space.
    values["source"] = (
        f"csv:{row['id']}" if row["id"] else f"csv-row:{short_hash(*cells)}"
    )
    return draft(values)


def _date(text: str, line: int, column: str, optional: bool = False) -> date | None:
    if optional and not text:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageError(
        f"Line {line}: the {column} {text!r} is not a date: write it as "
        "YYYY-MM-DD, e.g. 2025-03-14."
    )


def _hours(text: str, line: int, optional: bool = False) -> float | None:
    """Hours as the activity file holds them: whole minutes / 60, 4 decimals."""
    if optional and not text.strip():
        return None
    try:
        hours = Decimal(text.strip())
    except InvalidOperation:
        hours = Decimal("NaN")
    minutes = 0
    if hours.is_finite() and 0 < hours < 24 * 366 * 100:
        minutes = int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if minutes < 1:
        raise UsageError(
            f"Line {line}: the hours {text!r} are not a number of hours of a "
            "minute or more, e.g. 1.5."
        )
    return round(minutes / 60, 4)


def _read_pypi(rows: Iterator[tuple[int, list[str]]]) -> Imported:
    first = next(rows, None)
    if first is None:
        return Imported([], [])
    line, cells = first
    header = [cell.strip().replace(" ", "_").lower() for cell in cells]
    missing = [name for name in PYPI_NEEDS if name not in header]
    if missing:
        raise UsageError(
            f"Line {line}: the PyPI cpdlog log has no {', '.join(missing)} "
            f"column; its header should be {','.join(PYPI_COLUMNS)}."
        )
    items: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for line, cells in rows:
        row = _pypi_row(header, cells, line)
        item = _pypi_draft(row, line, cells)
        if item["source"] in items:
            warnings.append(f"Line {line} repeats an earlier row: imported once.")
        items.setdefault(item["source"], item)
    return Imported(list(items.values()), warnings)


def _pypi_row(header: list[str], cells: list[str], line: int) -> dict[str, str]:
    """The row by column name. A 0.1.0 log that a later version appended to
    keeps its old header while new rows carry `technical` after `cpd_type`."""
    if (
        len(cells) == len(header) + 1
        and "technical" not in header
        and "cpd_type" in header
    ):
        header = list(header)
        header.insert(header.index("cpd_type") + 1, "technical")
    if len(cells) != len(header):
        raise UsageError(
            f"Line {line}: {len(cells)} cells where the header has {len(header)}."
        )
    return dict(zip(header, cells, strict=True))


def _pypi_draft(row: dict[str, str], line: int, cells: list[str]) -> dict[str, Any]:
    code = row.get("cpd_type", "").strip().rpartition(".")[2].upper()
    tag, kind = PYPI_TYPES.get(code, (None, None))
    technical = row.get("technical", "").strip().lower() == "true"
    hours = row.get("cpd_hours", "")
    return draft(
        {
            "title": one_line(row["topic"]),
            "date": _date(row["act_date"].strip(), line, "act_date"),
            "hours": _hours(hours, line, optional=True),
            "type": kind,
            "tags": [t for t in (tag, "technical" if technical else None) if t],
            "provider": clean_text(row.get("provider", "")),
            "description": clean_text(row.get("notes", "")),
            "reflection": clean_text(row.get("learning_outcome", "")),
            "source": "cpdlog-pypi:" + short_hash(*cells),
        }
    )
