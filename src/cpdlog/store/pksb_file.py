"""The home's `pksb.toml`: read it whole, append a rating to it.

Reading names any problem as `path:line:col` (a ProblemError, exit 1): a
TOML error where the parser puts it, a bad key or value where `locate`
finds it. A rating is appended under the home's write lock, once the old
ratings and the new one read back from the new text, and only over the
bytes that were read, so a hand edit made meanwhile is never overwritten;
every earlier byte (comments, a byte-order mark, line ends) stays as it was.
"""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from cpdlog.core import pksb_format
from cpdlog.core.pksb import (
    AreaRow,
    Framework,
    PksbActivity,
    Rating,
    assessment,
    match_area,
)
from cpdlog.core.tomlfile import decode, parse
from cpdlog.errors import DataError, Problem, ProblemError, data_error, describe
from cpdlog.store.atomic import write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked


class PksbData(NamedTuple):
    """The framework (shipped areas plus the user's), the ratings in file
    order, and the file as read (raw is None when there is no file)."""

    framework: Framework
    ratings: list[Rating]
    text: str
    raw: bytes | None

    def assess(
        self, activities: Iterable[PksbActivity], as_of: dt.date | None = None
    ) -> list[AreaRow]:
        """The assessment rows (see core.pksb.assessment)."""
        return assessment(self.framework, self.ratings, activities, as_of)


class Rated(NamedTuple):
    """What `pksb rate` did: the area's row with every rating now in the
    file (its latest rating, the target in force, the gap) and the file."""

    row: AreaRow
    path: Path


def read(home: Home) -> PksbData:
    """The home's PKSB data (the shipped framework when there is no file).
    Raises ProblemError naming path:line:col, DataError."""
    path = home.pksb
    try:
        raw: bytes | None = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as error:
        raise ProblemError(
            Problem(path, None, None, f"cannot be read: {describe(error)}")
        ) from None
    text = "" if raw is None else decode(path, raw)
    table = None if raw is None else parse(path, text)
    try:
        framework = pksb_format.load_framework(pksb_format.shipped_text(), table)
        ratings = pksb_format.parse_ratings(table)
    except pksb_format.PksbFileError as error:
        raise ProblemError(problem(path, text, error)) from None
    return PksbData(framework, ratings, text, raw)


def problem(path: Path, text: str, error: pksb_format.PksbFileError) -> Problem:
    """The Problem of a PksbFileError, at its line and column when found."""
    where = pksb_format.locate(text, error.key)
    line, column = where if where else (None, None)
    return Problem(path, line, column, str(error))


def add_rating(
    home: Home,
    area: str,
    level: int,
    target: int | None,
    day: dt.date,
    note: str | None,
) -> Rated:
    """Append a rating of the area that `area` names (a name, code or unique
    prefix). Raises UsageError for an unknown or ambiguous area (nothing is
    written), ProblemError for a damaged file, DataError."""
    path = home.pksb
    with locked(home):
        data = read(home)
        name = match_area(data.framework, area, option="AREA")
        block = pksb_format.rating_toml(name, level, target, day, note)
        base = pksb_format.NEW_FILE if data.raw is None else data.text
        try:
            new_text = pksb_format.append_rating(base, block)
        except DataError as error:
            raise DataError(f"{path}: {error}") from None
        if data.raw is None:
            new = new_text.encode("utf-8")
        else:  # the bytes read, then what was appended to their text
            new = data.raw + new_text[len(base) :].encode("utf-8")
        _write(path, new, data.raw)
    ratings = [*data.ratings, Rating(name, level, target, day, note)]
    rows = assessment(data.framework, ratings, ())
    return Rated(next(row for row in rows if row.area == name), path)


def _write(path: Path, data: bytes, raw: bytes | None) -> None:
    """Write the file only over the bytes read (raw), or where there was no
    file (raw None: created exclusively)."""
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise data_error(path, error, "read the PKSB file") from None
    if current != raw:
        raise _changed(path)
    try:
        write_atomic(path, data, exclusive=raw is None)
    except FileExistsError:
        raise _changed(path) from None


def _changed(path: Path) -> DataError:
    return DataError(
        f"{path}: the file changed while cpdlog read it; nothing was written. "
        "Run the command again."
    )


def read_or_problems(home: Home) -> "tuple[PksbData | None, list[Problem]]":
    """The home's PKSB data, or None and the problems when the file cannot
    be used (for exports, which do their job on the rest)."""
    try:
        return read(home), []
    except ProblemError as error:
        return None, error.problems
