"""The submission draft in four formats: one model, one small module each.

`build_submission` gathers what every format shows (the report of the
period, the activities in full, the statement text); each `to_<format>.py`
holds one pure `render(submission) -> str`. Only the chosen format's module
is imported. Adding a format is one new module and one line in FORMATS.
"""

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cpdlog.core.activity import Record
    from cpdlog.core.pksb import AreaRow
    from cpdlog.core.report import Report
    from cpdlog.store.records import Listed
    from cpdlog.store.reporting import Gathered

FORMATS = {"md": "to_md", "html": "to_html", "csv": "to_csv", "json": "to_json"}


class InPack(NamedTuple):
    """What an audit pack holds, for links relative to the pack's root."""

    records: dict[str, str]  # each activity's file in the pack, by ID
    evidence: frozenset[str]  # the attached files the pack holds


class Submission(NamedTuple):
    report: "Report"  # built from whole activities
    stored: "dict[str, Listed]"  # each activity of the report by ID
    statement: str  # statement.md, or a fresh draft when there is none
    statement_is_draft: bool
    pksb: "tuple[AreaRow, ...]" = ()  # the PKSB table's rows (when rated)
    pack: InPack | None = None  # set when rendered into an audit pack

    @property
    def activities(self) -> "list[Record]":
        """The period's activities, whole, by date then title."""
        stored = self.stored
        return [stored[a.id].activity for a in self.report.activities if a.id in stored]


def build_submission(gathered: "Gathered") -> Submission:
    """The submission of a report: its statement read, or drafted afresh."""
    report, stored = gathered.report, gathered.stored
    text = report.statement.text
    if text is not None:
        return Submission(report, stored, text, False, gathered.pksb)
    from cpdlog.store.reporting import draft_text

    return Submission(report, stored, draft_text(gathered), True, gathered.pksb)


def render(fmt: str, submission: Submission) -> str:
    """The submission in the format (a key of FORMATS)."""
    module = importlib.import_module(f"cpdlog.render.export.{FORMATS[fmt]}")
    text: str = module.render(submission)
    return text
