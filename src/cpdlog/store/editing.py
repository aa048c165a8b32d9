"""Changing the log through text the user wrote: add --edit and edit.

Whatever the user typed is kept: when it cannot be stored (invalid TOML, a
bad value, a changed ID, or a file changed meanwhile), it is saved in
`<home>/rescue/<id>-<UTC time>.toml.txt` and the error names that path.
"""

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpdlog.core import options as fields
from cpdlog.core.activity import (
    BY_KEY,
    FIELD_ORDER,
    FIELDS,
    LIST_FIELDS,
    TEXT_FIELDS,
    check_not_future,
)
from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.core.model import validate_activity
from cpdlog.core.tomlfile import dump, parse, utc_stamp
from cpdlog.errors import CpdlogError, DataError, ProblemError, UsageError
from cpdlog.store import activities as store
from cpdlog.store.activity_file import Stored
from cpdlog.store.editor import EditorFailed, edit_text
from cpdlog.store.home import Home
from cpdlog.store.rescue import rescue_text

if TYPE_CHECKING:
    from cpdlog.core.options import Options

_NEW = Path("new activity")
_TEMPLATE_HEAD = """\
# A new activity for cpdlog. Fill in the values, save and close the editor.
# Lines starting with # are ignored; leave a value empty ("" or []) to skip it.
# Required: title, hours (e.g. 1.5) and type. Dates are YYYY-MM-DD, no quotes.
# Types: {types}
# Areas: {areas}
"""


def _rescued(
    home: Home, activity_id: str, text: str, now: datetime, error: Exception
) -> CpdlogError:
    """The error that keeps the user's text in rescue/; a problem at a
    line of that text is named at that line of the rescued file, which
    holds it (the activity's own file does not)."""
    path = rescue_text(home, activity_id, text, now)
    if isinstance(error, ProblemError) and error.problem.line is not None:
        reason = "\n".join(str(p._replace(path=path)) for p in error.problems)
    else:
        reason = _reason(error)
    return DataError(f"{reason}\nNothing was changed. Your text is kept in:\n{path}")


# What each kind of field shows in the template when no value is given;
# the fields a user writes by hand (not the ID, the stamps or extensions).
_BLANK: dict[str, Any] = {"title": "", "date": None, "hours": 0, "type": "",
                          "areas": [], "texts": [], "text": ""}  # fmt: skip


def template(values: dict[str, Any], today: date) -> str:
    """The commented template for add --edit, with the given values filled in."""
    head = _TEMPLATE_HEAD.format(
        types=", ".join(TYPE_NAMES), areas=", ".join(AREA_NAMES)
    )
    body: dict[str, Any] = {
        field.key: _BLANK[field.kind]
        for field in FIELDS
        if field.kind in _BLANK and not field.extension
    }
    body.update(date=today, reflection="\n")
    body.pop("end_date")
    body.update(values)
    lines = dump(body, FIELD_ORDER)
    if "end_date" not in values:
        lines = lines.replace("hours =", "# end_date = (for several days)\nhours =", 1)
    return head + "\n" + lines


def _cleaned(table: dict[str, Any]) -> dict[str, Any]:
    """Empty optional values of the template dropped; hours = 0 means missing."""
    result = {}
    for key, value in table.items():
        if key in TEXT_FIELDS and isinstance(value, str) and not value.strip():
            continue
        if key in LIST_FIELDS and BY_KEY[key].kind == "texts" and value == []:
            continue
        if key == "hours" and value == 0:
            continue
        result[key] = value
    return result


def add_from_editor(
    home: Home,
    options: "Options",
    today: date,
    now: datetime,
    environ: Mapping[str, str],
    prepare: Any = None,
) -> tuple[str, Path, dict[str, Any]]:
    """Add an activity written in the editor: (id, path, table) as
    store.add_activity gives (prepare as there). If it cannot be stored,
    the text is rescued. Raises CpdlogError."""
    values, text = new_from_editor(home, options, today, now, environ)
    try:
        return store.add_activity(home, values, now, prepare)
    except CpdlogError as error:
        raise _rescued(home, "new", text, now, error) from None


