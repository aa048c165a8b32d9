"""The PKSB: its areas, matching what a user types to one, the assessment.

Owns CILIP's Professional Knowledge and Skills Base as plain values: the
framework (the shipped area names, names only, plus the user's own), matching
a name or code typed on the command line to one area, `check`'s warnings for
values outside the framework, and the per-area assessment that `cpdlog pksb`
shows (first and latest rating, target, gap, hours). How the areas and the
ratings are written in a pksb.toml, and the `[[rating]]` block that `pksb
rate` appends, live in `core/pksb_format.py`; the store reads and writes.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from cpdlog.errors import UsageError

LEVELS = range(5)
LIST_HINT = "`cpdlog pksb areas` lists them"

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DIGITS = re.compile(r"\A[0-9]+\Z")


class Area(NamedTuple):
    """One area: `code` ("5.6") when the framework or the user numbers it."""

    code: str | None
    name: str
    group: str | None


class Renamed(NamedTuple):
    """A 2013-edition name and the current areas that took its place."""

    old: str
    new: tuple[str, ...]


class Framework:
    """The areas in display order; iterating gives the areas. (A plain class:
    dataclasses would cost its import on every command.)"""

    __slots__ = ("areas", "edition", "renamed")

    def __init__(
        self,
        areas: tuple[Area, ...],
        renamed: tuple[Renamed, ...] = (),
        edition: str | None = None,
    ) -> None:
        self.areas = areas
        self.renamed = renamed
        self.edition = edition

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return (self.areas, self.renamed, self.edition) == (
            other.areas,
            other.renamed,
            other.edition,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"Framework({self.areas!r}, {self.renamed!r}, {self.edition!r})"

    def __iter__(self) -> Iterator[Area]:
        return iter(self.areas)

    def __len__(self) -> int:
        return len(self.areas)


class Rating(NamedTuple):
    """One self-assessment of one area on one day."""

    area: str
    level: int
    target: int | None
    date: dt.date
    note: str | None


class LevelOn(NamedTuple):
    level: int
    date: dt.date


class AreaRow(NamedTuple):
    """One line of the assessment: an area rated, or mapped by activities."""

    area: str
    first: LevelOn | None
    latest: LevelOn | None
    target: int | None
    gap: int | None
    minutes: int
    activity_ids: tuple[str, ...]


class PksbActivity(Protocol):
    """What the assessment needs of an activity (the period's, already filtered)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def minutes(self) -> int: ...
    @property
    def pksb(self) -> Sequence[str]: ...


# ---------------------------------------------------------------- matching


def fold(text: str) -> str:
    """What matching compares: case, runs of spaces and '&' vs 'and' ignored."""
    text = unicodedata.normalize("NFKC", text).replace("&", " and ")
    return " ".join(text.split()).casefold()


def quote(text: str) -> str:
    return "'" + CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) + "'"


def _names(areas: Iterable[Area]) -> str:
    return ", ".join(quote(area.name) for area in areas)


def match_area(framework: Framework, text: str, option: str = "--pksb") -> str:
    """The full name of the area that `text` names: a name or code (any
    case), a unique prefix of either, or "code name" typed whole. Unknown or
    ambiguous text raises UsageError naming the closest areas."""
    wanted = fold(text)
    if not wanted:
        raise UsageError(f"{option} needs a PKSB area's name or code; {LIST_HINT}.")
    for spelling in (_by_name, _by_code, _by_code_and_name):
        found = [area for area in framework if spelling(area) == wanted]
        if found:
            return found[0].name
    candidates = [
        area
        for area in framework
        if any(
            spelling(area).startswith(wanted)
            for spelling in (_by_name, _by_code, _by_code_and_name)
        )
    ]
    if len(candidates) == 1:
        return candidates[0].name
    if candidates:
        raise UsageError(
            f"{option} {quote(text)} could be any of {len(candidates)} PKSB areas: "
            f"{_names(candidates)}; type more of the name, or its code."
        )
    for entry in framework.renamed:
        if fold(entry.old) == wanted:
            new = [area for area in framework if area.name in entry.new]
            raise UsageError(
                f"{option} {quote(text)} is a 2013-edition name; the current "
                f"edition has {_names(new)} instead; {LIST_HINT}."
            )
    closest = _closest(framework, wanted, always=True)
    hint = f"closest: {_names(closest)}; " if closest else ""
    raise UsageError(f"{option} {quote(text)} is not a PKSB area; {hint}{LIST_HINT}.")


def _by_name(area: Area) -> str:
    return fold(area.name)


def _by_code(area: Area) -> str:
    return fold(area.code) if area.code else ""


def _by_code_and_name(area: Area) -> str:
    return fold(f"{area.code} {area.name}") if area.code else ""


# Words that say nothing about which area is meant.
_SMALL_WORDS = frozenset({"and", "of", "the", "in", "for", "to", "a", "an", "with"})


def _closest(
    framework: Framework, wanted: str, limit: int = 4, always: bool = False
) -> list[Area]:
    """Areas whose name holds the text, then the nearest spellings: those
    close to the best one, so a typo names its area and not five others;
    failing both, those sharing the most of its words ("leadership and
    ethics"); and, when always, the three least far if nothing is near at
    all (the SPEC asks an unknown --pksb value to list the closest names)."""
    import difflib  # only on an error
    import re

    by_fold = {fold(area.name): area for area in framework}
    found = [area for key, area in by_fold.items() if wanted in key]
    near = difflib.get_close_matches(wanted, list(by_fold), n=limit, cutoff=0.6)
    if near:
        best = difflib.SequenceMatcher(None, wanted, near[0]).ratio()
        for key in near:
            ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
            if ratio >= best - 0.1 and by_fold[key] not in found:
                found.append(by_fold[key])
    if not found:
        words = set(re.findall(r"\w+", wanted)) - _SMALL_WORDS
        shared = {key: len(words & set(re.findall(r"\w+", key))) for key in by_fold}
        most = max(shared.values(), default=0)
        found = [area for key, area in by_fold.items() if most and shared[key] == most]
    if not found and always:
        far = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0)
        found = [by_fold[key] for key in far]
    return found[:limit]


