"""The pksb.toml format: the shipped areas and the user's file, read and appended.

Reads the shipped framework (package data `pksb.toml`, names only, with
their sources) and the user's `<home>/pksb.toml` into `core.pksb` values,
with every problem named by its key (`locate` turns a key into a line and
column for `path:line:col`), and writes the `[[rating]]` block that `pksb
rate` appends. Nothing here touches the disk; `store/pksb_file.py` does.

The user's `<home>/pksb.toml` (every key optional)::

    schema_version = 1      # a larger number is a newer cpdlog's file
    replace = false         # true: the [[area]] list below replaces CILIP's

    [[area]]                # a sub-area of your own, or a code for a shipped area
    code = "5.6"            # optional: letters, digits, '.' and '-', no spaces
    name = "Information risk management"
    group = "Professional expertise"   # optional

    [[rating]]              # `cpdlog pksb rate` appends these; never rewritten
    area = "Information risk management"
    level = 1               # 0-4
    target = 3              # optional, 0-4; holds until a later rating changes it
    date = 2025-01-10       # a TOML date, no quotes
    note = "Before the GDPR course"    # optional

An `[[area]]` whose name is a shipped area's (any case) gives that area a code
or group instead of adding a second one. Names may not hold `;`, which joins
areas in the CSV export. Ratings are history: the first and the latest (by
date, then file order) are shown.

About 400 lines, kept whole: every key of the format, read and written,
in one file, so a new key is added in one place.
"""

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from cpdlog.core import tomlfile
from cpdlog.core.pksb import (
    CONTROL,
    LEVELS,
    Area,
    Framework,
    Rating,
    Renamed,
    check_level,
    fold,
    quote,
)
from cpdlog.errors import DataError, UsageError

SCHEMA_VERSION = 1
# What `pksb rate` writes when the user has no pksb.toml yet.
NEW_FILE = (
    "# Your PKSB self-assessment: cpdlog appends a [[rating]] for each\n"
    "# `cpdlog pksb rate`. You may add [[area]] tables for your own sub-areas.\n"
    f"schema_version = {SCHEMA_VERSION}\n"
)

_CODE = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9.\-]*\Z")
_USER_KEYS = ("schema_version", "replace", "area", "rating")
_SHIPPED_KEYS = ("schema_version", "edition", "area", "renamed")
_AREA_KEYS = ("code", "name", "group")
_RATING_KEYS = ("area", "level", "target", "date", "note")
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}

Key = tuple[str | int, ...]


class PksbFileError(DataError, ValueError):
    """A problem in a pksb.toml. `key` says where, as ("rating", 2, "level")
    with table indices from 0 (`locate` turns it into a line and column);
    str() says what is wrong and how to fix it."""

    def __init__(self, key: Key, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"{describe_key(key)}: {reason}")


def describe_key(key: Key) -> str:
    """("rating", 2, "level") -> "[[rating]] 3, level": what a person counts."""
    parts: list[str] = []
    for i, part in enumerate(key):
        if isinstance(part, int):
            parts[-1] = f"[[{key[i - 1]}]] {part + 1}"
        else:
            parts.append(part)
    return ", ".join(parts)


def shipped_text() -> str:
    """The shipped framework file's text (package data, beside this module
    as the built-in schemes are: importlib.resources would cost ~7 ms of
    imports on every `status` of a home with a pksb.toml)."""
    return Path(__file__).with_name("pksb.toml").read_text("utf-8")


# ---------------------------------------------------------------- reading


def load_framework(
    shipped_text: str, user_table: Mapping[str, Any] | None
) -> Framework:
    """The shipped areas, with the user's added to them (or replacing them
    when the user's file says `replace = true`). Raises PksbFileError."""
    shipped = tomlfile.loads(shipped_text)
    _check_top(shipped, _SHIPPED_KEYS)
    areas = _read_areas(shipped)
    renamed = tuple(_read_renamed(shipped))
    edition = shipped.get("edition")
    if user_table is not None:
        _check_top(user_table, _USER_KEYS)
        own = _read_areas(user_table)
        areas = own if _replace(user_table) else _merge(areas, own)
        _check_unique(areas)
    return Framework(tuple(area for area, _ in areas), renamed, edition)


def parse_ratings(user_table: Mapping[str, Any] | None) -> list[Rating]:
    """The user's ratings in file order, validated. Raises PksbFileError."""
    if user_table is None:
        return []
    _check_top(user_table, _USER_KEYS)
    return [_rating(raw, ("rating", i)) for i, raw in _tables(user_table, "rating")]


