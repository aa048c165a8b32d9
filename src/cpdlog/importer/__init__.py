"""Reading what happened elsewhere (calendars, other CSV logs) as draft activities.

`from_ics` reads iCalendar files, `from_csv` reads cpdlog's own CSV export and
the PyPI `cpdlog` package's log; both return an `items.Imported` of TOML-ready
draft dicts and never touch the home. Importing this package costs nothing:
only the module a command needs is imported.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.importer.items import Imported

FORMATS = ("ics", "csv")
# File name endings of each format (calendar programs also write .ical and
# .ifb); anything else is told by its first line.
_ENDINGS = {".ics": "ics", ".ical": "ics", ".icalendar": "ics", ".ifb": "ics",
            ".csv": "csv"}  # fmt: skip


def file_format(path: Path, data: bytes) -> str:
    """ics or csv, from the file's name, else from its first line. Raises
    UsageError when neither tells."""
    kind = _ENDINGS.get(path.suffix.lower())
    if kind:
        return kind
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    raise UsageError(
        f"{path}: cannot tell from its name whether it is a calendar or a CSV "
        "log; add --format ics or --format csv."
    )


def read_items(
    kind: str,
    data: bytes,
    today: date,
    since: date | None = None,
    until: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> "Imported":
    """The drafts of a file's bytes in the given format (ics or csv), within
    since..until. Raises UsageError for a file that cannot be read as that."""
    if kind == "ics":
        from cpdlog.importer.from_ics import read_ics

        return read_ics(data, today, since, until, progress)
    from cpdlog.importer.from_csv import read_csv
    from cpdlog.importer.items import Imported

    try:
        # Bytes decoded whole: reading as text would turn a CRLF inside a
        # quoted cell into LF, and the round trip would lose it.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UsageError(
            f"Line {line}: the CSV file is not UTF-8 text; save it as UTF-8 "
            "(in Excel: CSV UTF-8) and import it again."
        ) from None
    found = read_csv(text)
    items = [
        item
        for item in found.items
        if (since is None or item["date"] >= since)
        and (until is None or item["date"] <= until)
    ]
    return Imported(items, found.warnings)
