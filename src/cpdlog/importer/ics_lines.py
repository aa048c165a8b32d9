"""An .ics file as numbered content lines, and the line a damaged one breaks on.

icalendar names a bad line by its text, and a truncated download only as
"no components": the user needs a line number to see what went wrong. This
module unfolds the file (RFC 5545 section 3.1) keeping where each content
line starts, checks that BEGIN and END lines pair up, and asks icalendar's
own line splitter which line it cannot read. It parses nothing else.
"""

from typing import NamedTuple

from icalendar.parser import Contentline

from cpdlog.errors import UsageError


class Line(NamedTuple):
    """One unfolded content line."""

    number: int  # 1-based physical line where this (unfolded) content line starts
    text: str


def content_lines(data: bytes, notes: list[str]) -> list[Line]:
    """The unfolded content lines, each with the line number it starts on."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[: error.start].count(b"\n") + 1
        notes.append(
            f"Line {bad} is not UTF-8 text: the characters that could not be "
            "read were replaced by \ufffd."
        )
        text = data.decode("utf-8-sig", "replace")
    lines: list[Line] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        physical = physical.removesuffix("\r")
        if physical[:1] in (" ", "\t") and lines:
            # A folded line continues the one before (RFC 5545 section 3.1).
            lines[-1] = Line(lines[-1].number, lines[-1].text + physical[1:])
        elif physical.strip():
            lines.append(Line(number, physical))
    return lines


def check_structure(lines: list[Line]) -> None:
    """Refuse what is not iCalendar, or is cut short, naming the line.

    Only BEGIN/END lines are looked at: they tell a truncated download
    from a damaged file before the parser gives up with no line number.
    """
    if not lines:
        raise UsageError(
            "The file is empty: an iCalendar file starts with BEGIN:VCALENDAR."
        )
    first = lines[0]
    if first.text.strip().upper() != "BEGIN:VCALENDAR":
        raise UsageError(
            f"This is not an iCalendar (.ics) file: line {first.number} is "
            f"{first.text[:60]!r} where BEGIN:VCALENDAR should be."
        )
    opened: list[tuple[str, int]] = []
    for line in lines:
        word, _, name = line.text.strip().upper().partition(":")
        if word == "BEGIN":
            opened.append((name, line.number))
        elif word == "END":
            _check_end(opened, name, line.number)
    if opened:
        name, number = opened[-1]
        raise UsageError(
            f"The calendar file ends at line {lines[-1].number} before "
            f"END:{name} (BEGIN:{name} is on line {number}): it was cut short. "
            "Download or export it again."
        )


def _check_end(opened: list[tuple[str, int]], name: str, number: int) -> None:
    if not opened:
        raise UsageError(
            f"Line {number}: END:{name} has no BEGIN before it; the calendar "
            "file is damaged. Export it again."
        )
    begun, begun_on = opened.pop()
    if begun != name:
        raise UsageError(
            f"Line {number}: END:{name} closes BEGIN:{begun} of line {begun_on}; "
            "the calendar file is damaged. Export it again."
        )


def parse_error(lines: list[Line], error: ValueError) -> str:
    """icalendar names the bad line's text, not its number: find it by asking
    icalendar's own line splitter about each line in turn."""
    for line in lines:
        try:
            Contentline(line.text).parts()  # type: ignore[no-untyped-call]
        except ValueError:
            return (
                f"Line {line.number} of the calendar file cannot be read: "
                f"{line.text[:60]!r} is not an iCalendar line. Export it again."
            )
    return f"The calendar file cannot be read ({error}). Export it again."
