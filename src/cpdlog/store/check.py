"""`cpdlog check`: every file of the home read afresh and judged.

Errors (the file is not used, or counts once for two) change the exit code;
warnings (a misleading name or folder, loose permissions, precision beyond
the minute, a newer schema) do not. The cache is not used: a check reads
every byte.
"""

import os
import re
import shlex
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cpdlog.core import scheme
from cpdlog.core.activity import BY_KEY, FIELD_ORDER, SCHEMA_VERSION, Record
from cpdlog.core.catalogue import ATTRIBUTE_NAMES
from cpdlog.core.duration import MINUTES_PER_DAY, hours_short
from cpdlog.core.model import validate_activity
from cpdlog.core.profiles import read_profile
from cpdlog.core.tomlfile import read
from cpdlog.errors import Problem, ProblemError
from cpdlog.store import evidence_check, index, pksb_file
from cpdlog.store.home import Home

if TYPE_CHECKING:
    from cpdlog.core.pksb import Framework

_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


class Finding(NamedTuple):
    severity: str  # "error" or "warning"
    problem: Problem


def check_home(home: Home) -> tuple[int, list[Finding]]:
    """(number of activity files, findings) for the whole home."""
    findings: list[Finding] = []
    if home.profile.exists():
        findings += _check_profile(home.profile)
    schemes, problems = scheme.all_schemes(home.root)
    findings += [Finding("error", problem) for problem in problems]
    findings += _unknown_schemes(home, {item.name for item in schemes})
    known = set(ATTRIBUTE_NAMES)
    for item in schemes:
        known.update(rule.attribute for rule in item.rules if rule.attribute)
    framework, found = _check_pksb(home)
    findings += found
    unreadable: list[Problem] = []
    loops: list[Path] = []
    files = index.toml_files(home.activities, unreadable, loops)
    findings += [Finding("error", problem) for problem in unreadable]
    findings += [_looping(link) for link in loops]
    owners: dict[str, list[Path]] = {}
    days: dict[date, list[tuple[Path, Record]]] = {}
    checked: list[tuple[Path, Any]] = []
    for path in files:
        findings += _check_activity(home, path, owners, known, days, framework, checked)
    findings += _duplicates(owners)
    findings += _full_days(days)
    findings += [Finding(*item) for item in evidence_check.findings(home, checked)]
    findings.sort(key=lambda finding: str(finding.problem.path))
    findings += _leftovers(home) + _rescued(home)
    return len(files), _grouped_permissions(home, findings)


def _grouped_permissions(home: Home, findings: list[Finding]) -> list[Finding]:
    """Many files readable by others (a fresh clone, a lax sync) make one line."""
    loose = [f for f in findings if "can be read by other users" in f.problem.message]
    if len(loose) <= 3:
        return findings
    kept = [f for f in findings if f not in loose]
    message = (
        f"{len(loose)} activity files can be read by other users; fix them "
        f"with: chmod -R go-rwx {shlex.quote(str(home.root))}"
    )
    return [*kept, Finding("warning", Problem(home.activities, None, None, message))]


def _unknown_schemes(home: Home, names: set[str]) -> list[Finding]:
    """The profile's scheme names that no scheme file answers to."""
    try:
        table = read(home.profile)[0] if home.profile.exists() else {}
        chosen = scheme.choice_from(table.get("scheme")).names
    except (ProblemError, ValueError):
        return []  # _check_profile reports these
    return [
        Finding("error", Problem(home.profile, None, None,
                                 f"names the scheme {name!r}, which cpdlog does "
                                 "not know; `cpdlog schemes` lists them"))
        for name in chosen
        if name not in names
    ]  # fmt: skip


def _check_profile(path: Path) -> list[Finding]:
    """The profile, judged by the one reader status and export use."""
    try:
        table, _text = read(path)
        read_profile(table)
    except ProblemError as error:
        return [Finding("error", error.problem)]
    except ValueError as error:
        return [Finding("error", Problem(path, None, None, f"{error}."))]
    return []


def _check_pksb(home: Home) -> "tuple[Framework | None, list[Finding]]":
    """The PKSB framework (None when pksb.toml is damaged: an error), and a
    warning for each rating of an area outside it, at the rating's line."""
    from cpdlog.core.pksb import fold, unknown_values
    from cpdlog.core.pksb_format import locate

    data, problems = pksb_file.read_or_problems(home)
    if data is None:
        return None, [Finding("error", problem) for problem in problems]
    findings, seen = [], set()
    for number, rating in enumerate(data.ratings):
        warning = unknown_values(data.framework, [rating.area])
        if warning and fold(rating.area) not in seen:
            seen.add(fold(rating.area))
            line, column = locate(data.text, ("rating", number, "area")) or (None, None)
            problem = Problem(home.pksb, line, column, warning[0])
            findings.append(Finding("warning", problem))
    return data.framework, findings