def new_from_editor(
    home: Home,
    options: "Options",
    today: date,
    now: datetime,
    environ: Mapping[str, str],
) -> tuple[dict[str, Any], str]:
    """The fields of a new activity written in the editor, and the text the
    user wrote. Raises CpdlogError."""
    start = template(fields.changes_from_options(options, today), today)
    text = _edit(home, "new", start, now, environ)
    if text == start:
        raise CpdlogError("Nothing was added: the template was left as it was.")
    try:
        table = _cleaned(parse(_NEW, text))
        table.pop("id", None)
        activity = validate_activity({**table, "id": "new"}, text)
        _not_future(table, {}, today)
        normalise(table, activity)
    except (ProblemError, ValueError) as error:
        raise _rescued(home, "new", text, now, error) from None
    table.pop("schema_version", None)
    table.pop("created", None)
    table.pop("updated", None)
    return table, text


def normalise(table: dict[str, Any], activity: Any) -> None:
    """Write what cpdlog rewrites in its own form: a hand-typed "2026-03-14"
    in quotes as a TOML date, hours to 4 decimals, each area once."""
    for key in ("date", "end_date", "hours", "areas", "attributes"):
        if key in table:
            table[key] = getattr(activity, key)


def edit_fields(
    home: Home,
    stored: Stored,
    options: "Options",
    clear: Sequence[str],
    today: date,
    now: datetime,
) -> Path:
    """Apply field flags to a stored activity; returns the file's path."""
    changes = fields.changes_from_options(options, today)
    data = fields.apply_changes(stored.data, changes, clear)
    data["updated"] = now
    try:
        activity = validate_activity(data)
    except ProblemError as error:
        raise UsageError(f"{_reason(error)}; nothing was changed.") from None
    normalise(data, activity)
    try:
        return store.replace_activity(home, stored, activity, data)
    except store.ChangedMeanwhile as error:
        text = dump(data, FIELD_ORDER)
        raise _rescued(home, stored.activity.id, text, now, error) from None


def edit_in_editor(
    home: Home,
    stored: Stored,
    today: date,
    now: datetime,
    environ: Mapping[str, str],
) -> Path | None:
    """Edit a stored file's text in the editor; None when nothing changed."""
    before = stored.raw.decode("utf-8-sig")
    aid = stored.activity.id
    text = _edit(home, aid, before, now, environ)
    if text == before:
        return None
    try:
        table = parse(stored.path, text)
        activity = validate_activity(table, text)
        if activity.id != aid:
            raise ValueError(
                f"the ID changed from {aid!r} to {activity.id!r}; an ID stays "
                "the same for the life of an activity"
            )
        _not_future(table, stored.data, today)
        table["updated"] = now
        written = set_updated(text, now)
        if parse(stored.path, written) != table:  # the edit fooled the regex
            written = dump(table, FIELD_ORDER)
        return store.replace_activity(home, stored, activity, table, written)
    except (ValueError, CpdlogError) as error:
        # The file changed meanwhile, it could not be written, or the day
        # would hold more than 24 hours: the user's text is kept either way.
        raise _rescued(home, aid, text, now, error) from None


def _edit(
    home: Home, aid: str, text: str, now: datetime, environ: Mapping[str, str]
) -> str:
    try:
        return edit_text(text, environ)
    except EditorFailed as error:
        if error.text is not None:
            raise _rescued(home, aid, error.text, now, error) from None
        raise


def _not_future(table: dict[str, Any], before: dict[str, Any], today: date) -> None:
    for key in ("date", "end_date"):
        value = table.get(key)
        if isinstance(value, date) and value != before.get(key):
            check_not_future(value, today, key.replace("_", " "))


def _reason(error: Exception) -> str:
    if isinstance(error, ProblemError):
        # A file's problem names the file; the user's text has no path.
        problem = error.problem
        return str(problem) if problem.path is not None else error.reason()
    return str(error)


_UPDATED = re.compile(r"^updated[ \t]*=.*$", re.MULTILINE)


def set_updated(text: str, now: datetime) -> str:
    """The user's text with `updated` set to now; the rest kept as typed."""
    line = f"updated = {utc_stamp(now)}"
    head, sep, tail = text.partition("\n[")
    if _UPDATED.search(head):
        head = _UPDATED.sub(line, head, count=1)
    else:
        head = head.rstrip("\n") + "\n" + line + "\n"
    return head + sep + tail
