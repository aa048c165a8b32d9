"""An activity's reflection written in the editor: `cpdlog reflect` and
`add --reflect`.

Only the reflection opens, as Markdown: an empty one as a model's template
(or a plain page), a written one as it is. The saved text becomes
`reflection` through the same replace as every edit, which is refused when
the file changed meanwhile. Whatever the user wrote that cannot be stored
(a file changed meanwhile, a NUL, an editor that failed after the text was
changed) is kept in `<home>/rescue/<id>-<UTC time>.toml.txt`, the name
`edit`'s rescue has (the SPEC gives `reflect` the same rules; the file holds
the Markdown as written), and the error names that path.
"""

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from cpdlog.core import reflection
from cpdlog.core.options import apply_changes
from cpdlog.core.reflection import Model
from cpdlog.errors import CpdlogError, DataError, ProblemError
from cpdlog.store.activities import replace_activity
from cpdlog.store.activity_file import Stored, record_of_table
from cpdlog.store.editor import EditorFailed, edit_text
from cpdlog.store.home import Home
from cpdlog.store.rescue import rescue_text

# --model / --reflect values that are not a model's name.
DEFAULT = "default"  # the profile's model, else the first scheme's
NONE = "none"  # a plain page, whatever the defaults say


class Choice(NamedTuple):
    """The model asked for: explicit is False when the defaults decide."""

    model: Model | None = None
    explicit: bool = False


def choose(value: str | None) -> Choice:
    """The Choice of a --model or --reflect value (None: the defaults).
    Raises UsageError naming the models."""
    if value is None or value.strip().casefold() == DEFAULT:
        return Choice()
    if value.strip().casefold() == NONE:
        return Choice(None, explicit=True)
    return Choice(reflection.find_model(value), explicit=True)


def default_model(home: Home) -> tuple[Model | None, str]:
    """The profile's `reflection_model`, else the first scheme's, else None,
    and where it comes from ("your profile", "the nmc-revalidation scheme").
    Raises DataError for a profile or scheme file that cannot be read."""
    from cpdlog.store.profile_file import load_profile

    profile = load_profile(home)
    name = profile.person.get("reflection_model")
    if name:
        return reflection.find_model(name), "your profile"
    name = profile.scheme.reflection_model
    if name:
        return reflection.find_model(name), f"the {profile.scheme.name} scheme"
    return None, ""


class Opening(NamedTuple):
    """What the editor opens with, and a sentence for the user (or None)."""

    text: str
    note: str | None = None


def opening(home: Home, stored: Stored, choice: Choice) -> Opening:
    """The text the reflection of stored opens as. An empty reflection opens
    as the template of the model chosen (or the default one), else a plain
    page. A written one opens as it is, followed by the prompts of a model
    named explicitly that it lacks (left out again when left empty)."""
    written = stored.activity.reflection or ""
    title = stored.activity.title
    model = choice.model
    if not written.strip():
        if not choice.explicit:
            model = default_model(home)[0]
        if model is None:
            return Opening(reflection.plain_template(title))
        return Opening(reflection.template(model, title))
    if model is None:
        return Opening(written)
    extended = reflection.with_prompts(written, model, title)
    if extended is None:
        return Opening(
            written,
            f"The reflection already has every heading of {model.name}; "
            "it opens as it is.",
        )
    return Opening(
        extended,
        f"The prompts of {model.name} follow your reflection; "
        "those you leave empty are left out.",
    )


class Saved(NamedTuple):
    """What a reflection edit did: path is None when nothing changed."""

    path: Path | None
    data: dict[str, object] | None = None
    removed: bool = False


def edit_reflection(
    home: Home,
    stored: Stored,
    opened: str,
    now: datetime,
    environ: Mapping[str, str],
) -> Saved:
    """Open opened in the editor and store what is saved as the reflection
    of stored. Raises CpdlogError; the user's text is rescued whenever it
    was changed and could not be stored."""
    aid = stored.activity.id
    try:
        edited = edit_text(opened, environ, suffix=".md")
    except EditorFailed as error:
        if error.text is not None:
            raise _rescued(home, aid, error.text, now, str(error)) from None
        raise
    text = reflection.saved_text(edited, opened)
    before = stored.activity.reflection or ""
    if text is None or text == before or (not text and not before.strip()):
        return Saved(None)
    if "\x00" in text:
        reason = "The reflection holds a NUL character, which cannot be stored."
        raise _rescued(home, aid, edited, now, reason)
    changes = {"reflection": text} if text else {}
    data = apply_changes(stored.data, changes, [] if text else ["reflection"])
    data["updated"] = now
    try:
        record = record_of_table(stored.path, data, "")
        path = replace_activity(home, stored, record, data)
    except ProblemError as error:
        raise _rescued(home, aid, edited, now, _reason(error)) from None
    except CpdlogError as error:
        # The file changed meanwhile, could not be written, or its day
        # holds too many hours: the user's text is kept either way.
        raise _rescued(home, aid, edited, now, str(error)) from None
    return Saved(path, data, removed=not text)


def _reason(error: ProblemError) -> str:
    return f"The reflection cannot be stored: {error.reason()}."


def _rescued(
    home: Home, activity_id: str, text: str, now: datetime, reason: str
) -> CpdlogError:
    path = rescue_text(home, activity_id, text, now)  # edit's name (SPEC)
    return DataError(
        f"{reason}\nThe reflection was not changed. Your text is kept in:\n{path}"
    )