def _check_top(table: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for name in table:
        if name not in allowed:
            raise PksbFileError((name,), _unknown_key(name, allowed))
    version = table.get("schema_version", SCHEMA_VERSION)
    if _is_int(version) and version > SCHEMA_VERSION:
        raise PksbFileError(
            ("schema_version",),
            f"this file was written by a newer cpdlog (schema_version {version}); "
            "upgrade cpdlog to read it.",
        )
    if version != SCHEMA_VERSION or not _is_int(version):
        raise PksbFileError(("schema_version",), f"must be {SCHEMA_VERSION}.")


def _unknown_key(name: str, allowed: Sequence[str]) -> str:
    import difflib  # only on an error

    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return f"unknown key; {hint}the keys here are {', '.join(allowed)}."


def _replace(table: Mapping[str, Any]) -> bool:
    value = table.get("replace", False)
    if not isinstance(value, bool):
        raise PksbFileError(("replace",), "must be true or false, without quotes.")
    return value


def _tables(
    table: Mapping[str, Any], name: str
) -> Iterator[tuple[int, Mapping[str, Any]]]:
    value = table.get(name, [])
    if not isinstance(value, list):
        raise PksbFileError((name,), f"write each one as a [[{name}]] table.")
    for i, raw in enumerate(value):
        if not isinstance(raw, dict):
            raise PksbFileError((name, i), f"write each one as a [[{name}]] table.")
        yield i, raw


def _known_keys(raw: Mapping[str, Any], key: Key, allowed: Sequence[str]) -> None:
    for name in raw:
        if name not in allowed:
            raise PksbFileError((*key, name), _unknown_key(name, allowed))


def _text(
    raw: Mapping[str, Any], name: str, key: Key, *, required: bool, tidy: bool = True
) -> str | None:
    """A one-line text value, its runs of spaces made one when `tidy`."""
    value = raw.get(name)
    if value is None:
        if required:
            raise PksbFileError(key, f'needs a {name} = "..." line.')
        return None
    where = (*key, name)
    if not isinstance(value, str):
        raise PksbFileError(where, 'must be text in quotes: "...".')
    if CONTROL.search(value):
        raise PksbFileError(where, "must be one line of text without tabs.")
    if not value.strip():
        raise PksbFileError(where, "must not be blank.")
    return " ".join(value.split()) if tidy else value


def _read_areas(table: Mapping[str, Any]) -> list[tuple[Area, Key]]:
    areas = [_area(raw, ("area", i)) for i, raw in _tables(table, "area")]
    _check_unique(areas)
    return areas


def _area(raw: Mapping[str, Any], key: Key) -> tuple[Area, Key]:
    _known_keys(raw, key, _AREA_KEYS)
    name = _text(raw, "name", key, required=True)
    assert name is not None  # required=True never returns None
    if ";" in name:
        raise PksbFileError(
            (*key, "name"), "must not hold ';' (it joins areas in CSV)."
        )
    code = raw.get("code")
    if code is not None and (not isinstance(code, str) or not _CODE.match(code)):
        raise PksbFileError(
            (*key, "code"),
            "must be letters, digits, '.' or '-' with no spaces, in quotes: "
            'code = "5.6".',
        )
    return Area(code, name, _text(raw, "group", key, required=False)), key


def _read_renamed(table: Mapping[str, Any]) -> Iterator[Renamed]:
    for i, raw in _tables(table, "renamed"):
        old = _text(raw, "old", ("renamed", i), required=True)
        new = raw.get("new")
        if (
            old is None
            or not isinstance(new, list)
            or not all(isinstance(n, str) for n in new)
        ):
            raise PksbFileError(("renamed", i), 'needs old = "..." and new = ["..."].')
        yield Renamed(old, tuple(new))


def _merge(
    base: list[tuple[Area, Key]], own: list[tuple[Area, Key]]
) -> list[tuple[Area, Key]]:
    """The shipped areas then the user's; a user area named like a shipped one
    lends it its code and group instead of repeating it."""
    merged = list(base)
    where = {fold(area.name): i for i, (area, _) in enumerate(base)}
    for area, key in own:
        i = where.get(fold(area.name))
        if i is None:
            merged.append((area, key))
            continue
        old = merged[i][0]
        merged[i] = (
            Area(area.code or old.code, old.name, area.group or old.group),
            key,
        )
    return merged


def _check_unique(areas: list[tuple[Area, Key]]) -> None:
    """Two areas with one name or one code would make matching ambiguous."""
    names: dict[str, Key] = {}
    codes: dict[str, Key] = {}
    for area, key in areas:
        for value, seen, field in (
            (area.name, names, "name"),
            (area.code, codes, "code"),
        ):
            if value is None:
                continue
            if fold(value) in seen:
                first = describe_key(seen[fold(value)])
                raise PksbFileError((*key, field), f"repeats the {field} of {first}.")
            seen[fold(value)] = key


def _rating(raw: Mapping[str, Any], key: Key) -> Rating:
    _known_keys(raw, key, _RATING_KEYS)
    # Kept as written, so that a rating reads back exactly; matching folds it.
    area = _text(raw, "area", key, required=True, tidy=False)
    assert area is not None  # required=True never returns None
    if "level" not in raw:
        raise PksbFileError(key, "needs a level = 0 to 4 line.")
    level = _file_level(raw["level"], (*key, "level"))
    target = raw.get("target")
    if target is not None:
        target = _file_level(target, (*key, "target"))
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise PksbFileError((*key, "note"), 'must be text in quotes: "...".')
    return Rating(area, level, target, _file_date(raw.get("date"), key), note)


def _file_level(value: Any, key: Key) -> int:
    if not _is_int(value) or value not in LEVELS:
        raise PksbFileError(key, f"must be a whole number from 0 to 4, not {value!r}.")
    return int(value)


def _file_date(value: Any, key: Key) -> dt.date:
    if value is None:
        raise PksbFileError(key, "needs a date = YYYY-MM-DD line (no quotes).")
    if isinstance(value, str):
        raise PksbFileError(
            (*key, "date"), "write the date without quotes: 2025-01-31."
        )
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise PksbFileError((*key, "date"), "must be a date alone: 2025-01-31.")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def locate(text: str, key: Key) -> tuple[int, int] | None:
    """The line and column (from 1) of `key` in a pksb.toml's text, so a
    PksbFileError can be shown as path:line:col; None when not found."""
    lines = text.splitlines()
    if len(key) >= 2 and isinstance(key[1], int):
        headers = [i for i, line in enumerate(lines) if _is_header(line, str(key[0]))]
        if key[1] >= len(headers):
            return None
        start = headers[key[1]]
        if len(key) == 2:
            return start + 1, lines[start].index("[") + 1
        stop = next(
            (i for i in range(start + 1, len(lines)) if _is_header(lines[i])), None
        )
        found = _key_line(lines[start + 1 : stop], str(key[2]))
        return (start + 1, 1) if found is None else (start + 2 + found[0], found[1])
    stop = next((i for i, line in enumerate(lines) if _is_header(line)), None)
    found = _key_line(lines[:stop], str(key[0]))
    return None if found is None else (found[0] + 1, found[1])


def _key_line(lines: Sequence[str], name: str) -> tuple[int, int] | None:
    """The index and column of the line that sets `name`."""
    for i, line in enumerate(lines):
        if re.match(rf"\s*{re.escape(name)}\s*=", line):
            return i, len(line) - len(line.lstrip()) + 1
    return None


def _is_header(line: str, name: str | None = None) -> bool:
    if name is None:
        return re.match(r"\s*\[", line) is not None
    return re.match(rf"\s*\[\[\s*{re.escape(name)}\s*\]\]", line) is not None


def _toml_string(text: str, what: str) -> str:
    """A TOML basic string that reads back as exactly `text`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"The {what} holds bytes that are not text; retype it."
        ) from None
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif CONTROL.match(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def rating_toml(
    area: str, level: int, target: int | None, day: dt.date, note: str | None
) -> str:
    """The `[[rating]]` block to append to the user's file, starting with a
    blank line; `append_rating` appends it safely."""
    check_level(level, "LEVEL")
    if not area.strip() or CONTROL.search(area):
        raise UsageError(f"A PKSB area must be one line of text, not {quote(area)}.")
    if target is not None:
        check_level(target, "--target")
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise UsageError(f"The rating's date must be a date, not {day!r}.")
    lines = [
        "",
        "[[rating]]",
        f"area = {_toml_string(area, 'area')}",
        f"level = {level}",
    ]
    if target is not None:
        lines.append(f"target = {target}")
    lines.append(f"date = {day.isoformat()}")
    if note is not None:
        lines.append(f"note = {_toml_string(note, 'note')}")
    return "\n".join(lines) + "\n"


def append_rating(text: str, block: str) -> str:
    """The user's file text with `block` appended, every byte before it kept.
    Checks that the result reads back as the old ratings plus the new one;
    raises DataError (nothing to write) when the file cannot take it."""
    if text and not text.endswith("\n"):
        text += "\n"
    new_text = text + block
    before = parse_ratings(_appendable(text))  # a damaged file names its key
    after = parse_ratings(_appendable(new_text))
    added = parse_ratings(_appendable(block))
    if after != [*before, *added]:
        raise DataError(
            "A [[rating]] appended to this pksb.toml would not read back as written; "
            "write its ratings as [[rating]] tables at the end of the file."
        )
    return new_text


def _appendable(text: str) -> dict[str, Any]:
    """The table of text; DataError when it is not TOML (the appended text
    would not be either)."""
    try:
        return tomlfile.loads(text)
    except (ValueError, RecursionError) as error:
        raise DataError(
            f"A [[rating]] cannot be appended to this pksb.toml ({error}); write "
            "its ratings as [[rating]] tables, or move the file away."
        ) from None
