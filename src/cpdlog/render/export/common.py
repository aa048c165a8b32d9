"""What the exporters share: the header facts and the statement without comments."""

import re
from typing import Any

from cpdlog.core.duration import hours_text

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def header_facts(report: Any) -> list[tuple[str, str]]:
    """(label, value) pairs: who, which registration, period, hours."""
    person = report.person
    facts = []
    if isinstance(person.get("name"), str) and person["name"].strip():
        facts.append(("Name", person["name"]))
    registration = person.get("registration")
    if isinstance(registration, str):
        facts.append(("Registration", registration.capitalize()))
    last = person.get("last_revalidated")
    if last:
        facts.append(("Last revalidated", str(last)))
    facts.append(("Scheme", report.scheme.name))
    facts.append(("Period", f"{report.period.start} to {report.period.end}"))
    facts.append(("Hours", hours_line(report)))
    facts.append(("Activities", str(len(report.activities))))
    return facts


def hours_line(report: Any) -> str:
    logged = hours_text(report.minutes)
    target = hours_text(report.scheme.target_minutes)
    if report.met:
        return f"{logged} of {target} (meets {report.threshold})"
    more = hours_text(report.remaining_minutes)
    return f"{logged} of {target} ({more} more hours to meet {report.threshold})"


def statement_body(text: str) -> str:
    """The statement as it will be read: comments and its # title line out,
    blank runs squeezed (the export has its own heading for it)."""
    body = _COMMENT.sub("", text)
    body = re.sub(r"\A\s*# [^\n]*\n", "", body)
    body = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", body)
    return body.strip() + "\n"


def areas_text(activity: Any) -> str:
    return ", ".join(activity.areas)


def when(activity: Any, joiner: str = " to ") -> str:
    """The activity's date, or its first and last day."""
    text = str(activity.date)
    if activity.end_date:
        text += f"{joiner}{activity.end_date}"
    return text


def details(activity: Any) -> list[str]:
    """Type, hours, areas, attributes and provider, those that it has."""
    from cpdlog.core.duration import hours_text

    found = [activity.type, f"{hours_text(activity.minutes)} h"]
    if activity.areas:
        found.append(areas_text(activity))
    if activity.attributes:
        found.append(", ".join(activity.attributes))
    if activity.provider:
        found.append(activity.provider)
    return found
