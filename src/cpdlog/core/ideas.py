"""Ideas: a period's gaps turned into next steps, offline and deterministic.

A gap is a rule of the profile's schemes not yet met (RICS's formal hours,
NMC's participatory hours, ACCA's verifiable units, the overall target), an
area with no activity in the period, an area with none in the period's last
3 months, or one of the PKSB areas with the largest gaps between the latest
rating and its target. Each gap comes with 2-3 activity types that fit it
and their low-cost idea from the catalogue (`cpdlog types`). The order is
the most useful first: what a submission needs (rules, then areas), then
balance (recent activity), then development (PKSB).

Everything comes from the report (summaries are enough) and, when the home
has a pksb.toml, the assessment's rows: nothing is read here.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from cpdlog.core.catalogue import AREAS, TYPES
from cpdlog.core.duration import hours_short
from cpdlog.core.period import rolling_start

if TYPE_CHECKING:
    from cpdlog.core.pksb import AreaRow
    from cpdlog.core.report import Report
    from cpdlog.core.verdict import RuleResult

RECENT_MONTHS = 3
PKSB_GAPS = 3  # the PKSB areas with the largest gaps, at most this many

# Activity types that fit each kind of gap, best first. The ideas are the
# catalogue's (`cpdlog types`); a test checks every name here is a type.
AREA_TYPES: Mapping[str, tuple[str, ...]] = {
    "personal": ("coaching", "reading", "elearning"),
    "organisational": ("work-project", "shadowing-visit", "action-learning-set"),
    "wider": ("committee-work", "social-media", "conference"),
}
ATTRIBUTE_TYPES: Mapping[str, tuple[str, ...]] = {
    "participatory": ("peer-discussion", "action-learning-set", "workshop"),
    "formal": ("course", "elearning", "conference"),
    "verifiable": ("elearning", "course", "webinar"),
    "ethics": ("reading", "peer-discussion", "elearning"),
    "reflective-account": ("peer-discussion", "coaching", "writing-publishing"),
}
# Any hours at all: what fits in a lunch break.
HOURS_TYPES = ("webinar", "reading", "podcast-video")
# PKSB groups (the shipped file's `group`), and a few areas of their own.
GROUP_TYPES: Mapping[str, tuple[str, ...]] = {
    "Core principles": ("reading", "peer-discussion", "action-learning-set"),
    "Professional expertise": ("course", "shadowing-visit", "elearning"),
    "Generic skills": ("coaching", "presenting-teaching", "committee-work"),
    "Wider context": ("conference", "social-media", "reading"),
}
PKSB_AREA_TYPES: Mapping[str, tuple[str, ...]] = {
    "Research": ("reading", "writing-publishing", "elearning"),
    "Literacies and learning": ("presenting-teaching", "workshop", "elearning"),
    "Data management": ("elearning", "course", "work-project"),
    "Strategy, planning and management": (
        "work-project",
        "committee-work",
        "action-learning-set",
    ),
    "Technology and communication": ("elearning", "workshop", "presenting-teaching"),
    "Leadership, advocacy, influencing and personal effectiveness": (
        "coaching",
        "mentoring",
        "committee-work",
    ),
}
OTHER_TYPES = ("course", "peer-discussion", "reading")

_IDEAS = {item.name: item.ideas for item in TYPES}


class Suggestion(NamedTuple):
    type: str
    idea: str


class Idea(NamedTuple):
    """One gap, in one sentence, and what to do about it."""

    gap: str
    suggestions: tuple[Suggestion, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "gap": self.gap,
            "suggestions": [{"type": s.type, "idea": s.idea} for s in self.suggestions],
        }


def suggest(types: Sequence[str]) -> tuple[Suggestion, ...]:
    """The types (those the catalogue holds, at most 3) with their ideas."""
    known = [name for name in dict.fromkeys(types) if name in _IDEAS]
    return tuple(Suggestion(name, _IDEAS[name]) for name in known[:3])


def ideas(
    report: "Report",
    pksb_rows: Sequence["AreaRow"] = (),
    groups: Mapping[str, str | None] | None = None,
) -> list[Idea]:
    """The report's gaps, most useful first. pksb_rows are the assessment's
    rows (only their gaps are read); groups maps an area's name to its PKSB
    group, to choose the types."""
    found = _rule_ideas(report)
    found += _area_ideas(report)
    found += _pksb_ideas(pksb_rows, groups or {})
    return found


def _rule_ideas(report: "Report") -> list[Idea]:
    found = []
    for verdict in report.verdicts:
        unit = "units" if verdict.scheme.unit == "units" else "h"
        for result in verdict.rules:
            if not result.met:
                gap = f"{verdict.scheme.title} asks for {_still(result, unit)}"
                found.append(Idea(gap, suggest(_rule_types(result))))
    return found


def _still(result: "RuleResult", unit: str) -> str:
    """ "at least 10 h marked formal; 4 h so far, 6 h to go." """
    rule = result.rule
    if rule.kind == "min-count":
        what = "activity" if result.required == 1 else "activities"
        return (
            f"at least {result.required} {what}{rule.about()}; {result.value} so "
            f"far, {result.required - result.value} to go."
        )
    return (
        f"at least {hours_short(result.required)} {unit}{rule.about()}; "
        f"{hours_short(result.value)} {unit} so far, "
        f"{hours_short(result.required - result.value)} {unit} to go."
    )


def _rule_types(result: "RuleResult") -> tuple[str, ...]:
    rule = result.rule
    if rule.type:
        return (rule.type, *HOURS_TYPES)
    if rule.attribute:
        return ATTRIBUTE_TYPES.get(rule.attribute, OTHER_TYPES)
    return HOURS_TYPES


def _area_ideas(report: "Report") -> list[Idea]:
    """Areas with no activity in the period, then areas with none in its
    last 3 months (when the period is longer than that)."""
    period = report.period
    latest: dict[str, date] = {}
    for activity in report.activities:
        for name in activity.areas:
            latest[name] = max(latest.get(name, activity.date), activity.date)
    recent = rolling_start(period.end, RECENT_MONTHS)
    empty, stale = [], []
    for area in AREAS:
        what = f"the {area.name} area ({area.heading.lower()})"
        types = suggest(AREA_TYPES[area.name])
        last = latest.get(area.name)
        if last is None:
            gap = f"No activity in {what} in the period {period.start} to {period.end}."
            empty.append(Idea(gap, types))
        elif last < recent and recent > period.start:
            gap = (
                f"No activity in {what} in the last {RECENT_MONTHS} months of the "
                f"period; the latest was on {last}."
            )
            stale.append(Idea(gap, types))
    return empty + stale


def _pksb_ideas(
    rows: Sequence["AreaRow"], groups: Mapping[str, str | None]
) -> list[Idea]:
    """The PKSB areas with the largest gaps (the rows come largest first)."""
    found = []
    for row in rows:
        if row.gap is None or row.gap <= 0 or row.latest is None:
            continue
        gap = (
            f"PKSB: {row.area} is at level {row.latest.level} (rated "
            f"{row.latest.date}) of your target {row.target}, a gap of {row.gap}."
        )
        group = groups.get(row.area)
        types = PKSB_AREA_TYPES.get(row.area) or GROUP_TYPES.get(group or "")
        found.append(Idea(gap, suggest(types or OTHER_TYPES)))
        if len(found) == PKSB_GAPS:
            break
    return found


def step_text(idea: Idea) -> str:
    """The idea as one of `status`'s next steps."""
    first = idea.suggestions[0] if idea.suggestions else None
    text = idea.gap
    if first:
        text += f" Try {first.type}: {first.idea}"
    return text + " More: cpdlog ideas"
