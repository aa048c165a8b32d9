"""`cpdlog reflect`: write an activity's reflection in the editor, guided by
a model; `reflect --list` shows the models. `add --reflect` comes here too,
once the activity is written."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import State, describe, echo, emit_json, say, state
from cpdlog.errors import CpdlogError, DataError, UsageError

if TYPE_CHECKING:
    from cpdlog.store.activity_file import Stored
    from cpdlog.store.home import Home
    from cpdlog.store.reflecting import Choice, Saved

MODEL_HELP = (
    "driscoll, gibbs, kolb, nmc or acca (`cpdlog reflect --list`), or none "
    "for a plain page. Default: your profile's reflection_model, else your "
    "scheme's."
)


def complete_model(incomplete: str) -> list[str]:
    from cpdlog.core.reflection import MODELS

    return [name for name in (*MODELS, "none") if name.startswith(incomplete)]


def reflect(
    ctx: typer.Context,
    activity_id: Annotated[
        str | None,
        typer.Argument(
            help="The activity's ID, or its first letters.",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            metavar="NAME",
            help="The model whose prompts an empty reflection opens with: "
            + MODEL_HELP,
            autocompletion=complete_model,
            show_default=False,
        ),
    ] = None,
    list_models: Annotated[
        bool, typer.Option("--list", help="List the reflection models.")
    ] = False,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json", help="Print JSON: the models with --list, else the activity."
        ),
    ] = False,
) -> None:
    """Write an activity's reflection in $EDITOR, guided by a model."""
    import os

    from cpdlog.store import activities as store
    from cpdlog.store import reflecting
    from cpdlog.store.editor import editor_command

    st = state(ctx)
    if list_models:
        if activity_id is not None or model is not None:
            raise UsageError("--list takes no ID and no --model: cpdlog reflect --list")
        _list(st, json_output)
        return
    if activity_id is None:
        raise UsageError(
            "Give the activity's ID (`cpdlog list` shows them), or --list for "
            "the reflection models."
        )
    choice = reflecting.choose(model)
    editor_command(os.environ)  # no editor: exit 2 before reading anything
    home = st.home()
    stored = store.read_activity(store.resolve(home, activity_id))
    saved = write_reflection(st, home, stored, choice)
    if json_output:
        from cpdlog.render.jsonify import activity_json

        now = store.read_activity(saved.path) if saved.path else stored
        emit_json(activity_json(now.activity.table(), now.path))
    if saved.path is not None:
        describe(f"reflect {stored.activity.id}: {stored.activity.title}")


def write_reflection(
    st: State, home: "Home", stored: "Stored", choice: "Choice"
) -> "Saved":
    """Open the reflection of stored in the editor, store what is saved and
    say what happened. Raises CpdlogError (the text rescued)."""
    import os

    from cpdlog.store import reflecting

    opened = reflecting.opening(home, stored, choice)
    if opened.note:
        say(opened.note)
    saved = reflecting.edit_reflection(home, stored, opened.text, st.now(), os.environ)
    aid = stored.activity.id
    if saved.path is None:
        say("No changes.")
    elif saved.removed:
        say(f"Removed the reflection of {aid}: {saved.path}")
    else:
        say(f"Saved the reflection of {aid}: {saved.path}")
    return saved


def reflect_added(st: State, home: "Home", aid: str, path: Any, value: str) -> Any:
    """add --reflect: write the new activity's reflection; returns the saved
    Saved. An error keeps the activity and says how to write it later."""
    from cpdlog.store import activities as store
    from cpdlog.store import reflecting

    try:
        return write_reflection(
            st, home, store.read_activity(path), reflecting.choose(value)
        )
    except CpdlogError as error:
        message = (
            f"{error}\n{aid} is logged; write its reflection later with: "
            f"cpdlog reflect {aid}"
        )
        raise (UsageError if error.exit_code == 2 else DataError)(message) from None


def _list(st: State, json_output: bool) -> None:
    """The models, and the default one when the profile can be read."""
    import shutil

    from cpdlog.core.reflection import MODELS
    from cpdlog.store import reflecting

    try:
        default, source = reflecting.default_model(st.home())
    except CpdlogError:  # a damaged profile: `cpdlog check` names it
        default, source = None, ""
    if json_output:
        emit_json(
            [
                {"name": m.name, "title": m.title, "summary": m.summary,
                 "source": m.source, "headings": [p.heading for p in m.prompts],
                 "default": m is default}
                for m in MODELS.values()
            ]
        )  # fmt: skip
        return
    from cpdlog.render.reflection_text import model_lines

    width = max(20, shutil.get_terminal_size((80, 24)).columns)
    for line in model_lines(MODELS.values(), default, source, width):
        echo(line)


COMMANDS = {"reflect": reflect}
