"""`cpdlog add`: log an activity, from options, questions at a terminal, or
the editor, then perhaps its guided reflection and attached files.

A plain add (every value given, no editor) runs the same body on the fast
path without typer (cli/actions.py, cli/fast.py).
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import interactive, say, state
from cpdlog.cli.flags import (
    Areas,
    Attach,
    Attributes,
    Day,
    Description,
    Duration,
    EndDay,
    Evidence,
    Hours,
    Json,
    Kind,
    Pksb,
    Provider,
    Reflection,
    Tags,
    Title,
)
from cpdlog.cli.log import field_options
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.cli.common import State
    from cpdlog.core.options import Options
    from cpdlog.store.evidence import ForNewActivity
    from cpdlog.store.home import Home


def add(
    ctx: typer.Context,
    title: Title = None,
    day: Day = None,
    end_date: EndDay = None,
    hours: Hours = None,
    duration: Duration = None,
    kind: Kind = None,
    area: Areas = None,
    attribute: Attributes = None,
    tag: Tags = None,
    provider: Provider = None,
    description: Description = None,
    reflection: Reflection = None,
    pksb: Pksb = None,
    evidence: Evidence = None,
    attach: Attach = None,
    edit: Annotated[
        bool,
        typer.Option("--edit", help="Write the activity in $EDITOR from a template."),
    ] = False,
    reflect: Annotated[
        str | None,
        typer.Option(
            "--reflect",
            metavar="MODEL",
            help="Then write its reflection in $EDITOR from a model's prompts: "
            "driscoll, gibbs, kolb, nmc, acca (`cpdlog reflect --list`), "
            "default (your profile's or scheme's model) or none (a plain page).",
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Log an activity: prints its new ID."""
    from cpdlog.cli import actions

    st = state(ctx)
    options = field_options(
        ctx, title=title, date=day, end_date=end_date, hours=hours,
        duration=duration, type=kind, areas=area, attributes=attribute, tags=tag,
        provider=provider, description=description, reflection=reflection,
        pksb=pksb, evidence=evidence,
    )  # fmt: skip
    if reflect is not None:
        _ready_to_reflect(reflect)
    home = st.home()
    copies = None
    if attach:  # only then: evidence stays off add's fast path
        from cpdlog.store import evidence as files

        copies = files.ForNewActivity(home, files.sources(attach))
    (activity_id, path, table), asked = _write(st, home, options, edit, reflect, copies)
    actions.announce_added(activity_id, path, table)
    if copies:
        from cpdlog.cli.evidence import tell_attached

        tell_attached(activity_id, copies.results, stdout=False)
    try:
        reflect = reflect or asked
        if reflect is not None:
            from cpdlog.cli.reflect import reflect_added

            saved = reflect_added(st, home, activity_id, path, reflect)
            if saved.path is not None:
                path, table = saved.path, saved.data
    finally:
        actions.print_added(activity_id, path, table, json_output)


def _ready_to_reflect(value: str) -> None:
    """--reflect's model and the editor, checked before anything is written."""
    import os

    from cpdlog.cli.prompts import editor_ready
    from cpdlog.store.reflecting import choose

    choose(value)
    editor_ready(os.environ)


def _write(
    st: "State",
    home: "Home",
    options: "Options",
    edit: bool,
    reflect: str | None,
    copies: "ForNewActivity | None" = None,
) -> tuple[tuple[str, Path, dict[str, Any]], str | None]:
    """Add the activity: from the editor, or from the options (at a
    terminal, asking for what they lack); and the reflection model chosen
    at the questions, if one was. copies: files to attach (add --attach)."""
    import os

    from cpdlog.core import options as fields
    from cpdlog.store import activities as store

    if edit:
        from cpdlog.store import editing

        added = editing.add_from_editor(
            home, options, st.today(), st.now(), os.environ, copies
        )
        return added, None
    values, today = options.values, st.today()
    lacking = values["hours"] is None and values["duration"] is None
    if not interactive() or not (lacking or None in (values["title"], values["type"])):
        new = fields.new_activity(options, today)
        return store.add_activity(home, new, st.now(), copies), None
    from cpdlog.cli import prompts

    fields.changes_from_options(options, today)  # bad options fail before asking
    asked = prompts.ask_activity(
        values, today, lambda: prompts.editor_ready(os.environ), reflect is None
    )
    while True:
        new = fields.new_activity(options, today)
        try:
            return store.add_activity(home, new, st.now(), copies), asked.reflect
        except UsageError as error:  # the day would hold more than 24 hours
            if "hours" not in asked.keys:
                raise
            say(str(error))
            prompts.ask_duration(values, today)


# The command of this module by name.
COMMANDS = {"add": add}