def _check_activity(
    home: Home,
    path: Path,
    owners: dict[str, list[Path]],
    known: set[str],
    days: dict[date, list[tuple[Path, Record]]],
    framework: "Framework | None",
    checked: list[tuple[Path, Any]],
) -> list[Finding]:
    try:
        table, text = read(path)
    except ProblemError as error:
        return [Finding("error", error.problem)]
    try:
        activity = validate_activity(table, text)
    except ProblemError as error:
        return [
            Finding("error", problem._replace(path=path)) for problem in error.problems
        ]
    owners.setdefault(activity.id, []).append(path)
    if activity.end_date is None:
        days.setdefault(activity.date, []).append((path, activity))
    checked.append((path, activity))
    findings = []
    year = f"{activity.date.year:04d}"
    if path.parent != home.activities / year:
        where = path.parent.relative_to(home.activities)
        message = (
            f"is in activities/{where}/ but dated {activity.date}: move it "
            f"to activities/{year}/ (it still counts meanwhile)"
        )
        findings.append(Finding("error", Problem(path, None, None, message)))
    notes = _warnings(path, table, activity.date.isoformat())
    notes += _near_misses(table)
    notes += [
        f"the attribute {name!r} is named by no scheme, so no rule counts it"
        for name in activity.attributes
        if name not in known
    ]
    if framework is not None and activity.pksb:
        from cpdlog.core.pksb import unknown_values

        notes += unknown_values(framework, activity.pksb)
    warn = [Problem(path, None, None, text) for text in notes]
    return findings + [Finding("warning", problem) for problem in warn]


def _looping(link: Path) -> Finding:
    """A linked folder that leads back into what cpdlog reads already."""
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    message = (
        f"is a link to {target}, a folder that cpdlog reads already or that "
        "holds the activities; it is skipped, so nothing counts twice. Remove "
        "the link if you did not mean it"
    )
    return Finding("warning", Problem(link, None, None, message))


def _duplicates(owners: dict[str, list[Path]]) -> list[Finding]:
    """Files that share an ID: the one status counts, and an error for each
    other (chosen as the index chooses, so check and status agree)."""
    findings = []
    for aid, paths in owners.items():
        if len(paths) < 2:
            continue
        kept, *others = sorted(paths, key=lambda p: index.preference(str(p), aid))
        for path in others:
            message = (
                f"duplicate ID {aid!r}: {kept} has it too, and that one counts. "
                "This is usually a sync conflict: compare the two files, keep the "
                "right one and delete the other."
            )
            findings.append(Finding("error", Problem(path, None, None, message)))
    return findings


def _warnings(path: Path, table: dict[str, Any], iso: str) -> list[str]:
    """What is odd but harmless about a valid file dated iso."""
    notes = []
    match = _DATED_NAME.match(path.name)
    if not match or match[1] != iso:
        notes.append(f"the file name does not start with its date {iso}")
    if index.looks_like_conflict_copy(path.name):
        notes.append(
            "looks like a sync conflict copy; compare it with the original and keep one"
        )
    hours = table.get("hours")
    exponent = Decimal(repr(hours)).as_tuple().exponent if type(hours) is float else 0
    if isinstance(hours, float) and isinstance(exponent, int) and exponent < -4:
        notes.append(
            f"hours = {hours} has more than 4 decimals; it counts as "
            f"{round(hours * 60)} minutes"
        )
    version = table.get("schema_version", 1)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        notes.append(
            f"schema_version {version} is newer than this cpdlog knows "
            f"({SCHEMA_VERSION}); upgrade cpdlog"
        )
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0
    if mode & 0o077:
        notes.append(
            f"can be read by other users (mode {mode:o}); fix it with: "
            f"chmod 600 {shlex.quote(str(path))}"
        )
    return notes


def _full_days(days: dict[date, list[tuple[Path, Record]]]) -> list[Finding]:
    """Days whose one-day activities hold more than 24 hours together (the
    rule holds across activities, not only for each, issue #12)."""
    findings = []
    for day, items in sorted(days.items()):
        minutes = sum(activity.minutes for _path, activity in items)
        if minutes > MINUTES_PER_DAY:
            ids = ", ".join(activity.id for _path, activity in items)
            message = (
                f"{day} holds {hours_short(minutes)} hours of one-day activities "
                f"({ids}), more than the day's 24; correct the hours, or give a "
                "longer activity its end_date"
            )
            findings.append(Finding("error", Problem(items[0][0], None, None, message)))
    return findings


def _near_misses(table: dict[str, Any]) -> list[str]:
    """An unknown key one edit away from a known one (`reflecton`), which
    cpdlog would otherwise keep silently and not use (issue #12)."""
    notes = []
    for key in table:
        if key in BY_KEY:
            continue
        near = [known for known in FIELD_ORDER if _one_edit(key, known)]
        if near:
            notes.append(
                f"the key {key!r} is not one cpdlog knows, so it is kept but not "
                f"used; did you mean {near[0]!r}?"
            )
    return notes


def _one_edit(a: str, b: str) -> bool:
    """Whether a becomes b by one insertion, deletion, substitution or swap of
    neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
        return len(diffs) == 1 or swapped
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _leftovers(home: Home) -> list[Finding]:
    """Temporary files of a write that was killed, anywhere in the home."""
    found = []
    for folder, dirs, names in os.walk(home.root):
        dirs[:] = [name for name in dirs if name != ".git"]
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                message = (
                    "a temporary file left by an interrupted write; it is not "
                    "read and can be deleted"
                )
                found.append(
                    Finding(
                        "warning", Problem(Path(folder) / name, None, None, message)
                    )
                )
    return sorted(found, key=lambda finding: str(finding.problem.path))


def _rescued(home: Home) -> list[Finding]:
    """Text an editor session could not store, waiting in rescue/."""
    try:
        names = sorted(os.listdir(home.rescue))
    except OSError:
        return []
    message = (
        "text you wrote that could not be stored is kept here; copy what you "
        "need into the log (cpdlog edit, cpdlog reflect), then delete the file"
    )
    return [
        Finding("warning", Problem(home.rescue / name, None, None, message))
        for name in names
        if not name.startswith(".")
    ]
