"""The statement on disk: write a draft from the log, count a file's words.

A draft holds the three SPEC headings in order; under each, the period's
activities for that area (most hours first), prompts drawn from the CILIP
criteria and the user's own reflections, all inside HTML comments, so a
fresh draft counts no words and the user writes every counted word.
"""

import textwrap
from pathlib import Path
from typing import Any

from cpdlog.core.catalogue import AREAS
from cpdlog.core.duration import hours_text
from cpdlog.core.statement import Count, count_sections
from cpdlog.errors import CpdlogError, DataError, UsageError, data_error
from cpdlog.store.atomic import make_dirs, undo_folders, write_atomic
from cpdlog.store.home import Home

_PROMPTS = {
    "personal": (
        "CILIP asks how you identified areas to improve in your own performance "
        "and what you did about them.",
        "Which skill or habit did you set out to improve this year, and why?",
        "Which activity below changed how you work? What is the evidence?",
        "What will you do next to keep it going?",
    ),
    "organisational": (
        "CILIP asks how you examined your organisation's context and helped "
        "your service or organisation perform better.",
        "What did you learn about how your service performs or is used?",
        "What did you change, propose or share at work because of it?",
        "What difference did it make to users or colleagues?",
    ),
    "wider": (
        "CILIP asks how you widened your knowledge of the library and "
        "information profession beyond your own workplace.",
        "What did you learn about the wider sector, its trends or its debates?",
        "Whom did you meet, follow or help outside your organisation?",
        "How will this knowledge shape your practice or career?",
    ),
}


def _safe(text: str) -> str:
    """User text that cannot close or open the comment it is placed in."""
    return text.replace("-->", "-- >").replace("<!--", "<! --")


def _activity_lines(activity: Any) -> list[str]:
    line = (
        f"- {activity.date} {activity.title} ({activity.type}, "
        f"{hours_text(activity.minutes)} h) [{activity.id}]"
    )
    lines = [_safe(line)]
    reflection = (getattr(activity, "reflection", None) or "").strip()
    if reflection:
        lines.append("  Your reflection:")
        for part in reflection.splitlines():
            lines += textwrap.wrap(
                _safe(part), 76, initial_indent="    ", subsequent_indent="    "
            ) or [""]
    else:
        lines.append(f"  (no reflection yet: cpdlog edit {activity.id})")
    return lines


def draft_statement(report: Any) -> str:
    """The Markdown skeleton of the statement for the report's period."""
    period = report.period
    limit = report.scheme.statement_words
    out = [
        f"# Reflective statement: {period.start} to {period.end}",
        "",
        "<!--",
        f"Write at most {limit} words on how you developed in the three areas "
        "below, in your own words.",
        "Everything inside these comments is material and is not counted; "
        "delete it when you are done.",
        "Count the words with: cpdlog statement check",
    ]
    unmapped = [a for a in report.activities if not a.areas]
    if unmapped:
        out.append("Activities of the period not yet mapped to an area:")
        for activity in unmapped:
            out += _activity_lines(activity)
    out += ["-->", ""]
    for area in AREAS:
        chosen = sorted(
            (a for a in report.activities if area.name in a.areas),
            key=lambda a: (-a.minutes, a.date, a.title),
        )
        prompts = _PROMPTS[area.name]
        out += [f"## {area.heading}", "", "<!--", prompts[0], "Prompts:"]
        out += [f"- {prompt}" for prompt in prompts[1:]]
        if chosen:
            total = sum(a.minutes for a in chosen)
            out.append(
                f"Your activities for this area ({hours_text(total)} h, "
                "most hours first):"
            )
            for activity in chosen:
                out += _activity_lines(activity)
        else:
            out.append(
                "No activity of the period is mapped to this area yet "
                "(cpdlog add ... --area " + area.name + ")."
            )
        out += ["-->", "", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def write_draft(home: Home, text: str, force: bool) -> Path:
    """Write statement.md; never replaces one without force."""
    home.check_usable()
    if home.statement.exists() and not force:
        raise CpdlogError(
            f"{home.statement} already exists; add --force to replace it, or "
            "--stdout to print the draft instead."
        )
    with undo_folders() as created:
        created += make_dirs(home.root)
        write_atomic(home.statement, text.encode("utf-8"))
    return home.statement


def count_file(home: Home, file: str | None, limit: int) -> tuple[Path, Count]:
    """The word count of FILE, or of the home's statement.md."""
    path = Path(file) if file else home.statement
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        if file:
            raise UsageError(f"{path}: no such file.") from None
        raise DataError(
            f"{path} does not exist yet: write one with cpdlog statement draft"
        ) from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: is not UTF-8 text.") from None
    except OSError as error:
        raise data_error(path, error, "read the statement") from None
    return path, count_sections(text, limit)


def verdict(count: Count) -> str | None:
    """The sentence that says why the statement is not ready, or None."""
    problems = []
    if count.over:
        problems.append(
            f"The statement has {count.words} words, {count.words - count.limit} "
            f"over the limit of {count.limit}."
        )
    for heading in count.empty:
        problems.append(f"The section '{heading}' is empty.")
    return " ".join(problems) or None
