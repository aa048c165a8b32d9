"""The commands that log and manage activities: add, list, show, edit, rm, restore."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import (
    describe,
    emit_json,
    emit_json_texts,
    exit_on_problems,
    interactive,
    say,
    state,
)
from cpdlog.core.catalogue import AREA_NAMES, ATTRIBUTE_NAMES, TYPE_NAMES
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.cli.common import State
    from cpdlog.core.options import Options
    from cpdlog.store.evidence import ForNewActivity
    from cpdlog.store.home import Home


def _complete(names: tuple[str, ...]) -> Any:
    return lambda incomplete: [n for n in names if n.startswith(incomplete)]


Title = Annotated[
    str | None,
    typer.Argument(help="What you did, in one line.", show_default=False),
]
Day = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="The day it happened (or started): YYYY-MM-DD, today, yesterday, "
        "3d or '3 days ago'. Default: today.",
        show_default=False,
    ),
]
NewDay = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="A new day for it: YYYY-MM-DD, today, yesterday, 3d or '3 days ago'.",
        show_default=False,
    ),
]
EndDay = Annotated[
    str | None,
    typer.Option("--end-date", help="The last day, for an activity over several days."),
]
Hours = Annotated[
    str | None,
    typer.Option("--hours", "-H", help="Hours spent, e.g. 1.5 (kept to the minute)."),
]
Duration = Annotated[
    str | None,
    typer.Option("--duration", help="Time spent as 90m, 1h30m, 1:30 or 2h."),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        help="The activity type; `cpdlog types` lists them.",
        autocompletion=_complete(TYPE_NAMES),
    ),
]
Areas = Annotated[
    list[str] | None,
    typer.Option(
        "--area",
        "-a",
        help="personal, organisational or wider; repeat for several.",
        autocompletion=_complete(AREA_NAMES),
    ),
]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeatable.")]
Attributes = Annotated[
    list[str] | None,
    typer.Option(
        "--attribute",
        help="A mark that a scheme's rules count (participatory, formal, "
        "verifiable, ethics, reflective-account); repeatable.",
        autocompletion=_complete(ATTRIBUTE_NAMES),
    ),
]
Provider = Annotated[str | None, typer.Option("--provider", help="Who ran it.")]
Description = Annotated[str | None, typer.Option("--description", help="What you did.")]
Reflection = Annotated[
    str | None,
    typer.Option("--reflection", "-r", help="What you learned and will do next."),
]
Pksb = Annotated[
    list[str] | None,
    typer.Option(
        "--pksb",
        help="A PKSB area it developed: its name or code, or their first "
        "letters (`cpdlog pksb areas` lists them); repeatable.",
    ),
]
Evidence = Annotated[
    list[str] | None,
    typer.Option("--evidence", help="A link or file that shows it; repeatable."),
]
Attach = Annotated[
    list[str] | None,
    typer.Option(
        "--attach",
        help="A file to copy into the home as evidence (a certificate, "
        "slides); repeatable.",
        metavar="FILE",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead.")]
Id = Annotated[str, typer.Argument(help="The activity's ID, or its first letters.")]


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


def field_options(ctx: typer.Context, **values: Any) -> "Options":
    """The field options shared by add and edit, by TOML key."""
    from cpdlog.cli import actions

    return actions.field_options(state(ctx), values)


def list_activities(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--from", help="Only activities on or after DATE.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Only activities on or before DATE.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Only this type; repeat for several.",
            autocompletion=_complete(TYPE_NAMES),
        ),
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option(
            "--area",
            "-a",
            help="Only this area; repeat for several.",
            autocompletion=_complete(AREA_NAMES),
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only with this tag; repeatable.")
    ] = None,
    pksb: Annotated[
        list[str] | None,
        typer.Option(
            "--pksb", help="Only those mapped to this PKSB area (as add takes it)."
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Text in the title, description, "
            "reflection, provider or tags (any case).",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="Show at most N.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    evidence: Annotated[
        bool | None,
        typer.Option(
            "--evidence/--no-evidence",
            help="Only activities with (or without) evidence: a file, link or note.",
            show_default=False,
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """List activities, oldest first."""
    from cpdlog.core import query

    st = state(ctx)
    chosen = query.Filters.from_options(
        since, until, kind or [], area or [], tag or [], search, st.today(),
        pksb=pksb or [], pksb_framework=field_options(ctx).pksb_framework,
    )._replace(evidence=evidence)  # fmt: skip
    from cpdlog.store.listing import list_activities as listing_of

    if json_output:
        from cpdlog.render.jsonify import activity_text

        listing = listing_of(st.home(), chosen, limit, reverse, activity_text)
        emit_json_texts(item.json or "" for item in listing)
    else:
        listing = listing_of(st.home(), chosen, limit, reverse)
        from cpdlog.render import ui

        shown = ui.print_activities([item.activity for item in listing])
        if not shown:
            say(
                "No activities match."
                if listing.total
                else "No activities yet: log one with "
                "cpdlog add TITLE --hours 1 --type reading"
            )
    exit_on_problems(
        listing.problems,
        "{count} file(s) could not be used; `cpdlog check` explains each.",
    )


def show(ctx: typer.Context, activity_id: Id, json_output: Json = False) -> None:
    """Show one activity in full."""
    from cpdlog.store import activities as store

    st = state(ctx)
    stored = store.read_activity(store.resolve(st.home(), activity_id))
    if json_output:
        from cpdlog.render.jsonify import activity_json

        emit_json(activity_json(stored.activity.table(), stored.path))
    else:
        from cpdlog.render import ui

        ui.print_activity(stored.activity, stored.path)


def edit(
    ctx: typer.Context,
    activity_id: Id,
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    day: NewDay = None,
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
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            help="Remove an optional field or empty a list "
            "(end_date, provider, description, reflection, areas, attributes, tags, "
            "pksb, evidence); repeatable.",
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Change an activity with field flags, or in $EDITOR without them."""
    import os

    from cpdlog.store import activities as store
    from cpdlog.store import editing

    st = state(ctx)
    home = st.home()
    options = field_options(
        ctx, title=title, date=day, end_date=end_date, hours=hours,
        duration=duration, type=kind, areas=area, attributes=attribute, tags=tag,
        provider=provider, description=description, reflection=reflection,
        pksb=pksb, evidence=evidence,
    )  # fmt: skip
    stored = store.read_activity(store.resolve(home, activity_id))
    path: Path | None
    if options.given() or clear:
        path = editing.edit_fields(
            home, stored, options, clear or [], st.today(), st.now()
        )
    else:
        path = editing.edit_in_editor(home, stored, st.today(), st.now(), os.environ)
    if path is None:
        say("No changes.")
        return
    if json_output:
        from cpdlog.render.jsonify import activity_json

        emit_json(activity_json(store.read_activity(path).activity.table(), path))
    say(f"Updated {stored.activity.id}: {path}")
    describe(f"edit {stored.activity.id}: {stored.activity.title}")


