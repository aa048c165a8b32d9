"""Gather a period's report from the home: the profile and its schemes, the
activities (summaries from the index, or whole files for drafts and
exports), the statement file. One function, so status, the statement draft,
export and the pack all see the same period in the same way.
"""

from datetime import date
from typing import NamedTuple

from cpdlog.core.activity import Record
from cpdlog.core.report import ActivityList, Log, Report, build_report
from cpdlog.core.statement import draft_statement, refresh_statement
from cpdlog.errors import Problem
from cpdlog.store import activities as store
from cpdlog.store.activity_file import Stored
from cpdlog.store.home import Home
from cpdlog.store.profile_file import load_profile
from cpdlog.store.statement_file import read_state


class Gathered(NamedTuple):
    """A report, and each whole activity of it by ID (empty unless full)."""

    report: Report
    stored: dict[str, Stored]


def gather(
    home: Home,
    as_of: date,
    since: date | None = None,
    wanted: str | None = None,
    full: bool = False,
) -> Gathered:
    """The report of the period ending on as_of. full reads whole activities
    (for drafts and exports); otherwise the cached summaries are enough.
    Raises CpdlogError."""
    profile = load_profile(home, wanted)
    stored: dict[str, Stored] = {}
    log: Log
    if full:
        items, problems = store.load_log(home)
        log = ActivityList(item.activity for item in items)
        stored = {item.activity.id: item for item in items}
    else:
        index = store.load_index(home)
        log, problems = index, index.problems
    state, problem = read_state(home.statement, profile.scheme)
    found: list[Problem] = [*problems, *([problem] if problem else [])]
    report = build_report(
        log, found, profile.schemes, profile.person, state, as_of, since
    )
    return Gathered(report, stored)


def whole(gathered: Gathered) -> list[Record]:
    """The report's activities as whole models (gathered with full=True)."""
    return [gathered.stored[a.id].activity for a in gathered.report.activities]


def draft_text(gathered: Gathered) -> str:
    """A fresh statement draft for the report's period and first scheme."""
    report = gathered.report
    return draft_statement(
        report.period.start,
        report.period.end,
        report.scheme.statement_words,
        report.scheme.sections,
        whole(gathered),
    )


def refreshed_text(gathered: Gathered, text: str) -> str:
    """text with cpdlog's material rewritten for the report's period."""
    report = gathered.report
    return refresh_statement(
        text,
        report.period.start,
        report.period.end,
        report.scheme.statement_words,
        report.scheme.sections,
        whole(gathered),
    )
