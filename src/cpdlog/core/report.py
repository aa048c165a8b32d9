"""The figures of a period, as plain data: what `status` and export report.

One Report is built per run from the log's activities (summaries from the
index for status, whole activities for drafts and exports: both are
`Counted`), the profile's schemes and the statement's state. The hours,
by-area, by-type and by-month figures count the same activities: those the
first scheme counts (for a scheme that counts only reflected activities,
only those); `entries` and the unreflected list cover every activity of the
period. Nothing here prints; `ui` and the exporters render it.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol

from cpdlog.core.activity import Counted
from cpdlog.core.catalogue import AREA_NAMES
from cpdlog.core.duration import hours_number, hours_short
from cpdlog.core.period import Period, scheme_window
from cpdlog.core.scheme import Scheme, threshold
from cpdlog.core.statement import StatementState
from cpdlog.core.verdict import (
    Forecast,
    Verdict,
    counted,
    forecast,
    judge,
    pool_start,
)
from cpdlog.errors import Problem


class Log(Protocol):
    """Where a report finds activities: the index, or any list of them that
    can say which fall in a period."""

    def within(
        self, start: date, end: date
    ) -> tuple[Sequence[Counted], date | None]: ...


class Report(NamedTuple):
    scheme: Scheme  # the first scheme: the SPEC's status keys report on it
    period: Period
    as_of: date
    person: dict[str, Any]
    activities: list[Counted]  # every one in the period, by date then title
    minutes: int  # what the first scheme counts
    reflected_minutes: int  # of the period's activities with a reflection
    by_area: dict[str, int]
    by_type: dict[str, int]
    by_month: list[tuple[str, int]]  # ("2026-03", minutes) for each month
    last_activity: date | None  # the latest activity up to as_of, in or out
    statement: StatementState
    problems: list[Problem]
    verdicts: list[Verdict]  # one per scheme, the first scheme's first
    forecast: Forecast

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.scheme.target_minutes - self.minutes)

    @property
    def met(self) -> bool:
        """The first scheme's verdict (for CILIP: hours >= target_hours)."""
        return self.verdicts[0].met

    @property
    def missing_reflection(self) -> list[Counted]:
        return [activity for activity in self.activities if not activity.reflected]

    @property
    def areas_uncovered(self) -> list[str]:
        return [area for area in AREA_NAMES if not self.by_area[area]]

    @property
    def threshold(self) -> str:
        """ "the 20-hour threshold" (with the scheme's own target)."""
        return threshold(self.scheme)


def build_report(
    log: Log,
    problems: Sequence[Problem],
    schemes: Sequence[Scheme],
    person: dict[str, Any],
    statement: StatementState,
    as_of: date,
    since: date | None = None,
) -> Report:
    """The report of the period ending on as_of, judged by each scheme (the
    first one's period and figures make the report). Raises UsageError."""
    scheme = schemes[0]
    window = scheme_window(scheme.period, as_of, since, person)
    pool, last = log.within(pool_start(scheme, window), as_of)
    first = sorted(
        (a for a in pool if a.date >= window.period.start),
        key=lambda a: (a.date, a.title),
    )
    verdicts = [judge(scheme, window, first)]
    for other in schemes[1:]:
        other_window = scheme_window(other.period, as_of, since, person)
        inside, _last = log.within(other_window.period.start, as_of)
        verdicts.append(judge(other, other_window, inside))
    figures = _figures(counted(scheme, first), window.period)
    return Report(
        scheme=scheme,
        period=window.period,
        as_of=as_of,
        person=person,
        activities=first,
        minutes=verdicts[0].minutes,
        reflected_minutes=sum(a.minutes for a in first if a.reflected),
        by_area=figures[0],
        by_type=figures[1],
        by_month=figures[2],
        last_activity=last,
        statement=statement,
        problems=list(problems),
        verdicts=verdicts,
        forecast=forecast(scheme, window, pool, as_of),
    )


def _figures(
    activities: Sequence[Counted], period: Period
) -> tuple[dict[str, int], dict[str, int], list[tuple[str, int]]]:
    """Minutes by area, by type (most first) and by month of the period."""
    by_area = dict.fromkeys(AREA_NAMES, 0)
    by_type: dict[str, int] = {}
    months = dict.fromkeys(_months(period), 0)
    for activity in activities:
        for area in activity.areas:
            by_area[area] += activity.minutes
        by_type[activity.type] = by_type.get(activity.type, 0) + activity.minutes
        day = activity.date
        months[f"{day.year:04d}-{day.month:02d}"] += activity.minutes
    ordered = dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0])))
    return by_area, ordered, list(months.items())


