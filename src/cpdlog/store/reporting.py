"""Gather a period's report from the home: the profile and its schemes, the
activities (summaries from the index, or whole files for drafts and
exports), the statement file. One function, so status, the statement draft,
export and the pack all see the same period in the same way.
"""

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cpdlog.core.activity import Record
from cpdlog.core.report import Report, build_report
from cpdlog.core.statement import draft_statement, refresh_statement
from cpdlog.errors import Problem
from cpdlog.store import index
from cpdlog.store.home import Home
from cpdlog.store.lock import reading
from cpdlog.store.profile_file import load_profile
from cpdlog.store.statement_file import read_state

if TYPE_CHECKING:
    from cpdlog.core.pksb import AreaRow
    from cpdlog.store.records import Listed


class Gathered(NamedTuple):
    """A report, each whole activity of it by ID (empty unless full), and
    the PKSB assessment of its period (empty unless asked for)."""

    report: Report
    stored: "dict[str, Listed]"
    pksb: "tuple[AreaRow, ...]" = ()


def gather(
    home: Home,
    as_of: date,
    since: date | None = None,
    wanted: str | None = None,
    full: bool = False,
    pksb: bool = False,
) -> Gathered:
    """The report of the period ending on as_of, from the index's summaries;
    full also reads the period's whole activities (for drafts and exports),
    and only those (issue #14). pksb (with full) adds the PKSB assessment,
    for exports: a damaged pksb.toml is one more problem. Raises CpdlogError."""
    profile = load_profile(home, wanted)
    with reading(home):
        found = index.load_index(home)
        state, problem = read_state(home.statement, profile.scheme)
        problems: list[Problem] = [*found.problems, *([problem] if problem else [])]
        assessed = None
        if pksb:
            from cpdlog.store import pksb_file

            assessed, damage = pksb_file.read_or_problems(home)
            problems += damage
        report = build_report(
            found, problems, profile.schemes, profile.person, state, as_of, since
        )
        stored: dict[str, Listed] = {}
        if full:
            wanted_ids = {activity.id for activity in report.activities}
            paths = [p for p, summary in found.activities if summary.id in wanted_ids]
            from cpdlog.store import records

            for item in records.load(home.root, paths, known=found.by_path()):
                if isinstance(item, Problem):
                    report.problems.append(item)
                else:
                    stored[item.activity.id] = item
    if assessed is None:
        return Gathered(report, stored)
    whole = [stored[a.id].activity for a in report.activities if a.id in stored]
    return Gathered(report, stored, tuple(assessed.assess(whole, as_of)))


def whole(gathered: Gathered) -> list[Record]:
    """The report's activities as whole records (gathered with full=True)."""
    stored = gathered.stored
    return [stored[a.id].activity for a in gathered.report.activities if a.id in stored]


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
