"""TOML files: read them with `path:line:col` errors, write them in our layout.

Reading accepts a UTF-8 byte-order mark (Windows editors add one). Writing
puts keys in the SPEC's order, unknown keys after them as found, uses
multi-line strings for readable text, except for text holding a carriage
return, which a multi-line string would change: that is written as an
escaped one-line string, so every value reads back exactly.
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cpdlog.errors import Problem, ProblemError, describe

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_MERGE_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)
_BARE_KEY = re.compile(r"\A[A-Za-z0-9_-]+\Z")


MAX_DEPTH = 40  # cpdlog writes depth 2; anything past this is damage


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text of a file (a leading BOM dropped). Raises ProblemError."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ProblemError(
            Problem(path, line, column, "is not UTF-8 text; save it as UTF-8")
        ) from None


def _parser() -> Any:
    """tomli where installed: the same parser as the standard library's
    tomllib (which was made from it), compiled, and about 3x faster on long
    reflections (issue #14); else tomllib."""
    try:
        import tomli

        return tomli
    except ImportError:  # pragma: no cover - tomli is a dependency
        import tomllib

        return tomllib


def loads(text: str) -> dict[str, Any]:
    """The table of a TOML text, read by the one parser cpdlog reads every
    file with (tomli accepts TOML 1.1, which the tomllib of Python 3.11
    refuses, so two parsers would disagree about a file). Raises ValueError
    (the parser's TOMLDecodeError) or RecursionError; `parse` words them."""
    table: dict[str, Any] = _parser().loads(text)
    return table


def parse(path: Path, text: str) -> dict[str, Any]:
    """The table of a TOML text. Raises ProblemError with the line and column."""
    toml = _parser()
    try:
        table: dict[str, Any] = toml.loads(text)
    except RecursionError:
        raise ProblemError(_too_deep(path)) from None
    except toml.TOMLDecodeError as error:
        message = str(error)
        match = _POSITION.search(message)
        if match:
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()].strip()
        else:
            line = text.count("\n") + 1
            column = None
            message = re.sub(r"\s*\(at end of document\)", "", message)
        if _MERGE_MARKER.search(text):
            message += (
                "; it holds merge-conflict markers (<<<<<<< ... >>>>>>>): keep one "
                "version, delete the markers, then run cpdlog check"
            )
        problem = Problem(path, line, column, f"not valid TOML: {message}")
        raise ProblemError(problem) from None
    if not _shallow(table) and _depth(table) > MAX_DEPTH:
        raise ProblemError(_too_deep(path))
    return table


def _too_deep(path: Path) -> Problem:
    return Problem(
        path,
        None,
        None,
        f"holds values nested more than {MAX_DEPTH} levels deep, "
        "which no cpdlog file needs; remove them",
    )


def _shallow(table: dict[str, Any]) -> bool:
    """Whether no value nests deeper than a list or table of plain values:
    every file cpdlog writes, answered without walking (a cold status reads
    thousands)."""
    for value in table.values():
        kind = type(value)
        if kind is list or kind is dict:
            items = value.values() if kind is dict else value
            for item in items:
                if type(item) is list or type(item) is dict:
                    return False
    return True


def _depth(value: Any) -> int:
    """How deeply lists and tables nest in value (iteratively: no recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, level + 1) for child in item)
    return deepest


def read(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file: (table, text). Raises ProblemError, for OS errors too."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProblemError(
            Problem(path, None, None, f"cannot be read: {describe(error)}")
        ) from None
    text = decode(path, raw)
    return parse(path, text), text


def dump(data: dict[str, Any], order: Sequence[str] = ()) -> str:
    """TOML text of data: keys in order, then the rest; tables last."""
    keys = [key for key in order if key in data]
    keys += [key for key in data if key not in keys]
    plain = [key for key in keys if not _is_table(data[key])]
    tables = {key: data[key] for key in keys if _is_table(data[key])}
    parts = [_dump_pair(key, data[key]) for key in plain]
    if tables:
        parts.append(_checked(tables))
    return "".join(parts)


def _is_table(value: Any) -> bool:
    # tomli_w writes these as [key] or [[key]] sections, which must come last.
    if isinstance(value, list):
        return bool(value) and all(isinstance(item, dict) for item in value)
    return isinstance(value, dict)


def _dump_pair(key: str, value: Any) -> str:
    """One `key = value` line; short lists on one line, times as ...Z."""
    if _BARE_KEY.fullmatch(key):
        if isinstance(value, datetime) and value.tzinfo is not None:
            stamp = value.astimezone(UTC)
            if stamp.microsecond == 0:
                return f"{key} = {utc_stamp(stamp)}\n"
        if isinstance(value, list) and not any(
            isinstance(item, list | dict) for item in value
        ):
            line = f"{key} = [{', '.join(_inline(item) for item in value)}]\n"
            if len(line) <= 89:
                return line
    return _checked({key: value})


def _inline(value: Any) -> str:
    import tomli_w

    return tomli_w.dumps({"v": value})[4:].rstrip("\n")


def _holds_cr(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_holds_cr(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_cr(item) for item in value)
    return False


def _checked(data: dict[str, Any]) -> str:
    """tomli_w's TOML, with multi-line strings unless a value holds a CR: TOML
    turns CRLF into LF inside a multi-line string, so such text must stay an
    escaped one-line string to come back byte for byte (the round-trip
    property tests hold this)."""
    import tomli_w

    return tomli_w.dumps(data, multiline_strings=not _holds_cr(data))


def kind_of(value: Any) -> str:
    """What a TOML value is, in words: "text", "a number", "a list"..."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    name = names.get(type(value))
    if name:
        return name
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def utc_stamp(value: datetime) -> str:
    """An RFC 3339 UTC time, `2026-03-14T18:02:11Z`, the year always four
    digits (strftime's %Y is not zero-padded for years before 1000)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"
