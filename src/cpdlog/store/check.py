"""`cpdlog check`: every file of the home read afresh and judged.

Errors (the file is not used, or counts once for two) change the exit code;
warnings (a misleading name or folder, loose permissions, precision beyond
the minute, a newer schema) do not. The cache is not used: a check reads
every byte.
"""

import os
import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core import scheme
from cpdlog.core.activity import SCHEMA_VERSION
from cpdlog.core.catalogue import ATTRIBUTE_NAMES
from cpdlog.core.model import validate_activity
from cpdlog.core.profiles import read_profile
from cpdlog.core.tomlfile import read
from cpdlog.errors import Problem, ProblemError
from cpdlog.store import evidence_check, index
from cpdlog.store.home import Home

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
    unreadable: list[Problem] = []
    files = index.toml_files(home.activities, unreadable)
    findings += [Finding("error", problem) for problem in unreadable]
    owners: dict[str, list[Path]] = {}
    checked: list[tuple[Path, Any]] = []
    for path in files:
        findings += _check_activity(home, path, owners, known, checked)
    findings += _duplicates(owners)
    findings += [Finding(*item) for item in evidence_check.findings(home, checked)]
    findings.sort(key=lambda finding: str(finding.problem.path))
    findings += _leftovers(home)
    return len(files), _grouped_permissions(home, findings)


def _grouped_permissions(home: Home, findings: list[Finding]) -> list[Finding]:
    """Many files readable by others (a fresh clone, a lax sync) make one line."""
    loose = [f for f in findings if "can be read by other users" in f.problem.message]
    if len(loose) <= 3:
        return findings
    kept = [f for f in findings if f not in loose]
    message = (
        f"{len(loose)} activity files can be read by other users; fix them "
        f"with: chmod -R go-rwx '{home.root}'"
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


def _check_activity(
    home: Home,
    path: Path,
    owners: dict[str, list[Path]],
    known: set[str],
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
    notes += [
        f"the attribute {name!r} is named by no scheme, so no rule counts it"
        for name in activity.attributes
        if name not in known
    ]
    warn = [Problem(path, None, None, text) for text in notes]
    return findings + [Finding("warning", problem) for problem in warn]


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
            f"chmod 600 '{path}'"
        )
    return notes


def _leftovers(home: Home) -> list[Finding]:
    found = []
    for folder, _dirs, names in os.walk(home.activities):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                found.append(
                    Finding(
                        "warning",
                        Problem(
                            Path(folder) / name,
                            None,
                            None,
                            "a temporary file left by an interrupted write; it is not "
                            "read and can be deleted",
                        ),
                    )
                )
    return found
