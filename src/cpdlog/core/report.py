"""The figures of a period, as plain data: what `status` and export report.

One Report is built per run from the log's activities (summaries from the
index for status, full activities for export: both have id, date, minutes,
type, areas, title and reflected), the profile's scheme and the statement.
Nothing here prints; `ui` and the exporters render it.
"""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core.catalogue import AREA_NAMES
from cpdlog.core.duration import hours_number, hours_text
from cpdlog.core.period import Period, scheme_window
from cpdlog.core.scheme import Scheme, threshold
from cpdlog.core.statement import Count, count_sections
from cpdlog.core.verdict import Forecast, Verdict, forecast, judge, pool_start
from cpdlog.errors import Problem


class ActivityList(list):
    """Whole activities (pydantic models), with the index's within()."""

    def within(self, start: date, end: date) -> tuple[list[Any], date | None]:
        inside = [a for a in self if start <= a.date <= end]
        latest = max((a.date for a in self if a.date <= end), default=None)
        return inside, latest


class StatementState(NamedTuple):
    path: Path
    exists: bool
    count: Count
    text: str | None


class Report(NamedTuple):
    scheme: Scheme  # the first scheme: the SPEC's status keys report on it
    period: Period
    as_of: date
    person: dict[str, Any]
    activities: list[Any]  # in the period, by date then title
    minutes: int
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
    def missing_reflection(self) -> list[Any]:
        return [activity for activity in self.activities if not activity.reflected]

    @property
    def areas_uncovered(self) -> list[str]:
        return [area for area in AREA_NAMES if not self.by_area[area]]

    @property
    def threshold(self) -> str:
        """ "the 20-hour threshold" (with the scheme's own target)."""
        return threshold(self.scheme)


def read_statement(path: Path, limit: int) -> tuple[StatementState, Problem | None]:
    """The statement file's state; an unreadable one is a problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return StatementState(path, False, count_sections("", limit), None), None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        problem = Problem(path, None, None, f"cannot be read: {reason}")
        return StatementState(path, True, count_sections("", limit), None), problem
    return StatementState(path, True, count_sections(text, limit), text), None


def build_report(
    log: Any,
    problems: Sequence[Problem],
    schemes: Sequence[Scheme],
    person: dict[str, Any],
    statement_path: Path,
    as_of: date,
    since: date | None = None,
) -> Report:
    """The report of the period ending on as_of, judged by each scheme (the
    first one's period and figures make the report). Raises UsageError.

    log is an index (for status) or an ActivityList (for drafts and
    exports): anything whose within(start, end) gives the activities dated
    start..end and the latest date up to end.
    """
    verdicts = []
    for scheme in schemes:
        window = scheme_window(scheme.period, as_of, since, person)
        if not verdicts:
            pool, last = log.within(pool_start(scheme, window), as_of)
            first = [a for a in pool if a.date >= window.period.start]
            prediction = forecast(scheme, window, pool, as_of)
            inside = first
        else:
            inside, _last = log.within(window.period.start, as_of)
        verdicts.append(judge(scheme, window, inside))
    scheme, period = schemes[0], verdicts[0].window.period
    first.sort(key=lambda a: (a.date, a.title))
    by_area = dict.fromkeys(AREA_NAMES, 0)
    by_type: dict[str, int] = {}
    months = dict.fromkeys(_months(period), 0)
    for activity in first:
        for area in activity.areas:
            by_area[area] += activity.minutes
        by_type[activity.type] = by_type.get(activity.type, 0) + activity.minutes
        months[f"{activity.date:%Y-%m}"] += activity.minutes
    statement, problem = read_statement(statement_path, scheme.statement_words)
    return Report(
        scheme=scheme,
        period=period,
        as_of=as_of,
        person=person,
        activities=first,
        minutes=verdicts[0].minutes,
        by_area=by_area,
        by_type=dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0]))),
        by_month=list(months.items()),
        last_activity=last,
        statement=statement,
        problems=[*problems, *([problem] if problem else [])],
        verdicts=verdicts,
        forecast=prediction,
    )


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
            "words": statement.count.words,
            "limit": statement.count.limit,
        },
        "problems": [problem.as_json() for problem in report.problems],
        "schemes": [verdict.as_json() for verdict in report.verdicts],
        "forecast": report.forecast.as_json(),
    }


def short_line(report: Report) -> str:
    """status --short: `14.5/20 h · 2 unreflected · statement 0/250`."""
    unit = "units" if report.scheme.unit == "units" else "h"
    parts = [
        f"{hours_text(report.minutes)}/{hours_text(report.scheme.target_minutes)} "
        f"{unit}"
    ]
    missing = len(report.missing_reflection)
    if missing:
        parts.append(f"{missing} unreflected")
    count = report.statement.count
    parts.append(f"statement {count.words}/{count.limit}")
    for verdict in report.verdicts[1:]:
        parts.append(f"{verdict.scheme.name} {'met' if verdict.met else 'not met'}")
    if report.problems:
        parts.append(f"{len(report.problems)} damaged")
    return " · ".join(parts)


def next_steps(report: Report) -> list[str]:
    """What to do next, most pressing first."""
    steps = []
    if report.problems:
        steps.append("fix the files that could not be read: cpdlog check")
    if not report.met:
        steps.append(
            f"add {hours_text(report.remaining_minutes)} more hours to meet "
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
            f"cpdlog edit {missing[0].id}"
        )
    if report.areas_uncovered:
        steps.append(
            "log an activity for the "
            + " and ".join(report.areas_uncovered)
            + " area"
            + ("s" if len(report.areas_uncovered) > 1 else "")
        )
    count = report.statement.count
    if not report.statement.exists:
        steps.append("draft your statement: cpdlog statement draft")
    elif count.over:
        steps.append(
            f"shorten your statement by {count.words - count.limit} words: "
            "cpdlog statement check"
        )
    elif count.empty:
        steps.append(f"write the statement's {count.empty[0]} section")
    if not steps:
        steps.append("export your submission: cpdlog export -o revalidation.md")
    return steps