def _months(period: Period) -> list[str]:
    keys = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def status_json(report: Report) -> dict[str, Any]:
    """The SPEC's `status --json` object."""
    statement = report.statement
    return {
        "scheme": report.scheme.name,
        "window": {
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "hours": hours_number(report.minutes),
        "target_hours": report.scheme.target_hours,
        "remaining_hours": hours_number(report.remaining_minutes),
        "met": report.met,
        "entries": len(report.activities),
        "by_area": {k: hours_number(v) for k, v in report.by_area.items()},
        "by_type": {k: hours_number(v) for k, v in report.by_type.items()},
        "missing_reflection": [a.id for a in report.missing_reflection],
        "areas_uncovered": report.areas_uncovered,
        "statement": {
            "exists": statement.exists,
            "words": statement.counted.words,
            "limit": statement.counted.limit,
        },
        "problems": [problem.as_json() for problem in report.problems],
        "reflected_hours": hours_number(report.reflected_minutes),
        "schemes": [verdict.as_json() for verdict in report.verdicts],
        "forecast": report.forecast.as_json(),
    }


def short_line(report: Report) -> str:
    """status --short: `14.5/20 h · 2 unreflected · statement 0/250`."""
    unit = "units" if report.scheme.unit == "units" else "h"
    parts = [
        f"{hours_short(report.minutes)}/{hours_short(report.scheme.target_minutes)} "
        f"{unit}"
    ]
    missing = len(report.missing_reflection)
    if missing:
        parts.append(f"{missing} unreflected")
    count = report.statement.counted
    if count.limit is not None:
        parts.append(f"statement {count.words}/{count.limit}")
    for verdict in report.verdicts[1:]:
        parts.append(f"{verdict.scheme.name} {'met' if verdict.met else 'not met'}")
    if report.problems:
        parts.append(f"{len(report.problems)} damaged")
    return " · ".join(parts)


def next_steps(report: Report, drafts: int = 0, rescued: int = 0) -> list[str]:
    """What to do next, most pressing first (drafts: how many wait in the
    inbox; they do not count until accepted; rescued: how many texts that
    could not be saved wait in rescue/)."""
    steps = []
    if report.problems:
        steps.append("fix the files that could not be read: cpdlog check")
    if rescued:
        one = rescued == 1
        steps.append(
            f"recover {rescued} text{'' if one else 's'} you wrote that could "
            f"not be saved (kept in rescue/): cpdlog check names "
            f"{'it' if one else 'them'}"
        )
    if drafts:
        steps.append(
            f"review {drafts} imported draft{'' if drafts == 1 else 's'} "
            "waiting in the inbox (they do not count yet): cpdlog inbox"
        )
    if not report.met:
        steps.append(
            f"add {hours_short(report.remaining_minutes)} more hours to meet "
            f"{report.threshold}"
        )
    for verdict in report.verdicts:
        for result in verdict.rules:
            overall = result.rule.kind == "min-hours" and not (
                result.rule.type or result.rule.attribute
            )
            if not result.met and not (overall and verdict is report.verdicts[0]):
                steps.append(f"{verdict.scheme.title}: {result.text}")
    missing = report.missing_reflection
    if missing:
        steps.append(
            f"write a reflection for {len(missing)} "
            f"{'activity' if len(missing) == 1 else 'activities'}: "
            f"cpdlog reflect {missing[0].id}"
        )
    if report.areas_uncovered:
        steps.append(
            "log an activity for the "
            + " and ".join(report.areas_uncovered)
            + " area"
            + ("s" if len(report.areas_uncovered) > 1 else "")
        )
    steps += _statement_steps(report)
    if not steps:
        steps.append("export your submission: cpdlog export -o revalidation.md")
    return steps


def asks_statement(report: Report) -> bool:
    """Whether a scheme of the report asks for a statement."""
    return any(v.scheme.statement_words is not None for v in report.verdicts)


def _statement_steps(report: Report) -> list[str]:
    count = report.statement.counted
    if not asks_statement(report):
        return []
    if not report.statement.exists:
        return ["draft your statement: cpdlog statement draft"]
    if count.over and count.limit is not None:
        return [
            f"shorten your statement by {count.words - count.limit} words: "
            "cpdlog statement check"
        ]
    if count.empty:
        return [f"write the statement's {count.empty[0]} section"]
    return []
