"""The submission draft in four formats: one model, one small module each.

`build_submission` gathers what every format shows (the report of the
period, the activities in full, the statement text); each `to_<format>.py`
holds one pure `render(submission) -> str`. Only the chosen format's module
is imported. Adding a format is one new module and one line in FORMATS.
"""

import importlib
from pathlib import Path
from typing import Any, NamedTuple

FORMATS = {"md": "to_md", "html": "to_html", "csv": "to_csv", "json": "to_json"}


class Submission(NamedTuple):
    report: Any  # cpdlog.report.Report, built from full activities
    paths: dict[str, Path]  # activity ID -> its file
    statement: str  # statement.md, or a fresh draft when there is none
    statement_is_draft: bool


def build_submission(report: Any, paths: dict[str, Path]) -> Submission:
    """The submission of a report: its statement read, or drafted afresh."""
    text = report.statement.text
    if text is not None:
        return Submission(report, paths, text, False)
    from cpdlog.store.statement_file import draft_statement

    return Submission(report, paths, draft_statement(report), True)


def render(fmt: str, submission: Submission) -> str:
    """The submission in the format (a key of FORMATS)."""
    module = importlib.import_module(f"cpdlog.render.export.{FORMATS[fmt]}")
    return module.render(submission)


def refuse_overwrite(output: str, force: bool) -> None:
    """Raise CpdlogError when output exists and force is not given."""
    from cpdlog.errors import CpdlogError

    if Path(output).exists() and not force:
        raise CpdlogError(f"{output} already exists; add --force to replace it.")


def write_export(output: str, text: str) -> Path:
    """Write an export file atomically, owner-only; returns its path."""
    from cpdlog.errors import DataError
    from cpdlog.store.atomic import write_atomic

    path = Path(output).absolute()
    if path.is_dir():
        raise DataError(f"{path}: is a folder; give a file name to -o.")
    if not path.parent.is_dir():
        raise DataError(f"{path.parent}: no such folder.")
    write_atomic(path, text.encode("utf-8"))
    return path
