"""One activity file read whole: its bytes, its TOML table, its validated model.

Every reader of a full activity (show, edit, list, export, the index for a
file that is not plain) comes through `read_stored`, so a file is judged
the same way everywhere, and its problem always names `path:line`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cpdlog.core.tomlfile import decode, parse
from cpdlog.errors import Problem, ProblemError, describe

if TYPE_CHECKING:
    from cpdlog.core.model import Activity


class Stored(NamedTuple):
    """An activity as read: its file, validated model, raw table and bytes."""

    path: Path
    activity: "Activity"
    data: dict[str, Any]
    raw: bytes


def read_stored(path: Path) -> Stored:
    """Read and validate one activity file.

    Raises ProblemError with one problem naming the file, the first bad
    field's line and every bad field.
    """
    from cpdlog.core.model import validate_activity

    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(path, None, None, f"cannot be read: {describe(error)}")
        raise ProblemError(problem) from None
    text = decode(path, raw)
    data = parse(path, text)
    try:
        activity = validate_activity(data, text)
    except ProblemError as error:
        raise error.merged(path) from None
    return Stored(path, activity, data, raw)