def unknown_values(framework: Framework, names: Iterable[str]) -> list[str]:
    """One warning sentence per distinct value that is not an area's full
    name (any case), for `check`; a 2013-edition name gets the current
    edition's areas as its hint."""
    known = {fold(area.name) for area in framework}
    renamed = {fold(entry.old): entry.new for entry in framework.renamed}
    warnings: list[str] = []
    seen: set[str] = set()
    for name in names:
        key = fold(name)
        if key in known or key in seen:
            continue
        seen.add(key)
        warnings.append(_unknown_warning(framework, name, renamed.get(key), known))
    return warnings


def _unknown_warning(
    framework: Framework, name: str, new: tuple[str, ...] | None, known: set[str]
) -> str:
    if new is not None:
        present = [n for n in new if fold(n) in known]
        if present:
            areas = ", ".join(quote(n) for n in present)
            return (
                f"PKSB area {quote(name)} is a 2013-edition name; the current edition "
                f"has {areas} instead."
            )
        return f"PKSB area {quote(name)} is a 2013-edition name; your list lacks it."
    closest = _closest(framework, fold(name))
    hint = f"closest: {_names(closest)}; " if closest else ""
    return f"PKSB area {quote(name)} is not in the framework; {hint}{LIST_HINT}."


# ---------------------------------------------------------------- rating


def check_level(value: object, option: str) -> int:
    """A rating level or target typed on the command line: 0-4, else UsageError."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.match(value.strip()):
        number = int(value.strip())
    if number is None or number not in LEVELS:
        raise UsageError(
            f"{option} must be a whole number from 0 to 4, not {quote(str(value))}."
        )
    return number


# ---------------------------------------------------------------- assessment


def assessment(
    framework: Framework,
    ratings: Sequence[Rating],
    activities: Iterable[PksbActivity],
    as_of: dt.date | None = None,
) -> list[AreaRow]:
    """One row per area rated (on or before `as_of`, when given) or mapped by
    the period's activities: largest gap first, no gap last, then framework
    order, then areas outside the framework by name."""
    order = {fold(area.name): i for i, area in enumerate(framework)}
    display = {fold(area.name): area.name for area in framework}
    history: dict[str, list[tuple[dt.date, int, Rating]]] = {}
    for index, rating in enumerate(ratings):
        if as_of is None or rating.date <= as_of:
            key = fold(rating.area)
            display.setdefault(key, rating.area)
            history.setdefault(key, []).append((rating.date, index, rating))
    mapped = _mapped(activities, display)
    rows = [
        (key, _row(display[key], sorted(history.get(key, [])), mapped.get(key)))
        for key in {**history, **mapped}
    ]
    rows.sort(
        key=lambda kr: (
            kr[1].gap is None,
            -(kr[1].gap or 0),
            order.get(kr[0], len(order)),
            kr[0],
        )
    )
    return [row for _, row in rows]


def _mapped(
    activities: Iterable[PksbActivity], display: dict[str, str]
) -> dict[str, tuple[int, list[str]]]:
    """Minutes and IDs per area (folded name), activities by date then ID."""
    mapped: dict[str, tuple[int, list[str]]] = {}
    for activity in sorted(activities, key=lambda a: (a.date, a.id)):
        for key in dict.fromkeys(fold(name) for name in activity.pksb if name.strip()):
            display.setdefault(key, next(n for n in activity.pksb if fold(n) == key))
            minutes, ids = mapped.get(key, (0, []))
            mapped[key] = (minutes + activity.minutes, [*ids, activity.id])
    return mapped


def _row(
    area: str,
    history: list[tuple[dt.date, int, Rating]],
    mapped: tuple[int, list[str]] | None,
) -> AreaRow:
    """First and latest rating by (date, file order); the target in force is
    the last one given, since a target holds until a later rating changes it."""
    minutes, ids = mapped or (0, [])
    if not history:
        return AreaRow(area, None, None, None, None, minutes, tuple(ids))
    first, latest = history[0][2], history[-1][2]
    targets = [rating.target for _, _, rating in history if rating.target is not None]
    target = targets[-1] if targets else None
    gap = None if target is None else target - latest.level
    return AreaRow(
        area,
        LevelOn(first.level, first.date),
        LevelOn(latest.level, latest.date),
        target,
        gap,
        minutes,
        tuple(ids),
    )


def row_json(row: AreaRow) -> dict[str, Any]:
    """The SPEC's JSON object for one area of `cpdlog pksb --json`."""

    def level_on(value: LevelOn | None) -> dict[str, Any] | None:
        return (
            None
            if value is None
            else {"level": value.level, "date": value.date.isoformat()}
        )

    return {
        "area": row.area,
        "first": level_on(row.first),
        "latest": level_on(row.latest),
        "target": row.target,
        "gap": row.gap,
        "hours": round(row.minutes / 60, 4),
        "activities": list(row.activity_ids),
    }