def remove(
    ctx: typer.Context,
    activity_id: Id,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Move an activity to the trash (`cpdlog restore` brings it back)."""
    from cpdlog.store import activities as store

    st = state(ctx)
    home = st.home()
    path = store.resolve(home, activity_id)
    stored = store.read_activity(path)
    aid = stored.activity.id
    if not yes:
        if not interactive():
            raise UsageError(
                f"Removing {aid} needs --yes when there is no terminal to ask on."
            )
        from cpdlog.cli.prompts import confirm

        if not confirm(f"Move {aid} ({stored.activity.title}) to the trash?"):
            say("Nothing removed.")
            return
    from cpdlog.store import evidence as files

    _target, moved = files.remove_with_files(home, stored)
    describe(f"rm {aid}: {stored.activity.title}")
    carried = f" with {_files(len(moved))}" if moved else ""
    say(f"Moved {aid} to the trash{carried}; `cpdlog restore {aid}` brings it back.")


def _files(count: int) -> str:
    return f"{count} attached file" + ("" if count == 1 else "s")


def restore(
    ctx: typer.Context,
    activity_id: Annotated[
        str,
        typer.Argument(
            help="The removed activity's ID, its first letters, or the name of "
            "its file in the trash (when the trash holds two copies of one ID).",
        ),
    ],
) -> None:
    """Bring a removed activity back from the trash."""
    from cpdlog.store import activities as store

    st = state(ctx)
    home = st.home()
    from cpdlog.store import evidence as files

    path = store.resolve_trash(home, activity_id)
    target, back, missing = files.restore_with_files(home, path)
    aid = store.read_table_id(target)
    carried = f" with {_files(len(back))}" if back else ""
    say(f"Restored {aid}{carried}: {target}")
    describe(f"restore {aid}")
    for entry in missing:
        say(
            f"warning: {entry} was not in the trash, so it is still missing; "
            f"put it back, or take it off with: cpdlog detach {aid} {entry}"
        )


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {
    "add": add,
    "list": list_activities,
    "show": show,
    "edit": edit,
    "rm": remove,
    "restore": restore,
}
