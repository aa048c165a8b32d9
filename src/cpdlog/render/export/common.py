"""What the exporters share: the header facts, the statement without comments,
and how an activity's details and evidence read."""

import re
from typing import Any, NamedTuple

from cpdlog.core.catalogue import AREAS, TYPES
from cpdlog.core.duration import hours_short
from cpdlog.core.evidence import attached, display_name, is_attached, is_link

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
TYPE_LABELS = {item.name: item.label for item in TYPES}
AREA_LABELS = {item.name: item.label for item in AREAS}


def header_facts(submission: Any) -> list[tuple[str, str]]:
    """(label, value) pairs: who, which registration and scheme, the period,
    hours, activities, the statement's words and the evidence held."""
    report = submission.report
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
    facts.append(("Scheme", report.scheme.title or report.scheme.name))
    facts.append(("Period", f"{report.period.start} to {report.period.end}"))
    facts.append(("Hours", hours_line(report)))
    facts.append(("Activities", str(len(report.activities))))
    facts.append(("Statement", statement_words(submission)))
    held = evidence_held(submission.activities)
    if held:
        facts.append(("Evidence", held))
    return facts


def hours_line(report: Any) -> str:
    logged = hours_short(report.minutes)
    target = hours_short(report.scheme.target_minutes)
    if report.met:
        return f"{logged} of {target} (meets {report.threshold})"
    more = hours_short(report.remaining_minutes)
    return f"{logged} of {target} ({more} more hours to meet {report.threshold})"


def statement_words(submission: Any) -> str:
    """`236 of 250 words`, or that there is no statement yet."""
    if submission.statement_is_draft:
        return "not written yet (cpdlog statement draft)"
    count = submission.report.statement.counted
    if count.limit is None:
        return f"{count.words} words"
    over = f", {count.words - count.limit} over the limit" if count.over else ""
    return f"{count.words} of {count.limit} words{over}"


def evidence_held(activities: Any) -> str:
    """`3 attached files, 4 links, 1 note`: the period's evidence in all."""
    files = links = notes = 0
    for activity in activities:
        for entry in activity.evidence:
            if is_attached(entry):
                files += 1
            elif is_link(entry):
                links += 1
            else:
                notes += 1
    parts = [
        f"{count} {word}{'' if count == 1 else 's'}"
        for count, word in ((files, "attached file"), (links, "link"), (notes, "note"))
        if count
    ]
    return ", ".join(parts)


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
    found = [TYPE_LABELS.get(activity.type, activity.type)]
    found.append(f"{hours_short(activity.minutes)} h")
    if activity.areas:
        found.append(", ".join(AREA_LABELS.get(a, a) for a in activity.areas))
    if activity.attributes:
        found.append(", ".join(activity.attributes))
    if activity.provider:
        found.append(activity.provider)
    return found


class Evidence(NamedTuple):
    """One evidence entry as an export shows it."""

    kind: str  # "file" (attached), "link" (a web address) or "note"
    text: str  # what is shown: the file's name, the address, the note
    target: str  # where a link points ("" for a note)


def evidence_items(activity: Any) -> list[Evidence]:
    """An activity's evidence entries, each as a file, link or note. An
    attached file links to its home-relative path, which is also its path
    inside an audit pack."""
    items = []
    for entry in activity.evidence:
        if is_attached(entry):
            items.append(Evidence("file", display_name(entry), entry))
        elif is_link(entry):
            items.append(Evidence("link", entry, entry))
        else:
            items.append(Evidence("note", entry, ""))
    return items


def attached_files(activities: Any) -> list[str]:
    """Every attached file of the activities, once each, in order."""
    seen: dict[str, None] = {}
    for activity in activities:
        seen.update(dict.fromkeys(attached(activity.evidence)))
    return list(seen)
