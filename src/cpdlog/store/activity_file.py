"""One activity file read whole: its bytes, its TOML table, its validated model.

Every reader of a full activity (show, edit, list, export, the index for a
file that is not plain) comes through `read_stored`, so a file is judged
the same way everywhere, and its problem always names `path:line`.
"""

from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core.activity import Record, quick_record
from cpdlog.core.tomlfile import decode, parse
from cpdlog.errors import Problem, ProblemError, describe


class Stored(NamedTuple):
    """An activity as read: its file, validated record, raw table and bytes."""

    path: Path
    activity: Record
    data: dict[str, Any]
    raw: bytes


def read_stored(path: Path) -> Stored:
    """Read and validate one activity file.

    Raises ProblemError with one problem naming the file, the first bad
    field's line and every bad field.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(path, None, None, f"cannot be read: {describe(error)}")
        raise ProblemError(problem) from None
    text = decode(path, raw)
    data = parse(path, text)
    return Stored(path, record_of_table(path, data, text), data, raw)


def record_of_table(path: Path, data: dict[str, Any], text: str) -> Record:
    """The Record of a parsed file: plain files cpdlog wrote need no
    pydantic; anything else is judged (and its problems worded) by the
    model. Raises ProblemError naming path."""
    record = quick_record(data)
    if record is not None:
        return record
    from cpdlog.core.model import validate_activity

    try:
        return validate_activity(data, text)
    except ProblemError as error:
        raise error.merged(path) from None
