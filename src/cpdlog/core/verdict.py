"""A scheme's verdict on a period, and the forecast of its threshold.

`judge` applies a scheme's rules to the activities of its window: only
reflected ones count when the scheme says so, capped types or attributes
count up to their cap, and each rule is met or not with the figure that
decides it. `forecast` says when the total first reached the target in the
period and, for a rolling window, the day it drops below the target if
nothing more is logged, as activities age out.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from cpdlog.core.activity import Counted
from cpdlog.core.duration import hours_number, hours_short
from cpdlog.core.period import (
    Window,
    months_before,
    months_before_or_edge,
    rolling_start,
)
from cpdlog.core.scheme import Rule, Scheme


class RuleResult(NamedTuple):
    rule: Rule
    met: bool
    value: int  # minutes for hours rules, a number of activities for counts
    required: int
    text: str

    def as_json(self) -> dict[str, Any]:
        hours = self.rule.kind != "min-count" and self.rule.kind != "reflected-only"
        return {
            "kind": self.rule.kind,
            "type": self.rule.type,
            "attribute": self.rule.attribute,
            "met": self.met,
            "value": hours_number(self.value) if hours else self.value,
            "required": hours_number(self.required) if hours else self.required,
            "text": self.text,
        }


class Verdict(NamedTuple):
    scheme: Scheme
    window: Window
    minutes: int  # counted towards the scheme's overall minimum
    rules: list[RuleResult]

    @property
    def met(self) -> bool:
        return all(result.met for result in self.rules)

    def as_json(self) -> dict[str, Any]:
        period = self.window.period
        return {
            "name": self.scheme.name,
            "title": self.scheme.title,
            "met": self.met,
            "window": {
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "deadline": self.window.deadline.isoformat(),
            "unit": self.scheme.unit,
            "hours": hours_number(self.minutes),
            "rules": [result.as_json() for result in self.rules],
        }


def counted(scheme: Scheme, activities: Sequence[Counted]) -> list[Counted]:
    """The activities that count for the scheme (reflected ones, if it says)."""
    if scheme.reflected_only:
        return [activity for activity in activities if activity.reflected]
    return list(activities)


def judge(scheme: Scheme, window: Window, activities: Sequence[Counted]) -> Verdict:
    """Apply the scheme's rules to the activities of its window."""
    unit = "units" if scheme.unit == "units" else "h"
    counting = counted(scheme, activities)
    over = 0
    for rule in scheme.rules:
        if rule.kind == "cap-hours":
            group = sum(a.minutes for a in counting if rule.matches(a))
            over += max(0, group - rule.minutes)
    total = sum(a.minutes for a in counting) - over
    results = []
    for rule in scheme.rules:
        matching = [a for a in counting if rule.matches(a)]
        if rule.kind == "reflected-only":
            text = (
                f"only reflected activities count: {len(counting)} of "
                f"{len(activities)} have a reflection"
            )
            results.append(RuleResult(rule, True, len(counting), len(activities), text))
        elif rule.kind == "cap-hours":
            group = sum(a.minutes for a in matching)
            text = (
                f"at most {hours_short(rule.minutes)} {unit}{rule.about()} count: "
                f"{hours_short(group)} logged, {hours_short(min(group, rule.minutes))}"
                " counted"
            )
            results.append(
                RuleResult(rule, True, min(group, rule.minutes), rule.minutes, text)
            )
        elif rule.kind == "min-hours":
            value = (
                total
                if not (rule.type or rule.attribute)
                else sum(a.minutes for a in matching)
            )
            text = (
                f"at least {hours_short(rule.minutes)} {unit}{rule.about()}: "
                f"{hours_short(value)} {unit}"
            )
            results.append(
                RuleResult(rule, value >= rule.minutes, value, rule.minutes, text)
            )
        else:  # min-count
            what = "activity" if rule.number == 1 else "activities"
            text = f"at least {rule.number} {what}{rule.about()}: {len(matching)}"
            results.append(
                RuleResult(
                    rule, len(matching) >= rule.number, len(matching), rule.number, text
                )
            )
    return Verdict(scheme, window, total, results)


class Forecast(NamedTuple):
    reached: date | None  # the first day of the period the target was met
    drops_below: date | None  # rolling windows: the day it stops being met
    needed_minutes: int  # to log by `by` to meet (or keep meeting) the target
    by: date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "reached": self.reached.isoformat() if self.reached else None,
            "drops_below": self.drops_below.isoformat() if self.drops_below else None,
            "hours_needed": hours_number(self.needed_minutes),
            "by": self.by.isoformat() if self.by else None,
        }


def pool_start(scheme: Scheme, window: Window) -> date:
    """The first day whose activities the forecast needs: a rolling window
    ending on the period's first day reaches back one more period."""
    if window.rolling:
        return months_before_or_edge(window.period.start, scheme.period.months)
    return window.period.start


def leave_day(day: date, months: int) -> date:
    """The first day whose rolling window of months no longer holds day
    (date.max when that is past the calendar's end)."""
    candidate = months_before_or_edge(day, -months)
    while candidate < date.max and months_before(candidate, months) < day:
        candidate += timedelta(days=1)
    return candidate


def forecast(
    scheme: Scheme, window: Window, pool: Sequence[Counted], as_of: date
) -> Forecast:
    """When the target was first met in the window and, if rolling, when it
    will stop being met if nothing more is logged. pool holds the activities
    from pool_start() to as_of."""
    target = scheme.target_minutes
    items = sorted((a.date, a.minutes) for a in counted(scheme, pool))
    days = [day for day, _ in items]
    sums = [0]
    for _, minutes in items:
        sums.append(sums[-1] + minutes)
    start, months = window.period.start, scheme.period.months

    def total(first: date, last: date) -> int:
        return sums[bisect_right(days, last)] - sums[bisect_left(days, first)]

    def window_start(day: date) -> date:
        return rolling_start(day, months) if window.rolling else start

    reached = None
    for day in (d for d in dict.fromkeys(days) if start <= d <= as_of):
        if target and total(window_start(day), day) >= target:
            reached = day
            break
    now = total(window.period.start, as_of)
    if now < target:
        by = None if window.rolling else window.deadline
        return Forecast(reached, None, target - now, by)
    if not window.rolling or not target:
        return Forecast(reached, None, 0, None)
    leaving: dict[date, int] = {}
    leave_days: dict[date, date] = {}  # many activities share a day
    for day, minutes in items:
        if start <= day <= as_of:
            gone = leave_days.get(day)
            if gone is None:
                gone = leave_days[day] = leave_day(day, months)
            leaving[gone] = leaving.get(gone, 0) + minutes
    remaining = now
    for day in sorted(leaving):
        remaining -= leaving[day]
        if remaining < target and day < date.max:
            return Forecast(reached, day, target - remaining, day)
    return Forecast(reached, None, 0, None)
